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
