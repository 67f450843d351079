"""``/artwork/<kind>/<id>``: an artist's or album's image from our own disk, for logged-in users.

Private like every plain route the guard does not name public (a guest is sent to log in).
An image not kept (yet, or REMOTE_IMAGES off)
answers a neutral placeholder rather than 404, so a list never shows broken-image icons.
"""

from __future__ import annotations

import flask

from callbacks import context
from data.artwork import KINDS, artwork_path, image_type

blueprint = flask.Blueprint("artwork", __name__)

PLACEHOLDER = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 36 36">'
    '<rect width="36" height="36" rx="4" fill="#8883"/>'
    '<circle cx="18" cy="18" r="7" fill="none" stroke="#8888" stroke-width="2"/></svg>'
)


@blueprint.get("/artwork/<kind>/<int:item_id>")
def artwork(kind: str, item_id: int) -> flask.Response:
    if kind not in KINDS:
        flask.abort(404)
    path = artwork_path(context.settings().instance_dir, kind, item_id)
    data = path.read_bytes() if path.is_file() else b""
    media = image_type(data)
    if media is None:
        response = flask.Response(PLACEHOLDER, mimetype="image/svg+xml")
        response.headers["Cache-Control"] = "private, no-cache"
        return response
    response = flask.Response(data, mimetype=media)
    response.headers["Cache-Control"] = "private, max-age=86400"
    return response
