""""I'm stuck here": the handover page, its QR code, the link the QR code holds, the staff lookup."""
from __future__ import annotations

import re

import pytest

from app.guides import library
from app.reader import handover
from tests.staff.helpers import login, make_staff


def code_on(html: bytes) -> str:
    match = re.search(rb'<p class="handover-code" dir="ltr">(.*?)</p>', html)
    assert match, "no handover code on the page"
    return re.sub(rb"<[^>]+>|\s", b"", match.group(1)).decode()


def test_every_step_links_to_its_stuck_page(client):
    html = client.get("/uk/guides/log-in/2/").data.decode()
    assert 'href="/uk/guides/log-in/2/stuck/"' in html


def test_the_stuck_page_shows_a_code_that_decodes_to_this_guide_step_and_language(app, client):
    response = client.get("/ar/guides/log-in/2/stuck/")
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers
    html = response.data
    code = code_on(html)
    with app.app_context():
        found = handover.find(library(), code)
    assert (found.guide.slug, found.step, found.lang, found.changed) == ("log-in", 2, "ar", False)
    text = html.decode()
    assert f'src="/h/{code}/qr.svg"' in text
    assert 'lang="da" dir="ltr">Til personalet: trin 2 af 2 i »Log på«, læst på arabisk.' in text
    assert '<meta name="robots" content="noindex">' in text
    assert "Borgerservice Aabenraa" in text or "MitID Support" in text  # the help contacts


def test_the_stuck_page_of_an_untranslated_guide_keeps_the_readers_language(app, client):
    code = code_on(client.get("/pl/guides/danish-only/1/stuck/").data)
    with app.app_context():
        assert handover.find(library(), code).lang == "pl"


@pytest.mark.parametrize("url", ["/xx/guides/log-in/1/stuck/", "/da/guides/nope/1/stuck/",
                                 "/da/guides/log-in/3/stuck/", "/da/guides/log-in/0/stuck/"])
def test_unknown_stuck_pages_are_real_404s(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert b"<html" in response.data


def test_the_qr_code_is_an_svg_image_of_the_short_link(client):
    code = code_on(client.get("/en/guides/log-in/1/stuck/").data)
    response = client.get(f"/h/{code}/qr.svg")
    assert response.status_code == 200
    assert response.mimetype == "image/svg+xml"
    assert response.data.startswith(b"<svg") and b"<path" in response.data
    assert b"<script" not in response.data
    assert client.get("/h/123/qr.svg").status_code == 404


def test_the_short_link_opens_the_step_in_danish_next_to_the_citizens_language(client):
    code = code_on(client.get("/uk/guides/log-in/2/stuck/").data)
    response = client.get(f"/h/{code}")
    assert response.status_code == 302
    assert response.headers["Location"] == "/da/guides/log-in/2/?with=uk"
    page = client.get(response.headers["Location"]).data.decode()
    assert 'class="step pair-other" lang="uk" dir="ltr"' in page


def test_the_short_link_of_a_danish_reader_opens_the_danish_step(client):
    code = code_on(client.get("/da/guides/log-in/1/stuck/").data)
    assert client.get(f"/h/{code}").headers["Location"] == "/da/guides/log-in/1/"


@pytest.mark.parametrize("code, words", [("12345", "not complete"), ("123456780", "not complete"),
                                         ("000000000", "does not lead to a guide")])
def test_a_bad_short_link_gets_a_clear_page(client, code, words):
    response = client.get(f"/h/{code}", headers={"Accept-Language": "en"})
    assert response.status_code == 404
    assert words in response.data.decode()


def test_the_staff_lookup_needs_a_login(client):
    response = client.get("/staff/handover/?code=123456789")
    assert response.status_code in (302, 303)
    assert "/staff/login" in response.headers["Location"]


@pytest.fixture
def staff(app, client):
    make_staff(app, "anna@aabenraa.dk")
    assert login(client, "anna@aabenraa.dk").status_code == 303
    return client


def test_staff_enter_a_code_and_see_the_step_side_by_side(staff):
    code = code_on(staff.get("/ar/guides/log-in/2/stuck/").data)
    spaced = " ".join(handover.grouped(code))
    response = staff.get("/staff/handover/", query_string={"code": spaced})
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    html = response.data.decode()
    assert '<html lang="da"' in html
    assert "Godkend" in html and "وافق" in html  # the Danish step and the Arabic one
    assert 'class="step pair-other" lang="ar" dir="rtl"' in html
    assert "Borgeren læser på arabisk" in html
    assert 'href="/da/guides/log-in/2/?with=ar"' in html


def test_staff_can_paste_the_scanned_link(staff):
    code = code_on(staff.get("/uk/guides/log-in/1/stuck/").data)
    response = staff.get("/staff/handover/", query_string={"code": f"https://trinvis.example/h/{code}"})
    assert response.status_code == 200
    assert 'lang="uk"' in response.data.decode()


@pytest.mark.parametrize("typed, status, words", [
    ("12 34", 400, "En kode har ni cifre"),
    ("abcdefghi", 400, "En kode har ni cifre"),
    ("swapped", 400, "to cifre har byttet plads"),
    ("000000000", 404, "Koden passer ikke til nogen vejledning"),
])
def test_staff_get_a_clear_message_for_a_malformed_or_unknown_code(staff, typed, status, words):
    if typed == "swapped":
        code = code_on(staff.get("/uk/guides/log-in/1/stuck/").data)
        typed = code[1] + code[0] + code[2:] if code[0] != code[1] else code[:3] + code[4] + code[3] + code[5:]
    response = staff.get("/staff/handover/", query_string={"code": typed})
    assert response.status_code == status
    html = response.data.decode()
    assert words in html
    assert 'role="alert"' in html and 'aria-invalid="true"' in html


def test_staff_are_told_when_the_guide_changed_since_the_code_was_made(staff, app):
    with app.app_context():
        lib = library()
        guide = lib.find("log-in")
        number = handover.numbering(list(lib.guides))["log-in"]
        old = handover.encode(number, 1, "en", (handover.version_digit(guide.version) + 3) % 10)
    html = staff.get("/staff/handover/", query_string={"code": old}).data.decode()
    assert "Vejledningen er blevet opdateret" in html


def test_the_lookup_is_in_the_staff_menu(staff):
    html = staff.get("/staff/").data.decode()
    assert 'href="/staff/handover/"' in html and "Hjælp ved skranken" in html
