"""Following one browser session over DevTools: the kiosk's end-of-session signal, idle time
on every site, the "Back to Trinvis" bar, and (for the reference profile) enrolment done.

What counts as activity (the idle clock restarts): any page or cross-site frame reporting a
pointerdown, keydown, touchstart, wheel, scroll or input event (page.js, at most one report
every 2 s), any page or frame changing its address, and a new tab or window opening. Nothing
else is seen: watching a video or reading a PDF without touching the screen is idle time.
"""
from __future__ import annotations

import json
import math
import queue
import threading
import time
from pathlib import Path
from urllib.parse import parse_qs, quote, urlsplit

from .cdp import CDPError, Connection

BINDING = "__trinvisLauncherReport"
PAGE_SCRIPT = (Path(__file__).with_name("page.js")).read_text(encoding="utf-8")
DEFAULT_IDLE = 180
DEFAULT_WORDS = {"back": "Back to Trinvis", "title": "Are you still there?",
                 "lead": "Everything from your visit will be deleted in", "seconds": "seconds",
                 "stay": "I'm still here", "lang": "en", "dir": "ltr"}
FRAMES = ("page", "iframe")


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def kiosk_signal(url: str, kiosk_origin: str) -> str | None:
    """"ended", "enrolled" or "refreshed" when `url` is the kiosk home saying so, else None."""
    parts = urlsplit(url)
    if f"{parts.scheme}://{parts.netloc}" != kiosk_origin or parts.path != "/kiosk/":
        return None
    query = parse_qs(parts.query)
    for name in ("ended", "enrolled", "refreshed"):
        if query.get(name) == ["1"]:
            return name
    return None


