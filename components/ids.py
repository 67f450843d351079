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
IMPORT_PAST = "import-past"
IMPORT_DELETE = "import-delete"
IMPORT_DELETE_CONFIRM = "import-delete-confirm"
IMPORT_DELETE_STATUS = "import-delete-status"

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
    }
)


def all_ids() -> dict[str, str]:
    """Every string id constant in this module (for the uniqueness test)."""
    return {
        name: value
        for name, value in globals().items()
        if name.isupper() and isinstance(value, str)
    }
