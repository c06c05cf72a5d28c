"""Kiosk mode in real Chromium: enrolment, the wipe between citizens (button and idle), the idle
warning, the PIN panel online and offline, the heartbeat, axe on kiosk pages."""
from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import expect

from app import store
from kiosk_mode import devices
from tests.staff.helpers import browser_login

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
    # the page then keeps the tablet's languages in kiosk-baseline (from the server, a moment
    # later): a test that records the baseline must do so after that
    for _ in range(100):
        if page.evaluate("caches.open('kiosk-baseline').then(c => c.match('/kiosk/languages.json')).then(r => !!r)"):
            break
        page.wait_for_timeout(50)
    else:
        raise AssertionError("the kiosk did not keep its languages after enrolment")
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
    # sessionStorage: the citizen's entry and the visit the kiosk stamps its history entries with
    assert state["local"] == 1 and state["session"] == 2 and "citizen=visible" in state["cookie"]
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


def wait_to_leave(page, path):
    """Offline the kiosk home cannot load here (no service worker): the visit ends on an error page."""
    for _ in range(100):
        if path not in page.url:
            break
        page.wait_for_timeout(50)
    assert path not in page.url


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


def soon(page, check, seconds=5.0):
    deadline = time.time() + seconds
    while not check() and time.time() < deadline:
        page.wait_for_timeout(100)
    return check()


def test_wipe_while_offline(page, live_app, live_server):
    enrol(page, live_app, live_server)
    cookie = device_cookie(page)
    baseline = page.evaluate(CACHES)
    citizen_session(page, live_server)  # with an HttpOnly cookie, which no page can delete
    page.context.set_offline(True)
    page.wait_for_function("!navigator.onLine")
    page.click("#kiosk-end-session")
    wait_to_leave(page, "/da/guides/")
    assert "borger_login" in [c["name"] for c in page.context.cookies()]  # offline only the server can
    page.context.set_offline(False)
    page.goto(live_server.url + "/kiosk/")  # the first page online tells the server the visit ended
    assert page.evaluate(STATE) == {"local": 0, "session": 0, "cookie": "", "dbs": []}
    assert soon(page, lambda: [(c["name"], c["value"]) for c in page.context.cookies()] == [("trinvis_kiosk", cookie)])
    assert soon(page, lambda: page.evaluate(CACHES) == baseline)  # told: its note in kiosk-baseline is gone
    assert device_cookie(page) == cookie


# Every document the test sees: how it was reached (navigate, reload, back_forward) and, for a
# page restored from the back/forward cache, that it was. Logged before the page's own scripts run.
HISTORY_LOG = """(() => {
  const how = (performance.getEntriesByType('navigation')[0] || {}).type;
  console.log('history-test ' + how + ' ' + location.pathname + location.search);
  addEventListener('pageshow', e => { if (e.persisted) console.log('history-test restored ' + location.pathname + location.search); });
})()"""


@pytest.fixture
def bfcache_page(browser_type, browser_type_launch_args):
    """A page in a Chromium with the back/forward cache on (Playwright's launch turns it off)."""
    browser = browser_type.launch(**{**browser_type_launch_args, "ignore_default_args": ["--disable-back-forward-cache"]})
    context = browser.new_context(service_workers="block")
    try:
        yield context.new_page()
    finally:
        context.close()
        browser.close()


