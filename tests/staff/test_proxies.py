"""Behind nginx (TRINVIS_PROXIES=1): the client's address and scheme come from the proxy's headers."""
from __future__ import annotations

import pytest

from app import create_app

from .helpers import PASSWORD, make_staff


@pytest.fixture
def proxied_app(tmp_path, monkeypatch):
    monkeypatch.setenv("TRINVIS_INSTANCE", str(tmp_path / "instance"))
    monkeypatch.setenv("TRINVIS_PROXIES", "1")
    return create_app({"TESTING": True, "SECRET_KEY": "test"})


def send(client, forwarded_for):
    return client.post("/da/guides/mitid-app/1/feedback", data={"helpful": "yes"},
                       headers={"X-Forwarded-For": forwarded_for, "Origin": "http://localhost"}).status_code


def test_each_visitor_behind_the_proxy_has_their_own_limit(proxied_app):
    client = proxied_app.test_client()
    limit = proxied_app.extensions["trinvis.feedback_limiter"].limit
    assert [send(client, "198.51.100.1") for _ in range(limit + 1)][-2:] == [303, 429]
    assert send(client, "198.51.100.2") == 303
    # a visitor cannot pick an address of their own: only the hop nginx appended counts
    assert send(client, "203.0.113.9, 198.51.100.1") == 429


def test_without_the_setting_forwarded_headers_are_ignored(app):
    client = app.test_client()
    limit = app.extensions["trinvis.feedback_limiter"].limit
    for n in range(limit):
        assert send(client, f"198.51.100.{n}") == 303
    assert send(client, "198.51.100.200") == 429


def test_https_at_the_proxy_gives_the_host_prefixed_secure_cookie(proxied_app):
    make_staff(proxied_app, "anna@aabenraa.dk")
    client = proxied_app.test_client()
    headers = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "198.51.100.7",
               "Referer": "https://localhost/staff/login"}
    page = client.get("/staff/login", headers=headers)
    assert page.headers["Set-Cookie"].startswith("__Host-trinvis_staff=")
    assert "Strict-Transport-Security" in page.headers
    token = page.get_data(as_text=True).split('name="csrf_token" value="')[1].split('"')[0]
    response = client.post("/staff/login", headers=headers,
                           data={"csrf_token": token, "email": "anna@aabenraa.dk", "password": PASSWORD})
    assert response.status_code == 303 and "; Secure" in response.headers["Set-Cookie"]
