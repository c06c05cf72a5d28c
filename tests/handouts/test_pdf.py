"""Handout PDFs for real: WeasyPrint renders, poppler rasterises, zxing-cpp decodes, pypdf reads."""
import io
import re
import subprocess
from urllib.parse import urlsplit

import pytest
from pypdf import PdfReader

from app.guides import library
from app.handouts import batch, links, pdf, stickers
from app.store import get_db

from .helpers import decode_png, html_lang, pdf_page_png

DPI = 150


def handout(app, slug, lang):
    with app.app_context():
        return pdf.handout_pdf(get_db(), library().find(slug), lang)


@pytest.mark.parametrize("lang", ["da", "uk", "ar"])
def test_the_printed_qr_code_leads_to_the_guide_in_the_handouts_language(app, client, tmp_path, lang):
    document = handout(app, "mitid-app", lang)
    (code,) = decode_png(pdf_page_png(document, tmp_path, 1, DPI))
    assert code.text.startswith(app.config["BASE_URL"] + "/q/")
    # At least 35 mm wide on paper (the corners zxing reports are the symbol's own, without the quiet zone).
    width_mm = (code.position.top_right.x - code.position.top_left.x) / DPI * 25.4
    assert width_mm >= 35, width_mm
    # The typed short URL is printed too, as text.
    typed = re.sub(r"^https?://", "", code.text)
    assert typed in PdfReader(io.BytesIO(document)).pages[0].extract_text().replace("\n", "")
    landing = client.get(urlsplit(code.text).path)
    assert landing.status_code == 302
    page = client.get(landing.headers["Location"])
    assert page.status_code == 200 and landing.headers["Location"] == f"/{lang}/guides/mitid-app/"
    assert html_lang(page.data)[0] == lang
    with app.app_context():
        assert library().find("mitid-app").text(lang).title in page.get_data(as_text=True)


def test_the_arabic_pdf_has_its_title_as_text_laid_out_right_to_left(app, tmp_path):
    with app.app_context():
        title = library().find("mitid-app").text("ar").title  # "احصل على تطبيق MitID"
    document = handout(app, "mitid-app", "ar")
    text = PdfReader(io.BytesIO(document)).pages[0].extract_text()
    arabic_words = [w for w in title.split() if re.search("[\u0600-\u06ff]", w)]
    assert len(arabic_words) >= 2
    assert " ".join(arabic_words) in text  # extractable, in reading order
    # Where the words sit on the page (poppler's word boxes): the first word of the title is
    # rightmost, the next ones follow to its left, and the line starts at the right margin.
    source = tmp_path / "ar.pdf"
    source.write_bytes(document)
    boxes = subprocess.run(["pdftotext", "-f", "1", "-l", "1", "-bbox", str(source), "-"],
                           check=True, capture_output=True, text=True).stdout
    page_width = float(re.search(r'<page width="([\d.]+)"', boxes).group(1))
    words = [(float(x0), float(x1), word) for x0, x1, word in
             re.findall(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]+)</word>', boxes)]

    def box(word):  # poppler prints right-to-left words in visual order
        return next(b for b in words if b[2] in (word, word[::-1]))
    positions = [box(w) for w in arabic_words]
    assert all(a[0] > b[0] for a, b in zip(positions, positions[1:])), positions
    right_margin = page_width - 14 / 25.4 * 72
    assert positions[0][1] > right_margin - 12, (positions[0], right_margin)
    # Phone numbers inside Arabic lines still read left to right (a reversed number dials a stranger).
    every_page = subprocess.run(["pdftotext", "-bbox", str(source), "-"], check=True, capture_output=True,
                                text=True).stdout
    lines = {}
    for page_no, page in enumerate(every_page.split("<page ")):
        for x0, y0, word in re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]+)</word>', page):
            lines.setdefault((page_no, round(float(y0))), []).append((float(x0), word))
    numbers = [[w for _, w in sorted(words) if w.isdigit()] for words in lines.values()]
    assert ["33", "98", "00", "10"] in numbers, numbers
    # ...and the QR code is on the left, where an Arabic reader's eye ends the line.
    (code,) = decode_png(pdf_page_png(document, tmp_path, 1, DPI))
    assert code.position.top_right.x < 0.5 * 210 / 25.4 * DPI


