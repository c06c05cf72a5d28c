"""Web push end to end against a local push service that decrypts every message."""
import json
import time

import pytest

from app.push import delivery, subscriptions
from app.push.routes import sender
from app.store import connect

from .stub import StubPushService

ORIGIN = {"Origin": "http://localhost"}


@pytest.fixture
def stub(monkeypatch):
    monkeypatch.setenv("TRINVIS_PUSH_ALLOW_LOOPBACK", "1")
    with StubPushService() as service:
        yield service


@pytest.fixture
def db(app):
    database = connect(app.config["DATABASE"])
    yield database
    database.conn.close()


def subscribe(client, stub, name, lang="uk", topics=("news",), guides=()):
    device = stub.device(name)
    body = {"subscription": {"endpoint": stub.endpoint(device), "keys": device.keys()},
            "topics": list(topics), "guides": list(guides), "lang": lang}
    response = client.post("/push/subscriptions", json=body, headers=ORIGIN)
    assert response.status_code == 201, response.json
    return device


def announce(db, **extra):
    fields = dict(topic="news", titles={"da": "Lukket fredag", "uk": "Зачинено в п'ятницю", "en": "Closed Friday"},
                  bodies={"da": "Borgerservice holder lukket.", "uk": "Borgerservice зачинено.",
                          "en": "Borgerservice is closed."}, url="/{lang}/help/", ttl=3600)
    fields.update(extra)
    return delivery.queue(db, **fields)


def fast_sender(app, waits):
    s = sender(app)
    s.sleep = waits.append
    return s


def test_message_is_encrypted_for_the_subscriber_in_their_language(app, client, stub, db):
    subscribe(client, stub, "ukrainian", lang="uk")
    subscribe(client, stub, "polish", lang="pl")  # no Polish text: gets English
    subscribe(client, stub, "elections-only", lang="da", topics=("elections",))
    with app.app_context():  # as in the CLI and the staff page's sending thread
        counts = delivery.deliver(db, announce(db), sender(app))
    assert counts == {"sent": 2, "delivered": 2, "failed": 0, "removed": 0}
    by_path = {r.path: r for r in stub.received}
    uk = json.loads(by_path["/push/ukrainian"].plaintext)
    assert uk["title"] == "Зачинено в п'ятницю" and uk["url"] == "/uk/help/"
    assert uk["unsubscribe"] == "/uk/notifications/#unsubscribe"
    assert uk["stop"] == "Вимкнути ці сповіщення"  # the title of the notification's stop button
    polish = json.loads(by_path["/push/polish"].plaintext)
    assert polish["title"] == "Closed Friday" and polish["lang"] == "en"
    assert polish["stop"] == "Wyłącz te powiadomienia"  # the button is in the reader's own language
    assert polish["unsubscribe"] == "/pl/notifications/#unsubscribe"
    for received in stub.received:
        assert int(received.headers["ttl"]) == 3600 > 0
        assert received.headers["content-encoding"] == "aes128gcm"
        assert received.claims["aud"] == f"http://127.0.0.1:{stub.port}"
        assert received.claims["exp"] > time.time()
    assert "/push/elections-only" not in by_path


def test_stop_label_is_translated_for_every_language(app):
    from app.languages import CODES
    announcement = {"titles": {"da": "Lukket"}, "bodies": {"da": "Lukket fredag."}, "url": ""}
    with app.app_context():
        labels = {lang: json.loads(delivery.payload_for(announcement, lang))["stop"] for lang in CODES}
    assert labels["da"] == "Stop disse notifikationer" and labels["en"] == "Stop these notifications"
    assert len(set(labels.values())) == len(CODES)  # none falls back to another language


def test_vapid_header_is_reused_per_push_service(app, client, stub, db):
    for n in range(3):
        subscribe(client, stub, f"d{n}")
    delivery.deliver(db, announce(db), sender(app))
    assert len({r.headers["authorization"] for r in stub.received}) == 1


