"""A separate process that writes feedback, for the concurrency and crash tests.

    python -m tests.feedback.writer DATABASE ROWS BATCH [GO_FILE]

Writes ROWS answers through app.feedback.records, BATCH rows per transaction (ROWS 0 = forever),
after saying it is ready (GO_FILE.<pid>.ready) and waiting for GO_FILE to exist, so that
several writers start at the same moment.
"""
from __future__ import annotations

import itertools
import os
import sys
import time

from app import store
from app.feedback import records


def main(path: str, rows: int, batch: int, go_file: str = "") -> None:
    if go_file:
        open(f"{go_file}.{os.getpid()}.ready", "w").close()
    while go_file and not os.path.exists(go_file):
        time.sleep(0.005)
    db = store.connect(path)
    pid = os.getpid()
    counter = itertools.count() if rows == 0 else iter(range(rows))
    done = False
    while not done:
        db.execute("BEGIN IMMEDIATE")
        for _ in range(batch):
            n = next(counter, None)
            if n is None:
                done = True
                break
            records.record(db, "mitid-app", n % 7 + 1, "da", n % 2 == 0,
                           f"skrevet af {pid} nr. {n}, ring 12345678")
        db.execute("COMMIT")
    db.conn.close()


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4] if len(sys.argv) > 4 else "")
