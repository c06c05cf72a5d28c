"""The rules for lent tablets, as plain functions that take a db: enrolment, PIN, heartbeat."""
from __future__ import annotations

import hashlib
import hmac
import secrets
import time

from app.languages import CODES

ENROLMENT_SECONDS = 24 * 3600
PIN_ITERATIONS = 100_000
PIN_TRIES = 5
PIN_LOCK_SECONDS = 300
SILENT_SECONDS = 24 * 3600
DEFAULT_IDLE = 180
PANEL_SECONDS = 10 * 60


class Refused(Exception):
    """An enrolment link that cannot be used; `kind` is "invalid", "used" or "expired"."""

    def __init__(self, kind: str):
        super().__init__(kind)
        self.kind = kind


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def pin_hash(pin: str, salt: bytes, iterations: int = PIN_ITERATIONS) -> str:
    """PBKDF2-HMAC-SHA256, the same the tablet computes offline with WebCrypto."""
    return hashlib.pbkdf2_hmac("sha256", pin.encode(), salt, iterations).hex()


def parse_languages(text: str | None) -> list[str]:
    codes = [c.strip() for c in (text or "").split(",") if c.strip()] or list(CODES)
    unknown = [c for c in codes if c not in CODES]
    if unknown:
        raise ValueError(f"unknown language(s): {', '.join(unknown)}")
    return codes


def create_device(db, partner: str, pin: str, languages: list[str], idle_seconds: int = DEFAULT_IDLE,
                  name: str | None = None, now: float | None = None) -> tuple[dict, str]:
    """A new device and its one-time enrolment token (returned once, stored only as a hash)."""
    if not partner.strip():
        raise ValueError("a partner name is needed")
    if not (pin.isdigit() and 4 <= len(pin) <= 12):
        raise ValueError("the PIN must be 4 to 12 digits")
    if idle_seconds < 60:
        raise ValueError("the idle time must be at least 60 seconds")
    now = time.time() if now is None else now
    salt = secrets.token_bytes(16)
    count = db.execute("select count(*) from kiosk_devices where partner = ?", [partner]).fetchone()[0]
    table = db["kiosk_devices"]
    table.insert({
        "name": name or f"{partner} #{count + 1}", "partner": partner.strip(),
        "token_hash": digest(secrets.token_urlsafe(32)),  # replaced at enrolment
        "languages": ",".join(languages), "idle_seconds": idle_seconds,
        "pin_salt": salt.hex(), "pin_hash": pin_hash(pin, salt), "pin_iterations": PIN_ITERATIONS,
        "pin_failures": 0, "created": now,
    })
    device = table.get(table.last_pk)
    token = secrets.token_urlsafe(24)
    db["kiosk_enrolments"].insert({"token_hash": digest(token), "device_id": device["id"],
                                   "expires": now + ENROLMENT_SECONDS, "used": None})
    return device, token


def describe(device: dict) -> str:
    """A line for the audit log (never the PIN or a token)."""
    return (f"{device['name']} ({device['partner']}), sprog {device['languages']}, "
            f"tomgang {device['idle_seconds']} s")


def check_enrolment(db, token: str, now: float | None = None) -> dict:
    """The enrolment row for a token that may still be used; Refused otherwise."""
    now = time.time() if now is None else now
    rows = list(db["kiosk_enrolments"].rows_where("token_hash = ?", [digest(token)]))
    if not rows:
        raise Refused("invalid")
    row = rows[0]
    if row["used"]:
        raise Refused("used")
    if row["expires"] < now:
        raise Refused("expired")
    return row


def enrol(db, token: str, now: float | None = None) -> tuple[dict, str]:
    """Use the link once: mark it used and give the device a fresh identity (the cookie value)."""
    now = time.time() if now is None else now
    row = check_enrolment(db, token, now)
    identity = secrets.token_urlsafe(32)
    changed = db.execute("update kiosk_enrolments set used = ? where token_hash = ? and used is null",
                         [now, row["token_hash"]]).rowcount
    if changed != 1:
        raise Refused("used")
    db["kiosk_devices"].update(row["device_id"], {"token_hash": digest(identity), "enrolled": now,
                                                  "content_updated": now})
    return db["kiosk_devices"].get(row["device_id"]), identity


