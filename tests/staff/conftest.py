"""Fixtures for the staff tests: a clock the tests can move, accounts ready to log in."""
from __future__ import annotations

import pytest

from app import store

from .helpers import make_staff


class Clock:
    """Stands in for time.time(): app.config["STAFF_CLOCK"]."""

    def __init__(self, start: float = 1_800_000_000.0):
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock(app):
    moving = Clock()
    app.config["STAFF_CLOCK"] = moving
    return moving


@pytest.fixture
def staff_member(app):
    return make_staff(app, "staff@aabenraa.dk", role="staff")


@pytest.fixture
def admin(app):
    return make_staff(app, "admin@aabenraa.dk", role="admin")


@pytest.fixture
def db(app):
    connection = store.connect(app.config["DATABASE"])
    yield connection
    connection.conn.close()


def session_cookie(client, name: str = "trinvis_staff"):
    """The value of the staff session cookie the test client holds (None when it has none)."""
    cookie = client.get_cookie(name)
    return cookie.value if cookie else None
