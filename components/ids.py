"""Every component id in the app. A typo here is an import error, not a silent dead callback.

Pattern-matching ids are small functions returning dicts. Keep each page's ids in its section.
"""

from __future__ import annotations

# --- shell ------------------------------------------------------------------------------------
URL = "url"
THEME = "theme"
THEME_CHOICE = "theme-choice"
THEME_TOGGLE = "theme-toggle"
NAVBAR = "navbar"
NAV_COLLAPSE = "nav-collapse"
NAV_TOGGLER = "nav-toggler"
DEMO_BANNER = "demo-banner"
FORBIDDEN = "forbidden"

# --- home (public landing) --------------------------------------------------------------------
HOME_CITY = "home-city"
HOME_STATS = "home-stats"
HOME_TONIGHT = "home-tonight"
HOME_RANDOM = "home-random"
HOME_RANDOM_AGAIN = "home-random-again"
HOME_NEXT_SHOWS = "home-next-shows"
HOME_CITY_TITLE = "home-city-title"
HOME_URLSTATE = "home-urlstate"
HOME_ARTISTS = "home-artists"

# --- profile ----------------------------------------------------------------------------------
PROFILE_SECTIONS = "profile-sections"
PROFILE_NAME = "profile-name"
PROFILE_CITY = "profile-city"
PROFILE_TZ = "profile-tz"
PROFILE_SAVE = "profile-save"
PROFILE_STATUS = "profile-status"
PROFILE_PW_CURRENT = "profile-pw-current"
PROFILE_PW_NEW = "profile-pw-new"
PROFILE_PW_SAVE = "profile-pw-save"
PROFILE_PW_STATUS = "profile-pw-status"
PROFILE_DELETE = "profile-delete"
PROFILE_DELETE_CONFIRM = "profile-delete-confirm"
PROFILE_REDIRECT = "profile-redirect"
ROLE_REQUEST_ROLE = "role-request-role"
ROLE_REQUEST_REASON = "role-request-reason"
ROLE_REQUEST_SEND = "role-request-send"
ROLE_REQUEST_STATUS = "role-request-status"
ROLE_REQUEST_LIST = "role-request-list"

# --- profile: logins (auth hardening) --------------------------------------------------------
PROFILE_LOGOUT_ALL = "profile-logout-all"
PROFILE_LOGOUT_ALL_REDIRECT = "profile-logout-all-redirect"

