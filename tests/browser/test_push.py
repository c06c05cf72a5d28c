"""Push in Chromium: no permission prompt until the visitor clicks; pages pass axe."""
import pytest
from playwright.sync_api import expect

from tests.offline.browsing import wait_activated
from tests.staff.helpers import browser_login

COUNT_PROMPTS = """
window.__prompts = 0;
Notification.requestPermission = function () { window.__prompts += 1; return Promise.resolve("denied"); };
"""


def test_permission_is_asked_only_after_a_click(page, live_server):
    page.add_init_script(COUNT_PROMPTS)
    page.goto(f"{live_server.url}/da/guides/mitid-app/")
    follow = page.locator("[data-push-follow] [data-push-action=follow]")
    follow.wait_for(state="visible")
    page.wait_for_timeout(300)
    assert page.evaluate("window.__prompts") == 0
    follow.click()
    status = page.locator("[data-push-follow] [data-push-status]")
    status.wait_for(state="visible")
    page.wait_for_function("document.querySelector('[data-push-follow] [data-push-status]').textContent.length > 0")
    assert page.evaluate("window.__prompts") == 1
    assert "slået fra" in status.text_content()  # denied: the page says so plainly


def test_topics_page_asks_only_on_save(page, live_server):
    page.add_init_script(COUNT_PROMPTS)
    page.goto(f"{live_server.url}/uk/notifications/")
    page.locator("[data-push-topics]").wait_for(state="visible")
    assert page.evaluate("window.__prompts") == 0
    page.check("#topic-news")
    page.click("[data-push-topics] button[type=submit]")
    page.wait_for_function("window.__prompts === 1")


def test_without_javascript_the_notifications_page_explains_itself(browser, live_server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/ar/notifications/")
    assert page.locator("[data-push-unsupported]").is_visible()
    assert not page.locator("[data-push-topics]").is_visible()
    context.close()


@pytest.mark.parametrize("lang", ["da", "ar", "uk"])
def test_notifications_page_passes_axe(page, live_server, axe, lang):
    page.goto(f"{live_server.url}/{lang}/notifications/")
    page.locator("[data-push-topics]").wait_for(state="visible")
    assert axe(page) == []


def test_staff_announcements_page_passes_axe(page, live_server, live_app, axe):
    browser_login(page, live_app, live_server.url, "push-axe@aabenraa.dk", "/staff/announcements/")
    page.fill("#title_da", "Lukket fredag")
    page.fill("#body_da", "Vi holder lukket.")
    page.click("button[value=preview]")
    assert page.locator("#prev-h").is_visible()
    assert axe(page) == []


def test_the_service_worker_shows_a_pushed_notification_in_the_subscribers_language(browser, live_server):
    context = browser.new_context()
    context.grant_permissions(["notifications"], origin=live_server.url)
    page = context.new_page()
    page.goto(f"{live_server.url}/uk/notifications/")
    assert wait_activated(page) == "activated"
    cdp = context.new_cdp_session(page)
    registrations = []
    cdp.on("ServiceWorker.workerRegistrationUpdated", lambda e: registrations.extend(e["registrations"]))
    cdp.send("ServiceWorker.enable")
    for _ in range(50):  # the protocol reports registrations as events, shortly after enable
        ours = [r for r in registrations if r["scopeURL"].startswith(live_server.url)]
        if ours:
            break
        page.wait_for_timeout(100)
    registration = ours[0]
    payload = '{"title":"Зачинено","body":"Borgerservice зачинено.","lang":"uk","url":"/uk/help/"}'
    cdp.send("ServiceWorker.deliverPushMessage", {"origin": live_server.url + "/",
                                                   "registrationId": registration["registrationId"],
                                                   "data": payload})
    shown = page.evaluate("""async () => {
      const registration = await navigator.serviceWorker.ready;
      for (let tries = 0; tries < 100; tries++) {
        const shown = await registration.getNotifications();
        if (shown.length) return shown.map(x => [x.title, x.body, x.lang, x.data.url]);
        await new Promise(later => setTimeout(later, 100));
      }
      return [];
    }""")
    assert shown == [["Зачинено", "Borgerservice зачинено.", "uk", "/uk/help/"]]
    context.close()


# Headless Chromium has no connection to a browser vendor's push service, so pushManager's
# subscribe() cannot succeed here. This stands in for it in the page only: it hands out a
# subscription with real keys and an endpoint on 127.0.0.1 (allowed by TRINVIS_PUSH_ALLOW_LOOPBACK).
# Everything on the server side is the real API and the real database. The subscription outlives
# a reload (localStorage), as a real one does.
FAKE_PUSH_SERVICE = """
(() => {
  const fake = %s, KEY = "test.fake-push-subscription";
  window.__unsubscribed = 0;
  const made = () => ({
    endpoint: fake.endpoint,
    toJSON: () => ({endpoint: fake.endpoint, expirationTime: null, keys: fake.keys}),
    unsubscribe: () => { localStorage.removeItem(KEY); window.__unsubscribed += 1; return Promise.resolve(true); },
  });
  PushManager.prototype.subscribe = function () { localStorage.setItem(KEY, "1"); return Promise.resolve(made()); };
  PushManager.prototype.getSubscription = function () {
    return Promise.resolve(localStorage.getItem(KEY) ? made() : null);
  };
})();
"""


@pytest.fixture
def subscribed_context(browser, live_server, monkeypatch):
    """A browser context with notifications allowed and a push subscription the server accepts."""
    import json
    import uuid

    from tests.push.stub import Device
    monkeypatch.setenv("TRINVIS_PUSH_ALLOW_LOOPBACK", "1")
    name = f"/push/{uuid.uuid4().hex}"
    endpoint = f"http://127.0.0.1:9/{name.lstrip('/')}"
    context = browser.new_context()
    context.grant_permissions(["notifications"], origin=live_server.url)
    context.add_init_script(FAKE_PUSH_SERVICE % json.dumps({"endpoint": endpoint, "keys": Device(name).keys()}))
    yield context, endpoint
    context.close()


def stored_topics(live_app, endpoint):
    import json

    from app.store import connect
    db = connect(live_app.config["DATABASE"])
    try:
        row = db.execute("SELECT topics FROM push_subscriptions WHERE endpoint = ?", [endpoint]).fetchone()
    finally:
        db.conn.close()
    return None if row is None else json.loads(row[0])


def ticked(page):
    return page.eval_on_selector_all("input[name=topic]:checked", "boxes => boxes.map(b => b.value)")


def save_and_wait(page):
    status = page.locator("[data-push-topics] [data-push-status]")
    page.evaluate("document.querySelector('[data-push-topics] [data-push-status]').textContent = ''")
    page.click("[data-push-topics] button[type=submit]")
    expect(status).not_to_be_empty()
    return status.text_content()


def test_the_page_shows_the_stored_topics_and_one_can_be_turned_off(subscribed_context, live_server, live_app):
    context, endpoint = subscribed_context
    page = context.new_page()
    page.goto(f"{live_server.url}/da/notifications/")
    page.locator("[data-push-topics]").wait_for(state="visible")
    assert wait_activated(page) == "activated"
    assert ticked(page) == []
    page.check("#topic-news")
    page.check("#topic-elections")
    assert save_and_wait(page) == "Gemt. Du får notifikationer om de emner, du har valgt."
    assert stored_topics(live_app, endpoint) == ["elections", "news"]

    page.reload()
    expect(page.locator("input[name=topic]:checked")).to_have_count(2)  # ticked once the page has asked
    assert ticked(page) == ["news", "elections"]  # in the page's order
    page.uncheck("#topic-news")
    assert save_and_wait(page) == "Gemt. Du får notifikationer om de emner, du har valgt."
    assert stored_topics(live_app, endpoint) == ["elections"]  # replaced, not added to

    page.reload()
    expect(page.locator("input[name=topic]:checked")).to_have_count(1)
    assert ticked(page) == ["elections"]
    page.uncheck("#topic-elections")  # nothing ticked and no guide followed: nothing is kept
    assert save_and_wait(page) == "Notifikationer er slået fra på denne telefon."
    assert stored_topics(live_app, endpoint) is None
    assert page.evaluate("window.__unsubscribed") == 1


def test_the_link_in_a_notification_brings_focus_to_the_stop_button(subscribed_context, live_server):
    context, _ = subscribed_context
    page = context.new_page()
    page.goto(f"{live_server.url}/uk/notifications/#unsubscribe")
    expect(page.locator("#unsubscribe")).to_be_focused()
    assert page.locator("#unsubscribe").is_visible()
    assert page.evaluate("document.activeElement.textContent") == "Вимкнути всі сповіщення"


IPHONE = ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
          "Version/17.5 Mobile/15E148 Safari/604.1")
