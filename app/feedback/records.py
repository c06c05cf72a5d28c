"""Feedback records: "did this step help?" answers and comments, with nothing about who gave them."""
from __future__ import annotations

import datetime as dt

from .. import store
from .redact import redact

MAX_COMMENT = 500
migrations = store.migrations("trinvis.feedback")


@migrations()
def m001_feedback(db):
    # Only the day, never the time: with a timestamp an answer could be matched to a web-server log.
    db["feedback"].create({"id": int, "day": str, "guide": str, "lang": str, "step": int,
                           "helpful": int, "comment": str}, pk="id",
                          not_null={"day", "guide", "lang", "step", "helpful"}, if_not_exists=True)
    db["feedback"].create_index(["day"], if_not_exists=True)
    db["feedback"].create_index(["guide", "step"], if_not_exists=True)


def clean_comment(text: str | None) -> str:
    """The comment as it will be stored: line breaks normalised, trimmed, redacted."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "").strip()
    return redact(text)


def comment_too_long(text: str | None) -> bool:
    return len((text or "").replace("\r\n", "\n").strip()) > MAX_COMMENT


def record(db, guide: str, step: int, lang: str, helpful: bool, comment: str = "",
           day: dt.date | None = None) -> int:
    """Store one answer; the comment is redacted before it reaches the database. Returns its id."""
    if comment_too_long(comment):
        raise ValueError(f"a comment may have at most {MAX_COMMENT} characters")
    cursor = db.execute(
        "INSERT INTO feedback (day, guide, lang, step, helpful, comment) VALUES (?, ?, ?, ?, ?, ?)",
        [(day or dt.date.today()).isoformat(), guide, lang, int(step), 1 if helpful else 0,
         clean_comment(comment)])
    return cursor.lastrowid


def _since(days: int, today: dt.date | None) -> str:
    return ((today or dt.date.today()) - dt.timedelta(days=days - 1)).isoformat()


def summary(db, days: int = 30, today: dt.date | None = None) -> list[dict]:
    """Yes/no counts per guide and step over the last `days` days (today included)."""
    cursor = db.execute(
        "SELECT guide, step, SUM(helpful) AS yes, SUM(1 - helpful) AS no, "
        "SUM(comment != '') AS comments FROM feedback WHERE day >= ? "
        "GROUP BY guide, step ORDER BY guide, step", [_since(days, today)])
    columns = [c[0] for c in cursor.description]
    return [dict(zip(columns, row)) for row in cursor.fetchall()]


def recent_comments(db, limit: int = 50, days: int = 30, today: dt.date | None = None) -> list[dict]:
    """The newest comments first (within `days`)."""
    cursor = db.execute(
        "SELECT day, guide, step, lang, helpful, comment FROM feedback "
        "WHERE comment != '' AND day >= ? ORDER BY id DESC LIMIT ?", [_since(days, today), limit])
    columns = [c[0] for c in cursor.description]
    return [dict(zip(columns, row)) for row in cursor.fetchall()]
