"""Sends that a restart stopped: `push send-queued` finishes them, and nobody gets a message twice."""
import json
from collections import Counter

import pytest

from app.push import delivery
from app.push.routes import sender

from .test_push import announce, db, stub, subscribe  # noqa: F401  (fixtures)


class Restart(BaseException):
    """The server going away in the middle of a send."""


def stop_before_batch(monkeypatch, number):
    real, calls = delivery.next_batch, []

    def next_batch(*args):
        calls.append(1)
        if len(calls) == number:
            raise Restart()
        return real(*args)
    monkeypatch.setattr(delivery, "next_batch", next_batch)
    return lambda: monkeypatch.setattr(delivery, "next_batch", real)


def hold_runs_out(db, announcement_id):
    """What five minutes without a renewed hold look like."""
    db.execute("UPDATE announcements SET lease_until = 0 WHERE id = ?", [announcement_id])


def test_a_stopped_send_is_finished_once_for_everyone_and_repeating_sends_nothing(app, client, stub, db,
                                                                                runner, monkeypatch):
    monkeypatch.setattr(delivery, "BATCH", 3)
    for n in range(6):
        subscribe(client, stub, f"phone-{n}", lang=("uk", "da")[n % 2])
    announcement_id = announce(db)
    resume = stop_before_batch(monkeypatch, 2)
    with pytest.raises(Restart):
        delivery.deliver(db, announcement_id, sender(app))
    resume()
    # the first batch's outcomes were written as it finished, not at the end
    assert db.execute("SELECT status, sent, delivered FROM announcements").fetchone() == ("sending", 6, 3)
    assert db.execute("SELECT COUNT(*) FROM push_deliveries WHERE status = 'delivered'").fetchone()[0] == 3
    assert len(stub.received) == 3

    # within five minutes the stopped sender still holds it: nobody else starts sending
    result = runner.invoke(args=["push", "send-queued"])
    assert result.exit_code == 0 and f"announcement {announcement_id}: being sent by another process" in result.output
    assert len(stub.received) == 3

    hold_runs_out(db, announcement_id)
    result = runner.invoke(args=["push", "send-queued"])
    assert result.exit_code == 0, result.output
    assert f"announcement {announcement_id}: sent 6, delivered 6, failed 0, removed 0" in result.output
    assert Counter(r.path for r in stub.received) == {f"/push/phone-{n}": 1 for n in range(6)}
    assert all(json.loads(r.plaintext)["title"] for r in stub.received)  # each decrypts for its phone
    assert db.execute("SELECT status, sent, delivered, lease_token FROM announcements").fetchone() == (
        "done", 6, 6, None)

    result = runner.invoke(args=["push", "send-queued"])
    assert result.exit_code == 0 and result.output.strip() == "nothing to send"
    assert delivery.deliver(db, announcement_id, sender(app)) is None  # a done one is never sent again
    assert len(stub.received) == 6


def test_an_announcement_left_sending_with_half_recorded_reaches_the_other_half(app, client, stub, db, runner):
    """As left by the code before holds existed: status "sending", no hold, half the outcomes."""
    devices = [subscribe(client, stub, f"phone-{n}") for n in range(4)]
    announcement_id = announce(db)
    ids = [row[0] for row in db.execute("SELECT id FROM push_subscriptions ORDER BY id")]
    db.execute("UPDATE announcements SET status = 'sending', sent = 4 WHERE id = ?", [announcement_id])
    for subscription_id in ids[:2]:
        db.execute("INSERT INTO push_deliveries VALUES (?, ?, 'delivered', 201, 1, '2026-11-26T10:00:00+00:00')",
                   [announcement_id, subscription_id])
    result = runner.invoke(args=["push", "send-queued"])
    assert "sent 4, delivered 4, failed 0, removed 0" in result.output, result.output
    assert sorted(r.path for r in stub.received) == [d.path for d in devices[2:]]


def test_messages_sent_when_the_restart_came_are_not_sent_again(app, client, stub, db, runner, monkeypatch):
    """A batch that went out but whose outcomes were never written may have arrived: it is counted
    as failed, without holding it against the subscriptions, and never sent twice."""
    monkeypatch.setattr(delivery, "BATCH", 2)
    for n in range(5):
        subscribe(client, stub, f"phone-{n}")
    announcement_id = announce(db)
    real_record, calls = delivery.record, []

    def record(*args):
        calls.append(1)
        if len(calls) == 2:
            raise Restart()
        return real_record(*args)
    monkeypatch.setattr(delivery, "record", record)
    with pytest.raises(Restart):
        delivery.deliver(db, announcement_id, sender(app))
    monkeypatch.setattr(delivery, "record", real_record)
    assert len(stub.received) == 4
    hold_runs_out(db, announcement_id)
    result = runner.invoke(args=["push", "send-queued"])
    assert "sent 5, delivered 3, failed 2, removed 0" in result.output, result.output
    assert Counter(r.path for r in stub.received) == {f"/push/phone-{n}": 1 for n in range(5)}
    assert db.execute("SELECT COUNT(*) FROM push_subscriptions WHERE failures > 0").fetchone()[0] == 0


def test_a_send_in_progress_is_not_taken_over(app, client, stub, db):
    subscribe(client, stub, "phone")
    announcement_id = announce(db)
    token = delivery.claim(db, announcement_id)
    assert token and delivery.claim(db, announcement_id) is None
    assert dict(delivery.send_queued(db, sender(app))) == {announcement_id: None}
    assert stub.received == []


def test_guide_updates_queue_a_change_once_even_when_the_send_is_stopped(app, runner, client, stub, monkeypatch):
    subscribe(client, stub, "follower", lang="en", topics=(), guides=("mitid-app",))
    runner.invoke(args=["push", "guide-updates"])  # the first run records versions
    from app.push import cli
    monkeypatch.setattr(cli, "delivery_version", lambda g: "changed" if g.slug == "mitid-app" else "same")
    resume = stop_before_batch(monkeypatch, 1)
    with pytest.raises(Restart):
        runner.invoke(args=["push", "guide-updates"])
    resume()
    assert "sent 0" in runner.invoke(args=["push", "guide-updates"]).output  # not queued a second time
    from app.store import connect
    db = connect(app.config["DATABASE"])
    db.execute("UPDATE announcements SET lease_until = 0")
    db.conn.close()
    assert "delivered 1" in runner.invoke(args=["push", "send-queued"]).output
    assert [r.path for r in stub.received] == ["/push/follower"]
