"""A real SQLite file with every migration applied, and small builders for partners and kits."""
from __future__ import annotations

import datetime as dt

import pytest

from app import store
from app.lending import register, schema  # noqa: F401  (registers the lending migrations)
from app.staff import schema as staff_schema  # noqa: F401  (the audit_log table)

ACTOR = "anna@aabenraa.dk"
TODAY = dt.date(2025, 3, 14)
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
