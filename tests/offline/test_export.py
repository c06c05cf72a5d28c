"""The static export: every public page in every language as a file, links that resolve, short
links as redirect pages, nothing counted as a visit, and a folder that is replaced whole."""
import gzip
import re
import sqlite3
from pathlib import Path

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
    for url in ("/ar/guides/mitid-app/3/", "/da/", "/uk/offline/", "/sw.js", "/pl/offline/guides.json"):
        assert file_of(site, url).read_bytes() == client.get(url).data, url
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
