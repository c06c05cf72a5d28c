"""`flask --app app db backup PATH`: an online, verified copy; restoring it keeps every row."""
from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app import create_app, store
from app.feedback import records
from app.staff.audit import audit

from .helpers import login, make_staff

ROOT = Path(__file__).resolve().parents[2]


def every_row(path: str) -> dict[str, list]:
    conn = sqlite3.connect(path)
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        return {t: sorted(conn.execute(f"SELECT * FROM [{t}]").fetchall(), key=repr) for t in tables}
    finally:
        conn.close()


def test_backup_then_restore_keeps_every_row(app, runner, tmp_path, monkeypatch):
    make_staff(app, "anna@aabenraa.dk", role="admin")
    db = store.connect(app.config["DATABASE"])
    for n in range(40):
        records.record(db, "mitid-app", n % 5 + 1, ["da", "ar", "uk"][n % 3], n % 2 == 0, f"kommentar {n} – æøå ✓")
    db.execute("INSERT INTO page_views VALUES ('2026-11-26', 'mitid-app', 'ar', 12)")
    audit(db, "anna@aabenraa.dk", "kit.lend", "kit:AAB-KIT-001", "til Den Blå Oase")
    db.conn.close()
    client = app.test_client()
    login(client, "anna@aabenraa.dk")           # a live session, written through the app
    original = every_row(app.config["DATABASE"])
    assert sum(len(rows) for rows in original.values()) > 45

    (tmp_path / "backups").mkdir()
    target = tmp_path / "backups" / "trinvis-backup.sqlite3"
    result = runner.invoke(args=["db", "backup", str(target)])
    assert result.exit_code == 0, result.output
    assert "integrity check: ok" in result.output
    assert every_row(str(target)) == original

    # restore: with the app stopped, the backup file becomes the database of a new instance
    restored_instance = tmp_path / "restored"
    restored_instance.mkdir()
    shutil.copy(target, restored_instance / "trinvis.sqlite3")
    monkeypatch.setenv("TRINVIS_INSTANCE", str(restored_instance))
    restored = create_app({"TESTING": True, "SECRET_KEY": "test"})
    assert every_row(restored.config["DATABASE"]) == original
    other = restored.test_client()
    assert login(other, "anna@aabenraa.dk").status_code == 303
    assert "kommentar" in other.get("/staff/").get_data(as_text=True)


def test_backup_is_online_while_a_writer_is_busy(app, runner, tmp_path):
    database = app.config["DATABASE"]
    writer = subprocess.Popen([sys.executable, "-m", "tests.feedback.writer", database, "0", "20"], cwd=ROOT)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            conn = sqlite3.connect(database, timeout=10)
            rows = conn.execute("SELECT count(*) FROM feedback").fetchone()[0]
            conn.close()
            if rows >= 100:
                break
            time.sleep(0.02)
        target = tmp_path / "online.sqlite3"
        result = runner.invoke(args=["db", "backup", str(target)])
        assert result.exit_code == 0, result.output
    finally:
        writer.kill()
        writer.wait()
    conn = sqlite3.connect(target)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("SELECT count(*) FROM feedback").fetchone()[0] % 20 == 0   # whole transactions only
    conn.close()


def test_store_settings_wal_busy_timeout_and_foreign_keys(app):
    db = store.connect(app.config["DATABASE"])
    try:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000
        assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        applied = {r[0] for r in db.execute("SELECT name FROM _sqlite_migrations WHERE migration_set IN ('trinvis.staff', 'trinvis.feedback')")}
        assert {"m001_staff", "m002_staff_sessions", "m003_audit_log", "m004_login_failures", "m001_feedback"} <= applied
    finally:
        db.conn.close()


def refused(result) -> str:
    """The one-line message of a backup the command refused: exit code 1, no traceback."""
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), result.exception      # not an uncaught error
    assert "Traceback" not in result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.output
    return lines[0]


def test_an_earlier_backup_is_replaced(app, runner, tmp_path):
    target = tmp_path / "trinvis-backup.sqlite3"
    assert runner.invoke(args=["db", "backup", str(target)]).exit_code == 0
    db = store.connect(app.config["DATABASE"])
    records.record(db, "mitid-app", 1, "da", True, "skrevet efter den første kopi")
    db.conn.close()
    result = runner.invoke(args=["db", "backup", str(target)])
    assert result.exit_code == 0, result.output
    assert every_row(str(target)) == every_row(app.config["DATABASE"])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["instance", "trinvis-backup.sqlite3"]   # nothing left beside it


def test_an_existing_file_that_is_not_a_database_is_left_alone(app, runner, tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("vigtige noter, ikke en database\n")
    message = refused(runner.invoke(args=["db", "backup", str(notes)]))
    assert "not an SQLite database" in message and str(notes) in message
    assert notes.read_text() == "vigtige noter, ikke en database\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["instance", "notes.txt"]


def test_a_folder_that_does_not_exist_is_not_made(app, runner, tmp_path):
    target = tmp_path / "bakup" / "trinvis.sqlite3"                # a typo for a mounted disk, say
    message = refused(runner.invoke(args=["db", "backup", str(target)]))
    assert f"the folder {tmp_path / 'bakup'} does not exist" in message
    assert not (tmp_path / "bakup").exists()


def test_a_folder_is_not_a_backup_file(app, runner, tmp_path):
    message = refused(runner.invoke(args=["db", "backup", str(tmp_path)]))
    assert "is a folder" in message


@pytest.mark.parametrize("name", ["trinvis.sqlite3", "trinvis.sqlite3-wal", "../instance/./trinvis.sqlite3"])
def test_the_live_database_is_never_the_target(app, runner, name):
    live = Path(app.config["DATABASE"])
    before = every_row(str(live))
    message = refused(runner.invoke(args=["db", "backup", str(live.parent / name)]))
    assert "live database" in message
    assert every_row(str(live)) == before
    conn = sqlite3.connect(live)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()


def test_a_refused_backup_says_so_in_one_line_from_the_real_command(app, tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("ikke en database")
    done = subprocess.run([sys.executable, "-m", "flask", "--app", "app", "db", "backup", str(notes)],
                          cwd=ROOT, capture_output=True, text=True, timeout=120,
                          env={**os.environ, "TRINVIS_INSTANCE": str(Path(app.config["DATABASE"]).parent)})
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert done.stderr.strip().splitlines() == [f"Error: {notes} exists and is not an SQLite database; "
                                                "it is left as it is, choose another file"]
