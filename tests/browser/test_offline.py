"""Offline use in real Chromium: visited pages, keeping guides, updates, what is never stored,
feedback given offline, installability and accessibility."""
from __future__ import annotations

import re
import shutil
import sqlite3
import time
import urllib.request

import pytest
from flask import Blueprint, request
from playwright.sync_api import expect

from tests.conftest import LiveServer
from tests.offline.browsing import (cached, forget_http_cache, heading_of, offline_fails_without_worker,
                                    visited_pages_work_offline, wait_controlled)
from tests.offline.helpers import ROOT, make_app
from tests.staff.helpers import browser_login

TWO_MB = 2 * 1024 * 1024


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    app = make_app(tmp_path_factory.mktemp("offline-browser"))
    # a public-looking address that also answers POST with 200, as a form page might
    probe = Blueprint("probe", __name__)

    @probe.route("/da/probe/", methods=["GET", "POST"])
    def answer():
        return f"<!doctype html><title>probe</title><h1>{request.method} answer</h1>"

    if "csrf" in app.extensions:  # the probe is not a real form: no token to check
        app.extensions["csrf"].exempt(probe)
    app.register_blueprint(probe)
    with LiveServer(app) as live:
        yield live


def test_pages_opened_once_work_offline(page, server, browser):
    visited_pages_work_offline(page, server.url)
    offline_fails_without_worker(browser, server.url)


def test_the_first_page_a_visitor_lands_on_works_offline(page, server):
    """A printed QR code leads straight to a step: that page loaded before the worker existed, and
    the worker stores it when it takes control, though the visitor opens nothing else."""
    url = f"{server.url}/uk/guides/tax-check/2/"
    staff = page.context.new_page()  # open in another tab when the worker arrives: never stored
    staff.goto(f"{server.url}/staff/login")
    page.goto(url)
    heading = page.inner_text("h1")
    wait_controlled(page)
    stored = [entry for entries in cached(page).values() for entry in entries]
    assert "GET /uk/guides/tax-check/2/" in stored
    assert not [e for e in stored if "/staff" in e]
    assert staff.evaluate("navigator.serviceWorker.controller !== null")  # it was open, and left alone
    forget_http_cache(page)
    page.context.set_offline(True)
    try:
        response = page.reload()
        assert response.from_service_worker
        assert page.inner_text("h1") == heading
        images = page.eval_on_selector_all("main img", "imgs => imgs.map(i => i.complete && i.naturalWidth)")
        assert all(images), "an illustration of the first page did not load offline"
    finally:
        page.context.set_offline(False)


def page_views(app) -> dict:
    with sqlite3.connect(app.config["DATABASE"]) as db:
        return {(guide, lang): n for guide, lang, n in db.execute("SELECT guide, lang, SUM(views) FROM page_views "
                                                                    "GROUP BY guide, lang")}


def test_a_page_loaded_past_the_worker_asks_to_be_claimed(page, server):
    """A page whose load went past the worker (one that loaded while the worker took over, or a
    reload that bypasses it, as here) asks the worker to claim it, so it is not left uncontrolled."""
    page.goto(f"{server.url}/da/guides/nemkonto/")
    wait_controlled(page)
    page.context.new_cdp_session(page).send("Page.reload", {"ignoreCache": True})
    page.wait_for_load_state("load")
    expect(page.locator("h1")).to_be_visible()
    for _ in range(100):
        if page.evaluate("navigator.serviceWorker.controller !== null"):
            break
        page.wait_for_timeout(100)
    assert page.evaluate("navigator.serviceWorker.controller && navigator.serviceWorker.controller.scriptURL").endswith("/sw.js")


