"""The static export holds every "I'm stuck here" page, its QR code and the short link it holds."""
from __future__ import annotations

import re

from app.guides import library
from app.offline.export import export_site
from app.reader import handover


def test_the_export_holds_stuck_pages_qr_codes_and_code_links(app, tmp_path):
    with app.app_context():
        export = export_site(app, tmp_path / "site", precompress=False)
        lib = library()
        code = handover.code_for(lib, lib.find("log-in"), 2, "uk")
    site = tmp_path / "site"
    stuck = (site / "uk/guides/log-in/2/stuck/index.html").read_text(encoding="utf-8")
    assert f'src="/h/{code}/qr.svg"' in stuck
    assert (site / f"h/{code}/qr.svg").read_text().startswith("<svg")
    assert export.redirects[f"/h/{code}"] == "/da/guides/log-in/2/"  # a static server ignores ?with=
    assert "/da/guides/log-in/2/" in (site / f"h/{code}/index.html").read_text(encoding="utf-8")
    assert not [url for url in export.missing_links() if re.search(r"/stuck/|^/h/", url)]


def test_the_export_leaves_out_the_code_page_and_every_link_to_it(app, tmp_path):
    """The code page looks codes up, which a static server cannot: an exported stuck page keeps
    the short address as text but does not point helpers to a page the export does not have."""
    with app.app_context():
        export_site(app, tmp_path / "site", precompress=False)
        lib = library()
        code = handover.code_for(lib, lib.find("log-in"), 1, "ar")
    site = tmp_path / "site"
    assert not list(site.glob("*/code"))
    stuck = (site / "ar/guides/log-in/1/stuck/index.html").read_text(encoding="utf-8")
    assert f"https://trinvis.example/h/{code}</span>" in stuck
    pages = [page for page in site.rglob("*.html") if re.search(r'href="/[a-z]{2}/code/', page.read_text(encoding="utf-8"))]
    assert not pages, pages[:3]
    assert 'href="/da/code/"' in app.test_client().get("/ar/guides/log-in/1/stuck/").get_data(as_text=True)
