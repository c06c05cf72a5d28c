"""The feedback store under load and under a crash: no row lost, no damaged database."""
from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def writer(database: str, rows: int, batch: int, go_file: str = "") -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "tests.feedback.writer", database, str(rows), str(batch), go_file],
                            cwd=ROOT, stderr=subprocess.PIPE)


def count(database: str) -> int:
    conn = sqlite3.connect(database, timeout=10)
    try:
        return conn.execute("SELECT count(*) FROM feedback").fetchone()[0]
    finally:
        conn.close()


def integrity(database: str) -> str:
    conn = sqlite3.connect(database)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()


def test_8_processes_writing_feedback_at_once_lose_no_row(app, tmp_path):
    database = app.config["DATABASE"]
    go = tmp_path / "go"
    processes = [writer(database, 100, 1, str(go)) for _ in range(8)]
    deadline = time.monotonic() + 120
    while len(list(tmp_path.glob("go.*.ready"))) < 8 and time.monotonic() < deadline:
        time.sleep(0.05)                # all eight started, imported and waiting at the line
    go.touch()
    for process in processes:
        _, err = process.communicate(timeout=120)
        assert process.returncode == 0, err.decode()
    assert count(database) == 8 * 100
    conn = sqlite3.connect(database)
    writers = conn.execute("SELECT count(DISTINCT substr(comment, 1, instr(comment, ' nr.'))) FROM feedback").fetchone()[0]
    redacted = conn.execute("SELECT count(*) FROM feedback WHERE comment LIKE '%[telefon]'").fetchone()[0]
    conn.close()
    assert writers == 8 and redacted == 8 * 100
    assert integrity(database) == "ok"


def test_a_writer_killed_with_sigkill_leaves_a_database_that_passes_integrity_check(app):
    database = app.config["DATABASE"]
    batch = 50
    for round_number in range(3):
        before = count(database)
        process = writer(database, 0, batch)
        deadline = time.monotonic() + 60
        while count(database) < before + 4 * batch and time.monotonic() < deadline:
            time.sleep(0.01)
        time.sleep(0.013 * (round_number + 1))   # somewhere inside a transaction, most likely
        seen = count(database)
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
        assert process.returncode == -signal.SIGKILL
        assert integrity(database) == "ok"
        after = count(database)
        assert after >= seen > before                  # nothing committed was lost
        assert after % batch == 0                      # and no half of a transaction was kept
    # the app goes on working on the same file
    client = app.test_client()
    assert client.get("/healthz").status_code == 200
