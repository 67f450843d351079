"""Login, registration and logout: plain Flask routes with server-rendered, CSRF-protected forms.

Abuse resistance: login attempts are limited per client address and per (account, address)
pair, so a stranger guessing at an account slows down only themselves; an unknown email costs
the same password hashing as a known one; registering an address that already has an account
answers exactly as the login form does for those credentials.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import flask
from flask_limiter.util import get_remote_address
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length

from callbacks import context
from callbacks.server.extensions import limiter
from callbacks.server.sessions import new_token, sign_in, sign_out
from data.db import session_scope
from data.demo import DEMO_ACCOUNTS, demo_loaded
from data.queries.accounts import find_user_id
from data.services.accounts import AccountError, authenticate, register
from data.services.password_policy import MIN_LENGTH, password_problem

blueprint = flask.Blueprint("auth", __name__)

LOGIN_FAILED = "That email and password do not match an account."


class LoginForm(FlaskForm):
    email = EmailField("Email", validators=[DataRequired(), Length(max=254)])
    password = PasswordField("Password", validators=[DataRequired()])
    remember = BooleanField("Keep me logged in")


class RegisterForm(FlaskForm):
    display_name = StringField("Display name", validators=[Length(max=80)])
    email = EmailField("Email", validators=[DataRequired(), Length(max=254)])
    password = PasswordField(
        f"Password (at least {MIN_LENGTH} characters, hard to guess)",
        validators=[DataRequired(), Length(max=200)],
    )
    confirm = PasswordField(
        "Repeat password", validators=[DataRequired(), EqualTo("password", "Passwords differ.")]
    )


def _safe_next(target: str | None) -> str:
    """Only same-site relative paths; anything else goes home (no open redirect)."""
    if not target:
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return "/"
    return target


def _email_and_address() -> str:
    email = (flask.request.form.get("email") or "").strip().lower() or "-"
    return f"{email}|{get_remote_address()}"


def _rule(name: str):
    return lambda: getattr(context.settings(), name)


@blueprint.route("/login", methods=["GET", "POST"])
@limiter.limit(
    _rule("login_rate_limit"),
    methods=["POST"],
    error_message="Too many login attempts. Wait a minute and try again.",
)
@limiter.limit(
    _rule("login_email_rate_limit"),
    key_func=_email_and_address,
    methods=["POST"],
    error_message="Too many login attempts for this account from here. Try again later.",
)
def login():
    form = LoginForm()
    error = None
    if form.validate_on_submit():
        with session_scope() as session:
            account = authenticate(session, form.email.data, form.password.data)
        if account is not None:
            remember = bool(form.remember.data)
            sign_in(account, new_token(account.id, remember=remember), remember=remember)
            return flask.redirect(_safe_next(flask.request.args.get("next")))
        error = LOGIN_FAILED
    elif flask.request.method == "POST" and not form.errors:
        error = "Please fill in both fields."
    return _login_page(form, error)


def _login_page(form: LoginForm, error: str | None, action: str | None = None):
    args = flask.request.args
    notice = None
    if args.get("expired"):
        notice = "Your session has expired. Please log in again."
    elif args.get("deleted"):
        notice = "Your account and all its data were deleted."
    elif args.get("everywhere"):
        notice = "You were logged out on every device."
    elif args.get("next"):
        notice = "Please log in to see that page."
    demo = DEMO_ACCOUNTS if _demo_is_loaded() else None
    html = flask.render_template(
        "login.html", form=form, error=error, notice=notice, demo=demo, action=action
    )
    return html, 401 if error else 200


def _demo_is_loaded() -> bool:
    # Production never shows credentials, even if an operator loaded the demo set by hand.
    if context.settings().env == "production":
        return False
    with session_scope() as session:
        return demo_loaded(session)


@blueprint.route("/register", methods=["GET", "POST"])
@limiter.limit(
    _rule("register_rate_limit"),
    methods=["POST"],
    error_message="Too many registrations from this address. Try again later.",
)
def register_view():
    form = RegisterForm()
    field_errors: dict[str, str] = {}
    if form.validate_on_submit():
        email, password = form.email.data, form.password.data
        problem = password_problem(password, (email, form.display_name.data or ""))
        if problem:
            field_errors["password"] = problem
        else:
            try:
                return _create_or_answer_like_login(email, password, form.display_name.data)
            except AccountError as exc:
                field_errors = exc.field_errors
    for name, errors in form.errors.items():
        field_errors.setdefault(name, errors[0])
    status = 400 if field_errors else 200
    return flask.render_template("register.html", form=form, field_errors=field_errors), status


def _create_or_answer_like_login(email: str, password: str, display_name: str | None):
    """A new listener for a new address; for a taken one, what the login form would answer."""
    with session_scope() as session:
        taken = find_user_id(session, email) is not None
        if taken:
            account = authenticate(session, email, password)
        else:
            account = register(session, email, password, display_name or "", ("listener",))
    if account is None:
        form = LoginForm(formdata=None, email=email)
        return _login_page(form, LOGIN_FAILED, action=flask.url_for("auth.login"))
    sign_in(account, new_token(account.id, remember=False), remember=False)
    return flask.redirect("/" if taken else "/profile?welcome=1")


@blueprint.route("/logout", methods=["POST"])
def logout():
    form = FlaskForm()
    if not form.validate_on_submit():
        flask.abort(400)
    if current_user.is_authenticated:
        sign_out(current_user._get_current_object())
    return flask.redirect("/login")


@blueprint.app_context_processor
def _inject_user():
    return {"user": current_user}
