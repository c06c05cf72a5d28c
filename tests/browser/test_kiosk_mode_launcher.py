"""The kiosk launcher with real headless Chromium: a reference profile made by enrolling
against the live app, throwaway session profiles, the end-of-session signal, idle time on
another site, the way back home, and offline content that survives into every session."""
from __future__ import annotations

import http.server
import os
import threading
import time

import pytest

from app import create_app
from kiosk_mode.launcher import Launcher, make_reference
from tests.conftest import CHROMIUM, CHROMIUM_ARGS, LiveServer

EXTRA = tuple(a for a in CHROMIUM_ARGS if a not in ("--no-first-run",))


class OtherSite(http.server.BaseHTTPRequestHandler):
    """Another origin (http://localhost:PORT; the kiosk is on 127.0.0.1) that sets a lasting
    cookie on /set and shows on every page which cookies the browser sent."""

    def do_GET(self):
        body = f"<!doctype html><title>Other site</title><h1>Other site</h1><p id=sent>{self.headers.get('Cookie') or 'none'}</p>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        if self.path.startswith("/set"):
            self.send_header("Set-Cookie", "citizen_login=s3cret; Max-Age=86400; Path=/")
        self.end_headers()
        self.wfile.write(body.encode())

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def other_site():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), OtherSite)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://localhost:{server.server_port}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def kiosk_server(tmp_path_factory):
    """The app on its own server, so the offline check can switch it off."""
    before = os.environ.get("TRINVIS_INSTANCE")
    os.environ["TRINVIS_INSTANCE"] = str(tmp_path_factory.mktemp("launcher-instance"))
    try:
        app = create_app({"TESTING": True, "SECRET_KEY": "launcher-test"})
    finally:
        if before is None:
            os.environ.pop("TRINVIS_INSTANCE")
        else:
            os.environ["TRINVIS_INSTANCE"] = before
    server = LiveServer(app)
    server.__enter__()
    yield server
    if server.thread.is_alive():
        server.__exit__()


def stop(server) -> None:
    server.server.shutdown()
    server.server.server_close()
    server.thread.join(5)


def enrol_url(server, languages="da") -> str:
    result = server.app.test_cli_runner().invoke(args=[
        "kiosk", "enrol", "--partner", "Launcher Café", "--pin", "2468", "--languages", languages])
    assert result.exit_code == 0, result.output
    url = result.output.strip().splitlines()[-1]
    return server.url + url[len(server.app.config["BASE_URL"].rstrip("/")):]


def attach(playwright, port):
    """Playwright on the launcher's Chromium, over the DevTools port the launcher opened."""
    browser = playwright.chromium.connect_over_cdp(f"http://127.0.0.1:{port}")
    page = browser.contexts[0].pages[0]
    page.wait_for_load_state()
    return browser, page


@pytest.fixture(scope="module")
def reference(kiosk_server, playwright, tmp_path_factory):
    path = tmp_path_factory.mktemp("kiosk-profiles") / "reference"
    url = enrol_url(kiosk_server)

    def press_set_up(browser):
        _, page = attach(playwright, browser.port)
        page.wait_for_selector("#kiosk-enrol")
        page.click("#kiosk-enrol")

    started = time.monotonic()
    make_reference(url, path, CHROMIUM, headless=True, extra_args=EXTRA, timeout=180, on_start=press_set_up,
                   log=lambda *a: None)
    size = sum(f.stat().st_size for f in path.rglob("*") if f.is_file())
    print(f"reference profile made in {time.monotonic() - started:.1f} s, {size / 1e6:.1f} MB")
    assert (path / "Local State").is_file() and not (path / "SingletonLock").exists()
    return path


@pytest.fixture
def launcher(kiosk_server, reference, tmp_path):
    def make(**options):
        return Launcher(kiosk_server.url + "/kiosk/", reference, tmp_path / "sessions", CHROMIUM, headless=True,
                        linger_seconds=0, extra_args=EXTRA, log=lambda *a: None, **options)
    return make


def cookies_for(browser, host):
    return [c for c in browser.contexts[0].cookies() if c["domain"].lstrip(".") == host]


def test_another_sites_cookie_is_gone_in_the_next_session(launcher, kiosk_server, other_site, playwright):
    kiosk = launcher()
    started = time.monotonic()
    first = kiosk.start_session()
    print(f"session started (profile copied, Chromium up, kiosk opening) in {time.monotonic() - started:.2f} s")
    try:
        assert first.profile.parent == kiosk.sessions_dir and first.profile.is_dir()
        browser, page = attach(playwright, first.port)
        assert page.url.startswith(kiosk_server.url + "/kiosk/")
        page.goto(other_site + "/set")
        assert cookies_for(browser, "localhost") and cookies_for(browser, "localhost")[0]["expires"] > time.time()
        page.goto(other_site + "/")
        assert page.inner_text("#sent") == "citizen_login=s3cret"  # a lasting cookie, as a login would be
        # the way home: a bar the launcher adds to every other site
        page.click("#trinvis-kiosk-back a")
        page.wait_for_url(kiosk_server.url + "/kiosk/**")
        page.wait_for_selector("#kiosk-end-session")
        page.click("#kiosk-end-session")
        assert first.wait(20) == "ended"  # the kiosk's own end-of-session page is the signal
        page.wait_for_url(kiosk_server.url + "/kiosk/?ended=1**")
    finally:
        kiosk.finish(first)
    assert not first.profile.exists()  # the throwaway profile is deleted

    second = kiosk.start_session()
    try:
        assert second.profile != first.profile
        browser, page = attach(playwright, second.port)
        assert cookies_for(browser, "localhost") == []
        assert [c["name"] for c in cookies_for(browser, "127.0.0.1")] == ["trinvis_kiosk"]  # still enrolled
        page.goto(other_site + "/")
        assert page.inner_text("#sent") == "none"
    finally:
        kiosk.finish(second)
    assert not second.profile.exists() and list(kiosk.sessions_dir.iterdir()) == []


