"""Promoter-wide analytics rollups: every event of a promoter summed, for "all my events".

The per-event rollups (``data.models.promoter``) answer any set of events, at a cost that
follows the promoter's events times the days and, for people, the log. These answer the whole
of one promoter's events (or every promoter's, for an admin) at a cost that follows the days
and the audience: the KPIs, targeting, sources and geography of "all my events" read them.
The rollup job sums them from the per-event rollups (``data.services.rollups``).
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import BigInteger, Date, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from data.models.base import Base


def _promoter() -> Mapped[int]:
    return mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)


class PromoterBreakdownDaily(Base):
    """``event_interaction_breakdown`` summed per promoter: day, kind, match band, page."""

    __tablename__ = "promoter_breakdown_daily"

    promoter_id: Mapped[int] = _promoter()
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    band: Mapped[str] = mapped_column(String(8), primary_key=True)
    page: Mapped[str] = mapped_column(String(40), primary_key=True)
    count: Mapped[int] = mapped_column(BigInteger, default=0)


class PromoterCityDaily(Base):
    """Views and saves per promoter, day and viewer's home city (0: unknown)."""

    __tablename__ = "promoter_city_daily"

    promoter_id: Mapped[int] = _promoter()
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    city_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    count: Mapped[int] = mapped_column(BigInteger, default=0)


class PromoterViewerMonth(Base):
    """On which days of a month one person viewed, or viewed or saved, a promoter's events.

    ``month`` is ``month_number``; bit ``d - 1`` of ``viewed`` is set when they opened an
    event page on day ``d``, of ``engaged`` when they opened or saved one. Exact unique
    viewers over any period is then a count of the people whose days meet the period's
    (``period_masks``): one row per person and month, however often they came back or how
    many events they opened. ``city_id`` is their home city that month (one of them, should
    they have logged two), for the geography's distinct people per city.
    """

    __tablename__ = "promoter_viewer_months"

    promoter_id: Mapped[int] = _promoter()
    month: Mapped[int] = mapped_column(Integer, primary_key=True)
    viewer: Mapped[str] = mapped_column(String(40), primary_key=True)
    city_id: Mapped[int] = mapped_column(Integer, default=0)
    viewed: Mapped[int] = mapped_column(Integer, default=0)
    engaged: Mapped[int] = mapped_column(Integer, default=0)


def month_number(day: date) -> int:
    """Months since year 0: consecutive months are consecutive numbers."""
    return day.year * 12 + day.month - 1


def period_masks(first: date, last: date) -> list[tuple[int, int, bool]]:
    """(month number, mask of the days of [first, last] in it, whole month?) per month."""
    out = []
    month = date(first.year, first.month, 1)
    while month <= last:
        following = date(month.year + month.month // 12, month.month % 12 + 1, 1)
        lo, hi = max(first, month), min(last, following - timedelta(days=1))
        mask = ((1 << hi.day) - 1) ^ ((1 << (lo.day - 1)) - 1)
        whole = lo == month and hi == following - timedelta(days=1)
        out.append((month_number(month), mask, whole))
        month = following
    return out
