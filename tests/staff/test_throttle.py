"""Login throttling: 10 failures in 10 minutes → 429 for 10 minutes, per account and per client."""
from __future__ import annotations

from .helpers import PASSWORD, csrf_token


def attempt(client, email, password, address="10.0.0.1"):
    client.environ_base["REMOTE_ADDR"] = address
    token = csrf_token(client, "/staff/login")
    return client.post("/staff/login", data={"csrf_token": token, "email": email, "password": password})


def test_asvs_6_3_1_throttled_after_10_failures_429(app, clock, staff_member):
    client = app.test_client()
    for i in range(10):
        assert attempt(client, "staff@aabenraa.dk", f"wrong guess number {i}").status_code == 401
        clock.advance(30)
    blocked = attempt(client, "staff@aabenraa.dk", PASSWORD)   # even the right password waits
    assert blocked.status_code == 429
    assert 0 < int(blocked.headers["Retry-After"]) <= 600
    assert "For mange forkerte forsøg" in blocked.get_data(as_text=True)


def test_the_wait_is_ten_minutes_from_the_tenth_failure_however_slowly_they_came(app, clock, staff_member):
    client = app.test_client()
    for i in range(10):                     # spread over nine minutes, still inside the window
        assert attempt(client, "staff@aabenraa.dk", f"slow guess {i}").status_code == 401
        if i < 9:
            clock.advance(60)
    blocked = attempt(client, "staff@aabenraa.dk", PASSWORD)
    assert blocked.status_code == 429 and 595 <= int(blocked.headers["Retry-After"]) <= 601
    clock.advance(9 * 60)                   # the first failures have left the window; still blocked
    assert attempt(client, "staff@aabenraa.dk", PASSWORD).status_code == 429
    clock.advance(61)
    assert attempt(client, "staff@aabenraa.dk", PASSWORD).status_code == 303


def test_asvs_6_1_1_throttling_does_not_lock_the_real_user_out_for_good(app, clock, staff_member):
    attacker = app.test_client()
    for i in range(10):
        attempt(attacker, "staff@aabenraa.dk", f"wrong guess number {i}", "10.6.6.6")
    for _ in range(20):                     # hammering on while blocked does not extend the wait
        clock.advance(20)
        assert attempt(attacker, "staff@aabenraa.dk", "still guessing", "10.6.6.6").status_code == 429
    clock.advance(10 * 60 - 20 * 20 + 1)    # ten minutes after the last counted failure
    user = app.test_client()
    assert attempt(user, "staff@aabenraa.dk", PASSWORD, "10.1.1.1").status_code == 303


def test_throttling_per_client_covers_many_accounts(app, clock, staff_member):
    client = app.test_client()
    for i in range(10):
        assert attempt(client, f"guess{i}@aabenraa.dk", "wrong password here", "10.9.9.9").status_code == 401
    assert attempt(client, "staff@aabenraa.dk", PASSWORD, "10.9.9.9").status_code == 429
    other = app.test_client()                                   # someone else, elsewhere, is not held up
    assert attempt(other, "staff@aabenraa.dk", PASSWORD, "10.2.2.2").status_code == 303


def test_throttling_per_account_covers_many_clients(app, clock, staff_member):
    for i in range(10):
        assert attempt(app.test_client(), "staff@aabenraa.dk", "wrong password here", f"10.3.0.{i}").status_code == 401
    assert attempt(app.test_client(), "staff@aabenraa.dk", PASSWORD, "10.3.1.1").status_code == 429


def test_nine_failures_then_success_starts_the_account_count_again(app, clock, staff_member):
    client = app.test_client()
    for i in range(9):
        attempt(client, "staff@aabenraa.dk", "wrong password here", f"10.4.0.{i}")
    assert attempt(client, "staff@aabenraa.dk", PASSWORD, "10.4.1.1").status_code == 303
    fresh = app.test_client()
    for i in range(9):
        assert attempt(fresh, "staff@aabenraa.dk", "wrong password here", f"10.5.0.{i}").status_code == 401
    assert attempt(fresh, "staff@aabenraa.dk", PASSWORD, "10.5.1.1").status_code == 303


def test_failures_are_kept_without_the_address_or_the_email(app, clock, db, staff_member):
    attempt(app.test_client(), "staff@aabenraa.dk", "wrong password here", "192.0.2.77")
    dump = "\n".join(db.conn.iterdump())
    assert "192.0.2.77" not in dump
    keys = [row[0] for row in db.execute("SELECT key FROM login_failures")]
    assert len(keys) == 2 and not any("staff@" in k for k in keys)


def failures(db) -> int:
    return db.execute("SELECT count(*) FROM login_failures").fetchone()[0]


def test_failures_are_gone_twenty_minutes_later_at_the_next_check_without_a_new_failure(app, clock, db, staff_member):
    attempt(app.test_client(), "someone@aabenraa.dk", "wrong password here", "10.7.7.7")
    assert failures(db) == 2                                    # one for the account, one for the client
    clock.advance(20 * 60 - 1)
    assert attempt(app.test_client(), "staff@aabenraa.dk", PASSWORD, "10.8.8.8").status_code == 303
    assert failures(db) == 2                                    # not yet twenty minutes old: kept
    clock.advance(1)
    assert attempt(app.test_client(), "staff@aabenraa.dk", PASSWORD, "10.8.8.8").status_code == 303
    assert failures(db) == 0                                    # a successful login only checks; no failure was recorded


def test_a_check_alone_deletes_failures_older_than_the_keep_time(app, clock, db):
    from app.staff import throttle
    with app.app_context():
        keys = [throttle.key("account", "someone@aabenraa.dk"), throttle.key("client", "10.7.7.7")]
        throttle.record_failure(db, keys, clock())
        clock.advance(throttle.keep_seconds())
        assert throttle.retry_after(db, [throttle.key("client", "10.9.9.9")], clock()) == 0
    assert failures(db) == 0