# --- wrapped (listening dashboards), artist page, year in review ------------------------------
WRAPPED_PERIOD = "wrapped-period"
WRAPPED_YEAR = "wrapped-year"
WRAPPED_RANGE = "wrapped-range"
WRAPPED_MEASURE = "wrapped-measure"
WRAPPED_CONTENT = "wrapped-content"
WRAPPED_SKIPS = "wrapped-skips"
WRAPPED_TZ = "wrapped-tz"
WRAPPED_TABS = "wrapped-tabs"
WRAPPED_FILTERS = "wrapped-filters"
WRAPPED_FILTERS_TOGGLE = "wrapped-filters-toggle"
WRAPPED_FILTERS_COLLAPSE = "wrapped-filters-collapse"
WRAPPED_FILTERS_SUMMARY = "wrapped-filters-summary"
WRAPPED_URLSTATE = "wrapped-urlstate"
WRAPPED_PERIOD_LABEL = "wrapped-period-label"
WRAPPED_CARDS = "wrapped-cards"
WRAPPED_TOP_ARTISTS = "wrapped-top-artists"
WRAPPED_TOP_TRACKS = "wrapped-top-tracks"
WRAPPED_TOP_ALBUMS = "wrapped-top-albums"
WRAPPED_RECENT = "wrapped-recent"
WRAPPED_RECENT_PAGE = "wrapped-recent-page"
WRAPPED_OVERVIEW_SHOWN = "wrapped-overview-shown"
WRAPPED_EXPORT = "wrapped-export"
WRAPPED_DOWNLOAD = "wrapped-download"
WRAPPED_RECENT_URL = "wrapped-recent-url"  # written when the recent page goes to the URL
WRAPPED_RECENT_EXPORT = "wrapped-recent-export"
WRAPPED_GENRES = "wrapped-genres"
WRAPPED_CLOCK = "wrapped-clock"
WRAPPED_CALENDAR = "wrapped-calendar"
WRAPPED_RADIAL = "wrapped-radial"
WRAPPED_STREAKS = "wrapped-streaks"
WRAPPED_SESSIONS = "wrapped-sessions"
WRAPPED_MONTHLY = "wrapped-monthly"
WRAPPED_SKIP_SHUFFLE = "wrapped-skip-shuffle"
WRAPPED_PLATFORMS = "wrapped-platforms"
WRAPPED_NEW_ARTISTS = "wrapped-new-artists"
WRAPPED_OBSESSIONS = "wrapped-obsessions"
WRAPPED_FORGOTTEN = "wrapped-forgotten"
WRAPPED_SANKEY = "wrapped-sankey"
WRAPPED_NAVIGATE = "wrapped-navigate"
WRAPPED_RECAP = "wrapped-recap"
ARTIST_ID = "artist-id"
ARTIST_HEADER = "artist-header"
ARTIST_MONTHS = "artist-months"
ARTIST_HOURS = "artist-hours"
ARTIST_TRACKS = "artist-tracks"
ARTIST_SHOWS = "artist-shows"
ARTIST_GENRES = "artist-genres"
ITEM_ID = "item-id"
ITEM_HEADER = "item-header"
ITEM_MONTHS = "item-months"
ITEM_SESSIONS = "item-sessions"
ITEM_SESSIONS_EXPORT = "item-sessions-export"
ITEM_SESSIONS_DOWNLOAD = "item-sessions-download"
SEARCH_INPUT = "search-input"
SEARCH_RESULTS = "search-results"
SEARCH_URLSTATE = "search-urlstate"
TOPS_TYPE = "tops-type"
TOPS_RANGE = "tops-range"
TOPS_CHART = "tops-chart"
TOPS_URLSTATE = "tops-urlstate"
TOPS_FILTERS_TOGGLE = "tops-filters-toggle"
TOPS_FILTERS_COLLAPSE = "tops-filters-collapse"
TOPS_FILTERS_SUMMARY = "tops-filters-summary"
YEAR_VALUE = "year-value"
YEAR_NAV = "year-nav"
YEAR_RECAP = "year-recap"
YEAR_SPOTIFY = "year-spotify"
YEAR_DOWNLOAD = "year-download"
YEAR_DOWNLOADED = "year-downloaded"
YEAR_PUBLISH = "year-publish"
YEAR_PUBLISH_NOTE = "year-publish-note"
SHARED_RECAP_LINK = "shared-recap-link"
SHARED_RECAP_BODY = "shared-recap-body"  # public: a published recap behind a view link
WRAPPED_YEAR_COL = "wrapped-year-col"
WRAPPED_RANGE_COL = "wrapped-range-col"


def wrapped_pane(tab: str) -> str:
    """The container of one Wrapped tab (shown when that tab is active)."""
    return f"wrapped-pane-{tab}"


# --- spotify (profile card) and the genre editor ----------------------------------------------
SPOTIFY_SECTION = "spotify-section"
SPOTIFY_STATUS = "spotify-status"
SPOTIFY_ACTIONS = "spotify-actions"
SPOTIFY_STATE = "spotify-state"
SPOTIFY_POLL = "spotify-poll"
SPOTIFY_SYNC_NOW = "spotify-sync-now"
SPOTIFY_JOB = "spotify-job"
SPOTIFY_PROGRESS = "spotify-progress"


def genre_edit_input(artist_id: int) -> dict:
    return {"type": "genre-edit-input", "index": artist_id}


def genre_edit_save(artist_id: int) -> dict:
    return {"type": "genre-edit-save", "index": artist_id}


def genre_edit_reset(artist_id: int) -> dict:
    return {"type": "genre-edit-reset", "index": artist_id}


def genre_edit_status(artist_id: int) -> dict:
    return {"type": "genre-edit-status", "index": artist_id}


