"""Server-side staff sessions: a random id in a cookie, the session itself in SQLite.

Only paths under a staff prefix ("/staff/" and whatever other parts register with
`allow_sessions`) ever open a session. Everywhere else `session` is a closed, empty object
that refuses writes, so a citizen page can never set a cookie by accident.
"""
from __future__ import annotations

import hashlib
import json
import secrets

from flask.sessions import SessionInterface, SessionMixin
from werkzeug.datastructures import CallbackDict

from . import schema  # noqa: F401  (the staff_sessions table)
from .clock import now

COOKIE = "trinvis_staff"
IDLE_SECONDS = 30 * 60
ABSOLUTE_SECONDS = 10 * 60 * 60


def cookie_name(secure: bool) -> str:
    """`__Host-` over https: the browser then insists on Secure, Path=/ and no Domain."""
    return f"__Host-{COOKIE}" if secure else COOKIE


def digest(sid: str) -> str:
    return hashlib.sha256(sid.encode()).hexdigest()


class StaffSession(CallbackDict, SessionMixin):
    """The session of one staff browser. `staff_id` is None before login."""

    def __init__(self, data=None, sid: str | None = None, staff_id: int | None = None,
                 created: float | None = None, expired: bool = False):
        def on_update(self):
            self.modified = True
        super().__init__(data or {}, on_update)
        self.sid, self.staff_id, self.created = sid, staff_id, created
        self.expired = expired  # the cookie named a session that has timed out or been ended
        self.modified = False
        self.rotate = False     # give this session a new id when the response goes out (login)
        self.end = False        # delete this session when the response goes out (logout)

    @property
    def new(self) -> bool:
        return self.sid is None


class ClosedSession(dict, SessionMixin):
    """The `session` of every page outside the staff area: empty, and writing to it is a bug."""

    modified = False
    accessed = False

    def _refuse(self, *args, **kwargs):
        raise RuntimeError("Sessions exist only under the staff prefixes (see app/staff/sessions.py, "
                           "allow_sessions): citizen pages must not set a cookie.")

    __setitem__ = __delitem__ = clear = pop = popitem = update = setdefault = _refuse


def allow_sessions(app, prefix: str) -> None:
    """Let pages under `prefix` (e.g. "/kiosk/admin/") use the staff session too."""
    prefixes = app.config.setdefault("STAFF_SESSION_PREFIXES", ["/staff/"])
    if prefix not in prefixes:
        prefixes.append(prefix)


def in_staff_area(app, path: str) -> bool:
    prefixes = app.config.get("STAFF_SESSION_PREFIXES", ["/staff/"])
    return any(path.startswith(p) or path == p.rstrip("/") for p in prefixes)


class StaffSessionInterface(SessionInterface):
    null_session_class = ClosedSession

    def make_null_session(self, app):
        return ClosedSession()

    def open_session(self, app, request):
        if not in_staff_area(app, request.path):
            return ClosedSession()
        from ..store import get_db
        sid = request.cookies.get(cookie_name(request.is_secure))
        if not sid or len(sid) > 64:
            return StaffSession()
        db = get_db()
        row = db.execute("SELECT s.staff_id, s.data, s.created, s.last_seen, st.active "
                         "FROM staff_sessions s LEFT JOIN staff st ON st.id = s.staff_id WHERE s.id = ?",
                         [digest(sid)]).fetchone()
        if row is None:
            return StaffSession(expired=True)
        staff_id, data, created, last_seen, active = row
        moment = now()
        idle = app.config.get("STAFF_IDLE_SECONDS", IDLE_SECONDS)
        absolute = app.config.get("STAFF_ABSOLUTE_SECONDS", ABSOLUTE_SECONDS)
        if moment - last_seen > idle or moment - created > absolute or (staff_id is not None and not active):
            db.execute("DELETE FROM staff_sessions WHERE id = ?", [digest(sid)])
            return StaffSession(expired=True)
        try:
            values = json.loads(data or "{}")
        except ValueError:
            values = {}
        return StaffSession(values, sid=sid, staff_id=staff_id, created=created)

    def save_session(self, app, session, response):
        if isinstance(session, ClosedSession):
            return
        from flask import request

        from ..store import get_db
        name = cookie_name(request.is_secure)
        moment = now()
        db = get_db()
        if session.end:
            if session.sid:
                db.execute("DELETE FROM staff_sessions WHERE id = ?", [digest(session.sid)])
            response.delete_cookie(name, path="/", secure=request.is_secure, httponly=True, samesite="Lax")
            return
        if session.rotate or (session.new and session.modified and (session or session.staff_id)):
            if session.sid:
                db.execute("DELETE FROM staff_sessions WHERE id = ?", [digest(session.sid)])
            self._prune(app, db, moment)
            session.sid = secrets.token_urlsafe(16)  # 128 random bits
            db.execute("INSERT INTO staff_sessions (id, staff_id, data, created, last_seen) "
                       "VALUES (?, ?, ?, ?, ?)",
                       [digest(session.sid), session.staff_id, json.dumps(dict(session)), moment, moment])
            response.set_cookie(name, session.sid, path="/", secure=request.is_secure, httponly=True,
                                samesite="Lax")
            return
        if session.sid:
            if session.modified:
                db.execute("UPDATE staff_sessions SET data = ?, last_seen = ? WHERE id = ?",
                           [json.dumps(dict(session)), moment, digest(session.sid)])
            else:
                db.execute("UPDATE staff_sessions SET last_seen = ? WHERE id = ?",
                           [moment, digest(session.sid)])
        if session.expired and not session.sid:
            # the browser still holds a dead id: tell it to forget it
            response.delete_cookie(name, path="/", secure=request.is_secure, httponly=True, samesite="Lax")

    @staticmethod
    def _prune(app, db, moment: float) -> None:
        idle = app.config.get("STAFF_IDLE_SECONDS", IDLE_SECONDS)
        absolute = app.config.get("STAFF_ABSOLUTE_SECONDS", ABSOLUTE_SECONDS)
        db.execute("DELETE FROM staff_sessions WHERE last_seen < ? OR created < ?",
                   [moment - idle, moment - absolute])


def end_sessions(db, staff_id: int) -> None:
    db.execute("DELETE FROM staff_sessions WHERE staff_id = ?", [staff_id])