def by_identity(db, identity: str | None) -> dict | None:
    if not identity:
        return None
    rows = list(db["kiosk_devices"].rows_where("token_hash = ? and enrolled is not null", [digest(identity)]))
    return rows[0] if rows else None


def check_pin(db, device: dict, pin: str, now: float | None = None) -> tuple[bool, float]:
    """(right?, locked until). Five wrong tries lock the panel for five minutes."""
    now = time.time() if now is None else now
    fresh = db["kiosk_devices"].get(device["id"])
    if (fresh["pin_locked_until"] or 0) > now:
        return False, fresh["pin_locked_until"]
    right = hmac.compare_digest(
        pin_hash(pin, bytes.fromhex(fresh["pin_salt"]), fresh["pin_iterations"]), fresh["pin_hash"])
    if right:
        db["kiosk_devices"].update(fresh["id"], {"pin_failures": 0, "pin_locked_until": None})
        return True, 0
    failures = (fresh["pin_failures"] or 0) + 1
    locked = now + PIN_LOCK_SECONDS if failures >= PIN_TRIES else None
    db["kiosk_devices"].update(fresh["id"], {"pin_failures": 0 if locked else failures,
                                             "pin_locked_until": locked})
    return False, locked or 0


def allowed_languages(device: dict) -> list[str]:
    """The languages chosen at enrolment; the volunteer may show any of them."""
    return [c for c in (device["languages"] or "").split(",") if c]


def shown_languages(device: dict) -> list[str]:
    """The languages the kiosk offers now (all allowed ones until the volunteer picks)."""
    allowed = allowed_languages(device)
    shown = [c for c in (device.get("shown_languages") or "").split(",") if c in allowed]
    return shown or allowed


def set_languages(db, device: dict, codes: list[str]) -> list[str]:
    """Show `codes` (at least one, all among the allowed ones), kept in the allowed order."""
    allowed = allowed_languages(device)
    wanted = set(codes)
    if not wanted:
        raise ValueError("choose at least one language")
    if wanted - set(allowed):
        raise ValueError("only languages allowed at enrolment can be shown")
    shown = [c for c in allowed if c in wanted]
    db["kiosk_devices"].update(device["id"], {"shown_languages": ",".join(shown)})
    return shown


def open_panel(db, device: dict, now: float | None = None) -> str:
    """After a right PIN: a token for the panel's changes (stored as a hash, valid ten minutes)."""
    now = time.time() if now is None else now
    token = secrets.token_urlsafe(24)
    db["kiosk_devices"].update(device["id"], {"panel_token_hash": digest(token), "panel_token_expires": now + PANEL_SECONDS})
    return token


def panel_open(db, device: dict, token: str | None, now: float | None = None) -> bool:
    now = time.time() if now is None else now
    fresh = db["kiosk_devices"].get(device["id"])
    return bool(token and fresh.get("panel_token_hash")) and (fresh["panel_token_expires"] or 0) > now \
        and hmac.compare_digest(digest(token), fresh["panel_token_hash"])


def heartbeat(db, device: dict, content_version: str, battery: float | None, now: float | None = None) -> None:
    now = time.time() if now is None else now
    if battery is not None and not 0 <= battery <= 1:
        battery = None
    content_version = (content_version or "")[:40]
    db["kiosk_heartbeats"].insert({"device_id": device["id"], "at": now,
                                   "content_version": content_version, "battery": battery})
    db["kiosk_devices"].update(device["id"], {"last_seen": now, "battery": battery,
                                              "content_version": content_version})
    # Keep a week of beats per device; older ones say nothing new.
    db.execute("delete from kiosk_heartbeats where device_id = ? and at < ?", [device["id"], now - 7 * 86400])


def content_refreshed(db, device: dict, version: str, now: float | None = None) -> None:
    db["kiosk_devices"].update(device["id"], {"content_updated": time.time() if now is None else now,
                                              "content_version": version[:40]})


def for_staff(db, now: float | None = None) -> list[dict]:
    """Every device with `silent` set when it has not reported for more than a day."""
    now = time.time() if now is None else now
    out = []
    for row in db["kiosk_devices"].rows_where(order_by="partner, name"):
        seen = next(t for t in (row["last_seen"], row["enrolled"], row["created"]) if t is not None)
        out.append({**row, "silent": row["enrolled"] is not None and now - seen > SILENT_SECONDS})
    return out
