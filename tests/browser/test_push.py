"""Push in Chromium: no permission prompt until the visitor clicks; pages pass axe."""
import pytest

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
