"""Staff pages: login and logout, the dashboard, staff accounts and the audit log (blueprint "staff")."""
from __future__ import annotations

from flask import (Blueprint, abort, current_app, flash, redirect, render_template, request, session,
                   url_for)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..store import get_db
from . import accounts, throttle
from .audit import audit, recent
from .auth import admin_required, current_staff, login_user, logout_user, safe_next, staff_required
from .clock import now
from .csrf import CSRFError

bp = Blueprint("staff", __name__, url_prefix="/staff")

OWN_NAV = [("staff.dashboard", _l("Overview"))]
ADMIN_NAV = [("staff.accounts", _l("Staff accounts")), ("staff.audit_log", _l("Audit log"))]


def client_address() -> str:
    return request.remote_addr or ""


@bp.route("/login", methods=["GET", "POST"])
def login():
    target = safe_next(request.values.get("next"), url_for("staff.dashboard"))
    if request.method == "GET":
        if current_staff() is not None:
            return redirect(target)
        expired = getattr(session._get_current_object(), "expired", False)
        return render_template("staff/login.html", next=target, expired=expired)
    email = request.form.get("email", "").strip()[:254]
    password = request.form.get("password", "")
    db = get_db()
    keys = [throttle.key("account", email), throttle.key("client", client_address())]
    moment = now()
    wait = throttle.retry_after(db, keys, moment)
    if wait:
        response = current_app.make_response((render_template(
            "staff/login.html", next=target, email=email, throttled=True,
            minutes=max(1, (wait + 59) // 60)), 429))
        response.headers["Retry-After"] = str(wait)
        return response
    staff = accounts.authenticate(db, email, password)
    if staff is None:
        throttle.record_failure(db, keys, moment)
        return render_template("staff/login.html", next=target, email=email, failed=True), 401
    throttle.forget(db, keys[:1])
    login_user(staff)
    audit(db, staff["email"], "staff.login", f"staff:{staff['email']}")
    return redirect(target, 303)


@bp.route("/logout", methods=["POST"])
def logout():
    staff = current_staff()
    if staff is not None:
        audit(get_db(), staff["email"], "staff.logout", f"staff:{staff['email']}")
    logout_user()
    return redirect(url_for("staff.login", logged_out=1), 303)


@bp.route("/")
@staff_required
def dashboard():
    from . import dashboard as health
    db = get_db()
    parts = [(template, context(db)) for template, context in current_app.extensions["trinvis.slots"]["staff_overview"]]
    return render_template("staff/dashboard.html", parts=parts,
                           **health.overview(db, guide=request.args.get("guide", "").strip()[:100]))


@bp.route("/guides/source/<path:path>")
@staff_required
def guide_source(path):
    """A guide file or the site facts, read-only with numbered lines; ?line=N marks the line to fix."""
    from . import source
    found = source.resolve(path)
    if found is None:
        abort(404)
    lines, cut = source.read_lines(found)
    asked = request.args.get("line", "")
    number = int(asked) if asked.isascii() and asked.isdigit() and len(asked) <= 7 else 0
    line = number if 1 <= number <= len(lines) else None
    return render_template("staff/source.html", path=path, lines=lines, line=line, cut=cut)


@bp.route("/password", methods=["GET", "POST"])
@staff_required
def password():
    """Change one's own password: the current one first; every other session of the account ends."""
    if request.method == "GET":
        return render_template("staff/password.html")
    db = get_db()
    me = current_staff()
    new, repeat = request.form.get("new_password", ""), request.form.get("repeat_password", "")
    if accounts.authenticate(db, me["email"], request.form.get("current_password", "")) is None:
        error = _("The current password is wrong.")
    elif new != repeat:
        error = _("The two new passwords are not the same.")
    else:
        error = accounts.password_problem(new, me["email"])
    if error:
        return render_template("staff/password.html", error=error), 400
    accounts.set_password(db, me["email"], new)  # ends every session of the account, this one too
    login_user(me)                                # ...so this browser gets a fresh one
    audit(db, me["email"], "staff.password", f"staff:{me['email']}")
    flash(_("Your password is changed. You are logged out everywhere else."))
    return redirect(url_for("staff.dashboard"), 303)


@bp.route("/usage.csv")
@staff_required
def usage_csv():
    """Every daily page-view aggregate, for a spreadsheet."""
    rows = get_db().execute("SELECT day, guide, lang, views FROM page_views ORDER BY day, guide, lang")
    lines = ["day,guide,lang,views"] + [",".join(str(v) for v in row) for row in rows]
    response = current_app.response_class("\r\n".join(lines) + "\r\n", mimetype="text/csv")
    response.headers["Content-Disposition"] = "attachment; filename=trinvis-usage.csv"
    return response


@bp.route("/accounts/", methods=["GET", "POST"], endpoint="accounts")
@admin_required
def accounts_page():
    db = get_db()
    me = current_staff()
    if request.method == "POST":
        try:
            made = accounts.create(db, request.form.get("email", ""), request.form.get("password", ""),
                                   request.form.get("role", "staff"))
        except accounts.AccountError as exc:
            return render_template("staff/accounts.html", staff=accounts.all_staff(db), error=str(exc),
                                   form=request.form), 400
        audit(db, me["email"], "staff.add", f"staff:{made['email']}", f"rolle {made['role']}")
        flash(_("Account created for %(email)s.", email=made["email"]))
        return redirect(url_for("staff.accounts"), 303)
    return render_template("staff/accounts.html", staff=accounts.all_staff(db), form={})


@bp.route("/accounts/disable", methods=["POST"])
@admin_required
def disable_account():
    db = get_db()
    me = current_staff()
    email = request.form.get("email", "")
    if email.strip().lower() == me["email"]:
        flash(_("You cannot disable your own account."))
        return redirect(url_for("staff.accounts"), 303)
    try:
        account = accounts.disable(db, email)
    except accounts.AccountError:
        abort(404)
    audit(db, me["email"], "staff.disable", f"staff:{account['email']}")
    flash(_("%(email)s can no longer log in.", email=account["email"]))
    return redirect(url_for("staff.accounts"), 303)


@bp.route("/audit/")
@admin_required
def audit_log():
    subject = request.args.get("subject", "").strip()[:200]
    actor = request.args.get("actor", "").strip()[:254]
    return render_template("staff/audit.html", rows=recent(get_db(), 300, actor=actor, subject=subject),
                           subject=subject, actor=actor)


def nav_items() -> list[tuple[str, str]]:
    """The staff menu: the overview, every part's items (slots.staff_nav), then admin pages."""
    staff = current_staff()
    if staff is None:
        return []
    items = OWN_NAV + list(current_app.extensions["trinvis.slots"]["staff_nav"])
    if staff["role"] == "admin":
        items += ADMIN_NAV
    return items


def csrf_failed(error: CSRFError):
    """An expired or missing form token: a plain Danish page on staff pages, 400 everywhere."""
    from ..errors import handle_http
    from .sessions import in_staff_area
    if not in_staff_area(current_app, request.path):
        return handle_http(error)
    return render_template("staff/message.html", title=_("The form has expired"),
                           message=_("For your security the form was not sent. Go back, reload the page and try again.")), 400


def init_app(app) -> None:
    app.register_blueprint(bp)
    app.register_error_handler(CSRFError, csrf_failed)
    app.jinja_env.globals.update(current_staff=current_staff, staff_nav=nav_items)