# --- import (listening history) ---------------------------------------------------------------
IMPORT_JOB = "import-job"
IMPORT_URLSTATE = "import-urlstate"
IMPORT_POLL = "import-poll"
IMPORT_DROP = "import-drop"
IMPORT_UPLOAD_PROGRESS = "import-upload-progress"
IMPORT_UPLOAD_MESSAGE = "import-upload-message"
IMPORT_STATUS = "import-status"
IMPORT_JOB_PROGRESS = "import-job-progress"
IMPORT_REPORT = "import-report"
IMPORT_REPORT_NUMBERS = "import-report-numbers"
IMPORT_DASHBOARDS = "import-dashboards"
IMPORT_GENRES = "import-genres"
IMPORT_GENRES_POLL = "import-genres-poll"
IMPORT_GENRES_RETRY = "import-genres-retry"
IMPORT_GENRES_JOB = "import-genres-job"
IMPORT_COVERS = "import-covers"
IMPORT_PAST = "import-past"
IMPORT_PAST_EXPORT = "import-past-export"
IMPORT_PAST_DOWNLOAD = "import-past-download"
IMPORT_DELETE = "import-delete"
IMPORT_DELETE_CONFIRM = "import-delete-confirm"
IMPORT_DELETE_STATUS = "import-delete-status"
IMPORT_RETRY = "import-retry"

# --- admin (feed and sync health) -------------------------------------------------------------
ADMIN_REFRESH = "admin-refresh"
ADMIN_URLSTATE = "admin-urlstate"
ADMIN_SOURCES = "admin-sources"
ADMIN_RUN_MESSAGE = "admin-run-message"
ADMIN_FETCHED_CHART = "admin-fetched-chart"
ADMIN_RUNS_SOURCE = "admin-runs-source"
ADMIN_RUNS_STATUS = "admin-runs-status"
ADMIN_RUNS_TABLE = "admin-runs-table"
ADMIN_RUNS_PAGE = "admin-runs-page"
ADMIN_DROP = "admin-drop"
ADMIN_UPLOAD_PROGRESS = "admin-upload-progress"
ADMIN_UPLOAD_MESSAGE = "admin-upload-message"
ADMIN_UPLOAD_JOB = "admin-upload-job"
ADMIN_UPLOAD_POLL = "admin-upload-poll"
ADMIN_UPLOAD_STATUS = "admin-upload-status"
ADMIN_UPLOAD_REPORT = "admin-upload-report"
ADMIN_SYNC_TABLE = "admin-sync-table"
ADMIN_SYNC_PAGE = "admin-sync-page"
ADMIN_JOBS_STATUS = "admin-jobs-status"
ADMIN_JOBS_TABLE = "admin-jobs-table"
ADMIN_JOBS_PAGE = "admin-jobs-page"
ADMIN_HEARTBEATS = "admin-heartbeats"
ADMIN_BEATS_PAGE = "admin-beats-page"
ADMIN_MAIL_TABLE = "admin-mail-table"
ADMIN_MAIL_NOTE = "admin-mail-note"
ADMIN_MAIL_PAGE = "admin-mail-page"
ADMIN_ROLE_REQUESTS = "admin-role-requests"
ADMIN_ROLE_STATUS = "admin-role-status"


ADMIN_DOWNLOAD = "admin-download"
ADMIN_TABLES = ("runs", "sync", "jobs", "mail", "beats", "roles")  # Admin's CSV exports


def admin_export(table: str) -> dict:
    """The "Download CSV" button under one Admin table (one of ``ADMIN_TABLES``)."""
    return {"type": "admin-export", "index": table}


def admin_run_now(source: str) -> dict:
    """The "Run now" button of one feed source."""
    return {"type": "admin-run-now", "index": source}


# --- map (genre geography) --------------------------------------------------------------------
MAP_CANVAS = "map-canvas"
MAP_TILES = "map-tiles"
MAP_TILES_NOTE = "map-tiles-note"
MAP_LAYERS = "map-layers"
MAP_GENRES = "map-genres"
MAP_RANGE = "map-range"
MAP_MONTH = "map-month"
MAP_MONTH_LABEL = "map-month-label"
MAP_PLAY = "map-play"
MAP_TICK = "map-tick"
MAP_MONTHS = "map-months"
MAP_PLACE = "map-place"
MAP_PALETTE = "map-palette"
MAP_DATA = "map-data"
MAP_URLSTATE = "map-urlstate"
MAP_FILTERS_TOGGLE = "map-filters-toggle"
MAP_FILTERS_COLLAPSE = "map-filters-collapse"
MAP_FILTERS_SUMMARY = "map-filters-summary"
MAP_LEGEND = "map-legend"
MAP_NOTES = "map-notes"
MAP_PANEL = "map-panel"
MAP_PANEL_CLOSE = "map-panel-close"
MAP_EVENTS = "map-events"
MAP_HEAT = "map-heat"
MAP_SHARE = "map-share"
MAP_VENUES = "map-venues"
MAP_LISTENERS = "map-listeners"
MAP_ENGAGED = "map-engaged"

