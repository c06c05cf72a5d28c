"""PDFs of handouts and sticker sheets (WeasyPrint), cached in the instance folder.

A handout PDF is cached by guide, language and content version (plus everything else printed
on it: the short link, the base URL, the help contacts and the sheet's design), so a batch of
the whole library costs one render per handout that changed.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
import threading
from functools import lru_cache
from pathlib import Path

from flask import current_app, g, render_template
from flask_babel import force_locale

from ..content import sitefacts
from . import links, qr, sheet

log = logging.getLogger(__name__)
HERE = Path(__file__).resolve().parent
APP = HERE.parent
DESIGN_FILES = (APP / "templates/handouts/_sheet.html", APP / "templates/handouts/_stickers.html",
                APP / "templates/handouts/document.html", APP / "static/css/handouts.css",
                HERE / "pdf.py", HERE / "sheet.py")
_lock = threading.Lock()
# One document at a time per process: WeasyPrint shares its font configuration (Pango and
# fontconfig objects) between documents, and those are not safe to use from two threads.
printing = threading.RLock()


@lru_cache(maxsize=1)
def _weasy():
    """WeasyPrint, its font configuration, the parsed stylesheet and a URL fetcher that only
    reads data: URIs (a handout loads nothing from a network): made once per process."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    css = CSS(filename=str(APP / "static/css/handouts.css"), font_config=fonts)
    try:
        from weasyprint.urls import URLFetcher  # WeasyPrint 68 and later
        fetcher = URLFetcher(allowed_protocols={"data"})
    except ImportError:  # pragma: no cover  (older WeasyPrint: fetchers are functions)
        from weasyprint import default_url_fetcher

        def fetcher(url, *args, **kwargs):
            if not url.startswith("data:"):
                raise ValueError(f"handouts load nothing from outside: {url}")
            return default_url_fetcher(url, *args, **kwargs)
    return HTML, css, fonts, fetcher


def render(html: str):
    """Lay out a document; returns WeasyPrint's Document (pages, then write_pdf)."""
    HTML, css, fonts, fetcher = _weasy()
    return HTML(string=html, url_fetcher=fetcher).render(stylesheets=[css], font_config=fonts)


def cache_dir() -> Path:
    folder = Path(current_app.config.get("HANDOUTS_CACHE") or Path(current_app.instance_path) / "handouts")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def facts() -> sitefacts.SiteFacts:
    return sitefacts.load(current_app.config["SITE_FACTS"])


def design_fingerprint(lang: str) -> str:
    """Changes whenever the sheet's templates, its CSS, the help contacts or the UI strings do."""
    digest = hashlib.sha256()
    files = [*DESIGN_FILES, Path(current_app.config["SITE_FACTS"])]
    files += sorted(Path(current_app.config["TRANSLATIONS_DIR"]).glob(f"*/{lang}/LC_MESSAGES/messages.mo"))
    for path in files:
        try:
            stat = path.stat()
            digest.update(f"{path}:{stat.st_mtime_ns}:{stat.st_size}".encode())
        except OSError:
            digest.update(str(path).encode())
    return digest.hexdigest()[:10]


def handout_html(h: sheet.Handout, site_facts=None) -> str:
    """The handout as a standalone HTML document in its own language (for the PDF)."""
    with force_locale(h.lang):
        saved = g.get("lang")
        g.lang = h.lang
        try:
            return render_template("handouts/document.html", h=h, qr_src=qr.png_data_uri(h.url),
                                   facts=site_facts or facts(), doc_lang=h.lang, doc_dir=h.dir,
                                   doc_title=h.text.title)
        finally:
            g.lang = saved


def _fits_file() -> Path:
    return cache_dir() / "fits.json"


def measured_fit(guide, lang: str) -> int | None:
    """How many steps the PDF printer found fit on two pages for this content version, if it has run."""
    try:
        data = json.loads(_fits_file().read_text())
    except (OSError, ValueError):
        return None
    return data.get(f"{guide.slug}:{lang}:{guide.version}")


def _remember_fit(guide, lang: str, count: int) -> None:
    with _lock:
        path = _fits_file()
        try:
            data = json.loads(path.read_text())
        except (OSError, ValueError):
            data = {}
        data = {k: v for k, v in data.items() if not k.startswith(f"{guide.slug}:{lang}:")}
        data[f"{guide.slug}:{lang}:{guide.version}"] = count
        _write(path, json.dumps(data, sort_keys=True).encode())


def _write(path: Path, data: bytes) -> None:
    """Write whole or not at all: a reader never sees half a file."""
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    os.replace(temp, path)


def _layout(guide, lang: str, link: links.ShortLink, count: int, site_facts):
    h = sheet.make(guide, lang, link, current_app.config["BASE_URL"], fit=count)
    return h, render(handout_html(h, site_facts))


