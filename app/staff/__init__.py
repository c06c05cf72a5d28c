"""The staff area: login, sessions, roles, audit log, dashboard; and the security baseline."""
from __future__ import annotations

from flask import current_app, g, request

from .csrf import csrf
from .sessions import StaffSessionInterface, in_staff_area


def staff_pages_in_danish():
    """The staff area is Danish-only, whatever the browser asks for."""
    if in_staff_area(current_app, request.path):
        g.lang = "da"


def no_store(response):
    """Staff pages hold personal data and live sessions: never keep them in any cache."""
    if in_staff_area(current_app, request.path) or g.get("staff_page"):
        response.headers["Cache-Control"] = "no-store"
        response.headers["Pragma"] = "no-cache"
        response.headers.setdefault("X-Robots-Tag", "noindex, nofollow")
    return response


def init_app(app) -> None:
    from . import cli, routes
    app.config.setdefault("STAFF_SESSION_PREFIXES", ["/staff/"])
    app.config.setdefault("WTF_CSRF_FIELD_NAME", "csrf_token")
    app.session_interface = StaffSessionInterface()
    csrf.init_app(app)
    app.before_request(staff_pages_in_danish)
    app.after_request(no_store)
    routes.init_app(app)
    cli.init_app(app)
