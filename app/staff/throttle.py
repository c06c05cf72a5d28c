"""Login throttling: after 10 failures in 10 minutes (per account, and per client), wait.

The tenth failure within ten minutes starts a wait of ten minutes from that failure; then the
account (or client) opens again by itself — an attacker can delay the real user, never lock
them out for good. Tries made while throttled are refused before the password is checked and
are not counted, so the wait is never longer than ten minutes.
Keys are keyed hashes (HMAC with the app's secret), never the e-mail or address itself.
A failure is kept for two windows (twenty minutes), the longest it can matter: every check and
every new failure first deletes the older ones.
"""
from __future__ import annotations

import hashlib
import hmac

from flask import current_app

from . import schema  # noqa: F401  (the login_failures table)

LIMIT = 10
WINDOW_SECONDS = 10 * 60


def key(kind: str, value: str) -> str:
    secret = current_app.config["SECRET_KEY"]
    secret = secret.encode() if isinstance(secret, str) else secret
    return kind + ":" + hmac.new(secret, (value or "").strip().lower().encode(), hashlib.sha256).hexdigest()[:32]


def _window(app=None):
    config = (app or current_app).config
    return config.get("STAFF_THROTTLE_LIMIT", LIMIT), config.get("STAFF_THROTTLE_SECONDS", WINDOW_SECONDS)


def keep_seconds(app=None) -> int:
    """How long a failure is kept: a failure that reached the limit blocks for a window after
    it, and the `limit` failures before it lie within the window before that."""
    return 2 * _window(app)[1]


def prune(db, moment: float) -> None:
    """Delete every failure older than `keep_seconds()`."""
    db.execute("DELETE FROM login_failures WHERE at <= ?", [moment - keep_seconds()])


def retry_after(db, keys: list[str], moment: float) -> int:
    """Seconds until a try is allowed again for every key (0 when allowed now). Deletes the
    failures too old to count on the way."""
    limit, window = _window()
    prune(db, moment)
    wait = 0
    for k in keys:
        # a failure that reached the limit blocks for a window after it, so look back two windows
        times = [row[0] for row in db.execute("SELECT at FROM login_failures WHERE key = ? AND at > ? ORDER BY at",
                                               [k, moment - keep_seconds()])]
        for last in range(limit - 1, len(times)):
            reached = times[last] - times[last - limit + 1] < window  # `limit` failures within a window
            if reached and times[last] + window > moment:
                wait = max(wait, int(times[last] + window - moment) + 1)
    return wait


def record_failure(db, keys: list[str], moment: float) -> None:
    prune(db, moment)
    for k in keys:
        db.execute("INSERT INTO login_failures (key, at) VALUES (?, ?)", [k, moment])


def forget(db, keys: list[str]) -> None:
    """A successful login clears its own account's count."""
    for k in keys:
        db.execute("DELETE FROM login_failures WHERE key = ?", [k])
