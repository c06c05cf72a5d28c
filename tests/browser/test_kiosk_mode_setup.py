"""Setting up a kiosk tablet with its real service worker: every guide in the device's
languages saved with visible progress, the kiosk home, the baseline recorded after caching;
then a visit ended offline lands on the kiosk home from the cache with Cache Storage back to
the baseline; "Refresh content" ends the visit before it keeps everything again."""
from __future__ import annotations

import json
import urllib.request

from playwright.sync_api import expect

from tests.browser.test_kiosk_mode import (CACHES, CITIZEN_WRITES, LOCKED, STATE, WRONG, device_cookie, enrol_url,
                                           pin_says, soon)
from tests.offline.browsing import wait_controlled


def test_set_up_saves_every_guide_of_the_device_languages_then_works_offline(page, live_app, live_server):
    url = enrol_url(live_app, live_server, languages="da,uk")
    page.goto(url)
    page.click("#kiosk-enrol")
    page.wait_for_url("**/kiosk/setup")
    # every 50 ms: what the volunteer sees, until the second language is being saved
    page.wait_for_function("""() => { const s = document.getElementById('kiosk-setup-status');
      const p = document.getElementById('kiosk-setup-progress');
      if (s && s.textContent) (window.seen = window.seen || []).push([s.textContent, p.value, p.max]);
      return s && /Українська/.test(s.textContent); }""", polling=50, timeout=120_000)
    seen = page.evaluate("window.seen")
    danish = [s for s in seen if s[0].startswith("Dansk: ") and " sider gemt" in s[0]]
    assert danish and all(0 < value <= top for _, value, top in danish), seen  # visible progress, per language
    assert "Sprog 2 af 2" in page.inner_text("#kiosk-setup-step")
    assert page.locator("#kiosk-bar").count() == 0  # no wipe or idle timer while it downloads
    page.wait_for_url("**/kiosk/?enrolled=1", timeout=120_000)
    page.wait_for_selector("#kiosk-bar[data-baseline=recorded]", state="attached")
    assert page.locator("#kiosk-online-only").is_hidden()
    cookie = device_cookie(page)
    baseline = page.evaluate(CACHES)
    stored = {u for urls in baseline.values() for u in urls}
    for lang in ("da", "uk"):
        listing = json.load(urllib.request.urlopen(f"{live_server.url}/{lang}/offline/guides.json"))
        pages = listing["pages"] + [p for g in listing["guides"] for p in g["pages"]]
        missing = [p for p in pages if live_server.url + p not in stored]
        assert not missing and len(pages) > 50, missing[:5]
        for home in (f"/kiosk/?lang={lang}", f"/kiosk/?ended=1&lang={lang}"):
            assert live_server.url + home in stored
    assert not [u for u in stored if "/de/guides/" in u]  # only the device's languages

    # a citizen's visit, ended without internet; an HttpOnly cookie only the server can expire
    page.context.add_cookies([{"name": "borger_login", "value": "s3cret", "url": live_server.url, "httpOnly": True}])
    page.goto(live_server.url + "/uk/guides/")
    page.evaluate(CITIZEN_WRITES)
    page.context.set_offline(True)
    try:
        response = page.goto(live_server.url + "/uk/guides/tax-check/2/")
        assert response.from_service_worker and page.locator("#kiosk-end-session").is_visible()
        page.click("#kiosk-end-session")
        page.wait_for_url("**/kiosk/?ended=1&lang=uk")
        page.wait_for_selector("#kiosk-ended")  # the kiosk home, from the cache, in Ukrainian
        assert page.get_attribute("html", "lang") == "uk"
        assert page.evaluate(STATE) == {"local": 0, "session": 0, "cookie": "", "dbs": []}
        # the baseline, and in kiosk-baseline a note that the server has yet to hear of the end
        pending = f"{live_server.url}/kiosk/end-pending.json"
        assert page.evaluate(CACHES) == {**baseline, "kiosk-baseline": sorted(baseline["kiosk-baseline"] + [pending])}
        assert "borger_login" in [c["name"] for c in page.context.cookies()]
    finally:
        page.context.set_offline(False)
    page.goto(live_server.url + "/uk/guides/")  # the next page online tells the server
    assert soon(page, lambda: "borger_login" not in [c["name"] for c in page.context.cookies()])
    assert soon(page, lambda: page.evaluate(CACHES) == baseline)
    assert device_cookie(page) == cookie

    # "Refresh content" in the panel: the visit ends first, every guide is kept again, new baseline
    page.goto(live_server.url + "/uk/guides/")
    page.evaluate(CITIZEN_WRITES)
    page.click("#kiosk-volunteer")
    page.fill("#kiosk-pin", "2468")
    page.click("#kiosk-pin-form button[type=submit]")
    page.click("#kiosk-refresh")
    page.wait_for_url("**/kiosk/setup?refresh=1")
    page.wait_for_url("**/kiosk/?refreshed=1", timeout=120_000)
    page.wait_for_selector("#kiosk-bar[data-baseline=recorded]", state="attached")
    assert page.evaluate(STATE) == {"local": 0, "session": 0, "cookie": "", "dbs": []}
    refreshed = page.evaluate(CACHES)
    assert "citizen-cache" not in refreshed and "trinvis-pages-kiosktest" not in refreshed
    assert not [u for urls in refreshed.values() for u in urls if "private-visit" in u]
    assert {u for urls in refreshed.values() for u in urls} >= stored


