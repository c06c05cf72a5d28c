"""The audit log: who changed what, and when, for every staff action that changes data."""
from __future__ import annotations

import datetime as dt

from . import schema  # noqa: F401  (the audit_log table)


def _now_iso() -> str:
    try:
        from .clock import now
        moment = now()
    except RuntimeError:  # outside an app context (a script): the wall clock
        import time
        moment = time.time()
    return dt.datetime.fromtimestamp(moment, dt.timezone.utc).isoformat(timespec="seconds")


def audit(db, actor_email: str, action: str, subject: str = "", detail: str = "") -> None:
    """Record that `actor_email` did `action` to `subject` (e.g. "kit:AAB-KIT-001").

    `action` is a short verb phrase ("kit.lend", "staff.disable"); `detail` is free text for
    the admin reading the log. Call it in the same transaction as the change where you can.
    """
    db.execute("INSERT INTO audit_log (at, actor, action, subject, detail) VALUES (?, ?, ?, ?, ?)",
               [_now_iso(), actor_email or "", action, subject or "", detail or ""])


def history(db, subject: str) -> list[dict]:
    """Every audit row for one subject, oldest first, as dicts (id, at, actor, action, subject, detail)."""
    cursor = db.execute("SELECT id, at, actor, action, subject, detail FROM audit_log "
                        "WHERE subject = ? ORDER BY id", [subject])
    columns = [c[0] for c in cursor.description]
    return [dict(zip(columns, row)) for row in cursor.fetchall()]


def recent(db, limit: int = 200, offset: int = 0, actor: str = "", subject: str = "") -> list[dict]:
    """The newest audit rows first, optionally only one actor's or one subject's."""
    where, params = [], []
    if actor:
        where.append("actor = ?")
        params.append(actor)
    if subject:
        where.append("subject = ?")
        params.append(subject)
    sql = "SELECT id, at, actor, action, subject, detail FROM audit_log"
    if where:
        sql += " WHERE " + " AND ".join(where)
    cursor = db.execute(sql + " ORDER BY id DESC LIMIT ? OFFSET ?", [*params, limit, offset])
    columns = [c[0] for c in cursor.description]
    return [dict(zip(columns, row)) for row in cursor.fetchall()]