MAC = ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) "
       "Version/17.5 Safari/605.1.15")
# Safari in a tab, not on the home screen: no push at all
NO_PUSH = """delete window.PushManager; delete window.Notification;
Object.defineProperty(Navigator.prototype, "maxTouchPoints", {get: () => %d});"""


@pytest.mark.parametrize("agent,touch_points,ios", [
    (IPHONE, 5, True),
    (MAC, 5, True),    # an iPad, which calls itself a Mac
    (MAC, 0, False),   # a Mac: the browser cannot, and there is no home screen to add to
])
def test_iphone_in_safari_is_told_to_add_trinvis_to_the_home_screen(browser, live_server, axe, agent, touch_points,
                                                                    ios):
    context = browser.new_context(user_agent=agent)
    context.add_init_script(NO_PUSH % touch_points)
    page = context.new_page()
    page.goto(f"{live_server.url}/en/notifications/")
    page.wait_for_load_state("load")
    assert page.evaluate("'PushManager' in window || 'Notification' in window") is False
    note, unsupported = page.locator("[data-push-ios]"), page.locator("[data-push-unsupported]")
    if ios:
        note.wait_for(state="visible")
        assert "Add to Home Screen" in note.text_content()
        assert not unsupported.is_visible()
        assert axe(page) == []
    else:
        page.wait_for_timeout(300)
        assert unsupported.is_visible() and not note.is_visible()
    assert not page.locator("[data-push-topics]").is_visible()
    context.close()


def test_a_kiosk_tablet_offers_no_notifications(browser, live_app, live_server, axe):
    from tests.browser.test_kiosk_mode import enrol_url
    context = browser.new_context(service_workers="block")
    page = context.new_page()
    page.goto(enrol_url(live_app, live_server))
    page.click("#kiosk-enrol")
    page.wait_for_url("**/kiosk/?enrolled=1")
    page.goto(f"{live_server.url}/da/guides/mitid-app/")
    assert page.locator("[data-push-follow]").count() == 0 and page.locator(".push-more").count() == 0
    page.goto(f"{live_server.url}/da/notifications/")
    assert page.locator("[data-push-kiosk]").is_visible()
    assert page.locator("[data-push-unsupported]").count() == 0 and page.locator("[data-push-topics]").count() == 0
    assert axe(page) == []
    context.close()
