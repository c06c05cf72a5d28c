"""Delivering an announcement: encrypt per subscriber, send concurrently, record every outcome.

404 and 410 remove the subscription at once; 429 and 5xx are retried with backoff, honouring
Retry-After; 413 is a bug on our side and is logged as one. Runs outside any request (a worker
thread started by the staff page, or the CLI).
"""
from __future__ import annotations

import datetime as dt
import email.utils
import http.client
import json
import logging
import multiprocessing
import os
import threading
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from flask_babel import gettext
from pywebpush import WebPusher, WebPushException

from ..store import transaction
from .subscriptions import now, prune
from .words import STOP, in_language
from .transport import Connections

log = logging.getLogger(__name__)
MAX_PAYLOAD = 3072          # bytes of JSON before encryption; push services take 4096 after it
URGENCIES = ("very-low", "low", "normal", "high")
VAPID_LIFETIME = 12 * 3600  # seconds a signed VAPID header is valid
VAPID_MARGIN = 600          # make a new one this long before it expires
PRUNE_DAYS = 60             # a subscription failing this long, with no success, is deleted


def payload_for(announcement: dict, lang: str) -> bytes:
    """The notification in the subscriber's language: theirs, else English, else Danish. The
    label of its "stop" button is always in the subscriber's own language."""
    titles, bodies = announcement["titles"], announcement["bodies"]
    chosen = lang if titles.get(lang) else ("en" if titles.get("en") else "da")
    return json.dumps({
        "title": titles[chosen], "body": bodies.get(chosen) or bodies["da"], "lang": chosen,
        "url": (announcement.get("url") or "/{lang}/").replace("{lang}", lang),
        "icon": "/static/icons/icon-192.png",
        "unsubscribe": f"/{lang}/notifications/#unsubscribe", "stop": in_language(STOP, lang),
    }, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def too_long(announcement: dict) -> list[str]:
    """Languages whose notification would be over the payload limit."""
    return [lang for lang in announcement["titles"] if len(payload_for(announcement, lang)) > MAX_PAYLOAD]


@dataclass
class Outcome:
    subscription_id: int
    status: str           # delivered, removed, failed
    code: int = 0
    attempts: int = 1


@dataclass
class Sender:
    vapid: object                      # py_vapid.Vapid02
    subject: str = "mailto:borgerservice@aabenraa.dk"
    key_file: str = ""                 # where the VAPID key lives, so a worker process can load it
    workers: int = 8
    max_attempts: int = 4
    max_wait: float = 60.0
    sleep: object = time.sleep
    _headers: dict = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _local: threading.local = field(default_factory=threading.local)

    def vapid_headers(self, endpoint: str) -> dict:
        """One signed VAPID header per push-service origin, reused until near expiry."""
        parts = urlsplit(endpoint)
        origin = f"{parts.scheme}://{parts.netloc}"
        with self._lock:
            cached = self._headers.get(origin)
            if cached and cached[1] - time.time() > VAPID_MARGIN:
                return cached[0]
            expires = int(time.time()) + VAPID_LIFETIME
            # a fresh claims dict each time: py_vapid writes into the one it is given
            headers = self.vapid.sign({"sub": self.subject, "aud": origin, "exp": expires})
            self._headers[origin] = (dict(headers), expires)
            return dict(headers)

    def connections(self) -> Connections:
        """This thread's open connections to push services."""
        if not hasattr(self._local, "connections"):
            self._local.connections = Connections(timeout=10)
        return self._local.connections

    def send(self, subscription: dict, data: bytes, ttl: int, urgency: str) -> Outcome:
        endpoint = subscription["endpoint"]
        for attempt in range(1, self.max_attempts + 1):
            wait = None
            try:  # a fresh ephemeral key and salt on every attempt, as for any new message
                body = WebPusher({"endpoint": endpoint, "keys": {"p256dh": subscription["p256dh"],
                                                                 "auth": subscription["auth"]}}).encode(data)["body"]
            except (WebPushException, ValueError) as exc:  # keys no browser would send: nothing to retry
                log.warning("push subscription %s has unusable keys: %s", subscription["id"], exc)
                return Outcome(subscription["id"], "failed", 0, attempt)
            headers = {**self.vapid_headers(endpoint), "Urgency": urgency, "TTL": str(ttl),
                       "Content-Encoding": "aes128gcm", "Content-Type": "application/octet-stream"}
            try:
                code, answer = self.connections().post(endpoint, body, headers)
            except (OSError, http.client.HTTPException) as exc:
                code = 0
                log.info("push to %s failed: %s", urlsplit(endpoint).netloc, exc)
            if code in (200, 201, 202):
                return Outcome(subscription["id"], "delivered", code, attempt)
            if code in (404, 410):
                return Outcome(subscription["id"], "removed", code, attempt)
            if code == 413:
                log.error("push service refused the payload as too large (%d bytes): a bug", len(data))
                return Outcome(subscription["id"], "failed", code, attempt)
            if code and code != 429 and code < 500:
                return Outcome(subscription["id"], "failed", code, attempt)
            if attempt == self.max_attempts:
                return Outcome(subscription["id"], "failed", code, attempt)
            if code:
                wait = retry_after(answer.get("Retry-After"))
            self.sleep(min(self.max_wait, wait if wait is not None else 2 ** attempt))
        raise AssertionError("unreachable")


def retry_after(value: str | None) -> float | None:
    """Seconds to wait from a Retry-After header (seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, (when - dt.datetime.now(dt.timezone.utc)).total_seconds())


def recipients(db, announcement: dict) -> list[dict]:
    if announcement.get("guide"):
        sql = ("SELECT * FROM push_subscriptions WHERE EXISTS "
               "(SELECT 1 FROM json_each(push_subscriptions.guides) WHERE value = ?)")
        key = announcement["guide"]
    else:
        sql = ("SELECT * FROM push_subscriptions WHERE EXISTS "
               "(SELECT 1 FROM json_each(push_subscriptions.topics) WHERE value = ?)")
        key = announcement["topic"]
    return [dict(row) for row in db.query(sql, [key])]


def load(db, announcement_id: int) -> dict:
    row = dict(db["announcements"].get(announcement_id))
    row["titles"], row["bodies"] = json.loads(row["titles"]), json.loads(row["bodies"])
    return row


PROCESS_THRESHOLD = 400  # from this many recipients on, every core encrypts and sends


def _send_all(sender: Sender, subscribers: list[dict], payloads: dict, ttl: int, urgency: str) -> list[Outcome]:
    with ThreadPoolExecutor(max_workers=sender.workers) as pool:
        return list(pool.map(lambda s: sender.send(s, payloads[s["lang"]], ttl, urgency), subscribers))


def _send_chunk(key_file: str, subject: str, workers: int, subscribers: list[dict], payloads: dict,
                ttl: int, urgency: str) -> list[Outcome]:
    """In a worker process: its own VAPID signer and connections, the same rules."""
    from py_vapid import Vapid02
    sender = Sender(Vapid02.from_file(key_file), subject=subject, key_file=key_file, workers=workers)
    return _send_all(sender, subscribers, payloads, ttl, urgency)


def fan_out(sender: Sender, subscribers: list[dict], payloads: dict, ttl: int, urgency: str) -> list[Outcome]:
    """Encrypting is CPU work and holds the interpreter lock: large fan-outs use one process per core."""
    processes = os.cpu_count() or 1
    if len(subscribers) < PROCESS_THRESHOLD or processes < 2 or not sender.key_file:
        return _send_all(sender, subscribers, payloads, ttl, urgency)
    chunks = [subscribers[i::processes] for i in range(processes)]
    context = multiprocessing.get_context("spawn")  # never fork a process that runs threads
    with ProcessPoolExecutor(max_workers=processes, mp_context=context) as pool:
        futures = [pool.submit(_send_chunk, sender.key_file, sender.subject, sender.workers, chunk, payloads,
                               ttl, urgency) for chunk in chunks]
        return [outcome for future in futures for outcome in future.result()]


def deliver(db, announcement_id: int, sender: Sender) -> dict:
    """Send one announcement to everyone subscribed to its topic or guide; returns the counts."""
    announcement = load(db, announcement_id)
    subscribers = recipients(db, announcement)
    db.execute("UPDATE announcements SET status = 'sending', sent = ? WHERE id = ?",
               [len(subscribers), announcement_id])
    payloads = {}
    for sub in subscribers:
        payloads.setdefault(sub["lang"], payload_for(announcement, sub["lang"]))
    ttl = max(1, int(announcement["ttl"] or 86400))  # never 0: an offline phone would never get it
    outcomes = fan_out(sender, subscribers, payloads, ttl, announcement["urgency"])
    stamp = now()
    counts = {"sent": len(subscribers), "delivered": 0, "failed": 0, "removed": 0}
    with transaction(db):
        for outcome in outcomes:
            counts[outcome.status] += 1
            db.execute("INSERT OR REPLACE INTO push_deliveries VALUES (?, ?, ?, ?, ?, ?)",
                       [announcement_id, outcome.subscription_id, outcome.status, outcome.code,
                        outcome.attempts, stamp])
            if outcome.status == "delivered":
                db.execute("UPDATE push_subscriptions SET last_success = ?, failures = 0, failing_since = NULL "
                           "WHERE id = ?", [stamp, outcome.subscription_id])
            elif outcome.status == "removed":
                db.execute("DELETE FROM push_subscriptions WHERE id = ?", [outcome.subscription_id])
            else:
                db.execute("UPDATE push_subscriptions SET failures = failures + 1, "
                           "failing_since = COALESCE(failing_since, ?) WHERE id = ?",
                           [stamp, outcome.subscription_id])
        db.execute("UPDATE announcements SET status = 'done', delivered = ?, failed = ?, removed = ? WHERE id = ?",
                   [counts["delivered"], counts["failed"], counts["removed"], announcement_id])
    pruned = prune(db, days=PRUNE_DAYS)  # every run also clears out subscriptions that have failed for 60 days
    if pruned:
        log.info("removed %d push subscriptions that failed for %d days", pruned, PRUNE_DAYS)
    return counts


def queue(db, *, topic: str, titles: dict, bodies: dict, url: str = "", ttl: int = 86400,
          urgency: str = "normal", created_by: str = "", guide: str = "") -> int:
    """Store an announcement to be delivered; raises ValueError with a plain reason when it is wrong."""
    if not titles.get("da") or not bodies.get("da"):
        raise ValueError(gettext("A Danish title and text are required."))
    if urgency not in URGENCIES:
        raise ValueError(gettext("Urgency must be one of %(values)s.", values=", ".join(URGENCIES)))
    if not isinstance(ttl, int) or ttl <= 0:
        raise ValueError(gettext("The time to live must be a positive number of seconds."))
    titles = {k: v.strip() for k, v in titles.items() if v and v.strip()}
    bodies = {k: v.strip() for k, v in bodies.items() if v and v.strip() and k in titles}
    long = too_long({"titles": titles, "bodies": bodies, "url": url})
    if long:
        raise ValueError(gettext("The text is too long for a notification in: %(langs)s (at most %(limit)d "
                                 "bytes).", langs=", ".join(long), limit=MAX_PAYLOAD))
    with transaction(db):
        cursor = db.execute(
            "INSERT INTO announcements (topic, guide, titles, bodies, url, ttl, urgency, created, created_by, status,"
            " sent, delivered, failed, removed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'queued', 0, 0, 0, 0)",
            [topic, guide, json.dumps(titles, ensure_ascii=False), json.dumps(bodies, ensure_ascii=False),
             url, ttl, urgency, now(), created_by])
    return cursor.lastrowid