def test_a_handout_is_at_most_two_pages_with_every_step_or_scan_for_the_rest(app):
    with app.app_context():
        lib = library()
        for slug, lang, version in (("mitid-app", "de", "Inhaltsversion"), ("nemkonto", "da", "Indholdsversion")):
            guide = lib.find(slug)
            document = PdfReader(io.BytesIO(pdf.handout_pdf(get_db(), guide, lang)))
            assert len(document.pages) <= 2
            text = "".join(p.extract_text() for p in document.pages).replace("\n", " ")
            total = len(guide.text(lang).steps)
            printed = pdf.measured_fit(guide, lang)
            assert 1 <= printed <= total
            rest = {"de": f"Schritte {printed + 1} bis {total}", "da": f"trin {printed + 1} til {total}"}[lang]
            assert (rest in text) == (printed < total), text[-800:]
            assert f"{version} {guide.version}" in text  # the footer, in the handout's language


def test_pdfs_are_cached_by_guide_language_and_content_version(app, monkeypatch):
    first = handout(app, "nemkonto", "en")
    with app.app_context():
        folder = pdf.cache_dir()
        files = list(folder.glob("nemkonto.en.*.pdf"))
        guide = library().find("nemkonto")
        assert len(files) == 1 and f".{guide.version}." in files[0].name
    monkeypatch.setattr(pdf, "render", lambda html: pytest.fail("rendered again instead of using the cache"))
    assert handout(app, "nemkonto", "en") == first
    monkeypatch.undo()
    with app.app_context():  # a new content version is a new PDF, and the old one is dropped
        guide = library().find("nemkonto")
        monkeypatch.setattr(guide, "version", "changed000")  # the library is shared: put it back after
        again = pdf.handout_pdf(get_db(), guide, "en")
        assert again != first
        assert [f.name.split(".")[2] for f in folder.glob("nemkonto.en.*.pdf")] == ["changed000"]


def test_a_batch_is_one_pdf_and_an_oversized_batch_is_refused(app):
    app.config["HANDOUTS_MAX_BATCH"] = 2
    with app.app_context():
        lib = library()
        pairs = [(lib.find("nemkonto"), "da"), (lib.find("tax-check"), "pl")]
        seen = []
        document = PdfReader(io.BytesIO(batch.batch_pdf(get_db(), pairs, progress=lambda *a: seen.append(a[:2]))))
        singles = sum(len(PdfReader(io.BytesIO(pdf.handout_pdf(get_db(), g, lang))).pages) for g, lang in pairs)
        assert len(document.pages) == singles
        assert seen == [(1, 2), (2, 2)]
        with pytest.raises(batch.BatchTooLarge, match="3 handouts is more than the 2 allowed"):
            batch.batch_pdf(get_db(), pairs + [(lib.find("mitid-app"), "da")])


def test_a_sticker_sheet_holds_24_readable_qr_codes(app, tmp_path):
    from app.languages import CODES
    with app.app_context():
        lib = library()
        pairs = [(g, lang) for g in lib.ordered()[:3] for lang in CODES]  # 3 guides × 8 languages
        document = stickers.stickers_pdf(get_db(), pairs, "da")
        expected = {links.short_url(app.config["BASE_URL"], links.ensure(get_db(), g.slug, lang).code)
                    for g, lang in pairs}
        one_more = stickers.stickers_pdf(get_db(), pairs + [(lib.ordered()[3], "da")], "da")
    reader = PdfReader(io.BytesIO(document))
    assert len(reader.pages) == 1 and len(PdfReader(io.BytesIO(one_more)).pages) == 2
    text = reader.pages[0].extract_text()
    for guide, lang in pairs[:8]:
        assert guide.text(lang).title.split()[-1] in text
    found = {c.text for c in decode_png(pdf_page_png(document, tmp_path, 1, 300))}
    assert found == expected and len(found) == 24


def test_the_print_date_is_the_day_the_pdf_is_fetched(app, monkeypatch):
    import datetime as dt

    from app.handouts import sheet
    monkeypatch.setattr(sheet, "today", lambda: dt.date(2027, 3, 1))
    first = PdfReader(io.BytesIO(handout(app, "nemkonto", "en"))).pages[-1].extract_text()
    monkeypatch.setattr(sheet, "today", lambda: dt.date(2027, 3, 2))  # the cached PDF is yesterday's
    second = PdfReader(io.BytesIO(handout(app, "nemkonto", "en"))).pages[-1].extract_text()
    assert "Printed March 1, 2027" in re.sub(r"\s+", " ", first)
    assert "Printed March 2, 2027" in re.sub(r"\s+", " ", second)
    with app.app_context():
        assert len(list(pdf.cache_dir().glob("nemkonto.en.*.pdf"))) == 1  # yesterday's is dropped
