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
import uuid
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from flask_babel import gettext
from pywebpush import WebPusher, WebPushException

from ..languages import CODES
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


def _unsent(announcement: dict) -> tuple[str, list]:
    """SQL (FROM and WHERE) and its parameters for the subscribers to the announcement's topic or
    guide that have no outcome for it yet."""
    column, key = ("guides", announcement["guide"]) if announcement.get("guide") else ("topics", announcement["topic"])
    return (f"FROM push_subscriptions WHERE EXISTS (SELECT 1 FROM json_each(push_subscriptions.{column}) "
            "WHERE value = ?) AND NOT EXISTS (SELECT 1 FROM push_deliveries d WHERE d.announcement_id = ? "
            "AND d.subscription_id = push_subscriptions.id)", [key, announcement["id"]])


def recipients(db, announcement: dict, limit: int | None = None) -> list[dict]:
    """Subscribers to the announcement's topic or guide that have no outcome for it yet."""
    where, params = _unsent(announcement)
    sql = f"SELECT * {where} ORDER BY id"
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    return [dict(row) for row in db.query(sql, params)]


def load(db, announcement_id: int) -> dict:
    row = dict(db["announcements"].get(announcement_id))
    row["titles"], row["bodies"] = json.loads(row["titles"]), json.loads(row["bodies"])
    return row


PROCESS_THRESHOLD = 400  # from this many recipients on, every core encrypts and sends
BATCH = 500              # outcomes are written after every batch, so a restart loses little
LEASE_SECONDS = 300      # a sender holds an announcement this long, renewed after every batch


_process_sender: Sender | None = None  # in a worker process: kept for all the batches of one send
_process_threads: ThreadPoolExecutor | None = None


def _send_chunk(key_file: str, subject: str, workers: int, subscribers: list[dict], payloads: dict,
                ttl: int, urgency: str) -> list[Outcome]:
    """In a worker process: its own VAPID signer, threads and open connections, the same rules."""
    global _process_sender, _process_threads
    if _process_sender is None:
        from py_vapid import Vapid02
        _process_sender = Sender(Vapid02.from_file(key_file), subject=subject, key_file=key_file, workers=workers)
        _process_threads = ThreadPoolExecutor(max_workers=workers)
    return list(_process_threads.map(lambda s: _process_sender.send(s, payloads[s["lang"]], ttl, urgency), subscribers))


class FanOut:
    """Sends batch after batch. Encrypting is CPU work and holds the interpreter lock: a large send
    uses one process per core, started once and kept for all its batches. The same threads, and
    so the same open connections, serve every batch."""

    def __init__(self, sender: Sender, payloads: dict, ttl: int, urgency: str, total: int):
        self.sender, self.payloads, self.ttl, self.urgency = sender, payloads, ttl, urgency
        self.processes = os.cpu_count() or 1
        self.pool = self.threads = None
        if total >= PROCESS_THRESHOLD and self.processes >= 2 and sender.key_file:
            context = multiprocessing.get_context("spawn")  # never fork a process that runs threads
            self.pool = ProcessPoolExecutor(max_workers=self.processes, mp_context=context)
        else:
            self.threads = ThreadPoolExecutor(max_workers=sender.workers)

    def submit(self, subscribers: list[dict]) -> list:
        """Start sending a batch; collect() waits for its outcomes."""
        if self.pool is None:
            return [self.threads.submit(self.sender.send, s, self.payloads[s["lang"]], self.ttl, self.urgency)
                    for s in subscribers]
        chunks = [subscribers[i::self.processes] for i in range(self.processes)]
        return [self.pool.submit(_send_chunk, self.sender.key_file, self.sender.subject, self.sender.workers,
                                 chunk, self.payloads, self.ttl, self.urgency) for chunk in chunks if chunk]

    def collect(self, futures: list) -> list[Outcome]:
        if self.pool is None:
            return [future.result() for future in futures]
        return [outcome for future in futures for outcome in future.result()]

    def send(self, subscribers: list[dict]) -> list[Outcome]:
        return self.collect(self.submit(subscribers))

    def close(self) -> None:
        for pool in (self.pool, self.threads):
            if pool is not None:
                pool.shutdown(cancel_futures=True)


