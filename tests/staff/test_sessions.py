"""Server-side sessions: new id at login, logout and disabling end them, timeouts, cookie flags."""
from __future__ import annotations

import hashlib

from app.staff import accounts

from .conftest import session_cookie
from .helpers import PASSWORD, csrf_token, login, logout, make_staff


def logged_in(client) -> bool:
    response = client.get("/staff/")
    if response.status_code == 200:
        return True
    assert response.status_code == 302 and response.headers["Location"].startswith("/staff/login")
    return False


def replay(app, value: str):
    """A fresh browser that presents an old cookie value."""
    other = app.test_client()
    other.set_cookie("trinvis_staff", value)
    return other


def test_asvs_7_2_3_session_id_is_random_with_128_bits_and_stored_only_as_a_hash(app, client, db, staff_member):
    login(client, "staff@aabenraa.dk")
    value = session_cookie(client)
    assert len(value) == 22  # token_urlsafe(16): 16 random bytes, base64url
    second = app.test_client()
    login(second, "staff@aabenraa.dk")
    assert session_cookie(second) != value
    ids = [row[0] for row in db.execute("SELECT id FROM staff_sessions")]
    assert hashlib.sha256(value.encode()).hexdigest() in ids
    assert value not in ids


def test_asvs_7_2_4_new_session_on_login(app, client, db, staff_member):
    client.get("/staff/login")
    before = session_cookie(client)
    assert before, "the login form's CSRF token lives in a pre-login session"
    response = login(client, "staff@aabenraa.dk")
    assert response.status_code == 303
    after = session_cookie(client)
    assert after and after != before
    # the pre-login session is gone: its id opens nothing, now or later
    assert db.execute("SELECT count(*) FROM staff_sessions WHERE id = ?",
                      [hashlib.sha256(before.encode()).hexdigest()]).fetchone()[0] == 0
    assert not logged_in(replay(app, before))
    assert logged_in(client)


def test_asvs_7_2_4_logging_in_again_replaces_the_session(app, client, staff_member):
    login(client, "staff@aabenraa.dk")
    first = session_cookie(client)
    token = csrf_token(client, "/staff/login")  # logged in: redirected to the dashboard's forms
    client.post("/staff/login", data={"csrf_token": token, "email": "staff@aabenraa.dk", "password": PASSWORD})
    assert session_cookie(client) != first
    assert not logged_in(replay(app, first))


def test_asvs_7_4_1_old_cookie_rejected_after_logout(app, client, db, staff_member):
    login(client, "staff@aabenraa.dk")
    old = session_cookie(client)
    response = logout(client)
    assert response.status_code == 303
    assert session_cookie(client) is None
    assert db.execute("SELECT count(*) FROM staff_sessions WHERE staff_id IS NOT NULL").fetchone()[0] == 0
    assert not logged_in(replay(app, old))
    # the back button: staff pages are never kept in a cache
    assert client.get("/staff/login").headers["Cache-Control"] == "no-store"


def test_asvs_7_4_2_old_cookie_rejected_after_the_account_is_disabled(app, client, db, staff_member):
    login(client, "staff@aabenraa.dk")
    old = session_cookie(client)
    assert logged_in(client)
    accounts.disable(db, "staff@aabenraa.dk")
    assert not logged_in(client)
    assert not logged_in(replay(app, old))
    assert login(app.test_client(), "staff@aabenraa.dk").status_code == 401


def test_asvs_7_3_1_idle_timeout_after_30_minutes(client, clock, staff_member):
    login(client, "staff@aabenraa.dk")
    clock.advance(29 * 60)
    assert logged_in(client)          # activity moves the idle deadline on
    clock.advance(29 * 60)
    assert logged_in(client)
    clock.advance(30 * 60 + 1)
    assert not logged_in(client)
    page = client.get("/staff/login").get_data(as_text=True)
    assert "Log ind" in page


def test_asvs_7_3_2_absolute_timeout_after_10_hours(client, clock, staff_member):
    login(client, "staff@aabenraa.dk")
    for _ in range(29):               # busy all day: a request every 20 minutes
        clock.advance(20 * 60)
        assert logged_in(client)
    clock.advance(20 * 60 + 1)        # 10 hours and a second after login
    assert not logged_in(client)
    assert login(client, "staff@aabenraa.dk").status_code == 303
    assert logged_in(client)