# --- alerts (navbar bell, Profile's alerts card, subscribe buttons on any page) ----------------
BELL = "bell"
BELL_BUTTON = "bell-button"
BELL_COUNT = "bell-count"
BELL_LIST = "bell-list"
BELL_READ = "bell-read"
BELL_POLL = "bell-poll"
ALERTS_SECTION = "alerts-section"
ALERTS_LIST = "alerts-list"
ALERTS_DIGEST_CITY = "alerts-digest-city"
ALERTS_DIGEST_GENRES = "alerts-digest-genres"
ALERTS_DIGEST_ADD = "alerts-digest-add"
ALERTS_DIGEST_STATUS = "alerts-digest-status"


def alert_subscribe(kind: str, target: str | int) -> dict:
    """A subscribe/unsubscribe toggle: kind "watch", "new_shows" or "digest" and its target."""
    return {"type": "alert-subscribe", "index": f"{kind}:{target}"}


def alert_subscribe_match(wildcard) -> dict:
    """Every subscribe toggle, for callbacks (``MATCH`` or ``ALL``)."""
    return {"type": "alert-subscribe", "index": wildcard}


def alert_remove(subscription_id: int) -> dict:
    """The remove button of one subscription in Profile's list."""
    return {"type": "alert-remove", "index": subscription_id}


# --- insights (analysts: event-market statistics) --------------------------------------------
INSIGHTS_CITY = "insights-city"
INSIGHTS_GENRE = "insights-genre"
INSIGHTS_START = "insights-start"
INSIGHTS_END = "insights-end"
INSIGHTS_URLSTATE = "insights-urlstate"
INSIGHTS_SUMMARY = "insights-summary"
INSIGHTS_MONTHLY = "insights-monthly"
INSIGHTS_PRICES = "insights-prices"
INSIGHTS_STATUS = "insights-status"
INSIGHTS_ARTISTS = "insights-artists"
INSIGHTS_VENUES = "insights-venues"
INSIGHTS_VENUES_PAGE = "insights-venues-page"
INSIGHTS_GENRES = "insights-genres"
INSIGHTS_CSV_VENUES = "insights-csv-venues"
INSIGHTS_CSV_GENRES = "insights-csv-genres"
INSIGHTS_DOWNLOAD = "insights-download"

# --- saved views (the "Save view" widget on every page, and /views) ----------------------------
VIEWS_TABLE = "views-table"
VIEWS_PAGE = "views-page"
VIEWS_STATUS = "views-status"
VIEWS_URLSTATE = "views-urlstate"
VIEWS_EXPORT = "views-export"
VIEWS_DOWNLOAD = "views-download"
VIEW_BANNER_TYPE = "view-banner"  # pattern type of view_banner(); public (see PUBLIC_OUTPUTS)


def view_save(page: str) -> dict:
    """The widget's "Save" button on one page ("wrapped", "year", ...)."""
    return {"type": "view-save", "index": page}


def view_name(page: str) -> dict:
    return {"type": "view-name", "index": page}


def view_visibility(page: str) -> dict:
    return {"type": "view-visibility", "index": page}


def view_location(page: str) -> dict:
    """A store the browser fills with the page's path and query when "Save" is clicked."""
    return {"type": "view-location", "index": page}


def view_status(page: str) -> dict:
    return {"type": "view-status", "index": page}


def view_banner(page: str) -> dict:
    """Says whose shared view this is, when the page was opened from a view link."""
    return {"type": VIEW_BANNER_TYPE, "index": page}


def view_rename(view_id: int) -> dict:
    return {"type": "view-rename", "index": view_id}


def view_rename_save(view_id: int) -> dict:
    return {"type": "view-rename-save", "index": view_id}


def view_share(view_id: int) -> dict:
    return {"type": "view-share", "index": view_id}


def view_delete(view_id: int) -> dict:
    return {"type": "view-delete", "index": view_id}