@pytest.mark.parametrize("status,expect_rows,expect_counts", [
    (201, 1, {"delivered": 1}),
    (404, 0, {"removed": 1}),
    (410, 0, {"removed": 1}),
    (413, 1, {"failed": 1}),
    (500, 1, {"failed": 1}),
])
def test_push_service_answers_end_in_the_right_state(app, client, stub, db, status, expect_rows, expect_counts):
    device = subscribe(client, stub, "phone")
    stub.answers[device.path] = [(status, {})]
    waits = []
    counts = delivery.deliver(db, announce(db), fast_sender(app, waits))
    assert db.execute("SELECT COUNT(*) FROM push_subscriptions").fetchone()[0] == expect_rows
    assert {k: v for k, v in counts.items() if v and k != "sent"} == expect_counts
    row = db.execute("SELECT status, code FROM push_deliveries").fetchone()
    assert row[1] == status
    if status == 500:
        assert len([r for r in stub.received if r.path == device.path]) == 4  # retried
        assert waits == [2, 4, 8]  # backoff
    if status == 413:
        assert len(stub.received) == 1  # a bug on our side: never retried


def test_429_is_retried_after_the_time_the_service_asks_for(app, client, stub, db):
    device = subscribe(client, stub, "busy")
    stub.answers[device.path] = [(429, {"Retry-After": "7"}), (201, {})]
    waits = []
    counts = delivery.deliver(db, announce(db), fast_sender(app, waits))
    assert counts["delivered"] == 1 and waits == [7.0]
    last = db.execute("SELECT last_success FROM push_subscriptions").fetchone()[0]
    assert last is not None


def test_payload_over_3_kb_is_refused_with_a_clear_message(db):
    with pytest.raises(ValueError, match="too long"):
        announce(db, bodies={"da": "ø" * 2000, "uk": "x", "en": "x"})
    with pytest.raises(ValueError, match="Danish title"):
        announce(db, titles={"en": "Only English"})
    with pytest.raises(ValueError, match="time to live"):
        announce(db, ttl=0)


@pytest.mark.parametrize("endpoint", [
    "http://fcm.googleapis.com/fcm/send/abc",          # not https
    "https://evil.example.com/push",                  # unknown host
    "https://127.0.0.1/push",                         # loopback
    "https://10.0.0.5/push",                          # private address
    "https://[::1]/push",
    "https://fcm.googleapis.com.evil.example/push",   # look-alike
    "https://user:pw@fcm.googleapis.com/x",
    "http://127.0.0.1:8080/push",                     # loopback allowed only in the test setting
])
def test_endpoint_validation_rejects_unsafe_targets(client, endpoint, monkeypatch):
    monkeypatch.delenv("TRINVIS_PUSH_ALLOW_LOOPBACK", raising=False)
    from .stub import Device
    body = {"subscription": {"endpoint": endpoint, "keys": Device("/x").keys()}, "topics": ["news"], "lang": "da"}
    response = client.post("/push/subscriptions", json=body, headers=ORIGIN)
    assert response.status_code == 400 and "endpoint" in response.json["error"]


def test_known_push_services_are_accepted():
    for endpoint in ("https://fcm.googleapis.com/fcm/send/x", "https://updates.push.services.mozilla.com/wpush/v2/x",
                     "https://web.push.apple.com/x", "https://wns2-db5p.notify.windows.com/w/?token=x"):
        assert subscriptions.check_endpoint(endpoint) == endpoint


@pytest.mark.parametrize("body,message", [
    ("not json", "JSON"),
    ({"subscription": "x"}, "subscription"),
    ({"subscription": {"endpoint": "https://fcm.googleapis.com/x", "keys": {"p256dh": "AAAA", "auth": "AAAA"}},
      "topics": ["news"], "lang": "da"}, "p256dh"),
    ({"subscription": {"endpoint": "https://fcm.googleapis.com/x", "keys": {}}, "topics": ["news"], "lang": "da"}, "p256dh"),
    ({"subscription": {"endpoint": "https://fcm.googleapis.com/x"}, "topics": ["news"], "lang": "da"}, "keys"),
    ({"subscription": {"endpoint": "https://fcm.googleapis.com/x", "keys": {}}, "topics": ["weather"], "lang": "da"}, "topics"),
    ({"subscription": {"endpoint": "https://fcm.googleapis.com/x", "keys": {}}, "topics": ["news"], "lang": "fr"}, "lang"),
    ({"subscription": {"endpoint": "https://fcm.googleapis.com/x", "keys": {}}, "guides": ["no-such"], "lang": "da"}, "guides"),
])
def test_malformed_subscription_json_is_refused_and_nothing_is_stored(client, db, body, message):
    if isinstance(body, str):
        response = client.post("/push/subscriptions", data=body, headers={**ORIGIN, "Content-Type": "application/json"})
    else:
        response = client.post("/push/subscriptions", json=body, headers=ORIGIN)
    assert response.status_code == 400 and message in response.json["error"]
    assert db.execute("SELECT COUNT(*) FROM push_subscriptions").fetchone()[0] == 0