def test_keep_all_guides_in_my_language_then_a_guide_never_opened_works_offline(page, server):
    base = server.url
    views_before = page_views(server.app)
    page.goto(f"{base}/de/guides/mitid-app/")
    wait_controlled(page)
    keep = page.locator("[data-keep]")
    expect(keep).to_be_visible()
    # record every progress figure the visitor is shown
    page.evaluate("""() => {
      window.seen = [];
      const count = document.querySelector("[data-keep-count]");
      new MutationObserver(() => { if (!count.hidden) window.seen.push(count.textContent); })
        .observe(count, {childList: true, characterData: true, subtree: true, attributes: true});
    }""")
    expected = {url: heading_of(urllib.request.urlopen(base + url).read().decode())
                for url in ("/de/guides/tax-check/2/", "/de/guides/power-of-attorney/1/")}
    page.get_by_role("button", name="Alle Anleitungen in meiner Sprache speichern").click()
    ready = "Alle Anleitungen in Ihrer Sprache sind offline bereit"
    expect(keep.locator("[data-keep-state]")).to_contain_text(ready, timeout=90_000)
    expect(keep.locator("[data-keep-status]")).to_contain_text(ready)
    expect(keep.locator("progress")).to_be_hidden()
    seen = page.evaluate("window.seen")
    assert len(seen) > 10 and seen[-1].startswith(seen[-1].split(" von ")[1].split()[0]), seen[-3:]
    usage = page.evaluate("navigator.storage.estimate().then(e => e.usage)")
    assert usage <= TWO_MB, f"{usage:,} bytes stored"
    # the usage figures count the one guide the visitor opened, not the pages the worker fetched
    after = page_views(server.app)
    grown = {key: n - views_before.get(key, 0) for key, n in after.items() if n != views_before.get(key, 0)}
    assert grown == {("mitid-app", "de"): 1}

    forget_http_cache(page)
    page.context.set_offline(True)
    try:
        for url, heading in expected.items():
            response = page.goto(base + url)
            assert response.from_service_worker
            assert page.inner_text("h1") == heading
            images = page.eval_on_selector_all("main img", "imgs => imgs.map(i => i.complete && i.naturalWidth)")
            assert all(images)
        page.goto(f"{base}/de/")
        assert page.get_attribute("html", "lang") == "de" and page.locator(".tiles").count() == 1
        page.goto(f"{base}/de/guides/mitid-app/")
        expect(page.locator("[data-keep-state]")).to_contain_text(ready)  # and it still says so
    finally:
        page.context.set_offline(False)


def test_keep_this_guide_on_my_phone(page, server, axe):
    base = server.url
    page.goto(f"{base}/en/guides/nemkonto/")
    wait_controlled(page)
    page.reload()
    keep = page.locator("[data-keep]")
    expect(keep).to_be_visible()
    assert axe(page) == []
    page.get_by_role("button", name="Keep this guide on my phone").click()
    expect(keep.locator("[data-keep-state]")).to_have_text(
        "This guide is ready offline: it works on this device without internet.", timeout=60_000)
    forget_http_cache(page)
    page.context.set_offline(True)
    try:
        for url in ("/en/guides/nemkonto/all/", "/en/guides/nemkonto/3/"):
            assert page.goto(base + url).from_service_worker
            assert page.inner_text("h1") != "You are offline"
        page.goto(f"{base}/en/guides/tax-check/1/")
        assert page.inner_text("h1") == "You are offline"
        # the offline page lists what is on the device
        expect(page.locator("[data-offline-guides] a")).to_have_count(1)
        assert page.get_attribute("[data-offline-guides] a", "href") == "/en/guides/nemkonto/"
        assert axe(page) == []
    finally:
        page.context.set_offline(False)


