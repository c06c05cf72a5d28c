"""Staff in real Chromium: log in, see the dashboard, log out; axe on every staff page; feedback
sent by a citizen without JavaScript shows up on the dashboard, redacted."""
from __future__ import annotations

import pytest

from tests.staff.helpers import PASSWORD, make_staff


@pytest.fixture(scope="module")
def admin_email(live_app):
    email = "browser-admin@aabenraa.dk"
    make_staff(live_app, email, role="admin")
    return email


def log_in(page, live_server, email):
    page.goto(f"{live_server.url}/staff/")
    assert "/staff/login" in page.url
    page.get_by_label("E-mailadresse").fill(email)
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log ind").click()
    page.wait_for_url(f"{live_server.url}/staff/")


def test_staff_logs_in_sees_the_dashboard_and_logs_out(browser, live_server, admin_email):
    context = browser.new_context()
    page = context.new_page()
    log_in(page, live_server, admin_email)
    assert page.get_by_role("heading", name="Oversigt", level=1).is_visible()
    assert page.get_by_role("heading", name="Indholdets tilstand").is_visible()
    cookies = context.cookies()
    assert [c["name"] for c in cookies] == ["trinvis_staff"] and cookies[0]["httpOnly"]
    assert page.evaluate("document.cookie") == ""             # the session id is out of reach of scripts
    page.get_by_role("button", name="Log ud").click()
    page.wait_for_url(f"{live_server.url}/staff/login?logged_out=1")
    assert page.get_by_text("Du er logget ud.").is_visible()
    # the login form starts a new, anonymous session for its CSRF token; the old id is gone
    assert all(c["value"] != cookies[0]["value"] for c in context.cookies())
    page.goto(f"{live_server.url}/staff/")                     # the back way in is closed
    assert "/staff/login" in page.url
    context.close()


def test_axe_reports_no_violations_on_staff_pages(browser, live_server, live_app, admin_email, axe):
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{live_server.url}/staff/login")
    assert axe(page) == [], "/staff/login"
    log_in(page, live_server, admin_email)
    import datetime as dt

    from app import store
    db = store.connect(live_app.config["DATABASE"])       # a view, so the per-day table and its form show
    db.execute("INSERT INTO page_views (day, guide, lang, views) VALUES (?, 'mitid-app', 'uk', 1) "
               "ON CONFLICT DO NOTHING", [dt.date.today().isoformat()])
    db.conn.close()
    for path in ("/staff/", "/staff/accounts/", "/staff/audit/", "/staff/password",
                 "/staff/?guide=mitid-app", "/staff/?guide=no-such-guide",
                 "/staff/guides/source/guides/mitid-app/da.md", "/staff/guides/source/site/facts.toml"):
        page.goto(live_server.url + path)
        assert axe(page) == [], path
    page.goto(f"{live_server.url}/staff/?guide=mitid-app")
    assert page.get_by_role("heading", name="Pr. dag: Få MitID-appen").is_visible()
    page.goto(f"{live_server.url}/staff/guides/source/guides/mitid-app/da.md?line=12#L12")
    assert page.locator("mark#L12").is_visible()               # the marked line, scrolled to
    assert page.evaluate("document.querySelector(':target').id") == "L12"
    assert axe(page) == [], "source view with a marked line"
    page.goto(f"{live_server.url}/staff/accounts/")
    page.get_by_label("E-mailadresse").fill("svag@aabenraa.dk")
    page.get_by_label("Adgangskode").fill("password1234")
    page.get_by_role("button", name="Opret konto").click()
    assert page.get_by_role("alert").is_visible()              # the refusal, with its reason
    assert axe(page) == [], "accounts page with an error"
    context.close()


def test_citizen_feedback_without_javascript_reaches_the_dashboard(browser, live_server, admin_email, axe):
    citizen = browser.new_context(java_script_enabled=False)
    page = citizen.new_page()
    page.goto(f"{live_server.url}/uk/guides/mitid-app/2/")
    page.locator(".fb summary").click()
    page.get_by_label("Не більше 500 символів").fill("Не зрозуміло. Мій телефон 20 30 40 50")
    page.get_by_role("button", name="Ні").click()
    page.wait_for_url(f"{live_server.url}/uk/guides/mitid-app/2/thanks/?a=no")
    assert page.get_by_role("heading", name="Дякуємо за вашу відповідь").is_visible()
    assert citizen.cookies() == []
    citizen.close()

    checker = browser.new_context()                            # axe needs JavaScript in the page
    page = checker.new_page()
    for path in ("/uk/guides/mitid-app/2/thanks/?a=no", "/ar/guides/mitid-app/2/thanks/?a=yes"):
        page.goto(live_server.url + path)
        assert axe(page) == [], path
    page.goto(f"{live_server.url}/ar/guides/mitid-app/2/")
    page.locator(".fb summary").click()                        # the open comment box, right to left
    assert axe(page) == [], "step page with the comment box open"
    checker.close()

    staff = browser.new_context()
    page = staff.new_page()
    log_in(page, live_server, admin_email)
    comments = page.locator(".comments")
    assert "Не зрозуміло. Мій телефон [telefon]" in comments.inner_text()
    assert "20 30 40 50" not in page.content()
    assert axe(page) == [], "dashboard with feedback and comments"
    staff.close()
