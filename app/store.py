"""The SQLite database (one file, through sqlite-utils): connections, migrations, backup."""
from __future__ import annotations

import sqlite3
from contextlib import contextmanager
from pathlib import Path

import click
from flask.cli import AppGroup
import sqlite_utils
from flask import current_app, g
from sqlite_utils import Migrations

# Each part of the app registers its own named migration set here; all are applied at start-up.
MIGRATION_SETS: list[Migrations] = []
core = Migrations("trinvis.core")
MIGRATION_SETS.append(core)


def migrations(name: str) -> Migrations:
    """A named migration set for one part of the app (e.g. "trinvis.staff")."""
    for existing in MIGRATION_SETS:
        if existing.name == name:
            return existing
    made = Migrations(name)
    MIGRATION_SETS.append(made)
    return made


@core()
def m001_usage(db):
    # Daily aggregates only: no per-visit rows, nothing that identifies a visitor.
    db["page_views"].create({"day": str, "guide": str, "lang": str, "views": int},
                            pk=("day", "guide", "lang"), if_not_exists=True)


def connect(path: str) -> sqlite_utils.Database:
    conn = sqlite3.connect(path, timeout=10, isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA busy_timeout = 10000")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    return sqlite_utils.Database(conn)


@contextmanager
def transaction(db: sqlite_utils.Database, immediate: bool = True):
    """All or nothing: BEGIN IMMEDIATE (takes the write lock at once, so two writers queue
    instead of racing), COMMIT on success, ROLLBACK on any error."""
    db.execute("BEGIN IMMEDIATE" if immediate else "BEGIN")
    try:
        yield db
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def get_db() -> sqlite_utils.Database:
    if "db" not in g:
        g.db = connect(current_app.config["DATABASE"])
    return g.db


def close_db(exc=None) -> None:
    db = g.pop("db", None)
    if db is not None:
        db.conn.close()


def migrate(path: str) -> None:
    db = connect(path)
    try:
        for migration_set in MIGRATION_SETS:
            migration_set.apply(db)
    finally:
        db.conn.close()


def backup(source: str, target: str) -> str:
    """Copy the live database online into `target` and verify the copy; returns the check result."""
    Path(target).parent.mkdir(parents=True, exist_ok=True)
    src = sqlite3.connect(source)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
        result = dst.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        src.close()
        dst.close()
    if result != "ok":
        raise RuntimeError(f"the backup failed its integrity check: {result}")
    return result


db_cli = AppGroup("db", help="The SQLite database.")


@db_cli.command("backup")
@click.argument("path")
def backup_command(path):
    """Make an online backup of the database at PATH and verify it."""
    result = backup(current_app.config["DATABASE"], path)
    click.echo(f"backup written to {path} (integrity check: {result})")


@db_cli.command("migrate")
def migrate_command():
    """Apply pending schema migrations."""
    migrate(current_app.config["DATABASE"])
    click.echo("database is up to date")


def on_start(app, hook) -> None:
    """Run `hook(db)` once when the app starts, after the migrations (e.g. to make rows that a
    GET would otherwise have to create)."""
    app.extensions.setdefault("trinvis.on_start", []).append(hook)


def init_app(app) -> None:
    migrate(app.config["DATABASE"])
    hooks = app.extensions.get("trinvis.on_start", [])
    if hooks:
        db = connect(app.config["DATABASE"])
        try:
            with app.app_context():
                for hook in hooks:
                    hook(db)
        finally:
            db.conn.close()
    app.teardown_appcontext(close_db)
    app.cli.add_command(db_cli)