def test_staff_kiosk_administration_and_post_answers_are_never_stored(page, server):
    base = server.url
    page.goto(f"{base}/da/guides/mitid-app/2/")
    wait_controlled(page)
    page.reload()
    for url in ("/staff/login", "/staff/", "/kiosk/", "/kiosk/setup", "/kiosk/enrol/not-a-token"):
        page.goto(base + url)
    page.goto(f"{base}/staff/login")
    if page.locator("form input[type=password]").count():
        page.fill("input[type=password]", "wrong password")
        page.locator("form button[type=submit], form button:not([type])").first.click()
        page.wait_for_load_state()
    # logged in, a member of staff's pages and what they load are never kept either
    browser_login(page, server.app, base, "offline-staff@aabenraa.dk", "/staff/")
    for url in ("/staff/", "/staff/handouts/", "/staff/lending/", "/staff/announcements/", "/staff/kiosk/"):
        assert page.goto(base + url).status == 200, url
    page.goto(f"{base}/da/guides/mitid-app/2/")
    with page.expect_navigation():
        page.locator("form.fb button[value=yes]").click()
    status = page.evaluate("""fetch('/da/guides/mitid-app/2/feedback', {method: 'POST',
        headers: {'Content-Type': 'application/x-www-form-urlencoded'}, body: 'helpful=no'}).then(r => r.status)""")
    assert status in (200, 303, 429)
    assert page.evaluate("fetch('/da/probe/', {method: 'POST'}).then(r => r.text())").endswith("POST answer</h1>")
    page.wait_for_timeout(300)  # let the worker finish any background writes
    stored = [entry for entries in cached(page).values() for entry in entries]
    assert any(e.endswith("/da/guides/mitid-app/2/") for e in stored)  # the store works …
    # of the kiosk only its static files and its home (on an enrolled tablet) may ever be kept
    bad = [e for e in stored if "/staff" in e or re.search(r"/kiosk/(?!static/|$|\?)", e)
           or "feedback" in e or "thanks" in e or not e.startswith("GET ")]
    assert not bad  # … and holds no staff page, kiosk administration or POST answer
    cached_step = page.evaluate("caches.match('/da/guides/mitid-app/2/').then(r => r.text())")
    assert "<form class=\"fb\"" in cached_step  # the page itself, not the answer to the POST
    assert page.evaluate("caches.match('/da/probe/').then(r => r ? r.text() : null)") is None

    page.context.set_offline(True)
    try:
        page.goto(f"{base}/staff/login")  # never stored, so: the offline page (browser language)
        assert page.inner_text("h1") == "You are offline"
    finally:
        page.context.set_offline(False)


def feedback_rows(app) -> int:
    with sqlite3.connect(app.config["DATABASE"]) as db:
        return db.execute("SELECT COUNT(*) FROM feedback").fetchone()[0]


def queued_answer_arrives(page, app, before: int) -> None:
    """The page says the kept answer went, exactly one row arrives, and nothing is left queued."""
    expect(page.locator("[data-offline-bar]")).to_have_text("Thank you. Your saved answer has now been sent.")
    deadline = time.monotonic() + 10
    while feedback_rows(app) == before and time.monotonic() < deadline:
        time.sleep(0.1)
    assert feedback_rows(app) == before + 1
    assert page.evaluate("localStorage.getItem('trinvis.feedback-queue')") == "[]"


def test_an_answer_given_offline_is_sent_when_the_network_returns(page, server):
    base = server.url
    page.goto(f"{base}/en/guides/mitid-app/3/")
    wait_controlled(page)
    before = feedback_rows(server.app)
    page.context.set_offline(True)
    page.locator("form.fb button[value=no]").click()
    note = page.locator(".offline-note")
    expect(note).to_have_text("You are offline. Your answer is saved on this device and will be sent "
                              "when you are online again.")
    assert page.url == f"{base}/en/guides/mitid-app/3/"  # nothing was lost to a network error page
    queued = page.evaluate("JSON.parse(localStorage.getItem('trinvis.feedback-queue'))")
    assert len(queued) == 1 and "helpful=no" in queued[0]["body"]
    assert feedback_rows(server.app) == before

    page.context.set_offline(False)
    queued_answer_arrives(page, server.app, before)


