"""Rate limiting per client without keeping the client.

A client is known only by a keyed hash of its address, the key is random, held in memory and
replaced every day (and at every restart), and the table of recent hashes is dropped with it.
Nothing is written to disk, so no address, and nothing derived from one, outlives the day.
Each worker process keeps its own table: with N workers a client gets at most N times the limit.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
import threading
import time
from collections import deque


class ClientLimiter:
    """At most `limit` events per `window` seconds per client."""

    def __init__(self, limit: int, window: float, clock=time.time, today=dt.date.today):
        self.limit, self.window = limit, window
        self.clock, self.today = clock, today
        self.lock = threading.Lock()
        self._day = None
        self._salt = b""
        self._events: dict[bytes, deque] = {}

    def _rotate(self) -> None:
        day = self.today()
        if day != self._day:
            self._day, self._salt, self._events = day, secrets.token_bytes(32), {}

    def _key(self, client: str) -> bytes:
        return hmac.new(self._salt, client.encode(), hashlib.sha256).digest()[:16]

    def allow(self, client: str) -> bool:
        """Count one event for `client`; False when it is over the limit (that try is not counted)."""
        with self.lock:
            self._rotate()
            moment = self.clock()
            events = self._events.setdefault(self._key(client), deque())
            while events and events[0] <= moment - self.window:
                events.popleft()
            if len(events) >= self.limit:
                return False
            events.append(moment)
            if len(self._events) > 50_000:  # a flood of new clients: forget the idle ones
                self._events = {k: v for k, v in self._events.items() if v and v[-1] > moment - self.window}
            return True

    def known_keys(self) -> int:
        return len(self._events)
