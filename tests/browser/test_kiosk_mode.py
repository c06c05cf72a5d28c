"""Kiosk mode in real Chromium: enrolment, the wipe between citizens (button and idle), the idle
warning, the PIN panel online and offline, the heartbeat, axe on kiosk pages."""
from __future__ import annotations

import time

import pytest
from playwright.sync_api import expect

from app import store
from kiosk_mode import devices

# Service workers are blocked so the offline part's background caching cannot race the checks;
# the enrolment-time content is put into Cache Storage by the test itself instead.
ENROLMENT_CACHE = "trinvis-pages-kiosktest"


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "service_workers": "block"}


def enrol_url(live_app, live_server, **options) -> str:
    args = ["kiosk", "enrol", "--partner", options.get("partner", "Den Blå Oase"), "--pin", options.get("pin", "2468"),
            "--languages", options.get("languages", "da,ar,uk"), "--idle-seconds", str(options.get("idle", 180))]
    result = live_app.test_cli_runner().invoke(args=args)
    assert result.exit_code == 0, result.output
    url = result.output.strip().splitlines()[-1]
    assert url.startswith(live_app.config["BASE_URL"]) and "/kiosk/enrol/" in url
    return live_server.url + url[len(live_app.config["BASE_URL"].rstrip("/")):]


def enrol(page, live_app, live_server, **options) -> str:
    url = enrol_url(live_app, live_server, **options)
    page.goto(live_server.url + "/da/")
    page.evaluate("""name => caches.open(name).then(c => Promise.all([
        c.put('/da/guides/', new Response('kept page')), c.put('/static/kept.css', new Response('kept css'))]))""",
                  ENROLMENT_CACHE)
    page.goto(url)
    page.click("#kiosk-enrol")
    page.wait_for_url("**/kiosk/?enrolled=1")
    page.wait_for_selector("#kiosk-bar[data-baseline=recorded]", state="attached")
    return url


CACHES = """async () => { const out = {};
  for (const n of (await caches.keys()).sort()) { out[n] = (await (await caches.open(n)).keys()).map(r => r.url).sort(); }
  return out; }"""

STATE = """async () => ({
  local: localStorage.length, session: sessionStorage.length, cookie: document.cookie,
  dbs: (await indexedDB.databases()).map(d => d.name)})"""

CITIZEN_WRITES = """async () => {
  document.cookie = 'citizen=visible; path=/';
  document.cookie = 'deep=1; path=/da/guides';
  localStorage.setItem('draft', 'my CPR 010101-1234');
  sessionStorage.setItem('search', 'divorce');
  await new Promise((done, fail) => { const r = indexedDB.open('citizen-db', 1);
    r.onupgradeneeded = () => r.result.createObjectStore('notes');
    r.onsuccess = () => { const tx = r.result.transaction('notes', 'readwrite');
      tx.objectStore('notes').put('secret', 1); tx.oncomplete = () => { r.result.close(); done(); }; };
    r.onerror = fail; });
  await (await caches.open('trinvis-pages-kiosktest')).put('/da/guides/private-visit/', new Response('visited'));
  await (await caches.open('citizen-cache')).put('/anything', new Response('x'));
}"""


def citizen_session(page, live_server):
    page.context.add_cookies([{"name": "borger_login", "value": "s3cret", "url": live_server.url, "httpOnly": True}])
    page.goto(live_server.url + "/da/guides/")
    page.evaluate(CITIZEN_WRITES)
    state = page.evaluate(STATE)
    assert state["local"] == 1 and state["session"] == 1 and "citizen=visible" in state["cookie"]
    assert "citizen-db" in state["dbs"]


def assert_wiped(page, device_cookie, baseline):
    page.wait_for_url("**/kiosk/?ended=1**")
    assert page.locator("#kiosk-ended").is_visible()
    state = page.evaluate(STATE)
    assert state == {"local": 0, "session": 0, "cookie": "", "dbs": []}
    cookies = page.context.cookies()
    assert [(c["name"], c["value"]) for c in cookies] == [("trinvis_kiosk", device_cookie)]
    assert page.evaluate(CACHES) == baseline
    page.go_back()
    assert "/kiosk/" in page.url  # history replaced: Back does not return to the citizen's pages


def device_cookie(page) -> str:
    found = [c for c in page.context.cookies() if c["name"] == "trinvis_kiosk"]
    assert len(found) == 1 and found[0]["httpOnly"] and found[0]["sameSite"] == "Strict"
    return found[0]["value"]