def back_after_a_visit(page, live_app, live_server) -> list[str]:
    """A citizen's visit of five pages with a search, ended by the button; then Back, again and
    again. Returns what the history log saw."""
    log = []
    page.context.add_init_script(HISTORY_LOG)
    page.on("console", lambda m: m.text.startswith("history-test ") and log.append(m.text[len("history-test "):]))
    enrol(page, live_app, live_server)
    guides, search = live_server.url + "/da/guides/", "Digital Post"
    entries = page.evaluate("history.length")
    page.click(".kiosk-tiles a[href='/da/guides/']")
    page.wait_for_url(guides)
    page.fill("#q", search)
    page.press("#q", "Enter")
    page.wait_for_url(re.compile(r"/da/guides/\?q=Digital"))
    page.click(".cards a >> nth=0")
    page.wait_for_url(re.compile(r"/da/guides/[a-z0-9-]+/$"))
    page.click("ol.steps a >> nth=0")
    page.wait_for_url(re.compile(r"/da/guides/[a-z0-9-]+/1/$"))
    assert page.evaluate("history.length") == entries  # links and the search replaced the page
    # a page opened as if typed (as the launcher's way home opens the kiosk) adds an entry
    # after the step page: the back stack now holds a page of the visit
    page.goto(guides + "?q=" + search.replace(" ", "+"))
    assert page.input_value("#q") == search
    page.click("#kiosk-end-session")
    page.wait_for_url("**/kiosk/?ended=1**")
    for _ in range(5):
        page.go_back(wait_until="commit")
        page.wait_for_url(lambda url: not url.startswith(guides), wait_until="commit", timeout=5000)
        page.wait_for_timeout(300)  # a page restored from the back/forward cache fires no "load"
        # the search shows in the address, in the box and as "n guides found for “…”"
        assert "q=" not in page.url and f"“{search}”" not in page.inner_text("body")
        if page.locator("#q").count():
            assert page.input_value("#q") == ""
    return log


def test_back_never_returns_to_an_ended_visit(page, live_app, live_server):
    log = back_after_a_visit(page, live_app, live_server)
    # the step page was reached by Back (from the HTTP cache) and sent on to the kiosk home
    assert [line for line in log if re.match(r"back_forward /da/guides/[a-z0-9-]+/1/$", line)], log


def test_back_never_returns_to_an_ended_visit_from_the_back_forward_cache(bfcache_page, live_app, live_server):
    log = back_after_a_visit(bfcache_page, live_app, live_server)
    assert [line for line in log if re.match(r"restored /da/guides/[a-z0-9-]+/1/$", line)], log


def feedback_comments(live_app) -> list[str]:
    db = store.connect(live_app.config["DATABASE"])
    try:
        return [row["comment"] for row in db.query("select comment from feedback")]
    finally:
        db.conn.close()


def test_feedback_is_sent_at_once_or_never_and_nothing_typed_outlives_the_visit(page, live_app, live_server):
    limiter = live_app.extensions["trinvis.feedback_limiter"]
    with limiter.lock:
        limiter._events.clear()  # other browser tests answer through this server too
    enrol(page, live_app, live_server)
    step = live_server.url + "/da/guides/mitid-app/"
    sent, draft, unsent = "Sendt fra kiosken 7730", "Kladde fra besøget 7731", "Uden internet 7732"
    # online: sent at once, and the thanks page replaces the step (no history entry)
    page.goto(step + "3/")
    entries = page.evaluate("history.length")
    page.click("form.fb summary")
    page.fill("#fb-c", sent)
    page.click("form.fb button[value=yes]")
    page.wait_for_url("**/mitid-app/3/thanks/?a=yes")
    assert page.evaluate("history.length") == entries and sent in feedback_comments(live_app)
    # a comment typed and left (the page opened as if typed, so it stays in the back stack)
    page.goto(step + "1/")
    page.click("form.fb summary")
    page.fill("#fb-c", draft)
    # offline: the answer cannot be sent now, so it is dropped, never kept for later
    page.goto(step + "2/")
    page.click("form.fb summary")
    page.fill("#fb-c", unsent)
    page.context.set_offline(True)
    page.click("form.fb button[value=yes]")
    expect(page.locator("#fb-c")).to_have_value("")
    expect(page.locator("form.fb [role=alert]")).to_have_text(
        "Der er ikke internet, så dit svar blev ikke sendt. Det er ikke gemt på denne tablet.")
    assert "/mitid-app/2/" in page.url
    assert page.evaluate("localStorage.length") == 0  # offline.js's queue, among others
    page.click("#kiosk-end-session")
    wait_to_leave(page, "/mitid-app/")  # for the kiosk home, which cannot load offline here
    page.context.set_offline(False)
    page.goto(live_server.url + "/kiosk/")
    for _ in range(4):
        page.go_back(wait_until="commit")
        page.wait_for_url(lambda url: "/mitid-app/" not in url, wait_until="commit", timeout=5000)
        page.wait_for_timeout(300)
        assert draft not in page.content() and unsent not in page.content()
    page.goto(step + "1/")
    assert page.input_value("#fb-c") == ""  # nothing restored into the form
    page.goto(step + "2/")
    assert page.input_value("#fb-c") == ""
    page.wait_for_timeout(1000)  # online again: anything queued would be sent now
    comments = feedback_comments(live_app)
    assert draft not in comments and unsent not in comments


