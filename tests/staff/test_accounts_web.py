"""Admins manage staff accounts on the web: add (with the same password rules) and disable."""
from __future__ import annotations

from app.staff import accounts

from .conftest import session_cookie
from .helpers import csrf_token, login


def test_admin_adds_an_account_who_can_then_log_in(app, db, admin):
    client = app.test_client()
    login(client, "admin@aabenraa.dk")
    token = csrf_token(client, "/staff/accounts/")
    response = client.post("/staff/accounts/", data={"csrf_token": token, "email": "Ny@Aabenraa.dk",
                                                      "password": "a long and secret passphrase", "role": "staff"},
                           follow_redirects=True)
    assert "Kontoen til ny@aabenraa.dk er oprettet" in response.get_data(as_text=True)
    assert login(app.test_client(), "ny@aabenraa.dk", "a long and secret passphrase").status_code == 303


def test_weak_password_is_refused_with_the_reason_and_the_form_kept(app, db, admin):
    client = app.test_client()
    login(client, "admin@aabenraa.dk")
    token = csrf_token(client, "/staff/accounts/")
    response = client.post("/staff/accounts/", data={"csrf_token": token, "email": "svag@aabenraa.dk",
                                                      "password": "password1234", "role": "admin"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "for almindelig" in page and 'value="svag@aabenraa.dk"' in page
    assert 'id="role-admin" name="role" value="admin" checked' in page
    assert accounts.find(db, "svag@aabenraa.dk") is None


def test_disabling_on_the_web_ends_that_persons_sessions(app, db, admin, staff_member):
    victim = app.test_client()
    login(victim, "staff@aabenraa.dk")
    assert victim.get("/staff/").status_code == 200
    client = app.test_client()
    login(client, "admin@aabenraa.dk")
    token = csrf_token(client, "/staff/accounts/")
    assert client.post("/staff/accounts/disable", data={"csrf_token": token, "email": "staff@aabenraa.dk"}).status_code == 303
    assert victim.get("/staff/").status_code == 302
    assert "lukket" in client.get("/staff/accounts/").get_data(as_text=True)


def test_an_admin_cannot_disable_themself(app, db, admin):
    client = app.test_client()
    login(client, "admin@aabenraa.dk")
    token = csrf_token(client, "/staff/accounts/")
    response = client.post("/staff/accounts/disable", data={"csrf_token": token, "email": "admin@aabenraa.dk"},
                           follow_redirects=True)
    assert "ikke lukke din egen konto" in response.get_data(as_text=True)
    assert accounts.find(db, "admin@aabenraa.dk")["active"] == 1
    assert session_cookie(client)


def test_disabling_an_unknown_account_is_404(app, admin):
    client = app.test_client()
    login(client, "admin@aabenraa.dk")
    token = csrf_token(client, "/staff/accounts/")
    assert client.post("/staff/accounts/disable", data={"csrf_token": token, "email": "nobody@x.dk"}).status_code == 404
