"""Alert and digest emails: HTML and plain text, the listener's zone, a signed unsubscribe link.

Pure: values in, a MIME message out. Sending is the worker's job.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import UTC, datetime
from email.header import Header
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import format_datetime, make_msgid
from zoneinfo import ZoneInfo

from itsdangerous import BadSignature, URLSafeSerializer

_SALT = "rewrapped-unsubscribe"


def unsubscribe_token(secret: str, email: str) -> str:
    """A signed token naming ``email``: the unsubscribe link needs no login and no guessing."""
    return URLSafeSerializer(secret, salt=_SALT).dumps(email.strip().lower())


def read_unsubscribe_token(secret: str, token: str) -> str | None:
    """The address a token was signed for, or None when it was not signed by us."""
    try:
        value = URLSafeSerializer(secret, salt=_SALT).loads(token)
    except BadSignature:
        return None
    return value if isinstance(value, str) else None


@dataclass(frozen=True)
class MailItem:
    """One line of a mail: an event and what happened to it."""

    event_id: int
    title: str
    starts_at: datetime | None  # naive UTC, None when the time is unknown
    local_date: str
    place: str
    note: str


@dataclass(frozen=True)
class Recipient:
    """Who a mail is for, and how to reach the app from it."""

    email: str
    name: str
    timezone: str
    base_url: str
    secret: str
    sender: str


def _when(item: MailItem, zone: ZoneInfo) -> str:
    if item.starts_at is None:
        return item.local_date
    local = item.starts_at.replace(tzinfo=UTC).astimezone(zone)
    return local.strftime("%a %d %b %Y, %H:%M %Z")


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (KeyError, ValueError):
        return ZoneInfo("UTC")


def render(kind: str, to: Recipient, items: list[MailItem], now: datetime) -> MIMEMultipart:
    """The email for ``items``: a weekly digest (``kind="digest"``) or alerts."""
    zone = _zone(to.timezone)
    base = to.base_url.rstrip("/")
    unsubscribe = f"{base}/unsubscribe/{unsubscribe_token(to.secret, to.email)}"
    subject = (
        f"Your weekly shows: {len(items)} coming up"
        if kind == "digest"
        else f"{items[0].title}: {items[0].note}"
        if len(items) == 1
        else f"{len(items)} updates on shows you follow"
    )
    lines = [(_when(i, zone), i, f"{base}/event/{i.event_id}") for i in items]
    text = [f"Hi {to.name},", ""]
    text += [f"- {i.title} — {i.note}\n  {w} · {i.place}\n  {u}" for w, i, u in lines]
    text += [
        "",
        f"Times are in {zone.key}. Manage alerts: {base}/profile",
        f"Unsubscribe from all mail: {unsubscribe}",
    ]
    rows = "".join(
        f"<li><a href='{html.escape(u)}'><b>{html.escape(i.title)}</b></a> — "
        f"{html.escape(i.note)}<br><small>{html.escape(w)} · {html.escape(i.place)}</small></li>"
        for w, i, u in lines
    )
    body = (
        f"<p>Hi {html.escape(to.name)},</p><ul>{rows}</ul>"
        f"<p><small>Times are in {html.escape(zone.key)}. "
        f"<a href='{html.escape(base)}/profile'>Manage alerts</a> · "
        f"<a href='{html.escape(unsubscribe)}'>Unsubscribe from all mail</a></small></p>"
    )
    # The compat32 MIME classes: the modern EmailMessage API parsed and refolded every header
    # and was 11 ms a mail, most of an alert run that queues thousands of digests.
    msg = MIMEMultipart("alternative")
    msg["Subject"] = Header(subject, "utf-8")
    msg["From"], msg["To"] = to.sender, to.email
    msg["Date"] = format_datetime(now.replace(tzinfo=UTC).astimezone(zone))
    msg["Message-ID"] = make_msgid(domain="rewrapped")
    msg["List-Unsubscribe"] = f"<{unsubscribe}>"
    msg["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    msg.attach(MIMEText("\n".join(text), "plain", "utf-8"))
    msg.attach(MIMEText(f"<html><body>{body}</body></html>", "html", "utf-8"))
    return msg
