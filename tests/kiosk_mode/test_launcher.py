"""The launcher's rules without a browser: the kiosk's signals, the command line, idle time."""
from __future__ import annotations

import queue
import subprocess
import sys
import threading

from kiosk_mode.launcher import browser, watch
from tests.conftest import ROOT


def test_kiosk_signals_come_only_from_the_kiosk_home_on_the_kiosk_origin():
    kiosk = "https://trinvis.example"
    assert watch.kiosk_signal(f"{kiosk}/kiosk/?ended=1&lang=ar", kiosk) == "ended"
    assert watch.kiosk_signal(f"{kiosk}/kiosk/?lang=da&ended=1", kiosk) == "ended"
    assert watch.kiosk_signal(f"{kiosk}/kiosk/?enrolled=1", kiosk) == "enrolled"
    assert watch.kiosk_signal(f"{kiosk}/kiosk/?refreshed=1", kiosk) == "refreshed"
    for url in (f"{kiosk}/kiosk/", f"{kiosk}/kiosk/?ended=0", f"{kiosk}/da/guides/?ended=1",
                "https://evil.example/kiosk/?ended=1", f"{kiosk}:8443/kiosk/?ended=1"):
        assert watch.kiosk_signal(url, kiosk) is None, url


def test_command_line_is_kiosk_mode_with_a_throwaway_profile(tmp_path):
    args = browser.command("/usr/bin/chromium", tmp_path / "p", headless=False)
    assert args[0] == "/usr/bin/chromium" and args[-1] == "about:blank"
    for flag in ("--kiosk", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", f"--user-data-dir={tmp_path / 'p'}", "--remote-debugging-port=0"):
        assert flag in args
    assert "--headless" not in args
    assert "--headless" in browser.command("chromium", tmp_path, headless=True)


def test_the_launcher_needs_only_the_standard_library():
    code = "import sys, kiosk_mode.launcher.__main__; assert not {'flask', 'app'} & set(sys.modules), sorted(sys.modules)"
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)
    result = subprocess.run([sys.executable, "-m", "kiosk_mode.launcher", "--help"], cwd=ROOT,
                            capture_output=True, text=True, check=True)
    assert "--make-reference" in result.stdout and "--headless" in result.stdout


class FakeConnection:
    def __init__(self):
        self.events = queue.Queue()
        self.closed = threading.Event()
        self.sent = []

    def send(self, method, params=None, session=None, wait=True, timeout=10):
        self.sent.append((method, params or {}, session))
        return {"identifier": "1"} if method == "Page.addScriptToEvaluateOnNewDocument" else {}


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def settle(conn):
    """Let the watch thread take every queued event."""
    for _ in range(200):
        if conn.events.empty():
            break
        threading.Event().wait(0.01)
    threading.Event().wait(0.35)  # one more turn of its loop (it wakes every 0.25 s)


def started(idle=60, warning=30):
    conn, clock = FakeConnection(), Clock()
    w = watch.Watch(conn, "https://k.example/kiosk/", idle_seconds=idle, warning_seconds=warning, clock=clock).start()
    conn.events.put(("Target.attachedToTarget", {"sessionId": "S1", "waitingForDebugger": True,
                     "targetInfo": {"targetId": "T1", "type": "page", "url": "about:blank"}}, None))
    conn.events.put(("Target.targetInfoChanged",
                     {"targetInfo": {"targetId": "T1", "type": "page", "url": "https://www.borger.dk/"}}, None))
    settle(conn)
    return conn, clock, w


def test_idle_means_no_input_and_no_navigation_for_the_idle_time_then_the_warning():
    conn, clock, w = started(idle=60, warning=30)
    assert ("Runtime.runIfWaitingForDebugger", {}, "S1") in conn.sent
    assert any(m == "Page.addScriptToEvaluateOnNewDocument" for m, _, _ in conn.sent)
    clock.now += 59
    settle(conn)
    assert w.outcome is None and not [p for m, p, _ in conn.sent if m == "Runtime.evaluate"]
    clock.now += 2  # past the idle time: the warning on the other site counts down
    settle(conn)
    warnings = [p["expression"] for m, p, _ in conn.sent if m == "Runtime.evaluate"]
    assert warnings and "__trinvisKioskWarn(29)" in warnings[-1]
    conn.events.put(("Runtime.bindingCalled", {"name": watch.BINDING, "payload": '{"kind": "input"}'}, "S1"))
    settle(conn)  # input hides the warning and restarts the clock
    assert "__trinvisKioskWarn(0)" in [p for m, p, _ in conn.sent if m == "Runtime.evaluate"][-1]["expression"]
    clock.now += 89
    settle(conn)
    assert w.outcome is None
    conn.events.put(("Target.targetInfoChanged",
                     {"targetInfo": {"targetId": "T1", "type": "page", "url": "https://www.borger.dk/a"}}, None))
    settle(conn)  # a navigation counts as activity too
    clock.now += 89
    settle(conn)
    assert w.outcome is None
    clock.now += 2
    settle(conn)
    assert w.wait(1) == "idle"


def test_the_kiosk_page_ends_the_session_and_sets_the_words():
    conn, clock, w = started()
    conn.events.put(("Runtime.bindingCalled", {"name": watch.BINDING, "payload":
                     '{"kind": "kiosk", "idle": 120, "lang": "ar", "dir": "rtl", "back": "\\u0639\\u0648\\u062f\\u0629"}'}, "S1"))
    settle(conn)
    assert w.idle_seconds == 60  # fixed on the command line, so the device's 120 s is not used
    assert w.home_url() == "https://k.example/kiosk/?lang=ar" and w.words["dir"] == "rtl"
    assert '"back": "\\u0639\\u0648\\u062f\\u0629"' in w.script()
    conn.events.put(("Runtime.bindingCalled", {"name": watch.BINDING, "payload": '{"kind": "home"}'}, "S1"))
    conn.events.put(("Target.targetInfoChanged", {"targetInfo": {"targetId": "T1", "type": "page",
                     "url": "https://other.example/kiosk/?ended=1"}}, None))
    settle(conn)
    assert ("Page.navigate", {"url": "https://k.example/kiosk/?lang=ar"}, "S1") in conn.sent
    assert w.outcome is None  # another origin's /kiosk/?ended=1 is no signal
    conn.events.put(("Target.targetInfoChanged", {"targetInfo": {"targetId": "T1", "type": "page",
                     "url": "https://k.example/kiosk/?ended=1&lang=ar"}}, None))
    assert w.wait(2) == "ended"


def test_a_closed_browser_ends_the_watch():
    conn, clock, w = started()
    conn.closed.set()
    conn.events.put(None)
    assert w.wait(2) == "closed"


def test_every_launcher_option_is_in_the_readme():
    from kiosk_mode.launcher.__main__ import parser
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### Linux tablets: the launcher"):readme.index("### Android and iPad")]
    options = [o for action in parser()._actions for o in action.option_strings if o.startswith("--")]
    assert len(options) > 8
    assert not [o for o in options if o not in section]