# --- promoter: events, CSV upload, talent finder, venue availability; analytics ---------------
PROMOTER_URLSTATE = "promoter-urlstate"
PROMOTER_TABS = "promoter-tabs"
PROMOTER_REFRESH = "promoter-refresh"
PROMOTER_EVENTS = "promoter-events"
PROMOTER_EVENTS_PAGE = "promoter-events-page"
PROMOTER_ACTION_STATUS = "promoter-action-status"
PROMOTER_NEW = "promoter-new"
PROMOTER_EDITING = "promoter-editing"
PROMOTER_FORM_TITLE = "promoter-form-title"
PROMOTER_SAVE = "promoter-save"
PROMOTER_FORM_STATUS = "promoter-form-status"
PROMOTER_CSV_UPLOAD = "promoter-csv-upload"
PROMOTER_CSV_PREVIEW = "promoter-csv-preview"
PROMOTER_CSV_ROWS = "promoter-csv-rows"
PROMOTER_CSV_COMMIT = "promoter-csv-commit"
PROMOTER_CSV_STATUS = "promoter-csv-status"
PROMOTER_TALENT = "promoter-talent"
PROMOTER_TALENT_PAGE = "promoter-talent-page"
PROMOTER_EVENTS_EXPORT = "promoter-events-export"
PROMOTER_EVENTS_DOWNLOAD = "promoter-events-download"
PROMOTER_TALENT_EXPORT = "promoter-talent-export"
PROMOTER_TALENT_DOWNLOAD = "promoter-talent-download"
PROMOTER_SHORTLIST = "promoter-shortlist"
PROMOTER_VENUE = "promoter-venue"
PROMOTER_VENUE_RANGE = "promoter-venue-range"
PROMOTER_AVAILABILITY = "promoter-availability"
ANALYTICS_URLSTATE = "analytics-urlstate"
ANALYTICS_RANGE = "analytics-range"
ANALYTICS_EVENTS = "analytics-events"
ANALYTICS_KPIS = "analytics-kpis"
ANALYTICS_SERIES = "analytics-series"
ANALYTICS_SERIES_KIND = "analytics-series-kind"
ANALYTICS_FUNNEL = "analytics-funnel"
ANALYTICS_TARGETING = "analytics-targeting"
ANALYTICS_TARGETING_TABLE = "analytics-targeting-table"
ANALYTICS_GEOGRAPHY = "analytics-geography"
ANALYTICS_MAP = "analytics-map"
ANALYTICS_MAP_LAYER = "analytics-map-layer"
ANALYTICS_SOURCES = "analytics-sources"
ANALYTICS_COMPARE = "analytics-compare"
ANALYTICS_EXPORT_TABLE = "analytics-export-table"
ANALYTICS_EXPORT = "analytics-export"
ANALYTICS_DOWNLOAD = "analytics-download"


def promoter_field(name: str) -> dict:
    """One input of the promoter's event form (the save callback reads them all)."""
    return {"type": "promoter-field", "field": name}


def promoter_error(name: str) -> dict:
    """The message under one input of the event form."""
    return {"type": "promoter-error", "field": name}


def promoter_action(action: str, event_id) -> dict:
    """A row button of the promoter's events table: edit, duplicate, cancel or delete."""
    return {"type": f"promoter-{action}", "index": event_id}


def role_decision(action: str, request_id) -> dict:
    """An admin's Grant or Refuse button for one role request."""
    return {"type": f"role-{action}", "index": request_id}


def promoter_shortlist(artist_id) -> dict:
    """The shortlist toggle of one talent-finder artist."""
    return {"type": "promoter-shortlist", "index": artist_id}


