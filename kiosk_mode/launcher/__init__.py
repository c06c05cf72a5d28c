"""The kiosk launcher for tablets that run Chromium: every citizen gets a throwaway profile.

Each session runs Chromium full-screen on a fresh copy of a reference profile (made once,
right after enrolment and content caching), watches it over DevTools, and when the kiosk says
the visit is over or nobody has touched the tablet for the idle time, kills Chromium, deletes
the copy and starts the next session. So whatever a citizen did on any site is gone, while the
kiosk's device cookie and offline content (part of the reference) stay. Standard library only.
"""
from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path

from .browser import Browser, forget_runtime_files
from .watch import Watch

SESSION_PREFIX = "session-"
# Caches Chromium rebuilds by itself; a reference without them is smaller and copies faster.
DISPOSABLE = ("Default/Cache", "Default/Code Cache", "Default/GPUCache", "GrShaderCache", "GraphiteDawnCache",
              "ShaderCache", "component_crx_cache", "extensions_crx_cache", "Crashpad")


def say(message: str) -> None:
    print(message, flush=True)  # at once, for a service manager's log


def default_reference() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or os.path.join(os.path.expanduser("~"), ".local", "share")
    return Path(base) / "trinvis-kiosk" / "reference"


def default_sessions_dir() -> Path:
    """A tmpfs where the system has one per user (XDG_RUNTIME_DIR), so profiles never reach the disk."""
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    if runtime and os.path.isdir(runtime):
        return Path(runtime) / "trinvis-kiosk"
    return Path(tempfile.gettempdir()) / f"trinvis-kiosk-{os.getuid() if hasattr(os, 'getuid') else 'user'}"


class Session:
    """One citizen's visit: a profile copy, the browser on it, the watch over it."""

    def __init__(self, profile: Path, browser: Browser, watch: Watch):
        self.profile, self.browser, self.watch = profile, browser, watch

    @property
    def port(self) -> int:
        return self.browser.port

    def wait(self, timeout: float | None = None) -> str | None:
        """Block until the session is over; return why ("ended", "idle" or "closed")."""
        return self.watch.wait(timeout)


class Launcher:
    """Runs sessions one after another on copies of `reference`."""

    def __init__(self, url: str, reference: Path | None = None, sessions_dir: Path | None = None,
                 chromium: str | None = None, headless: bool = False, idle_seconds: int | None = None,
                 warning_seconds: int = 30, linger_seconds: float = 3.0, extra_args: tuple[str, ...] = (),
                 log=None):
        self.url = url
        self.reference = Path(reference or default_reference())
        self.sessions_dir = Path(sessions_dir or default_sessions_dir())
        self.chromium, self.headless, self.extra_args = chromium, headless, tuple(extra_args)
        self.idle_seconds, self.warning_seconds, self.linger_seconds = idle_seconds, warning_seconds, linger_seconds
        self.log = log or say

    def clean_leftovers(self) -> list[Path]:
        """Delete session profiles a crash or power cut left behind: they may hold a citizen's data."""
        self.sessions_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        removed = []
        for path in self.sessions_dir.glob(SESSION_PREFIX + "*"):
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path)
        return removed

    def start_session(self) -> Session:
        if not (self.reference / "Local State").is_file():
            raise FileNotFoundError(f"no reference profile at {self.reference}: make one with --make-reference")
        self.sessions_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        profile = Path(tempfile.mkdtemp(prefix=SESSION_PREFIX, dir=self.sessions_dir))
        browser = Browser(profile, self.chromium, self.headless, self.extra_args)
        try:
            shutil.copytree(self.reference, profile, symlinks=True, dirs_exist_ok=True)
            browser.start()
            watch = Watch(browser.conn, self.url, self.idle_seconds, self.warning_seconds).start()
            watch.open(self.url)
        except BaseException:  # a failed start, or SIGTERM / Ctrl+C meanwhile: nothing left behind
            browser.kill()
            shutil.rmtree(profile, ignore_errors=True)
            raise
        return Session(profile, browser, watch)

    def finish(self, session: Session, outcome: str | None = None) -> None:
        """Kill Chromium (nothing in this profile is worth a clean exit) and delete the profile."""
        if outcome == "ended" and self.linger_seconds:
            time.sleep(self.linger_seconds)  # the kiosk's "Everything from your visit has been deleted"
        session.watch.finish(outcome or "stopped")
        session.browser.kill()
        shutil.rmtree(session.profile, ignore_errors=True)
        if session.profile.exists():
            raise RuntimeError(f"could not delete {session.profile}")

    def run(self, sessions: int | None = None) -> None:
        """Sessions one after another, for ever (or `sessions` times)."""
        for path in self.clean_leftovers():
            self.log(f"deleted a profile left behind: {path}")
        count = 0
        while sessions is None or count < sessions:
            session = self.start_session()
            count += 1
            self.log(f"session {count} started (DevTools port {session.port})")
            try:
                outcome = session.wait()
            except BaseException:  # Ctrl+C, or SIGTERM (see __main__): no Chromium or profile left behind
                self.finish(session, "stopped")
                raise
            self.finish(session, outcome)
            self.log(f"session {count} over: {outcome}; its profile is deleted")
            if outcome == "closed":
                time.sleep(1)  # Chromium crashed or was closed: do not spin


def make_reference(url: str, reference: Path | None = None, chromium: str | None = None, headless: bool = False,
                   start_from: Path | None = None, extra_args: tuple[str, ...] = (), timeout: float | None = None,
                   on_start=None, log=None) -> Path:
    """Open `url` (the one-time enrolment URL) in a new profile, wait until the kiosk has set
    itself up (cached its content and recorded its baseline: it then shows /kiosk/?enrolled=1)
    and keep that profile as the reference. `start_from` begins from an existing profile instead
    (to refresh content: open /kiosk/ and use "Refresh content" in the volunteer panel).
    `on_start(browser)` is called once Chromium runs (the tests use it to press the button)."""
    log = log or say
    reference = Path(reference or default_reference())
    reference.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="making-", dir=reference.parent))
    if start_from:
        shutil.copytree(start_from, work, symlinks=True, dirs_exist_ok=True)
    browser = Browser(work, chromium, headless, tuple(extra_args))
    try:
        browser.start()
        watch = Watch(browser.conn, url, until="enrolled").start()
        watch.open(url)
        log("waiting for the tablet to be set up (press \"Set up this tablet\" on the screen)")
        if on_start:
            on_start(browser)
        outcome = watch.wait(timeout)
        if outcome != "enrolled":
            raise RuntimeError(f"the kiosk did not finish setting up ({outcome or 'timed out'})")
        browser.close()  # a clean exit writes cookies and caches to disk
        forget_runtime_files(work)
        for name in DISPOSABLE:
            shutil.rmtree(work / name, ignore_errors=True)
        old = reference.with_name(reference.name + ".old")
        shutil.rmtree(old, ignore_errors=True)
        if reference.exists():
            reference.rename(old)
        work.rename(reference)
        shutil.rmtree(old, ignore_errors=True)
        log(f"reference profile saved: {reference}")
        return reference
    finally:
        browser.kill()
        if work.exists():
            shutil.rmtree(work, ignore_errors=True)