def pin(page, value):
    page.fill("#kiosk-pin", value)
    page.click("#kiosk-pin-form button[type=submit]")


WRONG, LOCKED = "Forkert PIN-kode.", "For mange forkerte forsøg. Prøv igen om 5 minutter."


def pin_says(page, value, text):
    page.evaluate("document.getElementById('kiosk-pin-message').textContent = ''")
    pin(page, value)
    expect(page.locator("#kiosk-pin-message")).to_have_text(text)


def test_pin_locks_after_five_wrong_tries(page, live_app, live_server):
    enrol(page, live_app, live_server, pin="8642")
    page.click("#kiosk-volunteer")
    for attempt in range(5):
        pin_says(page, "0000", WRONG if attempt < 4 else LOCKED)
    pin_says(page, "8642", LOCKED)  # right, but locked
    assert page.locator("#kiosk-panel-body").is_hidden()
    # the server's lock is kept on the tablet: a reload, then no internet, and still locked
    page.reload()
    page.context.set_offline(True)
    try:
        page.wait_for_function("!navigator.onLine")
        page.click("#kiosk-volunteer")
        pin_says(page, "8642", LOCKED)
        assert page.locator("#kiosk-panel-body").is_hidden()
    finally:
        page.context.set_offline(False)


def test_pin_lock_counted_offline_survives_a_reload_and_the_wipe(page, live_app, live_server):
    """The server never hears of tries made offline: only what the tablet keeps can lock it."""
    page.clock.install()
    enrol(page, live_app, live_server, pin="8642", idle=3600)
    page.context.set_offline(True)
    page.wait_for_function("!navigator.onLine")
    page.click("#kiosk-volunteer")
    for attempt in range(5):
        pin_says(page, "0000", WRONG if attempt < 4 else LOCKED)
    page.context.set_offline(False)  # (without a service worker the pages cannot load offline here)
    page.reload()
    page.click("#kiosk-end-session")  # the wipe, too
    page.wait_for_url("**/kiosk/?ended=1**")
    page.context.set_offline(True)
    try:
        page.wait_for_function("!navigator.onLine")
        page.click("#kiosk-volunteer")
        pin_says(page, "8642", LOCKED)
        page.context.set_offline(False)
        page.wait_for_function("navigator.onLine")
        pin_says(page, "8642", LOCKED)  # online too: the tablet's lock is asked first
        page.clock.fast_forward("05:01")
        pin(page, "8642")
        page.wait_for_selector("#kiosk-panel-body", state="visible")
    finally:
        page.context.set_offline(False)


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


def heartbeats(live_app, partner: str) -> list[dict]:
    db = store.connect(live_app.config["DATABASE"])
    try:
        return list(db.query("select d.id, h.content_version from kiosk_heartbeats h "
                             "join kiosk_devices d on d.id = h.device_id where d.partner = ? order by h.at",
                             [partner]))
    finally:
        db.conn.close()


def wait_for_heartbeats(live_app, partner: str, count: int) -> list[dict]:
    deadline = time.time() + 10
    while time.time() < deadline:
        rows = heartbeats(live_app, partner)
        if len(rows) >= count:
            return rows
        time.sleep(0.1)
    raise AssertionError(f"{len(heartbeats(live_app, partner))} heartbeats, expected {count}")


