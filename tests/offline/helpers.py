"""Shared by the offline tests: an app on its own instance folder, one static export per test run,
a plain static file server, and the byte counting the budgets use."""
from __future__ import annotations

import atexit
import gzip
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path

from app import create_app
from app.offline.export import export_site

ROOT = Path(__file__).resolve().parent.parent.parent


def make_app(instance: Path, **config):
    """A real app (real SQLite file) on its own instance folder."""
    old = os.environ.get("TRINVIS_INSTANCE")
    os.environ["TRINVIS_INSTANCE"] = str(instance)
    try:
        return create_app({"TESTING": True, "SECRET_KEY": "offline-test", **config})
    finally:
        if old is None:
            os.environ.pop("TRINVIS_INSTANCE", None)
        else:
            os.environ["TRINVIS_INSTANCE"] = old


@lru_cache(maxsize=None)
def exported_site() -> Path:
    """One export of the whole public site per test run (it takes a while), shared by the tests."""
    scratch = Path(tempfile.mkdtemp(prefix="trinvis-export-"))
    atexit.register(shutil.rmtree, scratch, True)
    app = make_app(scratch / "instance")
    export_site(app, scratch / "site")
    return scratch / "site"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class StaticServer:
    """`python -m http.server` on a folder: a plain static server that knows nothing of Trinvis."""

    def __init__(self, folder: Path):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "http.server", str(self.port), "--bind", "127.0.0.1", "--directory", str(folder)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def __enter__(self):
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.url + "/sw.js", timeout=1).close()
                return self
            except OSError:
                time.sleep(0.1)
        self.process.kill()
        raise RuntimeError("the static server did not start")

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=10)


def gz(data: bytes) -> int:
    """Compressed size as a web server sends it (gzip level 6, nginx's and Apache's usual setting)."""
    return len(gzip.compress(data, 6, mtime=0))


class PageParts(HTMLParser):
    """What a page loads, sorted the way the budgets count it."""

    def __init__(self):
        super().__init__()
        self.blocking_css: list[str] = []
        self.scripts: list[str] = []
        self.images: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        rel = set((attrs.get("rel") or "").split())
        if tag == "link" and "stylesheet" in rel and attrs.get("media", "all") in ("all", "screen") \
                and "disabled" not in attrs:
            self.blocking_css.append(attrs["href"])
        elif tag == "link" and rel & {"icon"}:
            self.images.append(attrs["href"])
        elif tag == "script" and attrs.get("src"):
            self.scripts.append(attrs["src"])
        elif tag in ("img", "source") and attrs.get("src"):
            self.images.append(attrs["src"])
        elif tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])


def page_parts(html: str) -> PageParts:
    parts = PageParts()
    parts.feed(html)
    return parts


def worker_config(body: str) -> dict:
    """The CONFIG the server writes at the top of /sw.js."""
    import json
    import re
    return json.loads(re.search(r"^var CONFIG = (.*);$", body, re.M).group(1))
