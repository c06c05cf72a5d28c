"""The kiosk tables: lent tablets (devices), one-time enrolment links, heartbeats."""
from __future__ import annotations

from app import store

migrations = store.migrations("trinvis.kiosk")


@migrations()
def m001_devices(db):
    db["kiosk_devices"].create({
        "id": int, "name": str, "partner": str, "token_hash": str, "languages": str,
        "idle_seconds": int, "pin_salt": str, "pin_hash": str, "pin_iterations": int,
        "pin_failures": int, "pin_locked_until": float, "created": float, "enrolled": float,
        "content_version": str, "content_updated": float, "last_seen": float, "battery": float,
    }, pk="id", not_null={"name", "partner"}, defaults={"pin_failures": 0}, if_not_exists=True)
    db["kiosk_devices"].create_index(["token_hash"], unique=True, if_not_exists=True)
    db["kiosk_enrolments"].create({
        "token_hash": str, "device_id": int, "expires": float, "used": float,
    }, pk="token_hash", foreign_keys=[("device_id", "kiosk_devices", "id")], if_not_exists=True)
    db["kiosk_heartbeats"].create({
        "id": int, "device_id": int, "at": float, "content_version": str, "battery": float,
    }, pk="id", foreign_keys=[("device_id", "kiosk_devices", "id")], if_not_exists=True)
    db["kiosk_heartbeats"].create_index(["device_id", "at"], if_not_exists=True)


@migrations()
def m002_shown_languages_and_panel(db):
    # `languages` stays the set allowed at enrolment; the volunteer picks which of them show.
    # The panel token lets an opened volunteer panel change settings without sending the PIN again.
    table = db["kiosk_devices"]
    for column in ("shown_languages", "panel_token_hash"):
        if column not in table.columns_dict:
            table.add_column(column, str)
    if "panel_token_expires" not in table.columns_dict:
        table.add_column("panel_token_expires", float)
