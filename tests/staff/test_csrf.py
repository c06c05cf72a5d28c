"""CSRF: every state-changing staff form needs its token; GET changes nothing."""
from __future__ import annotations

import re

from .conftest import session_cookie
from .helpers import PASSWORD, csrf_token, login

FORM = re.compile(r"<form\b[^>]*>.*?</form>", re.S)


def test_asvs_3_5_1_csrf_missing_400(client, staff_member):
    login(client, "staff@aabenraa.dk")
    response = client.post("/staff/logout")
    assert response.status_code == 400
    assert "Formularen er udløbet" in response.get_data(as_text=True)
    assert client.get("/staff/").status_code == 200          # still logged in: nothing happened


def test_asvs_3_5_1_csrf_missing_on_login_400(client, staff_member):
    client.get("/staff/login")
    response = client.post("/staff/login", data={"email": "staff@aabenraa.dk", "password": PASSWORD})
    assert response.status_code == 400
    assert client.get("/staff/").status_code == 302


def test_asvs_3_5_1_token_of_another_session_400(app, client, staff_member):
    stranger = app.test_client()
    foreign = csrf_token(stranger, "/staff/login")
    login(client, "staff@aabenraa.dk")
    assert client.post("/staff/logout", data={"csrf_token": foreign}).status_code == 400
    assert client.post("/staff/logout", data={"csrf_token": "x" + foreign[1:]}).status_code == 400
    assert client.get("/staff/").status_code == 200


def test_asvs_3_5_1_token_is_checked_over_https_with_the_referrer(app, staff_member):
    client = app.test_client()
    page = client.get("/staff/login", base_url="https://localhost").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    data = {"csrf_token": token, "email": "staff@aabenraa.dk", "password": PASSWORD}
    cross = client.post("/staff/login", base_url="https://localhost", data=data,
                        headers={"Referer": "https://evil.example/staff/login"})
    assert cross.status_code == 400
    same = client.post("/staff/login", base_url="https://localhost", data=data,
                       headers={"Referer": "https://localhost/staff/login"})
    assert same.status_code == 303


def test_every_form_on_the_staff_pages_posts_with_a_token(client, admin):
    login(client, "admin@aabenraa.dk")
    pages = ["/staff/", "/staff/accounts/", "/staff/audit/", "/staff/password"]
    seen = 0
    for path in pages:
        html = client.get(path).get_data(as_text=True)
        for form in FORM.findall(html):
            method = re.search(r'method="(\w+)"', form)
            if method and method.group(1).lower() == "post":
                seen += 1
                assert 'type="hidden" name="csrf_token" value="' in form, (path, form[:200])
            else:
                assert 'name="csrf_token"' not in form, "a token in a GET form would leak into URLs"
    assert seen >= 4


def test_a_valid_token_works_and_the_session_keeps_its_id(client, staff_member):
    login(client, "staff@aabenraa.dk")
    cookie = session_cookie(client)
    token = csrf_token(client, "/staff/")
    assert client.post("/staff/logout", data={"csrf_token": token}).status_code == 303
    assert cookie and session_cookie(client) is None
