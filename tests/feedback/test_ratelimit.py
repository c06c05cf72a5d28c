"""The per-client limit: counted under a keyed hash whose key changes every day; nothing on disk."""
from __future__ import annotations

import datetime as dt

from app.feedback.ratelimit import ClientLimiter


class Time:
    def __init__(self):
        self.now, self.day = 1000.0, dt.date(2026, 11, 26)

    def clock(self):
        return self.now

    def today(self):
        return self.day


def test_limit_per_window_and_per_client():
    t = Time()
    limiter = ClientLimiter(3, 600, clock=t.clock, today=t.today)
    assert [limiter.allow("198.51.100.1") for _ in range(4)] == [True, True, True, False]
    assert limiter.allow("198.51.100.2")
    t.now += 601
    assert limiter.allow("198.51.100.1")


def test_the_client_is_never_kept_only_a_keyed_hash_that_changes_daily():
    t = Time()
    limiter = ClientLimiter(3, 600, clock=t.clock, today=t.today)
    limiter.allow("198.51.100.1")
    (key,) = limiter._events
    assert b"198.51.100.1" not in key and len(key) == 16
    salt = limiter._salt
    t.day += dt.timedelta(days=1)
    limiter.allow("198.51.100.1")
    assert limiter._salt != salt and key not in limiter._events and limiter.known_keys() == 1


def test_a_new_day_forgets_everyone():
    t = Time()
    limiter = ClientLimiter(1, 86_400, clock=t.clock, today=t.today)
    assert limiter.allow("a") and not limiter.allow("a")
    t.day += dt.timedelta(days=1)
    assert limiter.allow("a")