def test_an_answer_on_a_wifi_without_internet_is_kept_and_sent_later(page, server):
    """Connected but nothing gets through (a café's wifi): the browser still says it is online,
    the answer's request fails, and the answer waits on the device instead of a browser error page."""
    base = server.url
    page.goto(f"{base}/en/guides/mitid-app/4/")
    wait_controlled(page)
    before = feedback_rows(server.app)
    failed = []
    cut = lambda route: (failed.append(route.request.method), route.abort("internetdisconnected"))  # noqa: E731
    page.route("**/feedback", cut)
    assert page.evaluate("navigator.onLine")
    page.locator("form.fb button[value=yes]").click()
    expect(page.locator(".offline-note")).to_have_text(
        "You are offline. Your answer is saved on this device and will be sent when you are online again.")
    assert failed == ["POST"]
    assert page.url == f"{base}/en/guides/mitid-app/4/"
    queued = page.evaluate("JSON.parse(localStorage.getItem('trinvis.feedback-queue'))")
    assert len(queued) == 1 and "helpful=yes" in queued[0]["body"]
    assert feedback_rows(server.app) == before

    page.goto(f"{base}/en/guides/mitid-app/5/")  # the next page tries again: still nothing gets through
    for _ in range(100):  # the page sends the queue as it starts, which can be after "load"
        if len(failed) == 2:
            break
        page.wait_for_timeout(50)
    assert failed == ["POST", "POST"]
    # the queue is taken out while it is sent, and put back when sending fails
    page.wait_for_function("(JSON.parse(localStorage.getItem('trinvis.feedback-queue')) || []).length === 1")
    page.unroute("**/feedback", cut)
    page.reload()  # the wifi works again
    queued_answer_arrives(page, server.app, before)


def test_an_answer_online_goes_by_script_to_the_thanks_page_as_before(page, server):
    base = server.url
    page.goto(f"{base}/en/guides/mitid-app/2/")
    before = feedback_rows(server.app)
    with page.expect_navigation():
        page.locator("form.fb button[value=no]").click()
    assert page.url == f"{base}/en/guides/mitid-app/2/thanks/?a=no"
    assert feedback_rows(server.app) == before + 1
    page.go_back()
    assert page.url == f"{base}/en/guides/mitid-app/2/"


def test_the_servers_own_answer_to_a_problem_is_shown_as_without_the_script(page, server):
    base = server.url
    page.goto(f"{base}/en/guides/mitid-app/2/")
    before = feedback_rows(server.app)
    page.locator("form.fb summary").click()
    page.eval_on_selector("#fb-c", "t => { t.value = 'x'.repeat(600); }")  # past maxlength, as an old browser allows
    posts = []
    page.on("request", lambda r: r.method == "POST" and posts.append(r.resource_type))
    with page.expect_navigation():
        page.locator("form.fb button[value=yes]").click()
    assert page.url == f"{base}/en/guides/mitid-app/2/feedback"
    assert page.inner_text("h1") == "Your answer was not sent"
    expect(page.get_by_role("alert")).to_contain_text("The comment is too long.")
    assert page.input_value("#fb-c") == "x" * 600 and page.locator("form.fb button[value=yes]").is_visible()
    assert posts == ["fetch", "document"]  # the script's try, then the form as the browser sends it
    assert feedback_rows(server.app) == before
    assert page.evaluate("localStorage.getItem('trinvis.feedback-queue')") is None


def test_a_kiosk_tablet_never_keeps_an_answer(page, server):
    base = server.url
    page.goto(f"{base}/en/guides/mitid-app/3/")
    page.evaluate("""() => {
      document.documentElement.setAttribute("data-kiosk", "");
      window.addEventListener("submit", event => { window.held = event.defaultPrevented; event.preventDefault(); });
    }""")
    page.context.set_offline(True)
    try:
        page.locator("form.fb button[value=yes]").click()
        page.wait_for_function("window.held !== undefined")
        assert page.evaluate("window.held") is False
        assert page.evaluate("localStorage.getItem('trinvis.feedback-queue')") is None
    finally:
        page.context.set_offline(False)


