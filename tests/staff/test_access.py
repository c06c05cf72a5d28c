"""Every route under /staff/ refuses anonymous users; admin pages refuse plain staff."""
from __future__ import annotations

from .helpers import csrf_token, login
from .urlmap import methods, rules, url_for_rule

OPEN = {"staff.login"}            # the one staff page an anonymous visitor may see
ADMIN_ONLY = {"staff.accounts", "staff.disable_account", "staff.audit_log"}


def refused(response) -> bool:
    if response.status_code in (401, 403):
        return True
    return response.status_code in (301, 302, 303, 307, 308) and \
        response.headers["Location"].startswith("/staff/login")


def test_asvs_8_every_staff_route_refuses_anonymous_users(app):
    client = app.test_client()
    walked = 0
    for rule in rules(app, under="/staff/"):
        if rule.endpoint in OPEN or rule.endpoint == "static":
            continue
        url = url_for_rule(app, rule)
        for method in methods(rule):
            # with a valid pre-login token: the refusal must come from the login check, not from CSRF
            data = {"csrf_token": csrf_token(client, "/staff/login")} if method != "GET" else None
            response = client.open(url, method=method, data=data)
            assert refused(response), f"{method} {url} ({rule.endpoint}) answered {response.status_code} to an anonymous user"
            walked += 1
    assert walked >= 6


def test_staff_urls_outside_the_map_are_404_not_a_leak(client):
    assert client.get("/staff/no-such-page").status_code in (302, 404)


def test_admin_pages_refuse_plain_staff_with_403(app, staff_member):
    client = app.test_client()
    login(client, "staff@aabenraa.dk")
    token = csrf_token(client, "/staff/")
    for rule in rules(app, under="/staff/"):
        if rule.endpoint not in ADMIN_ONLY:
            continue
        for method in methods(rule):
            response = client.open(url_for_rule(app, rule), method=method,
                                   data={"csrf_token": token, "email": "x@aabenraa.dk"} if method != "GET" else None)
            assert response.status_code == 403, (method, rule.rule)
    assert client.get("/staff/").status_code == 200


def test_admin_sees_admin_pages_and_menu(app, admin):
    client = app.test_client()
    login(client, "admin@aabenraa.dk")
    page = client.get("/staff/").get_data(as_text=True)
    assert 'href="/staff/accounts/"' in page and 'href="/staff/audit/"' in page
    assert client.get("/staff/accounts/").status_code == 200
    assert client.get("/staff/audit/").status_code == 200


def test_plain_staff_menu_has_no_admin_items(app, staff_member):
    client = app.test_client()
    login(client, "staff@aabenraa.dk")
    page = client.get("/staff/").get_data(as_text=True)
    assert 'href="/staff/accounts/"' not in page and 'href="/staff/audit/"' not in page


# Tables a staff GET may fill the first time, and why; a second visit must change nothing.
CREATED_ON_FIRST_VIEW: dict[str, str] = {}  # none: short links are made when the app starts


def test_get_changes_nothing_on_any_staff_page(app, db, admin):
    """GET never changes state: walking every staff GET route leaves every table as it was
    (sessions aside), except a row made once on first view that a second walk leaves alone."""
    client = app.test_client()
    login(client, "admin@aabenraa.dk")
    tables = [t for t in db.table_names() if t not in ("staff_sessions", "_sqlite_migrations")]

    def snapshot():
        return {t: db.execute(f"SELECT * FROM [{t}]").fetchall() for t in tables}

    def walk():
        for rule in rules(app, under="/staff/"):
            if "GET" in methods(rule) and rule.endpoint != "staff.login":
                client.get(url_for_rule(app, rule))
    before = snapshot()
    walk()
    first = snapshot()
    changed = {t for t in tables if first[t] != before[t]}
    assert changed <= set(CREATED_ON_FIRST_VIEW), f"GET changed {sorted(changed - set(CREATED_ON_FIRST_VIEW))}"
    walk()
    assert snapshot() == first
