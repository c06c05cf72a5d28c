"""What the service worker and the static export work from: the public pages of each language,
the app shell the worker precaches, and the version its caches are named after."""
from __future__ import annotations

import hashlib
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

from flask import url_for

from ..content import AUDIENCES
from ..languages import CODES

HERE = Path(__file__).resolve().parent
WORKER_SOURCE = HERE / "sw.js"
ICONS = ("icons/icon.svg", "icons/icon-192.png", "icons/icon-512.png",
         "icons/icon-maskable-512.png", "icons/apple-touch-icon.png")


def code_version(app) -> str:
    """A fingerprint of what shapes every page besides the guides and the static files: the
    templates, the compiled catalogues, the site facts and the worker itself. A deploy that
    changes any of them must give the worker new caches, or visitors keep yesterday's pages."""
    digest = hashlib.sha256()
    folders = [Path(app.root_path) / "templates", Path(app.config["TRANSLATIONS_DIR"])]
    for bp in app.blueprints.values():
        if bp.template_folder:
            folders.append(Path(bp.root_path) / bp.template_folder)
    files = {WORKER_SOURCE, Path(app.config["SITE_FACTS"])}
    for folder in folders:
        if folder.is_dir():
            files.update(p for p in folder.rglob("*") if p.is_file() and p.suffix in (".html", ".mo"))
    for path in sorted(files):
        if path.is_file():
            digest.update(str(path.name).encode() + path.read_bytes())
    return digest.hexdigest()[:8]


def cache_version(content_version: str, static_version: str, code: str) -> str:
    """The suffix of every cache name: changes when the guides, the static files or the code do."""
    return f"{content_version[:8]}-{static_version[:8]}-{code[:8]}"


def site_pages(lang: str) -> list[str]:
    """The pages of a language that are not a guide: home, the group paths, lists, help, about."""
    return [url_for("public.home", lang=lang),
            *(url_for("public.group", lang=lang, group=group) for group in AUDIENCES),
            url_for("public.guides", lang=lang),
            url_for("public.help", lang=lang),
            url_for("public.privacy", lang=lang),
            url_for("public.accessibility", lang=lang)]


def guide_pages(guide, lang: str) -> list[str]:
    """Every page of one guide in one language: the start page, each step, all steps on one page."""
    steps = len(guide.text(lang).steps)
    return [url_for("public.guide", lang=lang, slug=guide.slug),
            *(url_for("public.step", lang=lang, slug=guide.slug, number=n) for n in range(1, steps + 1)),
            url_for("public.all_steps", lang=lang, slug=guide.slug)]


def offline_page(lang: str) -> str:
    return url_for("offline.page", lang=lang)


def language_list(lib, lang: str, version: str) -> dict:
    """The JSON the page sends the worker when a visitor keeps a guide, or all guides, for offline use."""
    return {
        "version": version,
        "lang": lang,
        "pages": site_pages(lang),
        "guides": [{"slug": guide.slug, "title": guide.text(lang).title,
                    "url": url_for("public.guide", lang=lang, slug=guide.slug),
                    "pages": guide_pages(guide, lang)} for guide in lib.ordered()],
    }


def shell(app, asset) -> list[str]:
    """What the worker precaches at install: every script and stylesheet a public page loads, the
    icons, and the offline page in every language. `asset` makes a versioned static URL."""
    scripts = ["js/site.js", *app.extensions["trinvis.slots"]["scripts"]]
    files = ["css/site.css", "css/offline.css", *scripts, "js/offline-keep.js", *ICONS]
    urls = [asset(name) for name in dict.fromkeys(files)]
    return urls + [offline_page(lang) for lang in CODES]


class Subresources(HTMLParser):
    """Collects the same-site files a page loads (stylesheets, scripts, images, icons) and its links."""

    def __init__(self):
        super().__init__()
        self.found: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        elif tag in ("img", "script", "source") and attrs.get("src"):
            self.found.append(attrs["src"])
        elif tag == "link" and attrs.get("href") and set((attrs.get("rel") or "").split()) & {
                "stylesheet", "icon", "apple-touch-icon", "preload", "modulepreload"}:
            self.found.append(attrs["href"])


def subresources(html: str) -> list[str]:
    """Same-origin files a page loads (the worker finds the same with a regular expression)."""
    parser = Subresources()
    parser.feed(html)
    return [url for url in dict.fromkeys(parser.found) if is_local(url)]


def links(html: str) -> list[str]:
    """Same-origin pages a page links to, without query or fragment."""
    parser = Subresources()
    parser.feed(html)
    return [url for url in dict.fromkeys(parser.links) if is_local(url) and "?" not in url and "#" not in url]


def is_local(url: str) -> bool:
    parts = urlsplit(url)
    return not parts.scheme and not parts.netloc and url.startswith("/")


FILE_NAME = re.compile(r"[^A-Za-z0-9._~/-]")


def file_for(path: str) -> str:
    """The file that holds a URL path in the export: directories get an index.html."""
    path = urlsplit(path).path
    if FILE_NAME.search(path) or ".." in path.split("/"):
        raise ValueError(f"not a path the export can write: {path!r}")
    return path.lstrip("/") + "index.html" if path.endswith("/") else path.lstrip("/")
