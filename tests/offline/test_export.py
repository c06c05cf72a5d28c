"""The static export: every public page in every language as a file, links that resolve, short
links as redirect pages, nothing counted as a visit, and a folder that is replaced whole."""
import gzip
import re
import sqlite3
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from app.guides import library
from app.languages import CODES
from app.offline.export import MARKER, ExportError, export_site
from tests.offline.helpers import ROOT, exported_app_and_site, exported_site, page_parts, small_site


def expected_urls(lib) -> list[str]:
    """The public URL scheme (DESIGN.md), written out independently of the export's own lists."""
    urls = ["/", "/sw.js", "/manifest.webmanifest"]
    for lang in CODES:
        urls += [f"/{lang}/", f"/{lang}/guides/", f"/{lang}/help/", f"/{lang}/privacy/", f"/{lang}/accessibility/",
                 f"/{lang}/offline/", f"/{lang}/offline/guides.json", f"/{lang}/manifest.webmanifest"]
        urls += [f"/{lang}/for/{group}/" for group in ("older", "young", "vulnerable", "newcomers")]
        for guide in lib.guides.values():
            urls += [f"/{lang}/guides/{guide.slug}/", f"/{lang}/guides/{guide.slug}/all/"]
            urls += [f"/{lang}/guides/{guide.slug}/{n}/" for n in range(1, len(guide.text(lang).steps) + 1)]
    for guide in lib.guides.values():
        urls += [f"/media/{guide.slug}/{svg.name}" for svg in Path(guide.path).glob("*.svg")]
    return urls


def file_of(site: Path, url: str) -> Path:
    path = url.split("?")[0]
    return site / (path.lstrip("/") + "index.html" if path.endswith("/") else path.lstrip("/"))


@pytest.fixture(scope="module")
def site():
    return exported_site()


@pytest.fixture(scope="module")
def reference():
    """The app the export was made from."""
    app = exported_app_and_site()[0]
    with app.app_context():
        lib = library()
    return app, lib


def test_every_public_url_has_a_file(site, reference):
    app, lib = reference
    urls = expected_urls(lib)
    assert len(urls) > 8 * 15 * 8
    missing = [url for url in urls if not file_of(site, url).is_file()]
    assert not missing, missing[:10]
    static = Path(app.static_folder)
    assert all((site / "static" / p.relative_to(static)).is_file() for p in static.rglob("*") if p.is_file())
    assert (site / "404.html").is_file() and all((site / lang / "404.html").is_file() for lang in CODES)


def test_exported_pages_are_what_the_app_serves(site, reference):
    app, _ = reference
    client = app.test_client()
    app.config["TRINVIS_EXPORT"] = True  # as during an export: without what needs a live server
    try:
        for url in ("/ar/guides/mitid-app/3/", "/da/", "/uk/offline/", "/sw.js", "/pl/offline/guides.json"):
            assert file_of(site, url).read_bytes() == client.get(url).data, url
    finally:
        app.config["TRINVIS_EXPORT"] = False
    front = (site / "index.html").read_text()
    assert all(f'href="/{lang}/"' in front for lang in CODES)
    assert "Siden blev ikke fundet" in (site / "404.html").read_text() or \
        re.search(r"<h1>[^<]+</h1>", (site / "404.html").read_text())


def test_everything_an_exported_page_loads_is_in_the_export(site):
    checked = 0
    for page in site.rglob("index.html"):
        parts = page_parts(page.read_text())
        for url in parts.blocking_css + parts.scripts + parts.images:
            if url.startswith("/"):
                assert file_of(site, url.replace("&amp;", "&")).is_file(), f"{page}: {url}"
                checked += 1
    assert checked > 1000


def test_links_between_public_pages_resolve(site):
    public = re.compile(r"^/(%s)/((for|guides)/[\w-]+/(([\d]+|all)/)?|guides/|help/|privacy/|accessibility/|offline/)?$"
                        % "|".join(CODES))
    broken = set()
    for page in site.rglob("index.html"):
        for url in page_parts(page.read_text()).links:
            if public.match(url) and not file_of(site, url).is_file():
                broken.add(url)
    assert not broken, sorted(broken)[:10]


