"""A real SQLite file with every migration applied, and small builders for partners and kits."""
from __future__ import annotations

import datetime as dt

import pytest

from app import store
from app.lending import register, schema  # noqa: F401  (registers the lending migrations)
from app.staff import schema as staff_schema  # noqa: F401  (the audit_log table)
from tests.staff.helpers import login, make_staff

ACTOR = "anna@aabenraa.dk"
TODAY = dt.date(2025, 3, 14)
WEB_TODAY = TODAY  # "today" for the tests that go through the pages
PARTS = [{"name": "Tablet", "model": "Samsung Galaxy Tab A9", "serial": "R9XT100"},
         {"name": "Charger", "model": "", "serial": ""},
         {"name": "Stand", "model": "", "serial": ""},
         {"name": "Printed handouts", "model": "", "serial": ""}]
ALL_OUT = {"parts_present": "1", "charged": "1", "kiosk_enrolled": "1"}
ALL_BACK = {"turns_on": "1", "parts_back": "1", "screen_ok": "1", "wiped": "1"}


@pytest.fixture
def db_path(tmp_path):
    path = str(tmp_path / "lending.sqlite3")
    store.migrate(path)
    return path


@pytest.fixture
def db(db_path):
    database = store.connect(db_path)
    yield database
    database.conn.close()


def make_partner(db, name="Den Blå Oase", **extra) -> int:
    data = {"name": name, "address": "Storegade 1, 6200 Aabenraa", "contact_person": "Mette Jensen",
            "phone": "+45 20 30 40 50", "email": "mette@blaaoase.dk", "active": "1", **extra}
    return register.create_partner(db, data, ACTOR)


def make_kit(db, tag="AAB-KIT-001", parts=PARTS, **extra) -> int:
    return register.create_kit(db, {"asset_tag": tag, **extra}, parts, ACTOR)


def count(db, table: str) -> int:
    return db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


@pytest.fixture
def staff(app, client):
    """A test client logged in as a member of staff; the register's "today" is WEB_TODAY."""
    app.config["LENDING_TODAY"] = WEB_TODAY
    make_staff(app, "anna@aabenraa.dk")
    assert login(client, "anna@aabenraa.dk").status_code == 303
    return client
