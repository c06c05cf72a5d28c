"""Subscriptions: validating what a browser sends, storing it, removing it."""
from __future__ import annotations

import base64
import binascii
import datetime as dt
import ipaddress
import json
import os
from urllib.parse import urlsplit

from ..languages import CODES
from ..store import migrations, transaction

TOPICS = ("news", "elections", "mitid-digital-post")
# Push services of the browsers people use. Only these hosts ever receive a request from us.
PUSH_HOSTS = ("fcm.googleapis.com", "updates.push.services.mozilla.com", "web.push.apple.com",
              ".push.apple.com", ".notify.windows.com")
MAX_GUIDES = 50

schema = migrations("trinvis.push")


@schema()
def m001_push(db):
    db["push_subscriptions"].create({
        "id": int, "endpoint": str, "p256dh": str, "auth": str, "lang": str, "topics": str,
        "guides": str, "created": str, "updated": str, "last_success": str, "failures": int,
    }, pk="id", not_null={"endpoint", "p256dh", "auth", "lang"}, defaults={"failures": 0})
    db["push_subscriptions"].create_index(["endpoint"], unique=True)
    db["announcements"].create({
        "id": int, "topic": str, "guide": str, "titles": str, "bodies": str, "url": str, "ttl": int,
        "urgency": str, "created": str, "created_by": str, "status": str,
        "sent": int, "delivered": int, "failed": int, "removed": int,
    }, pk="id", defaults={"sent": 0, "delivered": 0, "failed": 0, "removed": 0, "status": "queued"})
    db["push_deliveries"].create({
        "announcement_id": int, "subscription_id": int, "status": str, "code": int,
        "attempts": int, "updated": str,
    }, pk=("announcement_id", "subscription_id"))
    db["push_guide_versions"].create({"slug": str, "version": str}, pk="slug")


class Invalid(ValueError):
    """A subscription the app refuses; the message says what is wrong."""


def loopback_allowed() -> bool:
    # For tests only: lets a local stub push service on 127.0.0.1 receive messages.
    return os.environ.get("TRINVIS_PUSH_ALLOW_LOOPBACK") == "1"


def check_endpoint(endpoint: object) -> str:
    """An endpoint we may send to: https on a known push service (no server-side request forgery)."""
    if not isinstance(endpoint, str) or len(endpoint) > 1024:
        raise Invalid("subscription.endpoint must be a URL of at most 1024 characters")
    parts = urlsplit(endpoint)
    host = (parts.hostname or "").lower()
    if loopback_allowed() and parts.scheme == "http" and host == "127.0.0.1" and parts.port:
        return endpoint
    if parts.scheme != "https":
        raise Invalid("subscription.endpoint must use https")
    if parts.username or parts.password:
        raise Invalid("subscription.endpoint must not contain a user name or password")
    try:
        ipaddress.ip_address(host.strip("[]"))
        raise Invalid("subscription.endpoint must name a push service, not an IP address")
    except ValueError:
        pass
    if parts.port not in (None, 443):
        raise Invalid("subscription.endpoint must use the standard https port")
    if not any(host == h or (h.startswith(".") and host.endswith(h)) for h in PUSH_HOSTS):
        raise Invalid(f"subscription.endpoint host {host!r} is not a known push service")
    return endpoint


def _key(value: object, name: str, size: int) -> str:
    if not isinstance(value, str):
        raise Invalid(f"subscription.keys.{name} must be a base64url string")
    try:
        raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
    except (binascii.Error, ValueError):
        raise Invalid(f"subscription.keys.{name} is not valid base64url")
    if len(raw) != size:
        raise Invalid(f"subscription.keys.{name} must be {size} bytes, not {len(raw)}")
    return value


def parse(payload: object, known_guides: set[str]) -> dict:
    """Check a subscription request body; returns the row to store or raises Invalid."""
    if not isinstance(payload, dict):
        raise Invalid("the body must be a JSON object")
    sub = payload.get("subscription")
    if not isinstance(sub, dict):
        raise Invalid("subscription must be an object with endpoint and keys")
    keys = sub.get("keys")
    if not isinstance(keys, dict):
        raise Invalid("subscription.keys must be an object with p256dh and auth")
    topics = payload.get("topics", [])
    guides = payload.get("guides", [])
    lang = payload.get("lang")
    if not isinstance(topics, list) or any(t not in TOPICS for t in topics):
        raise Invalid(f"topics must be a list of {', '.join(TOPICS)}")
    if not isinstance(guides, list) or len(guides) > MAX_GUIDES or any(g not in known_guides for g in guides):
        raise Invalid("guides must be a list of guide slugs")
    if not topics and not guides:
        raise Invalid("choose at least one topic or guide")
    if lang not in CODES:
        raise Invalid(f"lang must be one of {', '.join(CODES)}")
    return {"endpoint": check_endpoint(sub.get("endpoint")), "p256dh": _key(keys.get("p256dh"), "p256dh", 65),
            "auth": _key(keys.get("auth"), "auth", 16), "lang": lang,
            "topics": sorted(set(topics)), "guides": sorted(set(guides))}


def now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def save(db, row: dict) -> int:
    """Store a subscription, merging topics and guides when the endpoint is already known."""
    with transaction(db):
        existing = db.execute("SELECT id, topics, guides FROM push_subscriptions WHERE endpoint = ?",
                              [row["endpoint"]]).fetchone()
        if existing:
            topics = sorted(set(json.loads(existing[1])) | set(row["topics"]))
            guides = sorted(set(json.loads(existing[2])) | set(row["guides"]))
            db.execute("UPDATE push_subscriptions SET p256dh = ?, auth = ?, lang = ?, topics = ?, guides = ?, "
                       "updated = ? WHERE id = ?", [row["p256dh"], row["auth"], row["lang"], json.dumps(topics),
                                                    json.dumps(guides), now(), existing[0]])
            return existing[0]
        cursor = db.execute(
            "INSERT INTO push_subscriptions (endpoint, p256dh, auth, lang, topics, guides, created, updated, failures) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0)", [row["endpoint"], row["p256dh"], row["auth"], row["lang"],
                                                    json.dumps(row["topics"]), json.dumps(row["guides"]), now(), now()])
        return cursor.lastrowid


def remove(db, endpoint: str, topic: str | None = None, guide: str | None = None) -> bool:
    """Unsubscribe entirely, or from one topic or guide (the row goes when nothing is left)."""
    with transaction(db):
        found = db.execute("SELECT id, topics, guides FROM push_subscriptions WHERE endpoint = ?",
                           [endpoint]).fetchone()
        if not found:
            return False
        topics = [t for t in json.loads(found[1]) if topic is None or t != topic]
        guides = [g for g in json.loads(found[2]) if guide is None or g != guide]
        if (topic is None and guide is None) or (not topics and not guides):
            db.execute("DELETE FROM push_subscriptions WHERE id = ?", [found[0]])
        else:
            db.execute("UPDATE push_subscriptions SET topics = ?, guides = ?, updated = ? WHERE id = ?",
                       [json.dumps(topics), json.dumps(guides), now(), found[0]])
        return True


def prune(db, today: dt.date | None = None, days: int = 60) -> int:
    """Delete subscriptions with no successful delivery for `days` days; returns how many."""
    cutoff = ((today or dt.date.today()) - dt.timedelta(days=days)).isoformat()
    with transaction(db):
        cursor = db.execute("DELETE FROM push_subscriptions WHERE COALESCE(last_success, created) < ?", [cutoff])
    return cursor.rowcount