def test_asvs_3_3_1_host_prefix_secure_httponly_samesite_over_https(app, staff_member):
    client = app.test_client()
    client.environ_base["wsgi.url_scheme"] = "https"
    page = client.get("/staff/login", base_url="https://localhost")
    token = page.get_data(as_text=True).split('name="csrf_token" value="')[1].split('"')[0]
    response = client.post("/staff/login", base_url="https://localhost",
                           headers={"Referer": "https://localhost/staff/login"},
                           data={"csrf_token": token, "email": "staff@aabenraa.dk", "password": PASSWORD})
    assert response.status_code == 303
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("__Host-trinvis_staff=")
    attributes = [part.strip().lower() for part in cookie.split(";")[1:]]
    assert "secure" in attributes and "httponly" in attributes and "samesite=lax" in attributes
    assert "path=/" in attributes and not any(a.startswith("domain") for a in attributes)
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert client.get("/staff/", base_url="https://localhost").status_code == 200


def test_asvs_3_3_4_session_cookie_is_httponly_and_samesite_over_http(client, staff_member):
    response = login(client, "staff@aabenraa.dk")
    cookie = response.headers["Set-Cookie"].lower()
    assert cookie.startswith("trinvis_staff=") and "httponly" in cookie and "samesite=lax" in cookie


def test_sessions_of_two_people_are_separate(app, client, staff_member, admin):
    other = app.test_client()
    login(client, "staff@aabenraa.dk")
    login(other, "admin@aabenraa.dk")
    assert "staff@aabenraa.dk" in client.get("/staff/").get_data(as_text=True)
    assert "admin@aabenraa.dk" in other.get("/staff/").get_data(as_text=True)
    logout(other)
    assert logged_in(client)


def test_asvs_6_2_2_and_6_2_3_password_change_needs_the_current_password(app, client, staff_member):
    login(client, "staff@aabenraa.dk")
    elsewhere = app.test_client()
    login(elsewhere, "staff@aabenraa.dk")
    token = csrf_token(client, "/staff/password")
    new = "a brand new long passphrase"
    wrong = client.post("/staff/password", data={"csrf_token": token, "current_password": "not it at all",
                                                 "new_password": new, "repeat_password": new})
    assert wrong.status_code == 400 and "nuværende adgangskode er forkert" in wrong.get_data(as_text=True)
    common = client.post("/staff/password", data={"csrf_token": token, "current_password": PASSWORD,
                                                  "new_password": "password1234", "repeat_password": "password1234"})
    assert common.status_code == 400
    ok = client.post("/staff/password", data={"csrf_token": token, "current_password": PASSWORD,
                                              "new_password": new, "repeat_password": new})
    assert ok.status_code == 303
    assert logged_in(client)              # this browser goes on, with a new session
    assert not logged_in(elsewhere)       # ASVS 7.4.3: every other session has ended
    assert login(app.test_client(), "staff@aabenraa.dk", PASSWORD).status_code == 401
    assert login(app.test_client(), "staff@aabenraa.dk", new).status_code == 303


def test_asvs_3_7_2_login_only_redirects_within_the_site(client, staff_member):
    for target in ("https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:alert(1)"):
        fresh = client.application.test_client()
        response = login(fresh, "staff@aabenraa.dk", next=target)
        assert response.headers["Location"] == "/staff/", target
    response = login(client.application.test_client(), "staff@aabenraa.dk", next="/staff/audit/?actor=x")
    assert response.headers["Location"] == "/staff/audit/?actor=x"


def test_anonymous_visitor_is_sent_to_login_with_the_page_to_come_back_to(client):
    response = client.get("/staff/?x=1")
    assert response.status_code == 302
    assert response.headers["Location"] == "/staff/login?next=/staff/?x%3D1"


def test_staff_pages_are_in_danish_whatever_the_browser_asks_for(client, staff_member):
    page = client.get("/staff/login", headers={"Accept-Language": "ar,en;q=0.5"}).get_data(as_text=True)
    assert '<html lang="da" dir="ltr">' in page and "Adgangskode" in page
    make_staff(client.application, "ny@aabenraa.dk")
    login(client, "ny@aabenraa.dk")
    assert "Log ud" in client.get("/staff/", headers={"Accept-Language": "uk"}).get_data(as_text=True)
