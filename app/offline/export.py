"""The static export: the whole public site as files that any web server or CDN serves without Python.

Other parts add what they own by appending a function to app.extensions["trinvis.export_extras"];
each is called as `extra(export)` with the Export below, and may call `export.page(url)`,
`export.get(url)`, `export.redirect(url, target)` or `export.write(path, data)`, and read
`export.db` (a copy of the database, which the pages are rendered from).

While an export runs, app.config["TRINVIS_EXPORT"] is True, and templates read it as
`config.TRINVIS_EXPORT` to leave out what needs a live server: the feedback form, the search
form, the handout link and the side-by-side links. tests/offline/test_export.py checks that
every form, link and file in the exported pages works on a static server.
"""
from __future__ import annotations

import contextvars
import datetime as dt
import gzip
import json
import logging
import os
import re
import shutil
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

import click
from flask import current_app, g, render_template, url_for
from flask.cli import with_appcontext

from .. import store
from ..guides import library
from ..languages import CODES, SOURCE
from . import pages

log = logging.getLogger(__name__)
MARKER = ".trinvis-export"
COMPRESS = (".html", ".css", ".js", ".svg", ".json", ".webmanifest", ".txt", ".xml")
CODE = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


class ExportError(click.ClickException):
    pass


class Export:
    """One export in progress: renders URLs through the app and writes each where a static
    server looks for it (a URL ending in / becomes <path>/index.html)."""

    def __init__(self, app, folder: Path, db):
        self.app, self.folder, self.db = app, folder, db
        self.client = app.test_client()
        self.files: dict[str, int] = {}
        self.redirects: dict[str, str] = {}
        self.links: set[str] = set()
        self.pages = 0

    def write(self, path: str, data: bytes | str) -> None:
        if isinstance(data, str):
            data = data.encode("utf-8")
        target = self.folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        self.files[path] = len(data)

    def get(self, url: str, status: int = 200):
        response = fresh(self.client.get, url)
        if response.status_code != status:
            raise ExportError(f"{url} answered {response.status_code}, expected {status}")
        return response

    def page(self, url: str) -> None:
        """Write a page (or any URL) and every file it loads."""
        self.keep(url, self.get(url))

    def keep(self, url: str, response) -> None:
        self.write(pages.file_for(url), response.data)
        if response.mimetype == "text/html":
            self.pages += 1
            html = response.get_data(as_text=True)
            for loaded in pages.subresources(html):
                self.asset(loaded)
            self.links.update(pages.links(html))

    def missing_links(self) -> list[str]:
        """Pages that exported pages link to but the export does not hold (they need the app)."""
        missing = set()
        for url in self.links:
            try:
                if pages.file_for(url) not in self.files:
                    missing.add(url)
            except ValueError:
                missing.add(url)
        return sorted(missing)

    def asset(self, url: str) -> None:
        path = pages.file_for(url)
        if path not in self.files:
            self.write(path, self.get(url).data)

    def redirect(self, url: str, target: str) -> None:
        """A static redirect page (and a line for the nginx map and CDN redirect files). A static
        server ignores a query (such as ?with=uk), so the target is written without one: the
        address of the page the visitor will in fact see."""
        parts = urlsplit(target)
        if pages.is_local(target) and parts.query:
            target = parts.path + (f"#{parts.fragment}" if parts.fragment else "")
        self.redirects[url] = target
        lang = target.strip("/").split("/", 1)[0]
        html = fresh(self.render, url, lang if lang in CODES else SOURCE, "offline/redirect.html", target=target)
        self.write(pages.file_for(url.rstrip("/") + "/"), html)

    def render(self, url: str, lang: str, template: str, **values) -> str:
        with self.app.test_request_context(url):
            g.lang = lang
            return render_template(template, **values)

    def not_found(self, url: str, path: str) -> None:
        self.write(path, self.get(url, status=404).data)

    def run(self) -> None:
        lib = library()
        for lang in CODES:
            for url in [*pages.site_pages(lang), pages.offline_page(lang)]:
                self.page(url)
            for guide in lib.ordered():
                for url in pages.guide_pages(guide, lang):
                    self.page(url)
            self.page(url_for("offline.language_manifest", lang=lang))
            self.page(url_for("offline.guide_list", lang=lang))
            # rendered as /<lang>/404.html, so its language links lead to files in the export
            self.not_found(f"/{lang}/404.html", f"{lang}/404.html")
            for alias, slug in sorted(lib.aliases.items()):
                for url in pages.guide_pages(lib.guides[slug], lang):
                    self.redirect(url.replace(f"/guides/{slug}/", f"/guides/{alias}/", 1), url)
        self.page(url_for("offline.manifest"))
        self.page(url_for("offline.worker"))
        self.not_found("/no-such-page/404/", "404.html")
        self.write("index.html", fresh(self.render, "/", SOURCE, "offline/choose.html"))
        self.copy_static()
        for guide in lib.ordered():
            for svg in sorted(Path(guide.path).glob("*.svg")):
                self.asset(url_for("public.media", slug=guide.slug, name=svg.name))
        for extra in self.app.extensions.get("trinvis.export_extras", []):
            extra(self)
        self.write("_redirects", "".join(f"{u} {t} 301\n" for u, t in sorted(self.redirects.items())))
        # nginx matches map keys without regard to case: one line per address
        lines: dict[str, str] = {}
        for url, target in sorted(self.redirects.items()):
            lines.setdefault(url.lower(), f"{url} {target};\n")
        self.write("redirects.map", "".join(lines.values()))

    def copy_static(self) -> None:
        static = Path(self.app.static_folder)
        for path in sorted(static.rglob("*")):
            if path.is_file() and not path.name.startswith("."):
                relative = "static/" + path.relative_to(static).as_posix()
                if relative not in self.files:
                    self.write(relative, path.read_bytes())

    def precompress(self) -> int:
        """A .gz beside every text file, for nginx's gzip_static (and CDNs that use them)."""
        made = 0
        for path in list(self.files):
            if path.endswith(COMPRESS) and self.files[path] >= 256:
                data = (self.folder / path).read_bytes()
                (self.folder / (path + ".gz")).write_bytes(gzip.compress(data, 9, mtime=0))
                made += 1
        return made


