"""Periodic job: check every subscription in one batch, then send the mail it queued.

Deliveries are decided in one transaction (``data.services.alerts.collect``); sending happens
afterwards, one claimed mail at a time, so an SMTP outage delays mail but never loses or
repeats it. Without SMTP_HOST (the embedded default) mail is written to ``instance/outbox/``.
"""

from __future__ import annotations

import email
import logging
import smtplib
import time
from email import policy
from pathlib import Path

from data.db import session_scope
from data.models import utcnow
from data.services.alerts import collect
from data.services.heartbeats import beat
from data.services.outbox import TRIES_PER_RUN, claim_due, mark_failed, mark_sent
from settings import Settings
from workers import context
from workers.runner import report_progress

log = logging.getLogger(__name__)
BACKOFF_SECONDS = 0.5


def outbox_dir(settings: Settings) -> Path:
    """Where mail goes when no SMTP server is configured."""
    return Path(settings.instance_dir) / "outbox"


def outbox_files(settings: Settings, limit: int = 10) -> list[str]:
    """The newest files in the outbox folder."""
    folder = outbox_dir(settings)
    if not folder.is_dir():
        return []
    return sorted((p.name for p in folder.glob("*.eml")), reverse=True)[:limit]


def run_alerts() -> dict:
    """The alert job: collect deliveries, send due mail, record a heartbeat."""
    settings = context.settings()
    now = utcnow()
    report_progress(0.1, "Checking subscriptions")
    config = {
        "secret": settings.secret_key,
        "base_url": settings.public_base_url,
        "sender": settings.smtp_from,
    }
    with session_scope() as session:
        counts = collect(session, now, config)
    report_progress(0.6, f"{counts['deliveries']} new deliveries")
    sent, failed = send_due(settings)
    counts.update(sent=sent, failed=failed)
    with session_scope() as session:
        beat(
            session,
            "job:alerts",
            f"{counts['deliveries']} deliveries, {sent} mail sent, {failed} failed",
        )
    report_progress(1.0, f"{sent} mail sent")
    return counts


def send_due(settings: Settings, backoff: float = BACKOFF_SECONDS) -> tuple[int, int]:
    """Send every due mail once; returns (sent, failed attempts)."""
    sent = failed = 0
    while True:
        with session_scope() as session:
            batch = claim_due(session, utcnow())
        if not batch:
            return sent, failed
        for mail in batch:
            delivered, tries, error = _deliver(settings, mail, backoff)
            with session_scope() as session:
                if delivered:
                    mark_sent(session, mail["id"], utcnow(), tries, error)
                    sent += 1
                else:
                    mark_failed(session, mail["id"], error or "", utcnow(), tries)
                    failed += 1


def _deliver(settings: Settings, mail: dict, backoff: float) -> tuple[bool, int, str | None]:
    """Try a few times with doubling pauses: (delivered, tries, the last error if any)."""
    error = None
    for attempt in range(TRIES_PER_RUN):
        try:
            _transport(settings, mail)
            return True, attempt + 1, error
        except (OSError, smtplib.SMTPException) as exc:
            error = f"{type(exc).__name__}: {exc}"
            log.warning("mail %s attempt %d failed: %s", mail["id"], attempt + 1, error)
            if attempt + 1 < TRIES_PER_RUN:
                time.sleep(backoff * 2**attempt)
    return False, TRIES_PER_RUN, error


def _transport(settings: Settings, mail: dict) -> None:
    if not settings.smtp_host:
        folder = outbox_dir(settings)
        folder.mkdir(parents=True, exist_ok=True)
        stamp = utcnow().strftime("%Y%m%dT%H%M%S")
        (folder / f"{stamp}-{mail['id']}.eml").write_text(mail["message"], encoding="utf-8")
        return
    message = email.message_from_string(mail["message"], policy=policy.SMTP)
    with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=15) as smtp:
        if settings.smtp_starttls:
            smtp.starttls()
        if settings.smtp_user:
            smtp.login(settings.smtp_user, settings.smtp_password)
        smtp.send_message(message)