def test_enrol_once_and_refuse_reuse(page, live_app, live_server):
    url = enrol(page, live_app, live_server)
    assert page.locator("#kiosk-end-session").is_visible()
    assert page.get_attribute("html", "data-kiosk") == ""
    response = page.goto(url)
    assert response.status == 410
    assert "already been used" in page.inner_text("#kiosk-refused")


def test_finish_button_wipes_everything_but_device_and_enrolment_caches(page, live_app, live_server):
    enrol(page, live_app, live_server)
    cookie = device_cookie(page)
    baseline = page.evaluate(CACHES)
    assert baseline[ENROLMENT_CACHE]
    citizen_session(page, live_server)
    page.goto(live_server.url + "/da/guides/")
    assert page.locator("#kiosk-end-session").is_visible()
    page.click("#kiosk-end-session")
    assert_wiped(page, cookie, baseline)


def test_idle_warning_then_wipe(page, live_app, live_server):
    page.clock.install()
    enrol(page, live_app, live_server, idle=60)
    cookie = device_cookie(page)
    baseline = page.evaluate(CACHES)
    citizen_session(page, live_server)
    page.clock.run_for(59_000)
    assert page.locator("#kiosk-idle").is_hidden()
    page.clock.run_for(2_000)
    assert page.locator("#kiosk-idle").is_visible()
    page.clock.run_for(27_000)
    assert "/da/guides/" in page.url and int(page.inner_text("#kiosk-countdown")) <= 3
    page.clock.run_for(4_000)
    assert_wiped(page, cookie, baseline)


def test_still_here_keeps_the_session(page, live_app, live_server):
    page.clock.install()
    enrol(page, live_app, live_server, idle=60)
    page.goto(live_server.url + "/da/guides/")
    page.evaluate("localStorage.setItem('draft', 'keep me')")
    page.clock.run_for(61_000)
    assert page.locator("#kiosk-idle").is_visible()
    page.click("#kiosk-still-here")
    assert page.locator("#kiosk-idle").is_hidden()
    page.clock.run_for(50_000)
    assert "/da/guides/" in page.url and page.evaluate("localStorage.getItem('draft')") == "keep me"


def test_wipe_while_offline(page, live_app, live_server):
    enrol(page, live_app, live_server)
    cookie = device_cookie(page)
    baseline = page.evaluate(CACHES)
    page.goto(live_server.url + "/da/guides/")
    page.evaluate(CITIZEN_WRITES)
    page.context.set_offline(True)
    page.click("#kiosk-end-session")
    for _ in range(100):  # the kiosk home cannot load offline here (no service worker): an error page
        if "/da/guides/" not in page.url:
            break
        page.wait_for_timeout(50)
    assert "/da/guides/" not in page.url
    page.context.set_offline(False)
    page.goto(live_server.url + "/kiosk/")
    assert page.evaluate(STATE) == {"local": 0, "session": 0, "cookie": "", "dbs": []}
    assert page.evaluate(CACHES) == baseline
    assert device_cookie(page) == cookie


def pin(page, value):
    page.fill("#kiosk-pin", value)
    page.click("#kiosk-pin-form button[type=submit]")


def test_pin_locks_after_five_wrong_tries(page, live_app, live_server):
    enrol(page, live_app, live_server, pin="8642")
    page.click("#kiosk-volunteer")
    message = page.locator("#kiosk-pin-message")
    for attempt in range(5):
        pin(page, "0000")
        expect(message).to_have_text("Forkert PIN-kode." if attempt < 4 else "For mange forkerte forsøg. Prøv igen om 5 minutter.")
        page.evaluate("document.getElementById('kiosk-pin-message').textContent = ''")
    pin(page, "8642")  # right, but locked
    expect(message).to_contain_text("5 minutter")
    assert page.locator("#kiosk-panel-body").is_hidden()


def test_right_pin_opens_panel_online_and_offline(page, live_app, live_server):
    enrol(page, live_app, live_server, pin="1357", partner="Café Solsikken")
    page.click("#kiosk-volunteer")
    pin(page, "1357")
    page.wait_for_selector("#kiosk-panel-body", state="visible")
    body = page.inner_text("#kiosk-panel-body")
    assert "Café Solsikken" in body and "Online" in body
    page.click("#kiosk-panel-close")
    page.context.set_offline(True)
    page.click("#kiosk-volunteer")
    pin(page, "9999")
    expect(page.locator("#kiosk-pin-message")).to_have_text("Forkert PIN-kode.")
    assert page.locator("#kiosk-panel-body").is_hidden()
    pin(page, "1357")
    page.wait_for_selector("#kiosk-panel-body", state="visible")
    assert "Offline" in page.inner_text("#kiosk-panel-body")
    page.context.set_offline(False)