def fresh(function, *args, **kwargs):
    """Run outside any Flask context, so each rendered page gets its own app context and `g`
    (inside the CLI's app context, test-client requests would share one `g` and leak state)."""
    return contextvars.Context().run(function, *args, **kwargs)


def short_links(export: Export) -> None:
    """Every row of a short_links table as /q/<code>, resolved the way the app resolves it."""
    db = export.db
    if db is None or "short_links" not in db.table_names():
        return
    table = db["short_links"]
    columns = {column.name for column in table.columns}
    key = "code" if "code" in columns else next((pk for pk in table.pks if pk != "rowid"), None)
    if key is None:
        log.warning("short_links has no code column; no short links exported")
        return
    for row in table.rows:
        code = str(row[key])
        if not CODE.match(code):
            log.warning("short link %r skipped: not a plain code", code)
            continue
        # a code typed in lower case works too, as it does in the app
        for variant in dict.fromkeys([code, code.lower()]):
            url = f"/q/{variant}"
            response = fresh(export.client.get, url)
            if response.status_code in (301, 302, 303, 307, 308):
                parts = urlsplit(response.location)
                export.redirect(url, parts.path + (f"?{parts.query}" if parts.query else ""))
            elif response.status_code in (200, 410) and response.mimetype == "text/html":
                export.write(pages.file_for(url + "/"), response.data)  # e.g. "this guide is gone"
            elif target_of(row):
                export.redirect(url, target_of(row))


def target_of(row: dict) -> str:
    for column in ("target", "url", "path"):
        if str(row.get(column) or "").startswith("/"):
            return row[column]
    if row.get("slug") and row.get("lang") in CODES:
        step = f"{row['step']}/" if row.get("step") else ""
        return f"/{row['lang']}/guides/{row['slug']}/{step}"
    return ""


def export_site(app, folder: str | Path, precompress: bool = True) -> Export:
    """Write the public site into `folder`. It is built beside the folder and swapped in at the
    end, so a web server serving the folder never sees half an export. Page views made while
    rendering go to a throwaway copy of the database, not into the usage figures."""
    target = Path(folder).resolve()
    if target.exists() and (not target.is_dir() or (any(target.iterdir()) and not (target / MARKER).exists())):
        raise ExportError(f"{target} is not empty and is not an earlier export; choose an empty folder")
    building = target.with_name(f".{target.name}.building-{os.getpid()}")
    shutil.rmtree(building, ignore_errors=True)
    building.mkdir(parents=True)
    saved = app.config["DATABASE"], app.config.get("TRINVIS_EXPORT", False)
    with tempfile.TemporaryDirectory() as scratch:
        copy = os.path.join(scratch, "export.sqlite3")
        store.backup(app.config["DATABASE"], copy)
        db = store.connect(copy)
        app.config.update(DATABASE=copy, TRINVIS_EXPORT=True)
        try:
            with app.test_request_context("/"):
                export = Export(app, building, db)
                export.run()
            compressed = export.precompress() if precompress else 0
            export.write(MARKER, json.dumps({
                "content_version": library_version(app), "static_version": app.config["STATIC_VERSION"],
                "written": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
                "pages": export.pages, "files": len(export.files), "gzip": compressed}, indent=1))
        except BaseException:
            shutil.rmtree(building, ignore_errors=True)
            raise
        finally:
            db.conn.close()
            app.config.update(DATABASE=saved[0], TRINVIS_EXPORT=saved[1])
    if target.exists():
        old = target.with_name(f".{target.name}.old-{os.getpid()}")
        target.rename(old)
        building.rename(target)
        shutil.rmtree(old, ignore_errors=True)
    else:
        building.rename(target)
    export.folder = target
    return export


def library_version(app) -> str:
    def version():
        with app.app_context():
            return library().version
    return fresh(version)


@click.command("export")
@click.argument("folder", type=click.Path(file_okay=False))
@click.option("--no-gzip", is_flag=True, help="Do not write precompressed .gz copies.")
@with_appcontext
def export_command(folder, no_gzip):
    """Write the whole public site into FOLDER as static files (any web server can serve it)."""
    app = current_app._get_current_object()
    export = export_site(app, folder, precompress=not no_gzip)
    size = sum(export.files.values())
    click.echo(f"{export.pages} pages in {len(CODES)} languages, {len(export.redirects)} redirects, "
               f"{len(export.files)} files ({size / 1e6:.1f} MB) written to {export.folder}")
    missing = export.missing_links()
    if missing:
        click.echo(f"{len(missing)} linked addresses need the app and are not in the export, e.g. "
                   + ", ".join(missing[:3]))
