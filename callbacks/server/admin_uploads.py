"""Admin upload of an events file (admin CSV or .ics): streamed to disk, then an ingest job.

Same shape as the listening-history upload (``callbacks.server.uploads``): multipart body,
CSRF token in the ``X-CSRFToken`` header, size limit ``FEED_MAX_RESPONSE_MB`` (capped by
``MAX_UPLOAD_MB``), one
private folder under the instance directory; only admins may post.
"""

from __future__ import annotations

import shutil
import uuid
from pathlib import Path

import flask
from flask_login import current_user
from flask_wtf.csrf import validate_csrf
from werkzeug.exceptions import RequestEntityTooLarge
from wtforms.validators import ValidationError

from callbacks import context
from callbacks.server.uploads import error_response, receive_files
from data.job_vocabulary import Job
from workers.admin_ingest import UPLOAD_SOURCES, source_for
from workers.queue import enqueue

blueprint = flask.Blueprint("admin_uploads", __name__)


@blueprint.post("/admin/upload")
def upload():
    """Store the posted file and queue its ingest; answers ``{"job_id": ...}`` (202)."""
    if not current_user.is_authenticated:
        return error_response("Login required.", 401)
    if not current_user.account.has_role("admin"):
        return error_response("Uploading events needs an admin account.", 403)
    try:
        validate_csrf(flask.request.headers.get("X-CSRFToken"))
    except ValidationError:
        return error_response("The page is out of date; reload it and try again.", 400)
    settings = context.settings()
    # The ingest reads the file into memory, so feed files get the feed size cap, not the
    # (much larger) listening-history upload limit.
    limit_mb = min(settings.max_upload_mb, settings.feed_max_response_mb)
    too_large = error_response(f"The file is over the limit of {limit_mb} MB.", 413)
    length = flask.request.content_length
    if length is None:
        return error_response("The upload has no Content-Length.", 411)
    if length > limit_mb * 1024 * 1024:
        return too_large
    folder = Path(settings.instance_dir) / "uploads" / "admin" / uuid.uuid4().hex
    try:
        paths = receive_files(folder, limit_mb * 1024 * 1024)
        if len(paths) != 1:
            raise ValueError("Upload one file at a time.")
        if source_for(paths[0].name) is None:
            kinds = " or ".join(sorted(UPLOAD_SOURCES))
            raise ValueError(f"Only {kinds} files can be uploaded (got {paths[0].name}).")
        if paths[0].stat().st_size == 0:
            raise ValueError(f"{paths[0].name} is empty.")
    except RequestEntityTooLarge:
        shutil.rmtree(folder, ignore_errors=True)
        return too_large
    except ValueError as exc:
        shutil.rmtree(folder, ignore_errors=True)
        return error_response(str(exc), 400)
    job_id = enqueue(
        Job.INGEST_UPLOAD,
        queue="feeds",
        user_id=current_user.id,
        message=f"Ingest of {paths[0].name} queued",
        path=str(paths[0]),
        filename=paths[0].name,
        cleanup_dir=str(folder),
    )
    return flask.jsonify(job_id=job_id, file=paths[0].name), 202
