"""Shared fixtures: an app with a temporary instance folder, a live server for the browser tests."""
from __future__ import annotations

import functools
import os
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from app import create_app

ROOT = Path(__file__).resolve().parent.parent
DEBIAN_CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]


def choose_chromium(playwright_own: str | None) -> str:
    """The Chromium the browser tests run: $TRINVIS_CHROMIUM when set; else Playwright's own
    browser when it is installed; else Debian's, which CI uses (TOOLCHAIN.md: Playwright cannot
    download its browsers there)."""
    if os.environ.get("TRINVIS_CHROMIUM"):
        return os.environ["TRINVIS_CHROMIUM"]
    if playwright_own and os.path.exists(playwright_own):
        return playwright_own
    return DEBIAN_CHROMIUM


@functools.cache
def playwright_chromium() -> str:
    """Where Playwright's own Chromium is when it is installed. Asked in a separate process:
    Playwright's sync API cannot start while a test's Playwright is running."""
    ask = "from playwright.sync_api import sync_playwright\n" \
          "with sync_playwright() as p: print(p.chromium.executable_path)"
    found = subprocess.run([sys.executable, "-c", ask], capture_output=True, text=True, timeout=60)
    return found.stdout.strip()


def __getattr__(name):
    # CHROMIUM (for the tests that start Chromium themselves) is worked out on first use, so
    # only those tests pay for asking Playwright where its browser is.
    if name == "CHROMIUM":
        return choose_chromium(None if os.environ.get("TRINVIS_CHROMIUM") else playwright_chromium())
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@pytest.fixture
def app(tmp_path, monkeypatch):
    monkeypatch.setenv("TRINVIS_INSTANCE", str(tmp_path / "instance"))
    return create_app({"TESTING": True, "SECRET_KEY": "test", "GUIDES_RELOAD_SECONDS": 0})


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LiveServer:
    """The real app on a free port in a thread, for Chromium to talk to."""

    def __init__(self, app):
        self.app = app
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.server = make_server("127.0.0.1", self.port, app, threaded=True)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()


@pytest.fixture(scope="session")
def live_app(tmp_path_factory):
    instance = tmp_path_factory.mktemp("live-instance")
    os.environ["TRINVIS_INSTANCE"] = str(instance)
    return create_app({"TESTING": True, "SECRET_KEY": "live-test"})


@pytest.fixture(scope="session")
def live_server(live_app):
    with LiveServer(live_app) as server:
        yield server


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args, browser_type):
    """Playwright's own Chromium when it is installed, else Debian's stands in for it."""
    args = dict(browser_type_launch_args)
    chromium = choose_chromium(browser_type.executable_path)
    if browser_type.name == "chromium" and os.path.exists(chromium):
        args["executable_path"] = chromium
    args["args"] = [*args.get("args", []), *CHROMIUM_ARGS]
    return args
