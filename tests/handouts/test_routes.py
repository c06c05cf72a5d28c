"""The citizen-facing routes: /q/<code>, QR images and the printable handout page."""
import re

import pytest

from app.guides import library
from app.languages import CODES, LANGUAGES

from .helpers import CODE_IN_PAGE, code_for, decode_png, html_lang


@pytest.mark.parametrize("lang", ["da", "uk", "ar"])
def test_a_short_link_lands_on_the_guide_in_the_handouts_language(app, client, lang):
    code = code_for(app, "mitid-app", lang)
    response = client.get(f"/q/{code}")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/{lang}/guides/mitid-app/"
    assert response.headers["Cache-Control"] == "no-store"
    assert "Set-Cookie" not in response.headers
    page = client.get(response.headers["Location"])
    assert page.status_code == 200
    assert html_lang(page.data) == (lang, "rtl" if lang == "ar" else "ltr")
    with app.app_context():
        title = library().find("mitid-app").text(lang).title
    assert title in page.get_data(as_text=True)


def test_a_link_to_a_step_and_a_typed_lower_case_code(app, client):
    code = code_for(app, "nemkonto", "en", 3)
    assert client.get(f"/q/{code.lower()}").headers["Location"] == "/en/guides/nemkonto/3/"


def test_an_unknown_code_gets_the_real_404_page(client):
    for bad in ("ZZZZZ", "abc!", "TOOLONGCODE"):
        response = client.get(f"/q/{bad}", headers={"Accept-Language": "uk"})
        assert response.status_code == 404
        assert b"<h1>" in response.data and b"Traceback" not in response.data


def test_scans_are_counted_per_code_per_day(app, client):
    code = code_for(app, "mitid-app", "da")
    for _ in range(3):
        client.get(f"/q/{code}")
    client.head(f"/q/{code}")  # link checkers and previews are not scans
    from app import store
    db = store.connect(app.config["DATABASE"])
    rows = db.execute("SELECT code, count FROM short_link_scans").fetchall()
    db.conn.close()
    assert rows == [(code, 3)]


def test_qr_images_carry_the_short_link(app, client):
    code = code_for(app, "mitid-app", "uk")
    png = client.get(f"/qr/{code}.png")
    assert png.status_code == 200 and png.mimetype == "image/png"
    (found,) = decode_png(png.data)
    assert found.text == f"{app.config['BASE_URL']}/q/{code}"
    assert found.ec_level in ("M", "Q", "H")
    svg = client.get(f"/qr/{code}.svg")
    assert svg.status_code == 200 and svg.mimetype == "image/svg+xml"
    assert svg.headers["Content-Security-Policy"] == "default-src 'none'"
    assert b"<script" not in svg.data and b'fill="#fff"' in svg.data
    download = client.get(f"/qr/{code}.png?download=1")
    assert f'filename="trinvis-{code}.png"' in download.headers["Content-Disposition"]
    assert client.get("/qr/ZZZZZ.svg").status_code == 404
    assert client.get(f"/qr/{code}.png?px=500").status_code == 404


def test_the_qr_code_has_a_quiet_zone_of_four_modules():
    from app.handouts import qr
    rows = qr.matrix("https://trinvis.aabenraa.dk/q/ABCDE")
    size = len(rows)
    for i in range(4):
        assert not any(rows[i]) and not any(rows[size - 1 - i])
        assert not any(row[i] for row in rows) and not any(row[size - 1 - i] for row in rows)
    assert rows[4][4]  # the finder pattern starts right after it


def test_the_handout_page_in_every_language(app, client):
    with app.app_context():
        guide = library().find("mitid-app")
        danish_title = guide.danish.title
    directions = {lang.code: lang.direction for lang in LANGUAGES}
    codes = set()
    for lang in CODES:
        response = client.get(f"/{lang}/guides/mitid-app/handout/")
        assert response.status_code == 200, lang
        assert html_lang(response.data) == (lang, directions[lang])
        assert "Set-Cookie" not in response.headers
        body = response.get_data(as_text=True)
        assert f'<article class="sheet" lang="{lang}" dir="{directions[lang]}"' in body
        codes.add(CODE_IN_PAGE.search(body).group(1))
        assert f"127.0.0.1:5000/q/{CODE_IN_PAGE.search(body).group(1)}" in body  # the typed short URL
        if lang != "da" and guide.has(lang):
            assert f'<p class="sheet-da" lang="da">{danish_title}</p>' in body
        assert "css/handouts.css" in body and "<script>" not in body
    assert len(codes) == len(CODES)
    # Viewing again does not make new codes.
    again = client.get("/uk/guides/mitid-app/handout/").get_data(as_text=True)
    assert CODE_IN_PAGE.search(again).group(1) in codes


def test_a_handout_in_a_language_without_a_translation_prints_the_danish_text(small_app):
    client = small_app.test_client()
    body = client.get("/uk/guides/log-in/handout/").get_data(as_text=True)
    assert html_lang(client.get("/uk/guides/log-in/handout/").data) == ("uk", "ltr")
    assert '<h1 id="sheet-title" lang="da">Log på</h1>' in body
    assert 'class="sheet-note"' in body and 'class="sheet-da"' not in body
    assert "Цю інструкцію ще не перекладено" in body
    english = client.get("/en/guides/log-in/handout/").get_data(as_text=True)
    assert '<h1 id="sheet-title">Log in</h1>' in english
    assert '<p class="sheet-da" lang="da">Log på</p>' in english
    assert "trinvis.example/q/" in english


def test_the_handout_shows_what_you_need_the_steps_help_date_and_version(app, client):
    body = client.get("/en/guides/nemkonto/handout/").get_data(as_text=True)
    with app.app_context():
        guide = library().find("nemkonto")
    text = guide.text("en")
    for need in text.needs:
        assert need.split("[")[0].strip()[:10] in body
    assert body.count('class="sheet-step"') == len(text.steps)  # a short guide: every step
    assert "Borgerservice Aabenraa" in body and "33 98 00 10" in body
    assert f"Content version {guide.version}" in body and "Printed " in body


def test_a_long_guide_gets_the_first_steps_and_scan_for_the_rest(app, client):
    from app.handouts import sheet
    with app.app_context():
        lib = library()
        long = next((g for g in lib.ordered() if sheet.steps_that_fit(g.text("da")) < len(g.danish.steps)), None)
    if long is None:
        pytest.skip("every guide fits on two pages")
    body = client.get(f"/da/guides/{long.slug}/handout/").get_data(as_text=True)
    shown = body.count('class="sheet-step"')
    assert 1 <= shown < len(long.danish.steps)
    assert f"(trin {shown + 1} til {len(long.danish.steps)})" in body


def test_unknown_guide_or_language_is_a_404_and_an_old_slug_redirects(small_app, guides_dir):
    from tests.content.helpers import META
    (guides_dir / "log-in").rename(guides_dir / "sign-in")
    (guides_dir / "sign-in" / "guide.toml").write_text(META.replace("aliases = []", 'aliases = ["log-in"]'))
    client = small_app.test_client()
    assert client.get("/da/guides/nowhere/handout/").status_code == 404
    assert client.get("/xx/guides/sign-in/handout/").status_code == 404
    moved = client.get("/uk/guides/log-in/handout/")
    assert moved.status_code == 301 and moved.headers["Location"] == "/uk/guides/sign-in/handout/"


def test_the_guide_page_links_to_its_handout(client):
    body = client.get("/ar/guides/mitid-app/").get_data(as_text=True)
    assert 'href="/ar/guides/mitid-app/handout/"' in body
