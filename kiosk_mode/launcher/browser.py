"""One Chromium process in kiosk mode with its own profile folder, reached over DevTools."""
from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

from .cdp import CDPError, Connection

DEFAULT_CHROMIUM = "/usr/bin/chromium"
KIOSK_FLAGS = ["--kiosk", "--no-first-run", "--no-default-browser-check", "--noerrdialogs",
               "--disable-session-crashed-bubble", "--password-store=basic", "--disable-features=Translate"]
# The same quiet flags the browser tests use: no update checks, sync or background requests.
QUIET_FLAGS = ["--disable-background-networking", "--disable-component-update", "--disable-sync"]
HEADLESS_FLAGS = ["--headless", "--disable-gpu", "--disable-dev-shm-usage"]
# Files Chromium writes while it runs; a copied profile must not carry them into the next run.
RUNTIME_FILES = ("SingletonLock", "SingletonSocket", "SingletonCookie", "DevToolsActivePort")


def chromium_path() -> str:
    return os.environ.get("TRINVIS_CHROMIUM") or DEFAULT_CHROMIUM


def command(chromium: str, profile: Path, headless: bool = False, extra: tuple[str, ...] = ()) -> list[str]:
    """The command line for one session: kiosk mode, a DevTools port of Chromium's choosing, our profile."""
    args = [chromium, *KIOSK_FLAGS, *QUIET_FLAGS, f"--user-data-dir={profile}", "--remote-debugging-port=0"]
    if headless:
        args += HEADLESS_FLAGS
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        args.append("--no-sandbox")  # Chromium refuses to start as root with its sandbox
    return [*args, *extra, "about:blank"]


def forget_runtime_files(profile: Path) -> None:
    for name in RUNTIME_FILES:
        try:
            (profile / name).unlink()
        except FileNotFoundError:
            pass


class Browser:
    """Chromium running on `profile`. `start()` waits for its DevTools endpoint and connects."""

    def __init__(self, profile: Path, chromium: str | None = None, headless: bool = False,
                 extra: tuple[str, ...] = (), log=None):
        self.profile = Path(profile)
        self.args = command(chromium or chromium_path(), self.profile, headless, extra)
        self.log = log
        self.process: subprocess.Popen | None = None
        self.port: int | None = None
        self.conn: Connection | None = None

    def start(self, timeout: float = 30.0) -> "Browser":
        forget_runtime_files(self.profile)
        output = self.log if self.log is not None else subprocess.DEVNULL
        # Its own process group, so ending a session ends every helper process Chromium started.
        self.process = subprocess.Popen(self.args, stdin=subprocess.DEVNULL, stdout=output, stderr=output,
                                        start_new_session=True)
        active = self.profile / "DevToolsActivePort"
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"Chromium exited at start (code {self.process.returncode}): {self.args[0]}")
            try:
                lines = active.read_text().split()
            except OSError:
                lines = []
            if len(lines) == 2:
                self.port = int(lines[0])
                self.conn = Connection(f"ws://127.0.0.1:{self.port}{lines[1]}")
                return self
            time.sleep(0.05)
        self.kill()
        raise RuntimeError("Chromium did not open its DevTools port in time")

    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def close(self, timeout: float = 15.0) -> None:
        """End Chromium cleanly, so the profile on disk holds everything (cookies, caches)."""
        if self.conn is not None:
            try:
                self.conn.send("Browser.close", timeout=5)
            except CDPError:
                pass
        if self.process is not None:
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                pass
        self.kill()

    def kill(self) -> None:
        """End Chromium and all its helpers at once; nothing it holds needs to be kept."""
        if self.conn is not None:
            self.conn.close()
        if self.process is None:
            return
        for sig in (signal.SIGTERM, signal.SIGKILL):
            try:
                os.killpg(self.process.pid, sig)
            except (ProcessLookupError, PermissionError):
                break
            try:
                self.process.wait(3)
                # the group may still hold helpers that outlive the main process briefly
                os.killpg(self.process.pid, 0)
            except subprocess.TimeoutExpired:
                continue
            except (ProcessLookupError, PermissionError):
                break
        try:
            self.process.wait(5)
        except subprocess.TimeoutExpired:
            pass