# --- events: explorer (/events), event page (/event/<id>), saved (/saved) -------------------
EXPLORER_LOCATION = "explorer-location"
EXPLORER_FILTERS = "explorer-filters"
EXPLORER_SORT_SHOWN = "explorer-sort-shown"
EXPLORER_Q = "explorer-q"
EXPLORER_CITY = "explorer-city"
EXPLORER_RADIUS = "explorer-radius"
EXPLORER_WHEN = "explorer-when"
EXPLORER_DATES = "explorer-dates"
EXPLORER_GENRES = "explorer-genres"
EXPLORER_PRICE = "explorer-price"
EXPLORER_FREE = "explorer-free"
EXPLORER_CANCELLED = "explorer-cancelled"
EXPLORER_SOURCE = "explorer-source"
EXPLORER_SORT = "explorer-sort"
EXPLORER_PAGE = "explorer-page"
EXPLORER_AREA = "explorer-area"
EXPLORER_AREA_CLEAR = "explorer-area-clear"
EXPLORER_RESET = "explorer-reset"
EXPLORER_SUMMARY = "explorer-summary"
EXPLORER_LIST = "explorer-list"
EXPLORER_MAP = "explorer-map"
EXPLORER_MARKERS = "explorer-markers"
EXPLORER_HILITE = "explorer-hilite"
EXPLORER_EXPORT = "explorer-export"
EXPLORER_DOWNLOAD = "explorer-download"
EXPLORER_ALERTS = "explorer-alerts"  # new-show and city digest toggles (login link for guests)
EVENT_PAGE_ID = "event-page-id"
EVENT_PAGE_BODY = "event-page-body"
SAVED_UPCOMING = "saved-upcoming"
SAVED_PAST = "saved-past"
SAVED_HIDDEN = "saved-hidden"
SAVED_FEED = "saved-feed"
SAVED_FEED_NEW = "saved-feed-new"
SAVED_FEED_REVOKE = "saved-feed-revoke"
SAVED_FEED_URL = "saved-feed-url"
SAVED_EXPORT = "saved-export"
SAVED_DOWNLOAD = "saved-download"
SAVED_HIDDEN_EXPORT = "saved-hidden-export"
SAVED_HIDDEN_DOWNLOAD = "saved-hidden-download"
SAVED_UPCOMING_PAGE = "saved-upcoming-page"
SAVED_PAST_PAGE = "saved-past-page"
SAVED_HIDDEN_PAGE = "saved-hidden-page"
SAVED_URLSTATE = "saved-urlstate"


def event_save(event_id: int) -> dict:
    """The save / unsave toggle on an event card or page."""
    return {"type": "event-save", "index": event_id}


def event_hide(event_id: int) -> dict:
    """The hide button on an event card (restore on /saved)."""
    return {"type": "event-hide", "index": event_id}


def event_card(event_id: int) -> dict:
    """An event card's outer element (hidden after "Hide")."""
    return {"type": "event-card", "index": event_id}


def hidden_row(event_id: int) -> dict:
    """A hidden event's row on /saved (removed after "Restore")."""
    return {"type": "hidden-row", "index": event_id}


def event_restore(event_id: int) -> dict:
    """The Restore button next to a hidden event on /saved."""
    return {"type": "event-restore", "index": event_id}


# Callbacks whose every output is listed here may run for anonymous visitors (see guard.py).
PUBLIC_OUTPUTS = frozenset(
    {
        HOME_CITY,
        HOME_STATS,
        HOME_TONIGHT,
        HOME_RANDOM,
        HOME_NEXT_SHOWS,
        HOME_CITY_TITLE,
        MAP_GENRES,
        MAP_PALETTE,
        MAP_DATA,
        MAP_MONTH,
        MAP_MONTHS,
        MAP_MONTH_LABEL,
        MAP_TICK,
        MAP_PLAY,
        MAP_PLACE,
        MAP_LEGEND,
        MAP_NOTES,
        MAP_PANEL,
        MAP_EVENTS,
        MAP_HEAT,
        MAP_SHARE,
        MAP_VENUES,
        MAP_LISTENERS,
        MAP_ENGAGED,
        VIEW_BANNER_TYPE,
        HOME_ARTISTS,
        EXPLORER_LOCATION,
        EXPLORER_DOWNLOAD,
        EVENT_PAGE_BODY,
        SHARED_RECAP_BODY,
    }
)


def all_ids() -> dict[str, str]:
    """Every string id constant in this module (for the uniqueness test)."""
    return {
        name: value
        for name, value in globals().items()
        if name.isupper() and isinstance(value, str)
    }


# --- CSV of the last two tables (#17): Profile's sync runs, the year page's comparison --------
SPOTIFY_RUNS_EXPORT = "spotify-runs-export"
SPOTIFY_RUNS_DOWNLOAD = "spotify-runs-download"
YEAR_SPOTIFY_EXPORT = "year-spotify-export"
YEAR_SPOTIFY_DOWNLOAD = "year-spotify-download"
