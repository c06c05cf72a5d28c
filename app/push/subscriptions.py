"""Subscriptions: validating what a browser sends, storing it, removing it."""
from __future__ import annotations

import base64
import binascii
import datetime as dt
import ipaddress
import json
import os
import re
from urllib.parse import urlsplit

from flask import current_app, has_app_context

from ..languages import CODES
from ..settings import host_list
from ..store import migrations, transaction

TOPICS = ("news", "elections", "mitid-digital-post")
# Push services of the browsers people use: the default of TRINVIS_PUSH_HOSTS (app.config
# "PUSH_HOSTS"). A leading dot allows any subdomain. Only these hosts ever receive a request from us.
PUSH_HOSTS = ("fcm.googleapis.com", "updates.push.services.mozilla.com", "web.push.apple.com",
              ".push.apple.com", ".notify.windows.com")
HOST = re.compile(r"^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{1,62}$")
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


@schema()
def m002_failing_since(db):
    # When deliveries to a subscription started failing (cleared by the next success): pruning
    # goes by this, so a subscription that simply had nothing sent to it is never removed.
    db["push_subscriptions"].add_column("failing_since", str)
    db.execute("UPDATE push_subscriptions SET failing_since = (SELECT MIN(d.updated) FROM push_deliveries d "
               "WHERE d.subscription_id = push_subscriptions.id AND d.status = 'failed' "
               "AND d.updated > COALESCE(push_subscriptions.last_success, '')) WHERE failures > 0")


@schema()
def m003_lease(db):
    # Which sender is sending an announcement, and until when it holds it (renewed after every
    # batch). A hold that has run out (a restart, a crash) lets `push send-queued` take over.
    db["announcements"].add_column("lease_token", str)
    db["announcements"].add_column("lease_until", float)


class Invalid(ValueError):
    """A subscription the app refuses; the message says what is wrong."""


def parse_hosts(value) -> list[str]:
    """The push services endpoints may point at, from PUSH_HOSTS: a list, or the comma-separated
    text of TRINVIS_PUSH_HOSTS. "push.example.com" allows that host only; ".example.com" any
    host under example.com. Raises ValueError with the reason for anything else."""
    hosts = host_list(value, "TRINVIS_PUSH_HOSTS", "a host name such as fcm.googleapis.com, or a domain with a "
                      "leading dot such as .push.apple.com", lambda host: HOST.match(host.removeprefix(".")))
    if not hosts:
        raise ValueError("TRINVIS_PUSH_HOSTS names no push service: no browser could subscribe")
    return hosts


def allowed_hosts() -> tuple[str, ...]:
    if has_app_context():
        return tuple(current_app.config.get("PUSH_HOSTS", PUSH_HOSTS))
    return PUSH_HOSTS


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
    if not any(host == h or (h.startswith(".") and host.endswith(h)) for h in allowed_hosts()):
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
    replace = payload.get("replace_topics", False)
    if not isinstance(topics, list) or any(t not in TOPICS for t in topics):
        raise Invalid(f"topics must be a list of {', '.join(TOPICS)}")
    if not isinstance(guides, list) or len(guides) > MAX_GUIDES or any(g not in known_guides for g in guides):
        raise Invalid("guides must be a list of guide slugs")
    if not isinstance(replace, bool):
        raise Invalid("replace_topics must be true or false")
    if not topics and not guides and not replace:
        raise Invalid("choose at least one topic or guide")
    if lang not in CODES:
        raise Invalid(f"lang must be one of {', '.join(CODES)}")
    return {"endpoint": check_endpoint(sub.get("endpoint")), "p256dh": _key(keys.get("p256dh"), "p256dh", 65),
            "auth": _key(keys.get("auth"), "auth", 16), "lang": lang,
            "topics": sorted(set(topics)), "guides": sorted(set(guides)), "replace_topics": replace}


def endpoint_of(payload: object) -> str:
    """The endpoint named in a body such as {"endpoint": "https://..."}; raises Invalid."""
    if not isinstance(payload, dict) or not isinstance(payload.get("endpoint"), str) or not payload["endpoint"]:
        raise Invalid("the body must be JSON with the subscription's endpoint")
    if len(payload["endpoint"]) > 1024:
        raise Invalid("endpoint must be a URL of at most 1024 characters")
    return payload["endpoint"]


def now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def save(db, row: dict) -> dict | None:
    """Store a subscription and return what is stored for its endpoint (None when nothing is).

    Guides are added to those already followed (each guide is followed from its own page). Topics
    are added too, unless row["replace_topics"]: then the topics sent are the whole choice (the
    notifications page sends every box), and a subscription left with no topic and no guide is
    deleted."""
    with transaction(db):
        existing = db.execute("SELECT id, topics, guides FROM push_subscriptions WHERE endpoint = ?",
                              [row["endpoint"]]).fetchone()
        stored_topics = set(json.loads(existing[1])) if existing else set()
        stored_guides = set(json.loads(existing[2])) if existing else set()
        topics = sorted(set(row["topics"]) | (set() if row.get("replace_topics") else stored_topics))
        guides = sorted(stored_guides | set(row["guides"]))
        if not topics and not guides:
            if existing:
                db.execute("DELETE FROM push_subscriptions WHERE id = ?", [existing[0]])
            return None
        if existing:
            db.execute("UPDATE push_subscriptions SET p256dh = ?, auth = ?, lang = ?, topics = ?, guides = ?, "
                       "updated = ? WHERE id = ?", [row["p256dh"], row["auth"], row["lang"], json.dumps(topics),
                                                    json.dumps(guides), now(), existing[0]])
        else:
            db.execute(
                "INSERT INTO push_subscriptions (endpoint, p256dh, auth, lang, topics, guides, created, updated, "
                "failures) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0)",
                [row["endpoint"], row["p256dh"], row["auth"], row["lang"], json.dumps(topics), json.dumps(guides),
                 now(), now()])
    return {"topics": topics, "guides": guides, "lang": row["lang"]}


def lookup(db, endpoint: str) -> dict | None:
    """The topics, guides and language stored for exactly this endpoint, or None."""
    found = db.execute("SELECT topics, guides, lang FROM push_subscriptions WHERE endpoint = ?",
                       [endpoint]).fetchone()
    if not found:
        return None
    return {"topics": json.loads(found[0]), "guides": json.loads(found[1]), "lang": found[2]}


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
    """Delete subscriptions whose deliveries have failed, with no success, for `days` days.

    Only failures count: a subscription that had nothing sent to it (no announcement on its
    topics, no change to its guides) stays however old it is. Returns how many were deleted."""
    cutoff = ((today or dt.date.today()) - dt.timedelta(days=days)).isoformat()
    with transaction(db):
        cursor = db.execute("DELETE FROM push_subscriptions WHERE failures > 0 AND failing_since < ?", [cutoff])
    return cursor.rowcount
