"""Large handout batches from the staff page, printed in the background with visible progress.

A batch with more than a few handouts not yet printed takes longer than a web request should
(the whole library: about 20–30 s). The staff page starts a job instead: a thread in this worker
prints the batch (on every core, as the command line does) and writes its progress into the
database, so whichever worker answers the progress page can show it. The finished PDF waits in
the instance folder for a day.
"""
from __future__ import annotations

import datetime as dt
import logging
import os
import secrets
import threading
from pathlib import Path

from flask import current_app

from ..store import connect, migrations
from . import batch

log = logging.getLogger(__name__)
QUICK = 6                 # at most this many handouts to print: the PDF comes back at once
STALLED = dt.timedelta(minutes=10)   # a running job silent this long died with its worker
KEEP = dt.timedelta(days=1)

schema = migrations("trinvis.handouts")


@schema()
def m002_handout_jobs(db):
    db.execute("""CREATE TABLE IF NOT EXISTS handout_jobs (
        id TEXT PRIMARY KEY, owner TEXT NOT NULL, total INTEGER NOT NULL, done INTEGER NOT NULL DEFAULT 0,
        state TEXT NOT NULL, error TEXT NOT NULL DEFAULT '', created TEXT NOT NULL, updated TEXT NOT NULL)""")


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0)


def folder() -> Path:
    return Path(current_app.instance_path) / "handout-jobs"


def to_print(db, pairs) -> int:
    """How many of these handouts are not in the cache yet."""
    return len(batch.uncached(db, pairs)[1])


def start(db, owner: str, pairs) -> str:
    """Start printing `pairs` into one PDF; returns the job's id (also its secret address)."""
    _clean_up(db)
    job_id = secrets.token_urlsafe(12)
    stamp = _now().isoformat()
    db.execute("INSERT INTO handout_jobs (id, owner, total, done, state, created, updated) "
               "VALUES (?, ?, ?, 0, 'running', ?, ?)", [job_id, owner, len(pairs), stamp, stamp])
    app = current_app._get_current_object()
    work = [(guide.slug, lang) for guide, lang in pairs]
    threading.Thread(target=_run, args=(app, job_id, work), name=f"handouts-{job_id}", daemon=True).start()
    return job_id


def _run(app, job_id: str, work: list[tuple[str, str]]) -> None:
    from ..guides import library
    with app.app_context():
        db = connect(app.config["DATABASE"])
        try:
            lib = library()
            pairs = [(lib.find(slug), lang) for slug, lang in work]
            if any(guide is None for guide, _ in pairs):
                raise LookupError("a guide was removed while the batch was printing")

            def progress(done, total, guide, lang):
                db.execute("UPDATE handout_jobs SET done = ?, updated = ? WHERE id = ?",
                           [done, _now().isoformat(), job_id])

            data = batch.batch_pdf(db, pairs, progress=progress, jobs=os.cpu_count() or 1)
            folder().mkdir(parents=True, exist_ok=True)
            part = folder() / f"{job_id}.pdf.part"
            part.write_bytes(data)
            part.replace(folder() / f"{job_id}.pdf")
            db.execute("UPDATE handout_jobs SET state = 'done', done = total, updated = ? WHERE id = ?",
                       [_now().isoformat(), job_id])
        except Exception as exc:  # the page must say it failed, not wait for ever
            log.exception("handout batch %s failed", job_id)
            db.execute("UPDATE handout_jobs SET state = 'failed', error = ?, updated = ? WHERE id = ?",
                       [str(exc)[:300], _now().isoformat(), job_id])
        finally:
            db.conn.close()


def get(db, job_id: str, owner: str) -> dict | None:
    """The job as its owner sees it; a running job whose worker died shows as failed."""
    row = db.execute("SELECT id, owner, total, done, state, error, created, updated FROM handout_jobs "
                     "WHERE id = ?", [job_id]).fetchone()
    if row is None or row[1] != owner:
        return None
    job = dict(zip(("id", "owner", "total", "done", "state", "error", "created", "updated"), row))
    if job["state"] == "running" and _now() - dt.datetime.fromisoformat(job["updated"]) > STALLED:
        job["state"] = "failed"
    if job["state"] == "done" and not path(job_id).exists():
        job["state"] = "gone"
    return job


def path(job_id: str) -> Path:
    return folder() / f"{job_id}.pdf"


def _clean_up(db) -> None:
    """Forget jobs, and delete their PDFs, after a day."""
    cutoff = (_now() - KEEP).isoformat()
    for (old,) in db.execute("SELECT id FROM handout_jobs WHERE created < ?", [cutoff]).fetchall():
        path(old).unlink(missing_ok=True)
    db.execute("DELETE FROM handout_jobs WHERE created < ?", [cutoff])