def claim(db, announcement_id: int) -> str | None:
    """Take an announcement that is queued, or left "sending" by a sender whose hold has run out
    (a restart, a crash). Returns this sender's token, or None when it is done or another sender
    holds it. Messages a lost sender had started on, without an outcome written, count as failed:
    they may have arrived, and nobody gets a message twice."""
    token = uuid.uuid4().hex
    with transaction(db):
        taken = db.execute(
            "UPDATE announcements SET status = 'sending', lease_token = ?, lease_until = ? WHERE id = ? "
            "AND status IN ('queued', 'sending') AND (lease_until IS NULL OR lease_until < ?)",
            [token, time.time() + LEASE_SECONDS, announcement_id, time.time()]).rowcount
        if not taken:
            return None
        db.execute("UPDATE push_deliveries SET status = 'failed', code = 0, attempts = 0, updated = ? "
                   "WHERE announcement_id = ? AND status = 'sending'", [now(), announcement_id])
    return token


def _holds(db, announcement_id: int, token: str) -> bool:
    row = db.execute("SELECT lease_token FROM announcements WHERE id = ?", [announcement_id]).fetchone()
    return bool(row) and row[0] == token


def next_batch(db, announcement: dict, token: str) -> list[dict]:
    """The next recipients with no outcome yet for this announcement, marked as being sent (so no
    other sender takes them), and the hold renewed. Empty when all are done or the hold was lost."""
    with transaction(db):
        if not _holds(db, announcement["id"], token):
            return []
        batch = recipients(db, announcement, limit=BATCH)
        db["push_deliveries"].insert_all(
            [{"announcement_id": announcement["id"], "subscription_id": sub["id"], "status": "sending", "code": 0,
              "attempts": 0, "updated": now()} for sub in batch])
        db.execute("UPDATE announcements SET lease_until = ? WHERE id = ?",
                   [time.time() + LEASE_SECONDS, announcement["id"]])
    return batch


def record(db, announcement_id: int, outcomes: list[Outcome]) -> None:
    """Write one batch's outcomes and the announcement's running figures."""
    stamp = now()
    with transaction(db):
        for outcome in outcomes:
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
        _update_counts(db, announcement_id)


def _update_counts(db, announcement_id: int) -> dict:
    by_status = dict(db.execute("SELECT status, COUNT(*) FROM push_deliveries WHERE announcement_id = ? "
                                "GROUP BY status", [announcement_id]).fetchall())
    counts = {"sent": sum(by_status.values()), "delivered": by_status.get("delivered", 0),
              "failed": by_status.get("failed", 0), "removed": by_status.get("removed", 0)}
    db.execute("UPDATE announcements SET sent = MAX(sent, ?), delivered = ?, failed = ?, removed = ? WHERE id = ?",
               [counts["sent"], counts["delivered"], counts["failed"], counts["removed"], announcement_id])
    return counts


def deliver(db, announcement_id: int, sender: Sender) -> dict | None:
    """Send one announcement to everyone subscribed to its topic or guide who has not had it yet;
    returns the announcement's counts, or None when another sender is sending it (or it is done).

    Safe to run again and from several processes at once: a subscription with an outcome for this
    announcement is never sent it again, and only the sender holding the announcement sends."""
    token = claim(db, announcement_id)
    if token is None:
        return None
    announcement = load(db, announcement_id)
    with transaction(db):
        done = db.execute("SELECT COUNT(*) FROM push_deliveries WHERE announcement_id = ?",
                          [announcement_id]).fetchone()[0]
        where, params = _unsent(announcement)
        total = done + db.execute(f"SELECT COUNT(*) {where}", params).fetchone()[0]
        db.execute("UPDATE announcements SET sent = ? WHERE id = ?", [total, announcement_id])
    payloads = {lang: payload_for(announcement, lang) for lang in CODES}
    ttl = max(1, int(announcement["ttl"] or 86400))  # never 0: an offline phone would never get it
    fan_out = FanOut(sender, payloads, ttl, announcement["urgency"], total - done)
    try:
        while batch := next_batch(db, announcement, token):
            record(db, announcement_id, fan_out.send(batch))
    finally:
        fan_out.close()
    with transaction(db):
        counts = _update_counts(db, announcement_id)
        db.execute("UPDATE announcements SET status = 'done', sent = ?, lease_token = NULL, lease_until = NULL "
                   "WHERE id = ? AND lease_token = ?", [counts["sent"], announcement_id, token])
    pruned = prune(db, days=PRUNE_DAYS)  # every run also clears out subscriptions that have failed for 60 days
    if pruned:
        log.info("removed %d push subscriptions that failed for %d days", pruned, PRUNE_DAYS)
    return counts


def send_queued(db, sender: Sender):
    """Deliver every announcement still queued or sending (after a restart, say). Yields each
    announcement's id and counts; counts are None when another sender holds it."""
    for (announcement_id,) in db.execute("SELECT id FROM announcements WHERE status IN ('queued', 'sending') "
                                         "ORDER BY id").fetchall():
        yield announcement_id, deliver(db, announcement_id, sender)


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
