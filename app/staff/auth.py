"""Who is logged in, and the view decorators every staff page uses.

    from app.staff.auth import staff_required, admin_required, current_staff

    @bp.route("/staff/lending/")
    @staff_required
    def kits(): ...

An anonymous visitor is sent to /staff/login?next=<this page>; a logged-in member without
the right role gets 403. `current_staff()` is a dict (id, email, role) or None.
"""
from __future__ import annotations

from functools import wraps
from urllib.parse import urlsplit

from flask import abort, g, redirect, request, session, url_for

from . import accounts
from .sessions import StaffSession

ROLES = accounts.ROLES


def current_staff() -> dict | None:
    """The logged-in staff member as {"id", "email", "role"}, or None."""
    if "staff" not in g:
        g.staff = None
        real = _session()
        if real is not None and real.staff_id is not None:
            from ..store import get_db
            g.staff = accounts.get(get_db(), real.staff_id)
    return g.staff


def _session() -> StaffSession | None:
    real = session._get_current_object()
    return real if isinstance(real, StaffSession) else None


def login_user(staff: dict) -> None:
    """Start a fresh session for `staff`: a new id (the old one, and its data, are dropped)."""
    real = _session()
    if real is None:
        raise RuntimeError("login_user outside the staff area")
    real.clear()
    real.staff_id = staff["id"]
    real.rotate = True
    g.staff = {"id": staff["id"], "email": staff["email"], "role": staff["role"]}


def logout_user() -> None:
    """End the session: its row is deleted, so the old cookie opens nothing."""
    real = _session()
    if real is not None:
        real.clear()
        real.staff_id = None
        real.end = True
    g.staff = None


def safe_next(target: str | None, default: str) -> str:
    """Only a path on this site (no scheme, no host, no "//") may be a place to go after login."""
    if not target:
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//") \
            or "\\" in target:
        return default
    return target


def _login_redirect():
    target = request.full_path if request.method == "GET" else request.path
    if target.endswith("?"):
        target = target[:-1]
    return redirect(url_for("staff.login", next=target))


def staff_required(view):
    """Any active staff member (role staff or admin) may use this view."""
    @wraps(view)
    def wrapped(*args, **kwargs):
        g.staff_page = True
        if current_staff() is None:
            return _login_redirect()
        return view(*args, **kwargs)
    return wrapped


def admin_required(view):
    """Only admins may use this view; other staff get 403."""
    @wraps(view)
    def wrapped(*args, **kwargs):
        g.staff_page = True
        staff = current_staff()
        if staff is None:
            return _login_redirect()
        if staff["role"] != "admin":
            abort(403)
        return view(*args, **kwargs)
    return wrapped
