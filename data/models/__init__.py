"""Typed SQLAlchemy 2 models, one module per domain; import from here.

The lowest floor of ``data/`` but pure values (``data.text``, ``data.gazetteer``).
"""

from data.models import search as _search  # noqa: F401  (event_search DDL on create_all)
from data.models.alerts import (
    CHANGE_KINDS,
    AlertCursor,
    EventChange,
    MailSuppression,
    Notification,
    OutboundMail,
)
from data.models.base import Base, utcnow
from data.models.calendar import CalendarToken
from data.models.events import (
    EVENT_STATUSES,
    City,
    Event,
    EventArtist,
    EventGenre,
    EventSource,
    FeedRun,
    Venue,
    VenueSource,
)
from data.models.genre_lookups import GenreLookup
from data.models.interactions import (
    INTERACTION_KINDS,
    EventInteraction,
    EventInteractionDaily,
    HiddenEvent,
    SavedEvent,
)
from data.models.music import (
    KINDS,
    Album,
    Artist,
    ArtistGenre,
    Genre,
    Import,
    Play,
    SpotifyWrapped,
    TopSnapshot,
    Track,
)
from data.models.promoter import (
    REQUEST_STATUSES,
    REQUESTABLE_ROLES,
    EventInteractionBreakdown,
    EventViewerDay,
    MarketBandDaily,
    RoleRequest,
    TalentShortlist,
)
from data.models.promoter_rollups import (
    PromoterBreakdownDaily,
    PromoterCityDaily,
    PromoterViewerMonth,
)
from data.models.recaps import PublishedRecap
from data.models.system import (
    JOB_STATUSES,
    SUBSCRIPTION_KINDS,
    Delivery,
    Heartbeat,
    JobRun,
    SavedView,
    Subscription,
)
from data.models.users import ROLES, LoginSession, SpotifyAccount, User, UserRole

__all__ = [
    "CHANGE_KINDS",
    "EVENT_STATUSES",
    "INTERACTION_KINDS",
    "JOB_STATUSES",
    "KINDS",
    "REQUESTABLE_ROLES",
    "REQUEST_STATUSES",
    "ROLES",
    "SUBSCRIPTION_KINDS",
    "Album",
    "AlertCursor",
    "Artist",
    "ArtistGenre",
    "Base",
    "CalendarToken",
    "City",
    "Delivery",
    "Event",
    "EventArtist",
    "EventChange",
    "EventGenre",
    "EventInteraction",
    "EventInteractionBreakdown",
    "EventInteractionDaily",
    "EventSource",
    "EventViewerDay",
    "FeedRun",
    "Genre",
    "GenreLookup",
    "Heartbeat",
    "HiddenEvent",
    "Import",
    "JobRun",
    "LoginSession",
    "MailSuppression",
    "MarketBandDaily",
    "Notification",
    "OutboundMail",
    "Play",
    "PromoterBreakdownDaily",
    "PromoterCityDaily",
    "PromoterViewerMonth",
    "PublishedRecap",
    "RoleRequest",
    "SavedEvent",
    "SavedView",
    "SpotifyAccount",
    "SpotifyWrapped",
    "Subscription",
    "TalentShortlist",
    "TopSnapshot",
    "Track",
    "User",
    "UserRole",
    "Venue",
    "VenueSource",
    "utcnow",
]
