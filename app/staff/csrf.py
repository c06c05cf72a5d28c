"""CSRF protection for the whole app (flask-wtf): every POST, PUT, PATCH and DELETE needs a token.

Staff forms carry it as a hidden input:
    <input type="hidden" name="csrf_token" value="{{ csrf_token() }}">
The token's secret lives in the server-side staff session, so `csrf_token()` only works on
pages under a staff prefix (see sessions.allow_sessions). A citizen-facing endpoint that
cannot have a session (no cookies there) must be exempted explicitly with `csrf.exempt(view)`
and protected some other way (see app/feedback/routes.py).
"""
from __future__ import annotations

from flask_wtf.csrf import CSRFError, CSRFProtect  # noqa: F401

csrf = CSRFProtect()
