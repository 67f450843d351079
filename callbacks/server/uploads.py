"""Upload of Spotify export files: streamed to disk (never through a callback), then a job.

The browser posts multipart form data with the CSRF token in the ``X-CSRFToken`` header;
each file part is written straight into a private folder under the instance directory and the
import job is queued for the logged-in user.
"""

from __future__ import annotations

import shutil
import uuid
from pathlib import Path

import flask
from flask_login import current_user
from flask_wtf.csrf import validate_csrf
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.formparser import parse_form_data
from werkzeug.utils import secure_filename
from wtforms.validators import ValidationError

from callbacks import context
from data.job_vocabulary import Job
from workers.queue import enqueue

blueprint = flask.Blueprint("uploads", __name__)
MAX_FILES = 500
UPLOAD_ROLES = ("listener",)


def error_response(message: str, status: int):
    return flask.jsonify(error=message), status


@blueprint.post("/import/upload")
def upload():
    """Store the posted files and queue their import; answers ``{"job_id": ...}`` (202)."""
    if not current_user.is_authenticated:
        return error_response("Login required.", 401)
    if not current_user.account.has_role(*UPLOAD_ROLES):
        return error_response("Importing listening history needs a listener account.", 403)
    try:
        validate_csrf(flask.request.headers.get("X-CSRFToken"))
    except ValidationError:
        return error_response("The page is out of date; reload it and try again.", 400)
    settings = context.settings()
    length = flask.request.content_length
    if length is None:
        return error_response("The upload has no Content-Length.", 411)
    if length > settings.max_upload_bytes:
        return error_response(f"The upload is over the limit of {settings.max_upload_mb} MB.", 413)
    folder = Path(settings.instance_dir) / "uploads" / str(current_user.id) / uuid.uuid4().hex
    try:
        paths = receive_files(folder, settings.max_upload_bytes)
    except RequestEntityTooLarge:
        shutil.rmtree(folder, ignore_errors=True)
        return error_response(f"The upload is over the limit of {settings.max_upload_mb} MB.", 413)
    except ValueError as exc:
        shutil.rmtree(folder, ignore_errors=True)
        return error_response(str(exc), 400)
    job_id = enqueue(
        Job.IMPORT_HISTORY,
        queue="default",
        user_id=current_user.id,
        account_id=current_user.id,
        message="Import queued",
        paths=[str(p) for p in paths],
        max_bytes=settings.max_upload_bytes,
        cleanup_dir=str(folder),
    )
    return flask.jsonify(job_id=job_id, files=[p.name for p in paths]), 202


def receive_files(folder: Path, max_bytes: int) -> list[Path]:
    """Parse the multipart body, writing each file part directly to its own file."""
    written: list[Path] = []

    def stream_factory(total_content_length, content_type, filename, content_length=None):
        if len(written) >= MAX_FILES:
            raise ValueError(f"At most {MAX_FILES} files per upload.")
        target = folder / f"{len(written):03d}" / (secure_filename(filename or "") or "upload")
        target.parent.mkdir(parents=True, exist_ok=True)
        written.append(target)
        return target.open("wb+")

    _stream, _form, files = parse_form_data(
        flask.request.environ,
        stream_factory=stream_factory,
        max_content_length=max_bytes,
        max_form_parts=MAX_FILES * 2 + 10,
    )
    for _name, storage in files.items(multi=True):
        storage.stream.close()
    if not written:
        raise ValueError("No files were uploaded.")
    return written