def test_idle_on_another_site_ends_the_session_and_input_keeps_it(launcher, other_site, playwright):
    kiosk = launcher(idle_seconds=3, warning_seconds=2)
    session = kiosk.start_session()
    try:
        browser, page = attach(playwright, session.port)
        page.goto(other_site + "/")
        for _ in range(6):  # input for 6 s, longer than idle + warning: the session stays
            page.mouse.click(200, 200)
            page.keyboard.press("Tab")
            time.sleep(1)
        assert session.wait(0) is None
        page.wait_for_selector("[role=alertdialog]", timeout=5000)  # the warning, on the other site
        assert "Jeg er her stadig" in page.inner_text("[role=alertdialog]")  # in the kiosk's language
        page.click("[role=alertdialog] button")
        page.wait_for_selector("[role=alertdialog]", state="detached", timeout=3000)
        clicked = time.monotonic()
        assert session.wait(1) is None
        assert session.wait(15) == "idle"
        assert 4 <= time.monotonic() - clicked <= 10  # idle 3 s + warning 2 s after the last input
    finally:
        kiosk.finish(session)
    assert not session.profile.exists()


def test_leftover_profiles_are_deleted_at_start(launcher):
    kiosk = launcher()
    kiosk.sessions_dir.mkdir(parents=True)
    left = kiosk.sessions_dir / "session-crashed"
    (left / "Default").mkdir(parents=True)
    (left / "Default" / "Cookies").write_text("a citizen's cookies")
    assert kiosk.clean_leftovers() == [left] and not left.exists()


def test_a_new_reference_from_the_old_one_after_refresh_content(kiosk_server, reference, playwright, tmp_path):
    """--make-reference --from-reference: open the kiosk, "Refresh content" in the panel, saved
    once the kiosk shows /kiosk/?refreshed=1 with its new baseline."""
    renewed = tmp_path / "renewed"

    def refresh(browser):
        _, page = attach(playwright, browser.port)
        page.wait_for_selector("#kiosk-volunteer")
        page.click("#kiosk-volunteer")
        page.fill("#kiosk-pin", "2468")
        page.click("#kiosk-pin-form button[type=submit]")
        page.click("#kiosk-refresh")

    make_reference(kiosk_server.url + "/kiosk/", renewed, CHROMIUM, headless=True, start_from=reference,
                   extra_args=EXTRA, timeout=180, on_start=refresh, log=lambda *a: None)
    assert (renewed / "Local State").is_file() and (reference / "Local State").is_file()
    assert not list(tmp_path.glob("making-*"))  # the work folder became the reference


def test_the_command_runs_sessions_and_cleans_up_when_stopped(reference, tmp_path):
    import signal
    import subprocess
    import sys
    from tests.conftest import ROOT
    sessions = tmp_path / "sessions"
    args = [sys.executable, "-m", "kiosk_mode.launcher", "--headless", "--reference", str(reference),
            "--sessions-dir", str(sessions), "--chromium", CHROMIUM, "http://127.0.0.1:9/kiosk/"]
    args += [f"--chromium-arg={a}" for a in EXTRA]
    process = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not list(sessions.glob("session-*/DevToolsActivePort")):
            time.sleep(0.1)
        [profile] = list(sessions.iterdir())  # Chromium is up on it
        time.sleep(1)
        process.send_signal(signal.SIGTERM)
        output = process.communicate(timeout=20)[0]
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 130, output
    assert not profile.exists()
    running = subprocess.run(["ps", "-eo", "args"], capture_output=True, text=True).stdout
    assert str(profile) not in running  # no Chromium left on the deleted profile


def test_offline_content_from_the_reference_is_there_in_every_session_without_network(
        launcher, kiosk_server, reference, playwright):
    """Last in this file: it switches the kiosk's server off."""
    guide = "/da/guides/mitid-app/2/"
    stop(kiosk_server)
    kiosk = launcher()
    session = kiosk.start_session()
    try:
        browser, page = attach(playwright, session.port)
        page.wait_for_selector("#kiosk-end-session")  # the kiosk home, from the reference's Cache Storage
        assert page.url == kiosk_server.url + "/kiosk/" and page.get_attribute("html", "lang") == "da"
        response = page.goto(kiosk_server.url + guide)
        assert response.ok and response.from_service_worker
        assert page.locator("h1").inner_text() and page.locator("#kiosk-end-session").is_visible()
        names = page.evaluate("caches.keys()")
        assert "kiosk-baseline" in names and any(n.startswith("trinvis-pages-") for n in names)
        # and the server is really off: what was never kept fails
        failed = page.evaluate("fetch('/kiosk/settings.json').then(r => 'answered ' + r.status, e => 'failed')")
        assert failed == "failed"
    finally:
        kiosk.finish(session)
    assert not session.profile.exists()