def test_pin_lock_holds_offline_across_a_reload_and_the_wipe(page, live_app, live_server):
    """Five wrong PINs with no internet lock the panel for 5 minutes, whatever reloads or ends in between."""
    page.clock.install()
    page.goto(enrol_url(live_app, live_server, languages="da", pin="1357", idle=3600))
    page.click("#kiosk-enrol")
    page.wait_for_url("**/kiosk/?enrolled=1", timeout=120_000)
    page.wait_for_selector("#kiosk-bar[data-baseline=recorded]", state="attached")
    page.context.set_offline(True)
    try:
        assert page.goto(live_server.url + "/da/guides/").from_service_worker
        page.click("#kiosk-volunteer")
        for attempt in range(5):
            pin_says(page, "0000", WRONG if attempt < 4 else LOCKED)
        assert page.reload().from_service_worker
        page.click("#kiosk-volunteer")
        pin_says(page, "1357", LOCKED)
        page.click("#kiosk-panel-close")
        page.click("#kiosk-end-session")
        page.wait_for_url("**/kiosk/?ended=1&lang=da")
        page.wait_for_selector("#kiosk-ended")
        page.click("#kiosk-volunteer")
        pin_says(page, "1357", LOCKED)
        assert page.locator("#kiosk-panel-body").is_hidden()
        page.clock.fast_forward("05:01")
        page.fill("#kiosk-pin", "1357")
        page.click("#kiosk-pin-form button[type=submit]")
        page.wait_for_selector("#kiosk-panel-body", state="visible")
        assert "Offline" in page.inner_text("#kiosk-panel-body")
    finally:
        page.context.set_offline(False)


def test_offline_a_page_never_kept_still_carries_finish_and_delete(page, live_app, live_server):
    """The worker stores the offline page when it installs, here before the tablet is enrolled,
    so without the kiosk bar. Set-up stores it again as the tablet draws it: offline, a page
    that was never kept (a search) shows the offline page with "Finish and delete"."""
    page.goto(live_server.url + "/uk/guides/")
    wait_controlled(page)
    stored = "caches.match('/uk/offline/').then(r => r.text())"
    assert "kiosk-end-session" not in page.evaluate(stored)
    page.goto(enrol_url(live_app, live_server, languages="uk"))
    page.click("#kiosk-enrol")
    page.wait_for_url("**/kiosk/?enrolled=1", timeout=120_000)
    page.wait_for_selector("#kiosk-bar[data-baseline=recorded]", state="attached")
    assert "kiosk-end-session" in page.evaluate(stored)
    page.context.set_offline(True)
    try:
        response = page.goto(live_server.url + "/uk/guides/?q=pas")
        assert response.from_service_worker
        assert page.get_attribute("html", "lang") == "uk"
        expect(page.locator("#kiosk-end-session")).to_be_visible()
        page.click("#kiosk-end-session")
        page.wait_for_url("**/kiosk/?ended=1&lang=uk")
        page.wait_for_selector("#kiosk-ended")
    finally:
        page.context.set_offline(False)