def _boxes(page, wanted: tuple[str, ...]):
    """(class, box) for each box on a laid-out page whose element has one of the wanted classes."""
    found, stack = [], [page._page_box]
    while stack:
        box = stack.pop()
        element = getattr(box, "element", None)
        if element is not None and getattr(box, "element_tag", None) in ("li", "p", "footer"):
            cls = element.get("class") or ""
            if cls in wanted:
                found.append((cls, box))
                continue
        stack.extend(reversed(getattr(box, "children", [])))
    return found


def better_count(document, text, count: int) -> int:
    """The number of steps that should fit, judged from a laid-out handout with `count` steps:
    the measured height per estimated line of the printed steps, against the space left on
    the last page (or the overflow onto a third one)."""
    printed, rest, bottom = 0.0, 0.0, 0.0
    for page in document.pages:
        for cls, box in _boxes(page, ("sheet-step", "sheet-rest", "sheet-foot")):
            if cls == "sheet-step":
                printed += box.margin_height()
            elif cls == "sheet-rest":
                rest = box.margin_height()
            else:
                bottom = box.position_y + box.margin_height()
    estimated = sum(sheet.step_lines(s) for s in text.steps[:count])
    if not printed or not estimated:
        return count
    per_line = printed / estimated
    page_box = document.pages[-1]._page_box
    top, height = page_box.content_box_y(), page_box.height
    pages = len(document.pages)
    if pages > sheet.PAGES:  # take steps off the end until the overflow is gone
        over = (pages - sheet.PAGES - 1) * height + bottom - top
        if count == len(text.steps):
            over += sheet.REST_LINES * per_line  # cutting steps adds the "scan for the rest" box
        while count > 1 and over > 0:
            count -= 1
            over -= sheet.step_lines(text.steps[count]) * per_line
        return count
    free = top + height - bottom
    if pages < sheet.PAGES:
        free += height * 0.9  # a whole empty page, less what breaks between blocks waste
    used = 0.0
    while count < len(text.steps):
        used += sheet.step_lines(text.steps[count]) * per_line
        budget = free + (rest if count + 1 == len(text.steps) else 0.0)  # all printed: no "rest" box
        if used > budget * 0.95:
            break
        count += 1
    return count


def print_handout(guide, lang: str, link: links.ShortLink, site_facts=None) -> tuple[bytes, int]:
    """Render one handout to PDF with as many steps as fit on two pages; returns (pdf, steps).

    The estimate from sheet.steps_that_fit is checked against the real layout and corrected
    once from what the layout measured; after that, one step fewer at a time while it overflows.
    A bigger version is kept only if it really fits.
    """
    with printing:
        site_facts = site_facts or facts()
        text = guide.text(lang)
        count = sheet.steps_that_fit(text)
        h, document = _layout(guide, lang, link, count, site_facts)
        better = better_count(document, text, count)
        if better != count:
            h2, document2 = _layout(guide, lang, link, better, site_facts)
            if len(document2.pages) <= sheet.PAGES or better < count:
                count, h, document = better, h2, document2
        while len(document.pages) > sheet.PAGES and count > 1:
            count -= 1
            h, document = _layout(guide, lang, link, count, site_facts)
        if len(document.pages) > sheet.PAGES:
            log.warning("handout %s/%s needs %d pages", guide.slug, lang, len(document.pages))
        return document.write_pdf(), len(h.steps)


def cache_path(guide, lang: str, link: links.ShortLink) -> Path:
    """Where the PDF of this handout is cached: named by guide, language and content version,
    keyed by everything else printed on it (the print date too: a PDF fetched today says today)."""
    key = hashlib.sha256(f"{link.code}|{current_app.config['BASE_URL']}|{design_fingerprint(lang)}|"
                         f"{sheet.today().isoformat()}".encode()).hexdigest()[:10]
    return cache_dir() / f"{guide.slug}.{lang}.{guide.version}.{key}.pdf"


def keep(guide, lang: str, path: Path, data: bytes, count: int) -> None:
    """Cache a freshly printed handout (dropping older versions of it) and how many steps fit."""
    for old in path.parent.glob(f"{guide.slug}.{lang}.*.pdf"):
        old.unlink(missing_ok=True)
    _write(path, data)
    _remember_fit(guide, lang, count)


def handout_pdf(db, guide, lang: str) -> bytes:
    """The PDF of one handout, from the cache when nothing printed on it has changed."""
    link = links.ensure(db, guide.slug, lang)
    path = cache_path(guide, lang, link)
    if path.exists():
        return path.read_bytes()
    data, count = print_handout(guide, lang, link)
    keep(guide, lang, path, data, count)
    return data
