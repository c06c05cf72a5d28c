"""Two members of staff lend the same kit at the same moment: exactly one succeeds.

Each contender has its own connection to the same SQLite file (as two web workers would) and
they start together at a barrier. The IMMEDIATE transaction serialises them; the unique index
on open loans per kit is the constraint behind it, checked on its own below.
"""
import multiprocessing
import sqlite3
import threading

import pytest

from app import store
from app.lending import loans, register
from app.lending.records import Invalid

from .conftest import ACTOR, ALL_OUT, TODAY, make_kit, make_partner

ROUNDS = 15


def attempt(path: str, partner_id: int, tag: str, barrier) -> str:
    db = store.connect(path)
    try:
        barrier.wait(timeout=10)
        loans.lend(db, asset_tag=tag, partner_id=partner_id, lent_on=TODAY, due_on=TODAY,
                   checklist=ALL_OUT, actor=ACTOR, today=TODAY)
        return "lent"
    except Invalid as refused:
        return str(refused.errors["asset_tag"])
    except Exception as failure:  # e.g. "database is locked": the test must show it, not hang
        return f"failed: {failure!r}"
    finally:
        db.conn.close()


def test_two_threads_lending_the_same_kit(db, db_path):
    partners = [make_partner(db, "Den Blå Oase"), make_partner(db, "Bov Bibliotek")]
    for n in range(ROUNDS):
        tag = f"AAB-KIT-{n:03d}"
        kit_id = make_kit(db, tag)
        barrier = threading.Barrier(2)
        results = [None, None]

        def run(i):
            results[i] = attempt(db_path, partners[i], tag, barrier)
        threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        assert sorted(results, key=lambda r: r != "lent")[0] == "lent", results
        assert results.count("lent") == 1, results
        refusal = next(r for r in results if r != "lent")
        assert tag in refusal and ("already lent" in refusal or "someone else" in refusal), refusal
        assert len(loans.loans(db, kit_id=kit_id)) == 1
        assert register.get_kit(db, kit_id)["status"] == "lent"


def _process(path, partner_id, tag, barrier, queue):
    queue.put(attempt(path, partner_id, tag, barrier))


def test_two_processes_lending_the_same_kit(db, db_path):
    partners = [make_partner(db, "Den Blå Oase"), make_partner(db, "Bov Bibliotek")]
    kit_id = make_kit(db, "AAB-KIT-500")
    context = multiprocessing.get_context("fork")
    barrier, queue = context.Barrier(2), context.Queue()
    workers = [context.Process(target=_process, args=(db_path, p, "AAB-KIT-500", barrier, queue))
               for p in partners]
    for worker in workers:
        worker.start()
    results = [queue.get(timeout=30) for _ in workers]
    for worker in workers:
        worker.join(timeout=30)
    assert results.count("lent") == 1, results
    assert len(loans.loans(db, kit_id=kit_id)) == 1


def test_the_database_refuses_a_second_open_loan_for_a_kit(db):
    """The constraint on its own: even code that skipped the status check could not double-lend."""
    partner_id = make_partner(db)
    kit_id = make_kit(db)
    insert = ("INSERT INTO loans (kit_id, partner_id, lent_on, due_on, created) "
              "VALUES (?, ?, '2025-03-01', '2025-03-02', 'now')")
    db.execute(insert, [kit_id, partner_id])
    with pytest.raises(sqlite3.IntegrityError):
        db.execute(insert, [kit_id, partner_id])
    db.execute("UPDATE loans SET returned_on = '2025-03-02'")
    db.execute(insert, [kit_id, partner_id])  # a closed loan does not count


def test_the_database_refuses_a_loan_due_before_it_starts(db):
    partner_id = make_partner(db)
    kit_id = make_kit(db)
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("INSERT INTO loans (kit_id, partner_id, lent_on, due_on, created) "
                   "VALUES (?, ?, '2025-03-02', '2025-03-01', 'now')", [kit_id, partner_id])
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("INSERT INTO loans (kit_id, partner_id, lent_on, due_on, created) "
                   "VALUES (?, ?, '2025-02-30', '2025-03-01', 'now')", [kit_id, partner_id])