def test_other_sites_cannot_use_the_api(client, stub):
    device = stub.device("x")
    body = {"subscription": {"endpoint": stub.endpoint(device), "keys": device.keys()}, "topics": ["news"], "lang": "da"}
    for headers in ({"Origin": "https://evil.example"}, {"Origin": "null"}, {},  # no Origin: not our script
                    {"Origin": "http://localhost", "Sec-Fetch-Site": "cross-site"},
                    {"Referer": "http://localhost/da/notifications/"}):
        assert client.post("/push/subscriptions", json=body, headers=headers).status_code == 403, headers
        assert client.delete("/push/subscriptions", json={"endpoint": body["subscription"]["endpoint"]},
                             headers=headers).status_code == 403, headers
    assert client.post("/push/subscriptions", json=body,
                       headers={"Origin": "http://localhost", "Sec-Fetch-Site": "same-origin"}).status_code == 201


def test_unsubscribe_one_topic_then_all(client, stub, db):
    device = subscribe(client, stub, "p", topics=("news", "elections"))
    endpoint = stub.endpoint(device)
    assert client.delete("/push/subscriptions", json={"endpoint": endpoint, "topic": "news"}, headers=ORIGIN).status_code == 204
    assert json.loads(db.execute("SELECT topics FROM push_subscriptions").fetchone()[0]) == ["elections"]
    assert client.delete("/push/subscriptions", json={"endpoint": endpoint}, headers=ORIGIN).status_code == 204
    assert db.execute("SELECT COUNT(*) FROM push_subscriptions").fetchone()[0] == 0
    assert client.delete("/push/subscriptions", json={"endpoint": endpoint}, headers=ORIGIN).status_code == 404


def endpoint_names(db):
    return sorted(r[0].rsplit("/", 1)[1] for r in db.execute("SELECT endpoint FROM push_subscriptions"))


def test_only_subscriptions_that_failed_for_60_days_are_pruned(client, stub, db):
    import datetime as dt
    for name in ("idle", "failing-long", "failing-lately", "recovered"):
        subscribe(client, stub, name)
    old = "2026-01-01T00:00:00+00:00"
    db.execute("UPDATE push_subscriptions SET created = ?", [old])  # all made long ago
    # never sent anything (no announcement on its topic): stays, however old
    # failing since January with no success since: goes
    db.execute("UPDATE push_subscriptions SET failures = 5, failing_since = ? WHERE endpoint LIKE '%/failing-long'",
               [old])
    # failing for 10 days only: stays
    db.execute("UPDATE push_subscriptions SET failures = 1, failing_since = '2026-11-16T09:00:00+00:00' "
               "WHERE endpoint LIKE '%/failing-lately'")
    # failed in January, then delivered again (a success clears failing_since): stays
    db.execute("UPDATE push_subscriptions SET failures = 0, failing_since = NULL, last_success = '2026-02-01T00:00:00"
               "+00:00' WHERE endpoint LIKE '%/recovered'")
    assert subscriptions.prune(db, today=dt.date(2026, 11, 26)) == 1
    assert endpoint_names(db) == ["failing-lately", "idle", "recovered"]