def test_heartbeat_recorded(page, live_app, live_server):
    enrol(page, live_app, live_server, partner="Heartbeat Café")
    db = store.connect(live_app.config["DATABASE"])
    try:
        deadline = time.time() + 5
        while time.time() < deadline:
            rows = list(db.query("select d.partner, h.content_version from kiosk_heartbeats h "
                                 "join kiosk_devices d on d.id = h.device_id where d.partner = 'Heartbeat Café'"))
            if rows:
                break
            time.sleep(0.1)
        assert rows and rows[0]["content_version"]
    finally:
        db.conn.close()


@pytest.mark.parametrize("lang", ["da", "ar", "uk"])
def test_axe_on_kiosk_pages(page, live_app, live_server, axe, lang):
    enrol(page, live_app, live_server, languages="da,ar,uk")
    for path in (f"/kiosk/?lang={lang}&ended=1", f"/{lang}/guides/", f"/{lang}/guides/mitid-help-someone/"):
        page.goto(live_server.url + path)
        assert page.get_attribute("html", "lang") == lang
        assert axe(page) == [], path
    assert page.locator(".kiosk-offsite img").count()  # a blocked link with its QR code, checked too
    page.click("#kiosk-volunteer")
    assert axe(page) == []
    pin(page, "2468")
    page.wait_for_selector("#kiosk-langs-form", state="visible")
    assert axe(page) == []  # the open panel, with the language choice
    # the set-up page, held still (its script would move on at once without a service worker)
    page.route("**/kiosk-setup.js", lambda route: route.abort())
    page.goto(live_server.url + "/kiosk/setup")
    assert page.get_attribute("html", "lang") == "da"
    assert axe(page) == []


def test_blocked_link_is_text_with_a_qr_code_to_open_on_your_own_phone(page, live_app, live_server):
    import zxingcpp
    from PIL import Image
    from io import BytesIO
    enrol(page, live_app, live_server)
    page.goto(live_server.url + "/da/guides/mitid-help-someone/")
    blocked = page.locator(".kiosk-offsite", has_text="aeldresagen.dk")
    assert blocked.count() == 1 and "åbn denne adresse på din egen telefon" in blocked.inner_text()
    assert page.locator("a[href*='aeldresagen.dk']").count() == 0
    assert page.locator("a[href^='https://mitid.dk/']").count() > 0  # allow-listed sites stay links
    qr = blocked.locator("img.kiosk-qr")
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=qr.element_handle())
    assert qr.get_attribute("alt").startswith("QR-kode til denne adresse: https://www.aeldresagen.dk/")
    [decoded] = zxingcpp.read_barcodes(Image.open(BytesIO(qr.screenshot())))
    assert decoded.text == "https://www.aeldresagen.dk/viden-og-raadgivning/vaerd-at-vide/D/digitalisering/nemid"


def test_volunteer_changes_the_languages_among_those_allowed(page, live_app, live_server):
    enrol(page, live_app, live_server, languages="da,ar,uk", pin="1357")
    page.click("#kiosk-volunteer")
    pin(page, "1357")
    page.wait_for_selector("#kiosk-langs-form", state="visible")
    boxes = page.locator("#kiosk-langs-form input[name=lang]")
    assert [boxes.nth(i).get_attribute("value") for i in range(boxes.count())] == ["da", "ar", "uk"]
    page.uncheck("#kiosk-langs-form input[value=da]")
    page.uncheck("#kiosk-langs-form input[value=ar]")
    page.uncheck("#kiosk-langs-form input[value=uk]")
    page.click("#kiosk-langs-form button[type=submit]")
    expect(page.locator("#kiosk-langs-message")).to_have_text("Vælg mindst ét sprog.")
    page.check("#kiosk-langs-form input[value=uk]")
    page.check("#kiosk-langs-form input[value=da]")
    page.click("#kiosk-langs-form button[type=submit]")
    expect(page.locator("#kiosk-langs-message")).to_have_text("Sprogene er gemt.")
    page.click("#kiosk-panel-close")
    picker = page.locator(".kiosk-langs li:visible a")
    expect(picker).to_have_count(2)
    assert [picker.nth(i).get_attribute("hreflang") for i in range(2)] == ["da", "uk"]
    page.goto(live_server.url + "/kiosk/?lang=ar")  # a hidden language: on to the first shown one
    page.wait_for_url("**/kiosk/?lang=da")
    page.goto(live_server.url + "/da/guides/")
    expect(page.locator(".langs li:not([hidden]) a")).to_have_count(2)  # the kiosk script has run
    public = [a.get_attribute("hreflang") for a in page.locator(".langs li:not([hidden]) a").all()]
    assert public == ["da", "uk"]
    # a copy of a page kept from before the change (as the worker serves offline) still shows the choice
    page.evaluate("document.getElementById('kiosk-bar').setAttribute('data-langs', 'da,ar,uk')")
    page.reload()
    expect(page.locator(".langs li:not([hidden]) a")).to_have_count(2)
    assert [a.get_attribute("hreflang") for a in page.locator(".langs li:not([hidden]) a").all()] == ["da", "uk"]
    page.context.set_offline(True)
    try:
        page.click("#kiosk-volunteer")
        pin(page, "1357")
        page.wait_for_selector("#kiosk-langs-form", state="visible")
        page.check("#kiosk-langs-form input[value=ar]")
        page.click("#kiosk-langs-form button[type=submit]")
        expect(page.locator("#kiosk-langs-message")).to_have_text("Du skal have internet for at ændre sprogene.")
    finally:
        page.context.set_offline(False)


