"""Typed SQLAlchemy 2 models, one module per domain; import from here."""

from data.models import search as _search  # noqa: F401  (event_search DDL on create_all)
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
from data.models.system import JOB_STATUSES, Delivery, Heartbeat, JobRun, SavedView, Subscription
from data.models.users import ROLES, SpotifyAccount, User, UserRole

__all__ = [
    "EVENT_STATUSES",
    "INTERACTION_KINDS",
    "JOB_STATUSES",
    "KINDS",
    "ROLES",
    "Album",
    "Artist",
    "ArtistGenre",
    "Base",
    "CalendarToken",
    "City",
    "Delivery",
    "Event",
    "EventArtist",
    "EventGenre",
    "EventInteraction",
    "EventInteractionDaily",
    "EventSource",
    "FeedRun",
    "Genre",
    "Heartbeat",
    "HiddenEvent",
    "Import",
    "JobRun",
    "Play",
    "SavedEvent",
    "SavedView",
    "SpotifyAccount",
    "SpotifyWrapped",
    "Subscription",
    "TopSnapshot",
    "Track",
    "User",
    "UserRole",
    "Venue",
    "VenueSource",
    "utcnow",
]
