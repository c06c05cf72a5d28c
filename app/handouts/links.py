"""Short links: the codes printed under QR codes, where they lead, and how often they are scanned.

A code is minted once per (guide, language, step) and never changes or expires: paper outlives
software. Rules here are plain functions that take a sqlite-utils `db`; no Flask.
"""
from __future__ import annotations

import datetime as dt
import re
import secrets
import sqlite3
from dataclasses import dataclass

from ..languages import BY_CODE, SOURCE
from ..store import migrations

# No look-alikes: no 0/O, 1/I/L, and only one case (a typed lower-case code is read as upper case).
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
LENGTH = 5          # 31**5 ≈ 28 million codes; the library needs a few thousand
MAX_LENGTH = 6      # the contract: a code is never longer than this
CODE = re.compile(f"^[{ALPHABET}]{{1,{MAX_LENGTH}}}$")

schema = migrations("trinvis.handouts")


@schema()
def m001_short_links(db):
    # `step` is NULL for a link to the guide's start page. The offline export reads this table.
    db.execute("""CREATE TABLE IF NOT EXISTS short_links (
        code TEXT PRIMARY KEY, slug TEXT NOT NULL, lang TEXT NOT NULL, step INTEGER,
        created TEXT NOT NULL)""")
    # SQLite treats NULLs as distinct in UNIQUE: IFNULL makes (slug, lang, no step) unique too.
    db.execute("CREATE UNIQUE INDEX IF NOT EXISTS short_links_target "
               "ON short_links (slug, lang, IFNULL(step, 0))")
    # Daily aggregates only: nothing about who scanned.
    db.execute("""CREATE TABLE IF NOT EXISTS short_link_scans (
        code TEXT NOT NULL, day TEXT NOT NULL, count INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (code, day))""")


@dataclass(frozen=True)
class ShortLink:
    code: str
    slug: str
    lang: str
    step: int | None
    created: str


def normalise(code: str) -> str | None:
    """The stored form of a typed code ("7kx3m" → "7KX3M"), or None when it cannot be one."""
    code = code.strip().upper()
    return code if CODE.match(code) else None


def _row(row) -> ShortLink | None:
    return ShortLink(*row) if row else None


def find(db, code: str) -> ShortLink | None:
    """The link for a code as typed or scanned, or None."""
    code = normalise(code)
    if code is None:
        return None
    return _row(db.execute("SELECT code, slug, lang, step, created FROM short_links WHERE code = ?",
                           [code]).fetchone())


def lookup(db, slug: str, lang: str, step: int | None = None) -> ShortLink | None:
    """The existing link to (slug, lang, step), if one was ever made."""
    return _row(db.execute("SELECT code, slug, lang, step, created FROM short_links "
                           "WHERE slug = ? AND lang = ? AND IFNULL(step, 0) = ?",
                           [slug, lang, step or 0]).fetchone())


def ensure(db, slug: str, lang: str, step: int | None = None) -> ShortLink:
    """The link to (slug, lang, step): the stored one, or a new code made once and kept forever.

    Idempotent, and safe when two processes ask at the same moment: the unique index decides
    who wins and the loser reads the winner's code.
    """
    if lang not in BY_CODE:
        raise ValueError(f"unknown language {lang!r}")
    if step is not None and step < 1:
        raise ValueError("steps are numbered from 1")
    existing = lookup(db, slug, lang, step)
    if existing:
        return existing
    created = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    for attempt in range(50):
        length = LENGTH if attempt < 40 else MAX_LENGTH
        code = "".join(secrets.choice(ALPHABET) for _ in range(length))
        try:
            db.execute("INSERT INTO short_links (code, slug, lang, step, created) VALUES (?, ?, ?, ?, ?)",
                       [code, slug, lang, step, created])
            return ShortLink(code, slug, lang, step, created)
        except sqlite3.IntegrityError:
            existing = lookup(db, slug, lang, step)
            if existing:  # someone else made it just now
                return existing
    raise RuntimeError("could not find a free short code")  # pragma: no cover


def ensure_many(db, pairs) -> dict[tuple[str, str], ShortLink]:
    """Links to the start page of each (slug, lang), made in one transaction."""
    with db.conn:
        return {(slug, lang): ensure(db, slug, lang) for slug, lang in pairs}


@dataclass(frozen=True)
class Destination:
    """Where a link leads now: a guide (maybe renamed) in the link's language, or nowhere."""
    lang: str
    slug: str | None      # None: the guide was removed
    step: int | None = None


def destination(link: ShortLink, library) -> Destination:
    """Follow renames (a guide's `aliases`) and removals; a step that no longer exists
    leads to the guide's start page."""
    lang = link.lang if link.lang in BY_CODE else SOURCE
    slug = link.slug if library.find(link.slug) else library.aliases.get(link.slug)
    guide = library.find(slug) if slug else None
    if guide is None:
        return Destination(lang, None)
    step = link.step
    if step is not None and step > len(guide.text(lang).steps):
        step = None
    return Destination(lang, guide.slug, step)


def count_scan(db, code: str, day: dt.date | None = None) -> None:
    """Add one to today's scan count for this code (a daily aggregate, nothing else)."""
    db.execute("INSERT INTO short_link_scans (code, day, count) VALUES (?, ?, 1) "
               "ON CONFLICT(code, day) DO UPDATE SET count = count + 1",
               [code, (day or dt.date.today()).isoformat()])


def scan_totals(db, since: dt.date | None = None) -> dict[str, int]:
    """Scans per code, in all or since a day."""
    sql, params = "SELECT code, SUM(count) FROM short_link_scans", []
    if since:
        sql, params = sql + " WHERE day >= ?", [since.isoformat()]
    return dict(db.execute(sql + " GROUP BY code", params).fetchall())


def short_url(base_url: str, code: str) -> str:
    """The full address printed in a QR code."""
    return f"{base_url.rstrip('/')}/q/{code}"


def typed_url(base_url: str, code: str) -> str:
    """The address as printed for typing: without "https://", which browsers add themselves."""
    return re.sub(r"^https?://", "", short_url(base_url, code))
