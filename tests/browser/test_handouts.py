"""Handouts in Chromium: axe on the handout page (Danish and Arabic), on the page a removed
guide's code shows and on the staff handouts page; the page printed by Chromium's own print engine is A4, at most two pages, and its QR code
decodes to the short link; Arabic puts the QR code on the left."""
import io
import subprocess

import zxingcpp
from PIL import Image
from pypdf import PdfReader

from tests.staff.helpers import browser_login

EMAIL = "handouts-browser@aabenraa.dk"


def no_violations(page, axe, name):
    violations = axe(page)
    assert violations == [], f"{name}: {violations}"


def test_the_handout_page_prints_on_two_a4_pages_and_passes_axe(page, live_server, axe, tmp_path):
    for lang in ("da", "ar"):
        page.goto(f"{live_server.url}/{lang}/guides/mitid-app/handout/")
        no_violations(page, axe, f"handout page ({lang})")
        assert page.locator("[data-print] button").is_visible()  # the script added the Print button
        title = page.locator("#sheet-title").bounding_box()
        qr = page.locator(".sheet-qr img").bounding_box()
        if lang == "ar":
            assert qr["x"] + qr["width"] <= title["x"] + 1, (qr, title)
        else:
            assert qr["x"] >= title["x"] + title["width"] - 1, (qr, title)
        document = page.pdf(format="A4", print_background=True, prefer_css_page_size=True)
        reader = PdfReader(io.BytesIO(document))
        assert 1 <= len(reader.pages) <= 2, f"{lang}: {len(reader.pages)} pages"
        width_pt = float(reader.pages[0].mediabox.width)
        assert abs(width_pt - 595.3) < 2  # A4 portrait
        printed = reader.pages[0].extract_text()
        assert "Trinvis" in printed and "Skip to content" not in printed  # the page chrome is not printed
        source = tmp_path / f"{lang}.pdf"
        source.write_bytes(document)
        subprocess.run(["pdftoppm", "-r", "150", "-png", "-f", "1", "-l", "1", "-singlefile", str(source),
                        str(tmp_path / lang)], check=True)
        (code,) = zxingcpp.read_barcodes(Image.open(tmp_path / f"{lang}.png"))
        assert "/q/" in code.text
        assert (code.position.top_right.x - code.position.top_left.x) / 150 * 25.4 >= 35


def test_the_page_for_a_removed_guides_code_passes_axe(page, live_app, live_server, axe):
    from tests.handouts.helpers import code_for
    code = code_for(live_app, "a-guide-that-was-removed", "ar")
    response = page.goto(f"{live_server.url}/q/{code}")
    assert response.status == 410
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("form[role=search] input[name=q]").is_visible()
    no_violations(page, axe, "removed guide page (ar)")


def test_the_staff_handouts_page_passes_axe(page, live_app, live_server, axe):
    browser_login(page, live_app, live_server.url, EMAIL, "/staff/handouts/")
    no_violations(page, axe, "staff handouts page")
    page.check("#g-nemkonto")
    page.check("#g-mitid-app")
    page.check("#l-da")
    page.check("#l-ar")
    page.click("button[name=preview]")
    page.wait_for_url("**preview=1**")
    assert page.locator(".handout-table tbody tr").count() == 4
    no_violations(page, axe, "staff handouts preview")
    with page.expect_download() as download:
        page.click("button[formaction$='/staff/handouts/pdf']")
    path = download.value.path()
    assert open(path, "rb").read(4) == b"%PDF"


def test_a_large_batch_shows_its_progress_then_offers_the_pdf(page, live_app, live_server, axe):
    browser_login(page, live_app, live_server.url, "handouts-batch@aabenraa.dk", "/staff/handouts/")
    live_app.config["HANDOUTS_QUICK"] = 0  # every batch goes to the background here
    try:
        for box in ("#g-change-address", "#g-digital-post-read", "#l-uk", "#l-tr"):
            page.check(box)
        page.click("button[name=preview]")
        page.wait_for_url("**preview=1**")
        page.click("button[formaction$='/staff/handouts/pdf']")
        page.wait_for_url("**/staff/handouts/jobs/*/")
        no_violations(page, axe, "batch progress page")
        # the page updates itself: no reload by the test
        ready = page.get_by_role("link", name="Hent PDF'en")
        ready.wait_for(timeout=90_000)
        assert "PDF'en med 4 håndsedler er klar." in page.locator("[data-job]").text_content()
        no_violations(page, axe, "batch ready page")
        with page.expect_download() as download:
            ready.click()
        document = PdfReader(download.value.path())
        assert 4 <= len(document.pages) <= 8
    finally:
        live_app.config.pop("HANDOUTS_QUICK", None)