def test_heartbeat_every_five_minutes_shown_to_staff_and_a_silent_tablet_flagged(browser, page, live_app,
                                                                                  live_server):
    page.clock.install()
    enrol(page, live_app, live_server, partner="Heartbeat Café", idle=3600)  # nobody touches it meanwhile
    wait_for_heartbeats(live_app, "Heartbeat Café", 1)
    page.wait_for_timeout(1000)  # each page of the set-up reports once as it opens
    first = heartbeats(live_app, "Heartbeat Café")
    assert first[0]["content_version"]
    page.clock.run_for(4 * 60 * 1000)
    page.wait_for_timeout(300)
    assert len(heartbeats(live_app, "Heartbeat Café")) == len(first)  # not before five minutes
    page.clock.run_for(60 * 1000 + 500)
    rows = wait_for_heartbeats(live_app, "Heartbeat Café", len(first) + 1)
    device = rows[0]["id"]
    staff = browser.new_context()
    desk = staff.new_page()
    browser_login(desk, live_app, live_server.url, "kiosk-heartbeat@aabenraa.dk", "/staff/kiosk/")
    row = desk.locator(f"tr[data-device='{device}']")
    expect(row).to_contain_text("Heartbeat Café")
    expect(row.locator(".flag")).to_have_count(0)
    db = store.connect(live_app.config["DATABASE"])
    try:  # the tablet then stays away for more than a day
        db.execute("update kiosk_devices set last_seen = last_seen - 2 * 86400 where id = ?", [device])
    finally:
        db.conn.close()
    desk.reload()
    expect(row.locator(".flag")).to_have_text("Har ikke meldt sig i over et døgn")
    staff.close()


@pytest.mark.parametrize("lang", ["da", "ar", "uk"])
def test_axe_on_kiosk_pages(page, live_app, live_server, axe, lang):
    page.clock.install()
    used = enrol(page, live_app, live_server, languages="da,ar,uk")
    fresh = enrol_url(live_app, live_server, languages="da,ar,uk")
    pages = {"home": f"/kiosk/?lang={lang}&ended=1", "guides": f"/{lang}/guides/",
             "guide": f"/{lang}/guides/mitid-help-someone/",
             "enrol": fresh[len(live_server.url):] + f"?lang={lang}", "refused": used[len(live_server.url):] + f"?lang={lang}",
             "step": f"/{lang}/guides/mitid-help-someone/1/"}  # last: the idle warning is checked on it
    for name, path in pages.items():
        page.goto(live_server.url + path)
        assert page.get_attribute("html", "lang") == lang
        assert page.locator("#kiosk-bar").is_visible()
        assert axe(page) == [], name
        if name == "guide":
            assert page.locator(".kiosk-offsite img").count()  # a blocked link with its QR code, checked too
        shown = {"enrol": "#kiosk-enrol", "refused": "#kiosk-refused", "step": "form.fb"}.get(name)
        assert shown is None or page.locator(shown).is_visible(), name
    page.clock.run_for(181_000)
    page.wait_for_selector("#kiosk-idle", state="visible")
    assert axe(page) == [], "idle warning"
    page.click("#kiosk-still-here")
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


def test_the_allow_list_is_the_deployments_setting(page, tmp_path, monkeypatch):
    """TRINVIS_KIOSK_ALLOWED_HOSTS replaces the default list: a site on it opens, mitid.dk (now
    off it) becomes text with a QR code."""
    from app import create_app
    from tests.conftest import LiveServer
    monkeypatch.setenv("TRINVIS_INSTANCE", str(tmp_path / "instance"))
    monkeypatch.setenv("TRINVIS_KIOSK_ALLOWED_HOSTS", "aeldresagen.dk, borger.dk")
    app = create_app({"TESTING": True, "SECRET_KEY": "allow-list-test"})
    with LiveServer(app) as server:
        enrol(page, app, server)
        page.goto(server.url + "/da/guides/mitid-help-someone/")
        assert page.locator("a[href^='https://www.aeldresagen.dk/']").count() == 1
        assert page.locator("a[href*='mitid.dk']").count() == 0
        blocked = page.locator(".kiosk-offsite", has_text="https://mitid.dk/")
        assert blocked.count() >= 1 and "åbn denne adresse på din egen telefon" in blocked.first.inner_text()
        qr = blocked.first.locator("img.kiosk-qr")
        page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=qr.element_handle())


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
