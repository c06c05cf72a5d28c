"""Helpers for any test that needs a logged-in staff member.

    from tests.staff.helpers import make_staff, login, csrf_token

    def test_lending_page(app, client):
        make_staff(app, "anna@aabenraa.dk", role="staff")       # password: PASSWORD
        login(client, "anna@aabenraa.dk")                        # follows the CSRF dance
        page = client.get("/staff/lending/")
        token = csrf_token(client, "/staff/lending/")            # for your own POSTs
        client.post("/staff/lending/kits", data={"csrf_token": token, ...})

`login` returns the response of the login POST (303 to the dashboard on success, 401 on a
wrong password, 429 when throttled). `make_staff` writes straight to the app's database.
"""
from __future__ import annotations

import re

from app import store
from app.staff import accounts

PASSWORD = "correct horse battery staple"
TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def make_staff(app, email: str = "staff@aabenraa.dk", password: str = PASSWORD, role: str = "staff") -> dict:
    """Create an active account (role "staff" or "admin") and return it as a dict."""
    db = store.connect(app.config["DATABASE"])
    try:
        with app.app_context():
            return accounts.create(db, email, password, role)
    finally:
        db.conn.close()


def csrf_from(html: str | bytes) -> str:
    """The CSRF token in a page's first form."""
    text = html.decode() if isinstance(html, bytes) else html
    match = TOKEN.search(text)
    assert match, "no csrf_token input on the page"
    return match.group(1)


def csrf_token(client, path: str = "/staff/login") -> str:
    """GET a staff page and return the CSRF token from its forms (valid for this client's session).

    Redirects are followed, so `csrf_token(client, "/staff/login")` also works when logged in.
    """
    response = client.get(path, follow_redirects=True)
    assert response.status_code == 200, f"GET {path} answered {response.status_code}"
    return csrf_from(response.data)


def login(client, email: str = "staff@aabenraa.dk", password: str = PASSWORD, next: str | None = None):
    """Log `client` in through the real login form; returns the response to the POST."""
    token = csrf_token(client, "/staff/login")
    data = {"csrf_token": token, "email": email, "password": password}
    if next:
        data["next"] = next
    return client.post("/staff/login", data=data)


def logout(client):
    token = csrf_token(client, "/staff/")
    return client.post("/staff/logout", data={"csrf_token": token})


def browser_login(page, live_app, base_url: str, email: str, start: str = "/staff/") -> None:
    """In a real browser: make the account, open `start` (a staff page, so the login form
    comes first), log in, and land back on `start`."""
    make_staff(live_app, email)
    page.goto(base_url + start)
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"**{start}")
