"""Sending to push services: kept-alive connections, services that drop them, a service that is
down, and large fan-outs through worker processes, all against the decrypting stub."""
import json
import socket

from app.push import delivery
from app.push.routes import sender
from app.push.transport import Connections

from .test_push import announce, db, stub, subscribe  # noqa: F401  (fixtures)


def one_thread(app, waits=None):
    s = sender(app)
    s.workers = 1
    if waits is not None:
        s.sleep = waits.append
    return s


def test_messages_to_one_push_service_share_a_connection(app, client, stub, db):
    for n in range(5):
        subscribe(client, stub, f"phone-{n}")
    counts = delivery.deliver(db, announce(db), one_thread(app))
    assert counts["delivered"] == 5
    assert len({r.peer for r in stub.received}) == 1
    assert all(r.plaintext for r in stub.received)


def test_a_service_that_closes_idle_connections_still_gets_every_message(app, client, stub, db):
    stub.drop_after_each = True
    for n in range(4):
        subscribe(client, stub, f"phone-{n}")
    waits = []
    counts = delivery.deliver(db, announce(db), one_thread(app, waits))
    assert counts == {"sent": 4, "delivered": 4, "failed": 0, "removed": 0}
    assert len(stub.received) == 4  # nothing sent twice
    # a dropped idle connection is not a failed attempt: a new one at once, no backoff
    assert waits == [] and {row[0] for row in db.execute("SELECT attempts FROM push_deliveries")} == {1}
    assert len({r.peer for r in stub.received}) == 4


def test_a_push_service_that_is_down_is_retried_then_counted_as_failed(app, client, stub, db):
    subscribe(client, stub, "gone")
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        dead = probe.getsockname()[1]
    db.execute("UPDATE push_subscriptions SET endpoint = ?", [f"http://127.0.0.1:{dead}/push/gone"])
    waits = []
    counts = delivery.deliver(db, announce(db), one_thread(app, waits))
    assert counts == {"sent": 1, "delivered": 0, "failed": 1, "removed": 0}
    assert waits == [2, 4, 8]
    assert db.execute("SELECT failures FROM push_subscriptions").fetchone()[0] == 1
    assert db.execute("SELECT status, code, attempts FROM push_deliveries").fetchone() == ("failed", 0, 4)


def test_a_subscription_with_broken_keys_fails_alone(app, client, stub, db):
    subscribe(client, stub, "good")
    subscribe(client, stub, "broken")
    db.execute("UPDATE push_subscriptions SET p256dh = 'AAAA' WHERE endpoint LIKE '%broken'")
    counts = delivery.deliver(db, announce(db), one_thread(app, []))
    assert counts == {"sent": 2, "delivered": 1, "failed": 1, "removed": 0}
    assert [r.path for r in stub.received] == ["/push/good"]


def test_a_large_fan_out_goes_through_worker_processes_and_every_message_decrypts(app, client, stub, db,
                                                                                 monkeypatch):
    monkeypatch.setattr(delivery, "BATCH", 150)  # three batches through the same worker processes
    count = delivery.PROCESS_THRESHOLD + 20
    languages = ["da", "uk", "ar", "pl"]
    for n in range(count):
        subscribe(client, stub, f"p{n}", lang=languages[n % 4])
    counts = delivery.deliver(db, announce(db), sender(app))
    assert counts == {"sent": count, "delivered": count, "failed": 0, "removed": 0}
    assert len(stub.received) == count
    titles = {json.loads(r.plaintext)["title"] for r in stub.received}
    assert titles == {"Lukket fredag", "Зачинено в п'ятницю", "Closed Friday"}
    assert db.execute("SELECT COUNT(*) FROM push_subscriptions WHERE last_success IS NOT NULL").fetchone()[0] == count


def test_connections_answer_with_status_and_headers(stub):
    stub.answers["/push/direct"] = [(429, {"Retry-After": "3"})]  # no device there: nothing to decrypt
    connections = Connections(timeout=5)
    status, headers = connections.post(f"http://127.0.0.1:{stub.port}/push/direct", b"x", {"TTL": "60"})
    assert (status, headers.get("retry-after")) == (429, "3")
    connections.close()
