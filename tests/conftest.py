"""Shared fixtures: an app with a temporary instance folder, a live server for the browser tests."""
from __future__ import annotations

import os
import socket
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from app import create_app

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("TRINVIS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]


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
def browser_type_launch_args(browser_type_launch_args):
    """Debian's Chromium stands in for Playwright's own browser download."""
    args = dict(browser_type_launch_args)
    if os.path.exists(CHROMIUM):
        args["executable_path"] = CHROMIUM
    args["args"] = [*args.get("args", []), *CHROMIUM_ARGS]
    return args