class Watch:
    """Watches `conn` in a thread until the session is over; `wait()` returns why:
    "ended" (the kiosk's end-of-session page), "idle", "closed" (Chromium went away) or, with
    `until="enrolled"`, "enrolled" once the kiosk has recorded its enrolment-time baseline."""

    def __init__(self, conn: Connection, home: str, idle_seconds: int | None = None,
                 warning_seconds: int = 30, until: str = "ended", clock=time.monotonic):
        self.conn = conn
        self.home = home
        self.kiosk = origin(home)
        self.fixed_idle = idle_seconds
        self.idle_seconds = idle_seconds or DEFAULT_IDLE
        self.warning_seconds = warning_seconds
        self.until = until
        self.clock = clock
        self.words = dict(DEFAULT_WORDS)
        self.lang = ""
        self.shown = None
        self.last_activity = clock()
        self.sessions: dict[str, dict] = {}   # session id -> {"target", "type", "script"}
        self.urls: dict[str, str] = {}        # target id -> its address
        self.outcome: str | None = None
        self.done = threading.Event()
        self.page_ready = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="kiosk-watch", daemon=True)

    # --- life cycle
    def start(self) -> "Watch":
        self.conn.send("Target.setDiscoverTargets", {"discover": True})
        self.conn.send("Target.setAutoAttach", {"autoAttach": True, "waitForDebuggerOnStart": True, "flatten": True})
        self._thread.start()
        return self

    def open(self, url: str, timeout: float = 15.0) -> None:
        """Load `url` in the first tab, once our script is in place there."""
        if not self.page_ready.wait(timeout):
            raise CDPError("no page to open the kiosk in")
        session = next(s for s, info in self.sessions.items() if info["type"] == "page")
        self.conn.send("Page.navigate", {"url": url}, session=session)

    def wait(self, timeout: float | None = None) -> str | None:
        self.done.wait(timeout)
        return self.outcome

    def finish(self, outcome: str) -> None:
        if self.outcome is None:
            self.outcome = outcome
        self.done.set()

    def idle_for(self) -> float:
        return self.clock() - self.last_activity

    # --- the loop
    def _loop(self) -> None:
        while not self.done.is_set():
            try:
                event = self.conn.events.get(timeout=0.25)
            except queue.Empty:
                event = ()
            if event is None or self.conn.closed.is_set():
                self.finish("closed")
                break
            try:
                if event:
                    self._handle(*event)
                if self.until == "ended":
                    self._check_idle()
            except CDPError:
                if self.conn.closed.is_set():
                    self.finish("closed")

    def _handle(self, method: str, params: dict, session: str | None) -> None:
        if method == "Target.attachedToTarget":
            self._attached(params["sessionId"], params["targetInfo"])
        elif method == "Target.detachedFromTarget":
            self.sessions.pop(params.get("sessionId"), None)
        elif method == "Target.targetCreated" and params["targetInfo"]["type"] == "page":
            self.activity()
        elif method == "Target.targetInfoChanged":
            info = params["targetInfo"]
            if info["type"] in FRAMES and self.urls.get(info["targetId"]) != info["url"]:
                self.urls[info["targetId"]] = info["url"]
                self.activity()
                self._address(info)
        elif method == "Runtime.bindingCalled" and params.get("name") == BINDING:
            self._report(params.get("payload") or "{}", session)

    def _attached(self, session: str, info: dict) -> None:
        send = self.conn.send
        if info["type"] in FRAMES:
            self.sessions[session] = {"target": info["targetId"], "type": info["type"], "script": None}
            # Sent without waiting: the target holds still until runIfWaitingForDebugger, and
            # commands on one session run in order.
            send("Runtime.enable", session=session, wait=False)
            send("Page.enable", session=session, wait=False)
            send("Runtime.addBinding", {"name": BINDING}, session=session, wait=False)
            self._install(session)
            send("Target.setAutoAttach", {"autoAttach": True, "waitForDebuggerOnStart": True, "flatten": True},
                 session=session, wait=False)
        send("Runtime.runIfWaitingForDebugger", session=session, wait=False)
        if info["type"] == "page":
            self.page_ready.set()

    def script(self) -> str:
        config = {"kiosk": self.kiosk, "home": self.home_url(), "words": self.words}
        return f"var CONFIG = {json.dumps(config)};\nvar BINDING = {json.dumps(BINDING)};\n{PAGE_SCRIPT}"

    def home_url(self) -> str:
        """The kiosk home in the language the kiosk last showed (the start address until then)."""
        return f"{self.kiosk}/kiosk/?lang={quote(self.lang)}" if self.lang else self.home

    def _install(self, session: str) -> None:
        info = self.sessions[session]
        if info["script"]:
            self.conn.send("Page.removeScriptToEvaluateOnNewDocument", {"identifier": info["script"]},
                           session=session, wait=False)
            info["script"] = None
        try:
            result = self.conn.send("Page.addScriptToEvaluateOnNewDocument",
                                    {"source": self.script(), "runImmediately": True}, session=session)
            info["script"] = result.get("identifier")
        except CDPError:
            pass  # a frame that went away meanwhile

    def _address(self, info: dict) -> None:
        signal = kiosk_signal(info["url"], self.kiosk) if info["type"] == "page" else None
        if signal == "ended" and self.until == "ended":
            self.finish("ended")
        elif signal in ("enrolled", "refreshed") and self.until == "enrolled":
            threading.Thread(target=self._await_baseline, args=(info["targetId"],), daemon=True).start()

    def _await_baseline(self, target: str, timeout: float = 120.0) -> None:
        """The kiosk marks #kiosk-bar data-baseline="recorded" once Cache Storage is noted down."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and not self.done.is_set():
            session = next((s for s, i in list(self.sessions.items()) if i["target"] == target), None)
            if session:
                try:
                    result = self.conn.send("Runtime.evaluate", {
                        "expression": "(document.getElementById('kiosk-bar') || {dataset: {}}).dataset.baseline || ''",
                        "returnByValue": True}, session=session)
                    if result.get("result", {}).get("value") == "recorded":
                        self.finish("enrolled")
                        return
                except CDPError:
                    pass
            time.sleep(0.2)

    def _report(self, payload: str, session: str | None) -> None:
        try:
            message = json.loads(payload)
        except ValueError:
            return
        if message.get("kind") == "input":
            self.activity()
        elif message.get("kind") == "home" and self.sessions.get(session, {}).get("type") == "page":
            self.activity()
            self.conn.send("Page.navigate", {"url": self.home_url()}, session=session, wait=False)
        elif message.get("kind") == "kiosk":
            self._kiosk_settings(message)

    def _kiosk_settings(self, message: dict) -> None:
        """The kiosk page told us its idle time and its words in the current language."""
        if not self.fixed_idle and isinstance(message.get("idle"), int) and message["idle"] >= 10:
            self.idle_seconds = message["idle"]
        words = {key: str(message.get(key) or DEFAULT_WORDS[key])[:200] for key in DEFAULT_WORDS}
        if words != self.words:
            self.words = words
            self.lang = words["lang"] if message.get("lang") else ""
            for session in list(self.sessions):
                self._install(session)

    # --- idle
    def activity(self) -> None:
        self.last_activity = self.clock()
        if self.shown:
            self._warn(0)

    def _check_idle(self) -> None:
        quiet = self.idle_for()
        if quiet >= self.idle_seconds + self.warning_seconds:
            self.finish("idle")
        elif quiet >= self.idle_seconds:
            self._warn(max(1, math.ceil(self.idle_seconds + self.warning_seconds - quiet)))

    def _warn(self, seconds: int) -> None:
        """The countdown on pages of other sites; the kiosk's own pages show their own warning."""
        if seconds == self.shown:
            return
        self.shown = seconds
        for session, info in list(self.sessions.items()):
            if info["type"] == "page" and origin(self.urls.get(info["target"], "")) != self.kiosk:
                self.conn.send("Runtime.evaluate", {"expression": f"window.__trinvisKioskWarn && __trinvisKioskWarn({seconds})"},
                               session=session, wait=False)
