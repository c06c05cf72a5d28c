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
def exported_app_and_site():
    """One export of the whole public site per test run (it takes a while), shared by the tests."""
    scratch = Path(tempfile.mkdtemp(prefix="trinvis-export-"))
    atexit.register(shutil.rmtree, scratch, True)
    app = make_app(scratch / "instance")
    export_site(app, scratch / "site")
    return app, scratch / "site"


def exported_site() -> Path:
    return exported_app_and_site()[1]


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


def small_site(folder: Path, slugs=("mitid-app", "nemkonto")):
    """An app over a copy of a few guides (so an export takes a second), with a short link
    (app.short_code) to the first guide in Ukrainian."""
    guides = folder / "guides"
    guides.mkdir(parents=True)
    for slug in slugs:
        shutil.copytree(ROOT / "guides" / slug, guides / slug)
    app = make_app(folder / "instance", GUIDES_DIR=str(guides), GUIDES_RELOAD_SECONDS=0)
    import sqlite_utils
    db = sqlite_utils.Database(app.config["DATABASE"])
    if "short_links" not in db.table_names():  # the handouts part makes it; stand in without it
        db["short_links"].create({"code": str, "slug": str, "lang": str, "step": int, "created": str}, pk="code")
    # a code printed long ago for this guide in Ukrainian (replacing the one made at start-up)
    db.execute("DELETE FROM short_links WHERE slug = ? AND lang = 'uk' AND step IS NULL", [slugs[0]])
    row = db.execute("SELECT code FROM short_links WHERE slug = ? AND lang = 'uk' AND step IS NULL",
                     [slugs[0]]).fetchone()
    if row is None:  # the handouts part may have made one already, when the app started
        db["short_links"].insert({"code": "k7m2p", "slug": slugs[0], "lang": "uk", "step": None,
                                  "created": "2026-01-01T00:00:00+00:00"})
    app.short_code = row[0] if row else "k7m2p"  # /q/<code> leads to the Ukrainian start page
    db.conn.close()
    return app


NGINX_WRAPPER = """daemon off;
{user}
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
{body}
}}
"""


def nginx_config(name: str, tmp: Path, port: int, root: Path | None = None, app_port: int = 5000) -> Path:
    """The README's nginx configuration `name` (export.conf or app.conf), run from `tmp` on `port`."""
    body = (ROOT / "app" / "offline" / "nginx" / name).read_text()
    body = body.replace("listen 80;", f"listen 127.0.0.1:{port};").replace("/var/log/nginx/", f"{tmp}/")
    body = body.replace("127.0.0.1:5000", f"127.0.0.1:{app_port}")
    if root is not None:
        body = body.replace("/srv/trinvis/site", str(root)).replace("/srv/trinvis/app/app/static/", str(root) + "/")
    path = tmp / "nginx.conf"
    # as root, nginx's workers would run as "nobody", who cannot read a private temp folder
    user = "user root;" if os.geteuid() == 0 else ""
    path.write_text(NGINX_WRAPPER.format(tmp=tmp, body=body, user=user))
    return path


class Nginx:
    def __init__(self, config: Path, port: int):
        self.config, self.port, self.url = config, port, f"http://127.0.0.1:{port}"

    def __enter__(self):
        self.process = subprocess.Popen(["nginx", "-c", str(self.config), "-p", str(self.config.parent)],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
                return self
            except OSError:
                if self.process.poll() is not None:
                    raise RuntimeError(self.process.stderr.read().decode())
                time.sleep(0.05)
        raise RuntimeError("nginx did not start")

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=10)
