"""What every lending rule shares: bad-input errors, rows as dicts, one write transaction, dates."""
from __future__ import annotations

import contextlib
import datetime as dt
import re
import time
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l

ZONE = ZoneInfo("Europe/Copenhagen")


class Invalid(ValueError):
    """Bad input, one plain message per form field (shown beside the field); nothing was written."""

    def __init__(self, errors: dict):
        super().__init__("; ".join(f"{field}: {message}" for field, message in errors.items()))
        self.errors = errors


def rows(db, sql: str, params=()) -> list[dict]:
    cursor = db.execute(sql, list(params))
    columns = [c[0] for c in cursor.description]
    return [dict(zip(columns, row)) for row in cursor.fetchall()]


def row(db, sql: str, params=()) -> dict | None:
    found = rows(db, sql, params)
    return found[0] if found else None


@contextlib.contextmanager
def write(db):
    """One BEGIN IMMEDIATE transaction: it takes the write lock before anything is read, so two
    staff members changing the same kit are served one after the other, never interleaved.
    Any exception (an Invalid included) rolls everything back."""
    conn = db.conn
    if conn.in_transaction:  # already inside a caller's transaction: that one decides
        yield
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def timestamp() -> str:
    """Now, as an ISO timestamp in UTC (the staff clock inside the app, so tests can move it)."""
    try:
        from ..staff.clock import now
        moment = now()
    except (RuntimeError, ImportError):
        moment = time.time()
    return dt.datetime.fromtimestamp(moment, dt.timezone.utc).isoformat(timespec="seconds")


def today() -> dt.date:
    """Today's date in Denmark.

    `app.config["LENDING_TODAY"]` (a date, an ISO string, or a callable returning either)
    replaces it, so tests can let the due date pass without waiting; otherwise the staff
    clock (`STAFF_CLOCK`) decides, and outside the app the wall clock does.
    """
    try:
        from flask import current_app
        override = current_app.config.get("LENDING_TODAY")
    except RuntimeError:
        override = None
    if override is not None:
        value = override() if callable(override) else override
        return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)
    try:
        from ..staff.clock import now
        moment = now()
    except (RuntimeError, ImportError):
        moment = time.time()
    return dt.datetime.fromtimestamp(moment, ZONE).date()


_DANISH_DATE = re.compile(r"^(\d{1,2})[.\-/](\d{1,2})[.\-/](\d{4})$")


def parse_date(value) -> dt.date | None:
    """A date from a date field (ISO, "2025-03-01") or typed the Danish way ("1.3.2025"); None if neither."""
    if isinstance(value, dt.date):
        return value
    text = (value or "").strip()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        pass
    match = _DANISH_DATE.match(text)
    if match:
        day, month, year = (int(g) for g in match.groups())
        try:
            return dt.date(year, month, day)
        except ValueError:
            return None
    return None


def take_date(value, field: str, errors: dict, required: bool = True) -> dt.date | None:
    """Parse a date for `field`, recording a message in `errors` when it is missing or malformed."""
    if not isinstance(value, dt.date) and not (value or "").strip():
        if required:
            errors[field] = _l("Enter a date.")
        return None
    parsed = parse_date(value)
    if parsed is None:
        errors[field] = _l("Enter a real date, for example 2025-03-01.")
    return parsed


def take_text(value, field: str, errors: dict, limit: int, required: bool = False) -> str:
    """A form value as stripped text; a message in `errors` when it is required and empty, or too long."""
    cleaned = str(value or "").replace("\r\n", "\n").strip()
    if required and not cleaned:
        errors[field] = _l("Fill in this field.")
    elif len(cleaned) > limit:
        errors[field] = _l("Use at most %(limit)s characters.", limit=limit)
    return cleaned


def ticked(value) -> bool:
    """A checkbox's value: ticked when present and not an explicit "no"."""
    return value not in (None, "", "0", "off", "false", False, 0)
