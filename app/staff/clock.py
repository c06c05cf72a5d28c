"""The staff area's clock: one place to read the time, so tests can move it."""
from __future__ import annotations

import time

from flask import current_app


def now() -> float:
    """Seconds since the epoch; `app.config["STAFF_CLOCK"]` (a callable) replaces the wall clock in tests."""
    clock = current_app.config.get("STAFF_CLOCK") or time.time
    return float(clock())