def test_delivery_records_when_failing_started_and_clears_it_on_success(app, client, stub, db):
    device = subscribe(client, stub, "flaky")
    stub.answers[device.path] = [(500, {})] * 8 + [(201, {})]
    waits = []
    delivery.deliver(db, announce(db), fast_sender(app, waits))
    first = db.execute("SELECT failures, failing_since FROM push_subscriptions").fetchone()
    assert first[0] == 1 and first[1]
    delivery.deliver(db, announce(db), fast_sender(app, waits))
    assert db.execute("SELECT failures, failing_since FROM push_subscriptions").fetchone() == (2, first[1])
    delivery.deliver(db, announce(db), fast_sender(app, waits))
    row = db.execute("SELECT failures, failing_since, last_success FROM push_subscriptions").fetchone()
    assert row[0] == 0 and row[1] is None and row[2]


def test_every_delivery_run_prunes_subscriptions_failing_for_60_days(app, client, stub, db):
    subscribe(client, stub, "dead", topics=("elections",))
    subscribe(client, stub, "idle", topics=("elections",))
    subscribe(client, stub, "reader", topics=("news",))
    db.execute("UPDATE push_subscriptions SET failures = 3, failing_since = '2020-01-01T00:00:00+00:00' "
               "WHERE endpoint LIKE '%/dead'")
    counts = delivery.deliver(db, announce(db), sender(app))  # a news announcement: not sent to "dead"
    assert counts == {"sent": 1, "delivered": 1, "failed": 0, "removed": 0}
    assert endpoint_names(db) == ["idle", "reader"]


def test_cli_prune_keeps_idle_subscriptions(runner, client, stub, db):
    subscribe(client, stub, "idle")
    subscribe(client, stub, "dead")
    db.execute("UPDATE push_subscriptions SET created = '2020-01-01T00:00:00+00:00'")
    db.execute("UPDATE push_subscriptions SET failures = 2, failing_since = '2020-01-01T00:00:00+00:00' "
               "WHERE endpoint LIKE '%/dead'")
    result = runner.invoke(args=["push", "prune"])
    assert result.exit_code == 0 and "removed 1 subscriptions" in result.output
    assert endpoint_names(db) == ["idle"]


def test_cli_announce_delivers_and_prints_counts(app, runner, client, stub, tmp_path):
    subscribe(client, stub, "a", lang="ar")
    gone = subscribe(client, stub, "gone", lang="da")
    stub.answers[gone.path] = [(410, {})]
    file = tmp_path / "news.toml"
    file.write_text('topic = "news"\nurl = "/{lang}/help/"\nttl = 7200\n[title]\nda = "Nyt"\nar = "أخبار"\n'
                    '[body]\nda = "Tekst"\nar = "نص"\n', encoding="utf-8")
    result = runner.invoke(args=["push", "announce", str(file)])
    assert result.exit_code == 0, result.output
    assert "sent 2, delivered 1, failed 0, removed 1" in result.output
    arabic = next(r for r in stub.received if r.path == "/push/a")
    assert json.loads(arabic.plaintext)["title"] == "أخبار" and arabic.headers["ttl"] == "7200"
    db = connect(app.config["DATABASE"])
    assert db.execute("SELECT actor, action, detail FROM audit_log WHERE action = 'announcement.send'"
                      ).fetchall() == [("cli", "announcement.send", "Nyt")]
    db.conn.close()
    bad = tmp_path / "bad.toml"
    bad.write_text('topic = "news"\n[title]\nen = "x"\n[body]\nen = "y"\n')
    result = runner.invoke(args=["push", "announce", str(bad)])
    assert result.exit_code != 0 and "dansk" in result.output


def test_guide_followers_hear_when_the_danish_text_changes(app, runner, client, stub, monkeypatch):
    subscribe(client, stub, "follower", lang="en", topics=(), guides=("mitid-app",))
    assert "sent 0" in runner.invoke(args=["push", "guide-updates"]).output  # first run records versions
    from app.push import cli
    monkeypatch.setattr(cli, "delivery_version", lambda g: "changed" if g.slug == "mitid-app" else "same")
    result = runner.invoke(args=["push", "guide-updates"])
    assert "delivered 1" in result.output
    message = json.loads(stub.received[-1].plaintext)
    assert message["url"] == "/en/guides/mitid-app/"
