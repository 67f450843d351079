"""Genre claims with sources, the precedence that picks the answer, and the genre editor."""

from __future__ import annotations

import json
import uuid

import pytest

from components import ids
from components.genres import genre_editor
from data.db import session_scope
from data.models import Artist
from data.queries import genres as genre_reads
from data.services import accounts, genres


def _artist(session, name: str) -> int:
    artist = Artist(name=name, name_key=name.lower())
    session.add(artist)
    session.flush()
    return artist.id


ME, OTHER = 101, 202  # listeners' ids (an edit's source names its editor)


def _effective(session, artist_id: int, user_id: int | None = ME) -> list[tuple[str, str]]:
    frame = genre_reads.effective_genres(session, [artist_id], user_id)
    return list(zip(frame["genre"], frame["source"], strict=True))


def test_sources_merge_and_the_most_trusted_source_names_a_shared_genre(db_session):
    a = _artist(db_session, "Bicep")
    genres.replace_genres(db_session, a, ["Electronic", "house"], genre_reads.SPOTIFY)
    genres.add_genres(db_session, a, ["electronic", "Dance"], "ticketmaster")
    genres.replace_genres(db_session, a, ["techno", "House"], genre_reads.LASTFM, [80, 40])
    assert _effective(db_session, a) == [
        ("electronic", "spotify"),
        ("house", "spotify"),
        ("dance", "ticketmaster"),
        ("techno", "lastfm"),
    ]


def test_a_user_edit_wins_and_removing_it_restores_the_others(db_session):
    a = _artist(db_session, "Khruangbin")
    b = _artist(db_session, "Bonobo")
    genres.replace_genres(db_session, a, ["psychedelic rock"], genre_reads.SPOTIFY)
    genres.replace_genres(db_session, b, ["downtempo"], genre_reads.SPOTIFY)
    genres.set_user_genres(db_session, ME, a, ["funk", "thai funk"])
    assert _effective(db_session, a) == [("funk", "user"), ("thai funk", "user")]
    assert _effective(db_session, b) == [("downtempo", "spotify")]  # others untouched
    genres.replace_genres(db_session, a, ["surf rock"], genre_reads.SPOTIFY)  # a later sync
    assert [s for _, s in _effective(db_session, a)] == ["user", "user"]
    genres.set_user_genres(db_session, ME, a, [])
    assert _effective(db_session, a) == [("surf rock", "spotify")]


def test_a_users_edit_is_theirs_alone(db_session):
    a = _artist(db_session, "Men I Trust")
    genres.replace_genres(db_session, a, ["indie pop"], genre_reads.SPOTIFY)
    genres.set_user_genres(db_session, OTHER, a, ["bedroom pop"])
    assert _effective(db_session, a, OTHER) == [("bedroom pop", "user")]
    assert _effective(db_session, a, ME) == [("indie pop", "spotify")]  # not theirs to change
    assert _effective(db_session, a, None) == [("indie pop", "spotify")]
    genres.set_user_genres(db_session, ME, a, ["dream pop"])
    assert _effective(db_session, a, ME) == [("dream pop", "user")]
    assert _effective(db_session, a, OTHER) == [("bedroom pop", "user")]


def test_replacing_a_sources_claims_keeps_other_sources(db_session):
    a = _artist(db_session, "Floating Points")
    genres.add_genres(db_session, a, ["jazz"], "bandsintown")
    genres.replace_genres(db_session, a, ["ambient"], genre_reads.SPOTIFY)
    genres.replace_genres(db_session, a, ["electronica"], genre_reads.SPOTIFY)
    assert sorted(_effective(db_session, a)) == [
        ("electronica", "spotify"),
        ("jazz", "bandsintown"),
    ]


def test_genre_names_match_on_their_normalised_key(db_session):
    first = genres.genre_ids(db_session, ["Hip-Hop"])
    assert genres.genre_ids(db_session, ["hip hop", "HIP HOP "]) == first


def test_user_genres_for_an_unknown_artist_are_refused(db_session):
    with pytest.raises(LookupError):
        genres.set_user_genres(db_session, ME, 999_999, ["pop"])


def test_parse_names():
    assert genre_reads.parse_names(" indie  rock, dream pop;shoegaze,, ") == [
        "indie rock",
        "dream pop",
        "shoegaze",
    ]


def test_editor_component_uses_pattern_matching_ids(db_session):
    a = _artist(db_session, "Caribou")
    genres.set_user_genres(db_session, ME, a, ["electronic"])
    editor = genre_editor(a, genre_reads.effective_genres(db_session, [a], ME))
    group = editor.children[1]
    assert group.children[0].id == ids.genre_edit_input(a)
    assert group.children[0].value == "electronic"
    assert group.children[1].id == ids.genre_edit_save(a)


def _post(client, dash_app, artist_id: int, trigger: str, text: str) -> dict:
    """One real callback request, as the browser sends it."""
    key = next(k for k in dash_app.callback_map if "genre-edit-status" in k)
    save, reset = ids.genre_edit_save(artist_id), ids.genre_edit_reset(artist_id)
    field = ids.genre_edit_input(artist_id)
    body = {
        "output": key,
        "outputs": [
            {"id": ids.genre_edit_status(artist_id), "property": "children"},
            {"id": field, "property": "value"},
            {"id": reset, "property": "style"},
        ],
        "inputs": [
            {"id": save, "property": "n_clicks", "value": 1},
            {"id": reset, "property": "n_clicks", "value": 1},
        ],
        "changedPropIds": [
            json.dumps(save if trigger == "save" else reset, separators=(",", ":"), sort_keys=True)
            + ".n_clicks"
        ],
        "state": [{"id": field, "property": "value", "value": text}],
    }
    response = client.post("/_dash-update-component", json=body)
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return response.get_json()["response"]


def test_editor_callback_saves_and_resets_the_users_edit(dash_app, client, login):
    with session_scope() as session:
        email = f"genre-{uuid.uuid4().hex[:8]}@example.org"
        me = accounts.register(session, email, "password-123").id
        artist_id = _artist(session, "Genre Editor Artist")
        genres.replace_genres(session, artist_id, ["jazz"], genre_reads.SPOTIFY)
    assert client.post("/_dash-update-component", json={}).status_code == 401
    login(email, "password-123")
    saved = _post(client, dash_app, artist_id, "save", "Nu Jazz, broken beat")
    box = json.dumps(ids.genre_edit_input(artist_id), separators=(",", ":"), sort_keys=True)
    reset = json.dumps(ids.genre_edit_reset(artist_id), separators=(",", ":"), sort_keys=True)
    assert saved[box] == {"value": "broken beat, nu jazz"}
    assert saved[reset] == {"style": {}}  # "Use automatic genres" appears
    with session_scope() as session:
        assert _effective(session, artist_id, me) == [("broken beat", "user"), ("nu jazz", "user")]
        others = _effective(session, artist_id, None)  # what everyone else sees is unchanged
        assert [(g.lower(), s) for g, s in others] == [("jazz", "spotify")]
    reverted = _post(client, dash_app, artist_id, "reset", "ignored")
    assert reverted[box]["value"].lower() == "jazz"  # the shared genre row keeps its spelling
    assert reverted[reset] == {"style": {"display": "none"}}
    with session_scope() as session:
        assert [(g.lower(), s) for g, s in _effective(session, artist_id, me)] == [
            ("jazz", "spotify")
        ]
