"""The audit log: who did what, when; visible to admins."""
from __future__ import annotations

from app.staff.audit import audit, history, recent

from .helpers import csrf_token, login


def test_audit_and_history_for_one_subject(app, clock, db):
    with app.app_context():
        audit(db, "anna@aabenraa.dk", "kit.lend", "kit:AAB-KIT-001", "til Den Blå Oase")
        clock.advance(60)
        audit(db, "bo@aabenraa.dk", "kit.return", "kit:AAB-KIT-001")
        audit(db, "bo@aabenraa.dk", "kit.lend", "kit:AAB-KIT-002")
    rows = history(db, "kit:AAB-KIT-001")
    assert [(r["actor"], r["action"], r["detail"]) for r in rows] == [
        ("anna@aabenraa.dk", "kit.lend", "til Den Blå Oase"), ("bo@aabenraa.dk", "kit.return", "")]
    assert rows[0]["at"] < rows[1]["at"]                       # ISO timestamps in UTC, from the clock
    assert rows[0]["at"].endswith("+00:00")
    assert [r["subject"] for r in recent(db, actor="bo@aabenraa.dk")] == ["kit:AAB-KIT-002", "kit:AAB-KIT-001"]
    assert history(db, "kit:none") == []


def test_audit_works_outside_a_request(app, db):
    audit(db, "cli", "staff.add", "staff:x@aabenraa.dk")
    assert history(db, "staff:x@aabenraa.dk")[0]["actor"] == "cli"


def test_staff_actions_on_the_web_are_audited_and_shown_to_admins(app, db, admin, staff_member):
    client = app.test_client()
    login(client, "admin@aabenraa.dk")
    token = csrf_token(client, "/staff/accounts/")
    client.post("/staff/accounts/", data={"csrf_token": token, "email": "ny@aabenraa.dk",
                                          "password": "a long and secret passphrase", "role": "staff"})
    client.post("/staff/accounts/disable", data={"csrf_token": token, "email": "staff@aabenraa.dk"})
    actions = [(r["actor"], r["action"], r["subject"]) for r in recent(db)]
    assert ("admin@aabenraa.dk", "staff.add", "staff:ny@aabenraa.dk") in actions
    assert ("admin@aabenraa.dk", "staff.disable", "staff:staff@aabenraa.dk") in actions
    assert ("admin@aabenraa.dk", "staff.login", "staff:admin@aabenraa.dk") in actions
    page = client.get("/staff/audit/").get_data(as_text=True)
    assert "staff.disable" in page and "staff:ny@aabenraa.dk" in page
    only = client.get("/staff/audit/?subject=staff:ny@aabenraa.dk").get_data(as_text=True)
    assert "staff:ny@aabenraa.dk" in only and "staff.disable" not in only


def test_the_audit_log_escapes_what_it_shows(app, db, admin):
    audit(db, "<script>alert(1)</script>", "x", "kit:<b>", "<img src=x onerror=alert(1)>")
    client = app.test_client()
    login(client, "admin@aabenraa.dk")
    page = client.get("/staff/audit/").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page and "<img src=x" not in page
    assert "&lt;script&gt;" in page
