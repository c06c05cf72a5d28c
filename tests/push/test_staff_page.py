"""The staff page for announcements: compose, preview, refuse bad input, send in the background."""
import json
import time

from app.store import connect
from tests.staff.helpers import csrf_token, login, make_staff

from .stub import StubPushService
from .test_push import ORIGIN


def form(token, **extra):
    data = {"csrf_token": token, "topic": "news", "title_da": "Lukket fredag", "body_da": "Vi holder lukket.",
            "title_uk": "Зачинено", "body_uk": "Ми зачинені.", "url": "/{lang}/help/", "ttl_hours": "24",
            "urgency": "normal", "action": "send"}
    data.update(extra)
    return data


def test_anonymous_users_are_sent_to_login(client):
    response = client.get("/staff/announcements/")
    assert response.status_code in (302, 303) and "/staff/login" in response.headers["Location"]


def test_bad_input_gets_a_clear_message_and_nothing_is_stored(app, client):
    make_staff(app)
    login(client)
    token = csrf_token(client, "/staff/announcements/")
    for bad, message in [({"title_da": ""}, "overskrift og tekst på dansk"), ({"ttl_hours": "0"}, "672"),
                         ({"topic": "weather"}, "emne"), ({"url": "https://evil.example/"}, "Trinvis"),
                         ({"body_uk": "ї" * 1600}, "for lang til en notifikation på: uk")]:
        response = client.post("/staff/announcements/", data=form(token, **bad))
        assert response.status_code == 200
        assert message.lower() in response.get_data(as_text=True).lower(), bad
    db = connect(app.config["DATABASE"])
    assert db.execute("SELECT COUNT(*) FROM announcements").fetchone()[0] == 0


def test_missing_csrf_token_is_refused(app, client):
    make_staff(app)
    login(client)
    assert client.post("/staff/announcements/", data=form("")).status_code == 400


def test_send_delivers_in_the_background_and_shows_the_counts(app, client, monkeypatch):
    monkeypatch.setenv("TRINVIS_PUSH_ALLOW_LOOPBACK", "1")
    with StubPushService() as stub:
        device = stub.device("uk-phone")
        body = {"subscription": {"endpoint": stub.endpoint(device), "keys": device.keys()},
                "topics": ["news"], "lang": "uk"}
        assert client.post("/push/subscriptions", json=body, headers=ORIGIN).status_code == 201
        make_staff(app)
        login(client)
        token = csrf_token(client, "/staff/announcements/")
        preview = client.post("/staff/announcements/", data=form(token, action="preview"))
        assert "Lukket fredag" in preview.get_data(as_text=True)
        response = client.post("/staff/announcements/", data=form(token))
        assert response.status_code in (302, 303)
        for _ in range(100):
            if stub.received:
                break
            time.sleep(0.05)
        assert json.loads(stub.received[0].plaintext)["title"] == "Зачинено"
        db = connect(app.config["DATABASE"])
        for _ in range(100):
            row = db.execute("SELECT status, sent, delivered FROM announcements").fetchone()
            if row[0] == "done":
                break
            time.sleep(0.05)
        assert tuple(row) == ("done", 1, 1)
        page = client.get("/staff/announcements/").get_data(as_text=True)
        assert "Lukket fredag" in page
        audit = db.execute("SELECT action, actor FROM audit_log WHERE action = 'announcement.send'").fetchone()
        assert audit and audit[1] == "staff@aabenraa.dk"
