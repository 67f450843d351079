"""Login, registration and logout: plain Flask routes with server-rendered, CSRF-protected forms."""

from __future__ import annotations

from urllib.parse import urlsplit

import flask
from flask_login import current_user, login_user, logout_user
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SelectMultipleField, StringField
from wtforms.validators import DataRequired, EqualTo, Length

from callbacks import context
from callbacks.server.extensions import limiter
from callbacks.server.users import LoginUser
from data.db import session_scope
from data.demo import DEMO_ACCOUNTS, demo_loaded
from data.services.accounts import MIN_PASSWORD, AccountError, authenticate, register

blueprint = flask.Blueprint("auth", __name__)

SELF_SERVICE_ROLES = [("listener", "Listener"), ("promoter", "Promoter"), ("analyst", "Analyst")]


class LoginForm(FlaskForm):
    email = EmailField("Email", validators=[DataRequired(), Length(max=254)])
    password = PasswordField("Password", validators=[DataRequired()])
    remember = BooleanField("Keep me logged in")


class RegisterForm(FlaskForm):
    display_name = StringField("Display name", validators=[Length(max=80)])
    email = EmailField("Email", validators=[DataRequired(), Length(max=254)])
    password = PasswordField(
        "Password", validators=[DataRequired(), Length(min=MIN_PASSWORD, max=200)]
    )
    confirm = PasswordField(
        "Repeat password", validators=[DataRequired(), EqualTo("password", "Passwords differ.")]
    )
    roles = SelectMultipleField("I am a", choices=SELF_SERVICE_ROLES, default=["listener"])


def _safe_next(target: str | None) -> str:
    """Only same-site relative paths; anything else goes home (no open redirect)."""
    if not target:
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return "/"
    return target


def _email_key() -> str:
    return (flask.request.form.get("email") or "").strip().lower() or "-"


@blueprint.route("/login", methods=["GET", "POST"])
@limiter.limit(
    lambda: context.settings().login_rate_limit,
    methods=["POST"],
    error_message="Too many login attempts. Wait a minute and try again.",
)
@limiter.limit(
    lambda: context.settings().login_email_rate_limit,
    key_func=_email_key,
    methods=["POST"],
    error_message="Too many login attempts for this account. Try again later.",
)
def login():
    form = LoginForm()
    error = None
    if form.validate_on_submit():
        with session_scope() as session:
            account = authenticate(session, form.email.data, form.password.data)
        if account is not None:
            flask.session.clear()
            login_user(LoginUser(account), remember=bool(form.remember.data))
            flask.session.permanent = True
            return flask.redirect(_safe_next(flask.request.args.get("next")))
        error = "That email and password do not match an account."
    elif flask.request.method == "POST" and not form.errors:
        error = "Please fill in both fields."
    notice = None
    if flask.request.args.get("expired"):
        notice = "Your session has expired. Please log in again."
    elif flask.request.args.get("deleted"):
        notice = "Your account and all its data were deleted."
    elif flask.request.args.get("next"):
        notice = "Please log in to see that page."
    status = 401 if error else 200
    return (
        flask.render_template(
            "login.html",
            form=form,
            error=error,
            notice=notice,
            demo=DEMO_ACCOUNTS if _demo_is_loaded() else None,
        ),
        status,
    )


def _demo_is_loaded() -> bool:
    with session_scope() as session:
        return demo_loaded(session)


@blueprint.route("/register", methods=["GET", "POST"])
@limiter.limit("10 per hour", methods=["POST"])
def register_view():
    form = RegisterForm()
    field_errors: dict[str, str] = {}
    if form.validate_on_submit():
        try:
            with session_scope() as session:
                account = register(
                    session,
                    form.email.data,
                    form.password.data,
                    form.display_name.data or "",
                    tuple(form.roles.data or ["listener"]),
                )
        except AccountError as exc:
            field_errors = exc.field_errors
        else:
            flask.session.clear()
            login_user(LoginUser(account))
            flask.session.permanent = True
            return flask.redirect("/profile?welcome=1")
    for name, errors in form.errors.items():
        field_errors.setdefault(name, errors[0])
    status = 400 if field_errors else 200
    return flask.render_template("register.html", form=form, field_errors=field_errors), status


@blueprint.route("/logout", methods=["POST"])
def logout():
    form = FlaskForm()
    if not form.validate_on_submit():
        flask.abort(400)
    logout_user()
    flask.session.clear()
    return flask.redirect("/login")


@blueprint.app_context_processor
def _inject_user():
    return {"user": current_user}
