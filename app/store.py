"""The SQLite database (one file, through sqlite-utils): connections, migrations, backup."""
from __future__ import annotations

import os
import sqlite3
from contextlib import closing, contextmanager
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


SQLITE_HEADER = b"SQLite format 3\x00"


class BackupError(Exception):
    """A backup that cannot be made where it was asked for; the message says why, in one line."""


def check_backup_target(source: str, target: str) -> Path:
    """`target` as a path the backup may be written to, or a BackupError that says why not: it
    must be a file (new, empty or an earlier SQLite database) in a folder that exists, and never
    the live database or its journal files."""
    path = Path(target).expanduser()
    live = Path(source).resolve()
    resolved = path.resolve()
    if resolved == live or (path.exists() and live.exists() and path.samefile(live)):
        raise BackupError(f"{target} is the live database itself; give another file to back it up to")
    if resolved.parent == live.parent and resolved.name in {live.name + end for end in ("-wal", "-shm", "-journal")}:
        raise BackupError(f"{target} belongs to the live database; give another file to back it up to")
    if path.is_dir():
        raise BackupError(f"{target} is a folder; give the name of the backup file, e.g. {path / 'trinvis-backup.sqlite3'}")
    folder = path.parent
    if not folder.exists():
        raise BackupError(f"the folder {folder} does not exist; create it first or choose another place")
    if not folder.is_dir():
        raise BackupError(f"{folder} is not a folder")
    if path.exists():
        try:
            with path.open("rb") as existing:
                header = existing.read(len(SQLITE_HEADER))
        except OSError as exc:
            raise BackupError(f"cannot read {target}: {exc.strerror or exc}") from None
        if header and header != SQLITE_HEADER:
            raise BackupError(f"{target} exists and is not an SQLite database; "
                              "it is left as it is, choose another file")
    return path


def backup(source: str, target: str) -> str:
    """Copy the live database online into `target` and verify the copy; returns the check result.

    The copy is written beside the target and moved into place only once it has passed
    `PRAGMA integrity_check`, so a failed backup leaves no half-written file and an earlier
    backup at `target` stays as it was. Raises BackupError with a one-line reason."""
    path = check_backup_target(source, target)
    if not Path(source).is_file():
        raise BackupError(f"there is no database at {source}")
    partial = path.with_name(f".{path.name}.partial-{os.getpid()}")
    try:
        with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(partial)) as dst:
            src.backup(dst)
            result = dst.execute("PRAGMA integrity_check").fetchone()[0]
        if result != "ok":
            raise BackupError(f"the backup failed its integrity check: {result}")
        os.replace(partial, path)
    except sqlite3.Error as exc:
        raise BackupError(f"could not back up {source} to {target}: {exc}") from None
    except OSError as exc:
        raise BackupError(f"could not write {target}: {exc.strerror or exc}") from None
    finally:
        for leftover in (partial, *(partial.with_name(partial.name + end) for end in ("-journal", "-wal", "-shm"))):
            leftover.unlink(missing_ok=True)
    return result


db_cli = AppGroup("db", help="The SQLite database.")


@db_cli.command("backup")
@click.argument("path")
def backup_command(path):
    """Make an online backup of the database at PATH and verify it.

    PATH is a new file, or an earlier backup to replace, in a folder that exists."""
    try:
        result = backup(current_app.config["DATABASE"], path)
    except BackupError as exc:
        raise click.ClickException(str(exc)) from None
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