# The one kind of link the export may still hold to a page it does not have: the notifications
# page, linked from the "tell me when this guide changes" box (push/_follow.html), which the
# notifications part is to leave out of the export as well. Nothing else.
NOTIFICATIONS = re.compile(r"^/(%s)/notifications/$" % "|".join(CODES))


class Addresses(HTMLParser):
    """Every address a page links to, loads or sends a form to, and what each form sends."""

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []
        self.forms: list[dict] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in ("href", "src", "action", "formaction"):
            if attrs.get(name) is not None:
                self.urls.append(attrs[name])
        if attrs.get("srcset"):
            self.urls += [item.split()[0] for item in attrs["srcset"].split(",") if item.strip()]
        if tag == "form":
            self.forms.append({"action": attrs.get("action") or "", "method": (attrs.get("method") or "get").lower(),
                               "fields": []})
        elif tag in ("input", "select", "textarea", "button") and attrs.get("name") and self.forms:
            self.forms[-1]["fields"].append(attrs["name"])
        if tag in ("button", "input") and (attrs.get("formmethod") or "").lower() == "post" and self.forms:
            self.forms[-1]["method"] = "post"


def redirect_sources(site: Path) -> set[str]:
    """The addresses the export's nginx map redirects (short links, renamed guides, stuck codes)."""
    return {line.split()[0] for line in (site / "redirects.map").read_text().splitlines() if line.strip()}


def works_on_a_static_server(site: Path, url: str, redirects: set[str]) -> bool:
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path:
        return True  # another site, tel:, data:, or a place on the same page
    # A static server ignores the query: only the version number on a file (?v=) is harmless.
    if parts.query and set(parse_qs(parts.query, keep_blank_values=True)) != {"v"}:
        return False
    path = parts.path
    if path.rstrip("/") in redirects or file_of(site, path).is_file():
        return True
    # /da/guides/mitid-app -> /da/guides/mitid-app/ is done by any static server
    return not path.endswith("/") and (site / path.lstrip("/") / "index.html").is_file()


def test_every_form_and_address_in_an_exported_page_works_without_the_app(site):
    """A static server only answers GET with a file and ignores the query, so the export must hold
    no form that posts or sends fields (feedback, search), and no link to a page it does not
    hold (handouts, side by side with ?with=, a missing page in another language)."""
    redirects = redirect_sources(site)
    broken, forms, checked = {}, {}, 0
    for page in site.rglob("*.html"):
        addresses = Addresses()
        addresses.feed(page.read_text(encoding="utf-8"))
        where = page.relative_to(site).as_posix()
        for form in addresses.forms:
            if form["method"] != "get" or form["fields"]:
                forms.setdefault(f"{form['method']} {form['action']} {form['fields']}", where)
        for url in addresses.urls:
            url = url.replace("&amp;", "&")
            checked += 1
            if NOTIFICATIONS.match(url):
                continue
            if not works_on_a_static_server(site, url, redirects):
                broken.setdefault(url, where)
    assert not forms, f"{len(forms)} forms need the app, e.g. {sorted(forms.items())[:5]}"
    assert not broken, f"{len(broken)} addresses are not in the export, e.g. {sorted(broken.items())[:10]}"
    assert checked > 10000


def test_the_live_app_keeps_what_the_export_leaves_out(site, reference):
    app, _ = reference
    live = app.test_client().get("/uk/guides/mitid-app/2/").get_data(as_text=True)
    exported = file_of(site, "/uk/guides/mitid-app/2/").read_text(encoding="utf-8")
    for part in ('class="fb"', "?with=da", "/stuck/"):
        assert part in live, part
    assert 'class="fb"' not in exported and "?with=" not in exported
    assert "/uk/guides/mitid-app/2/stuck/" in exported  # the stuck page is in the export: kept
    start = app.test_client().get("/uk/guides/mitid-app/").get_data(as_text=True)
    assert "/handout/" in start and 'role="search"' in app.test_client().get("/uk/").get_data(as_text=True)
    assert "/handout/" not in file_of(site, "/uk/guides/mitid-app/").read_text(encoding="utf-8")
    assert 'role="search"' not in file_of(site, "/uk/").read_text(encoding="utf-8")
    assert '<form' not in file_of(site, "/uk/guides/").read_text(encoding="utf-8")


