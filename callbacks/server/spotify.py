"""Connect and disconnect Spotify: the OAuth authorization-code flow as plain Flask routes."""

from __future__ import annotations

import hmac
import logging
import secrets

import flask
import requests
import spotipy
from flask_login import current_user, login_required
from flask_wtf import FlaskForm

from callbacks import context
from data import spotify
from data.crypto import TokenCipher
from data.db import session_scope
from data.job_vocabulary import Job
from data.services import spotify_accounts
from workers.queue import enqueue

log = logging.getLogger(__name__)
blueprint = flask.Blueprint("spotify", __name__, url_prefix="/spotify")
STATE_KEY = "spotify_oauth_state"


def _settings():
    return context.settings()


def _back(outcome: str):
    return flask.redirect(f"/profile?spotify={outcome}")


@blueprint.route("/connect")
@login_required
def connect():
    """Send the user to Spotify's consent page with a one-time ``state`` kept in the session."""
    settings = _settings()
    if not spotify.configured(settings):
        return _back("not-configured")
    state = secrets.token_urlsafe(32)
    flask.session[STATE_KEY] = state
    return flask.redirect(spotify.oauth(settings).get_authorize_url(state=state))


@blueprint.route("/callback")
@login_required
def callback():
    """Check ``state``, trade the code for tokens, store them encrypted, start a first sync."""
    expected = flask.session.pop(STATE_KEY, None)
    given = flask.request.args.get("state", "")
    if not expected or not hmac.compare_digest(expected, given):
        # A forged or replayed callback: never exchange its code.
        return (
            "<p>This Spotify connection could not be verified (state mismatch), so nothing was "
            'saved. <a href="/profile">Back to your profile</a> to try again.</p>',
            400,
        )
    if flask.request.args.get("error"):
        return _back("denied")
    code = flask.request.args.get("code")
    if not code:
        return _back("failed")
    settings = _settings()
    auth = spotify.oauth(settings)
    try:
        access = auth.get_access_token(code, as_dict=False, check_cache=False)
        token_info = auth.cache_handler.get_cached_token()
        profile = spotify.api(settings, access).me()
    except (spotipy.SpotifyOauthError, spotipy.SpotifyException, requests.RequestException):
        log.exception("Spotify token exchange failed for user %s", current_user.id)
        return _back("failed")
    with session_scope() as session:
        spotify_accounts.save_connection(
            session,
            current_user.id,
            token_info,
            profile,
            TokenCipher(settings.token_encryption_key),
        )
    enqueue(
        Job.SPOTIFY_SYNC,
        queue="sync",
        user_id=current_user.id,
        message="First Spotify sync",
        for_user=current_user.id,
    )
    return _back("connected")


@blueprint.route("/disconnect", methods=["POST"])
@login_required
def disconnect():
    """Delete the stored tokens (CSRF-protected form post); listening history stays."""
    if not FlaskForm().validate_on_submit():
        flask.abort(400)
    with session_scope() as session:
        spotify_accounts.disconnect(session, current_user.id)
    return _back("disconnected")