def test_a_newer_workers_caches_keep_the_content_but_not_the_visit(page, live_app, live_server):
    """A deploy gives the service worker new cache names; the wipe keeps what the baseline held
    (pages by address, static files by path whatever their ?v=) and the new precache."""
    enrol(page, live_app, live_server)
    page.goto(live_server.url + "/da/guides/")
    page.evaluate("""async () => {
      const v2 = await caches.open('trinvis-pages-v2');
      await v2.put('/da/guides/', new Response('kept page, new version'));
      await v2.put('/static/kept.css?v=2', new Response('kept css, new version'));
      await v2.put('/da/guides/private-visit/', new Response('visited'));
      await (await caches.open('trinvis-shell-v2')).put('/static/new.js?v=2', new Response('precached'));
      await caches.delete('trinvis-pages-kiosktest');  // the old version's cache, gone at activation
    }""")
    page.click("#kiosk-end-session")
    page.wait_for_url("**/kiosk/?ended=1**")
    after = page.evaluate(CACHES)
    base = live_server.url
    assert after["trinvis-pages-v2"] == [f"{base}/da/guides/", f"{base}/static/kept.css?v=2"]
    assert after["trinvis-shell-v2"] == [f"{base}/static/new.js?v=2"]
    assert set(after) == {"kiosk-baseline", "trinvis-pages-v2", "trinvis-shell-v2"}


def test_staff_enrols_a_tablet_and_the_tablet_uses_the_link(page, live_app, live_server, axe, browser):
    import zxingcpp
    from PIL import Image
    from io import BytesIO
    from tests.staff.helpers import PASSWORD, make_staff
    make_staff(live_app, "kiosk-browser@aabenraa.dk")
    page.goto(live_server.url + "/staff/kiosk/new")
    page.fill("#email", "kiosk-browser@aabenraa.dk")
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/staff/kiosk/new")
    assert axe(page) == []
    page.fill("#f-pin", "12")
    page.click("form.form button[type=submit]")
    assert page.locator(".summary").is_visible() and page.locator("#f-pin").get_attribute("aria-invalid") == "true"
    assert axe(page) == []
    page.fill("#f-partner", "Café Staff-flow")
    page.fill("#f-pin", "4321")
    page.check("#f-lang-ar")
    page.click("form.form button[type=submit]")
    page.wait_for_selector("#kiosk-enrol-url")
    assert axe(page) == []
    url = page.inner_text("#kiosk-enrol-url")
    [decoded] = zxingcpp.read_barcodes(Image.open(BytesIO(page.locator("#kiosk-enrol-qr").screenshot())))
    assert decoded.text == url
    page.goto(live_server.url + "/staff/kiosk/")
    assert "Café Staff-flow" in page.inner_text("table.kiosk-devices")
    assert axe(page) == []
    tablet = browser.new_context(service_workers="block").new_page()
    try:
        tablet.goto(live_server.url + url[len(live_app.config["BASE_URL"].rstrip("/")):])
        tablet.click("#kiosk-enrol")
        tablet.wait_for_url("**/kiosk/?enrolled=1")
        assert [a.get_attribute("hreflang") for a in tablet.locator(".kiosk-langs a").all()] == ["da", "ar"]
    finally:
        tablet.context.close()