def test_text_files_are_precompressed_with_the_same_bytes(site):
    samples = [site / "sw.js", site / "da" / "index.html", site / "static" / "css" / "site.css"]
    for path in samples:
        assert gzip.decompress((path.parent / (path.name + ".gz")).read_bytes()) == path.read_bytes()


@pytest.fixture
def small(tmp_path):
    return small_site(tmp_path), tmp_path


def page_views(app) -> int:
    with sqlite3.connect(app.config["DATABASE"]) as db:
        return db.execute("SELECT COALESCE(SUM(views), 0) FROM page_views").fetchone()[0]


def test_short_links_become_redirect_pages_and_visits_are_not_counted(small):
    app, tmp = small
    before = page_views(app)
    export = export_site(app, tmp / "site")
    assert page_views(app) == before  # rendering 2 guides x 8 languages is not 16 visits
    code = app.short_code
    page = (tmp / "site" / "q" / code / "index.html").read_text()
    assert '<meta http-equiv="refresh" content="0; url=/uk/guides/mitid-app/">' in page
    assert '<html lang="uk"' in page
    assert f"/q/{code} /uk/guides/mitid-app/;" in (tmp / "site" / "redirects.map").read_text()
    assert f"/q/{code} /uk/guides/mitid-app/ 301" in (tmp / "site" / "_redirects").read_text()
    assert export.redirects[f"/q/{code}"] == "/uk/guides/mitid-app/"
    assert export.redirects[f"/q/{code.lower()}"] == "/uk/guides/mitid-app/"  # typed in lower case
    assert not (tmp / "site" / "da" / "guides" / "tax-check").exists()  # only the guides there are


def test_other_parts_add_to_the_export(small):
    app, tmp = small
    calls = []

    def extra(export):
        calls.append(export)
        export.page("/da/guides/nemkonto/1/")
        export.write("extra/hello.txt", "hej")
        export.redirect("/q/extra1", "/de/guides/nemkonto/")

    app.extensions["trinvis.export_extras"].append(extra)
    export_site(app, tmp / "site")
    assert len(calls) == 1
    assert (tmp / "site" / "extra" / "hello.txt").read_text() == "hej"
    assert (tmp / "site" / "q" / "extra1" / "index.html").is_file()


def test_export_replaces_an_earlier_export_but_never_another_folder(small):
    app, tmp = small
    other = tmp / "precious"
    other.mkdir()
    (other / "notes.txt").write_text("keep me")
    with pytest.raises(ExportError):
        export_site(app, other)
    assert (other / "notes.txt").read_text() == "keep me"

    target = tmp / "site"
    export_site(app, target)
    (target / "stale.html").write_text("from last time")
    export_site(app, target)
    assert not (target / "stale.html").exists() and (target / MARKER).is_file()
    assert not [p for p in tmp.iterdir() if ".building-" in p.name or ".old-" in p.name]


def test_export_command(small):
    app, tmp = small
    result = app.test_cli_runner().invoke(args=["export", str(tmp / "cli-site")])
    assert result.exit_code == 0, result.output
    assert re.search(r"^\d+ pages in 8 languages, \d+ redirects, \d+ files", result.output, re.M)
    assert (tmp / "cli-site" / "de" / "guides" / "nemkonto" / "all" / "index.html").is_file()
    assert list((tmp / "cli-site").rglob("*.gz"))
    result = app.test_cli_runner().invoke(args=["export", "--no-gzip", str(tmp / "plain")])
    assert result.exit_code == 0 and not list((tmp / "plain").rglob("*.gz"))


def test_readme_documents_the_export_command():
    readme = (ROOT / "README.md").read_text()
    assert "flask --app app export" in readme and "trinvis.export_extras" in readme