def test_installable_with_a_manifest_chromium_accepts(browser_type, browser_type_launch_args, server, axe,
                                                      tmp_path):
    # a profile on disk: Chromium never offers to install from an incognito profile
    context = browser_type.launch_persistent_context(str(tmp_path / "profile"), **browser_type_launch_args)
    try:
        page = context.new_page()
        page.goto(f"{server.url}/en/")
        wait_controlled(page)
        page.reload()
        cdp = context.new_cdp_session(page)
        manifest = cdp.send("Page.getAppManifest")
        assert manifest["url"].endswith("/en/manifest.webmanifest")
        assert manifest["errors"] == []
        errors = cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]
        assert [e["errorId"] for e in errors] == []
        page.goto(f"{server.url}/ar/offline/")
        assert axe(page) == []
    finally:
        context.close()


@pytest.fixture
def changing_server(tmp_path):
    guides = tmp_path / "guides"
    shutil.copytree(ROOT / "guides", guides)
    app = make_app(tmp_path / "instance", GUIDES_DIR=str(guides), GUIDES_RELOAD_SECONDS=0)
    with LiveServer(app) as live:
        live.guides = guides
        yield live


def test_a_new_version_takes_over_and_old_caches_are_gone(page, changing_server):
    base = changing_server.url
    page.goto(f"{base}/da/guides/mitid-app/")
    first_worker = wait_controlled(page)
    page.goto(f"{base}/da/guides/nemkonto/1/")  # a guide that does not change: same illustration URL
    page.goto(f"{base}/da/guides/mitid-app/1/")
    old = set(cached(page))
    assert any(name.startswith("trinvis-pages-") for name in old)

    source = changing_server.guides / "mitid-app" / "da.md"
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("Søg efter MitID.", "Søg efter MitID. Vælg den rigtige app.", 1), encoding="utf-8")

    page.reload()  # the browser checks /sw.js, finds new bytes, installs the new worker in the background
    reload_button = page.get_by_role("button", name="Genindlæs")
    expect(page.locator("[data-offline-bar]")).to_contain_text("Der er en ny version af Trinvis.", timeout=30_000)
    with page.expect_navigation():
        reload_button.click()
    wait_controlled(page)
    new = set(cached(page))
    assert not (old - {"trinvis-meta"}) & new, "old caches were not deleted"
    assert any(name.startswith("trinvis-pages-") for name in new)
    assert first_worker == page.evaluate("navigator.serviceWorker.controller.scriptURL")  # same URL, new worker
    # the pages the visitor had opened were carried into the new cache, the changed one with its
    # new text, and with their illustrations (not left to the browser's HTTP cache, which a phone
    # empties when it likes)
    forget_http_cache(page)
    page.context.set_offline(True)
    try:
        assert page.goto(f"{base}/da/guides/mitid-app/1/").from_service_worker
        assert "Vælg den rigtige app." in page.inner_text("main")
        for url in ("/da/guides/mitid-app/1/", "/da/guides/nemkonto/1/"):
            page.goto(base + url)
            images = page.eval_on_selector_all("main img", "imgs => imgs.map(i => i.complete && i.naturalWidth)")
            assert images and all(images), f"an illustration of {url} did not come along to the new version"
    finally:
        page.context.set_offline(False)


def test_a_new_version_reloads_quietly_when_nobody_is_using_the_page(page, changing_server):
    base = changing_server.url
    page.clock.install()
    page.goto(f"{base}/en/guides/mitid-app/2/")
    wait_controlled(page)
    old = set(cached(page))
    source = changing_server.guides / "mitid-app" / "da.md"
    source.write_text(source.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    page.reload()
    expect(page.get_by_role("button", name="Reload")).to_be_visible(timeout=30_000)
    with page.expect_navigation(timeout=30_000):
        page.clock.run_for("03:00")  # two idle minutes and the next check: the page reloads by itself
    wait_controlled(page)
    assert not (old - {"trinvis-meta"}) & set(cached(page))
    assert page.url == f"{base}/en/guides/mitid-app/2/"
