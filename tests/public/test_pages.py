"""Every public URL in every language: status, lang and dir, and real 404 pages."""
import re

import pytest

from app.content import sitefacts
from app.guides import library
from app.languages import CODES, LANGUAGES

GROUPS = ("older", "young", "vulnerable", "newcomers")


def public_urls(app):
    with app.app_context():
        lib = library()
        guides = lib.ordered()
    for lang in CODES:
        yield f"/{lang}/"
        for group in GROUPS:
            yield f"/{lang}/for/{group}/"
        yield f"/{lang}/guides/"
        yield f"/{lang}/help/"
        yield f"/{lang}/privacy/"
        yield f"/{lang}/accessibility/"
        for guide in guides:
            yield f"/{lang}/guides/{guide.slug}/"
            yield f"/{lang}/guides/{guide.slug}/all/"
            for step in guide.danish.steps:
                yield f"/{lang}/guides/{guide.slug}/{step.number}/"


def html_attrs(body: bytes):
    match = re.search(rb'<html lang="([a-z]+)" dir="(ltr|rtl)">', body)
    assert match, body[:200]
    return match.group(1).decode(), match.group(2).decode()


def test_every_public_url_in_every_language(app, client):
    urls = list(public_urls(app))
    assert len(urls) > 8 * 20
    directions = {lang.code: lang.direction for lang in LANGUAGES}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        lang = url.split("/")[1]
        assert html_attrs(response.data) == (lang, directions[lang]), url
        assert "Set-Cookie" not in response.headers, url
        assert b"<script>" not in response.data and b"onclick" not in response.data, url


def test_arabic_is_right_to_left_and_the_language_picker_names_languages_in_themselves(client):
    body = client.get("/ar/").get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in body
    for name in ("Dansk", "English", "Deutsch", "Українська", "العربية", "Polski", "Română", "Türkçe"):
        assert f">{name}</a>" in body


def test_root_redirects_by_accept_language(client):
    assert client.get("/").headers["Location"].endswith("/da/")
    response = client.get("/", headers={"Accept-Language": "uk-UA,uk;q=0.9,en;q=0.5"})
    assert response.status_code == 302 and response.headers["Location"].endswith("/uk/")
    assert client.get("/", headers={"Accept-Language": "fr"}).headers["Location"].endswith("/da/")
    assert "Accept-Language" in client.get("/").headers["Vary"]


@pytest.mark.parametrize("url,lang", [
    ("/xx/", "da"), ("/en/guides/no-such-guide/", "en"), ("/ar/guides/mitid-app/99/", "ar"),
    ("/uk/guides/mitid-app/0/", "uk"), ("/de/for/pensioners/", "de"), ("/pl/nowhere/", "pl"),
])
def test_unknown_pages_get_a_real_404_page_in_the_best_language(client, url, lang):
    response = client.get(url)
    assert response.status_code == 404
    assert html_attrs(response.data)[0] == lang
    assert b"Traceback" not in response.data
    assert b'role="search"' in response.data


def test_404_for_unknown_language_follows_the_browser(client):
    response = client.get("/xx/", headers={"Accept-Language": "ar"})
    assert response.status_code == 404 and html_attrs(response.data) == ("ar", "rtl")


def test_step_page_shows_step_n_of_total_and_links_to_neighbours(client, app):
    with app.app_context():
        total = len(library().find("mitid-app").danish.steps)
    body = client.get("/da/guides/mitid-app/2/").get_data(as_text=True)
    assert f"Trin 2 af {total}" in body or f"Step 2 of {total}" in body
    assert 'href="/da/guides/mitid-app/1/"' in body and 'href="/da/guides/mitid-app/3/"' in body


def test_screen_words_are_chips_marked_as_danish(client):
    body = client.get("/en/guides/mitid-app/all/").get_data(as_text=True)
    assert '<span class="sw" lang="da">' in body


def test_search_finds_guides_without_javascript(client):
    body = client.get("/da/guides/?q=digital post").get_data(as_text=True)
    assert "/da/guides/digital-post-read/" in body
    assert "/da/guides/nemkonto/" not in body
    assert client.get("/da/guides/?q=" + "x" * 5000).status_code == 200


def test_healthz_answers_with_json(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json["status"] == "ok" and response.json["database"] == "ok"
    assert response.json["guides"] >= 3


def test_unconfirmed_site_facts_are_not_shown_to_citizens(app, client):
    body = client.get("/da/help/").get_data(as_text=True)
    assert "73 76 76 76" not in body
    assert "33 98 00 10" in body and "Borgerservice Bov" in body
    # Opening hours nobody has confirmed are listed for staff, never shown (or invented) to citizens
    facts = sitefacts.load(app.config["SITE_FACTS"])
    for place in facts.places:
        assert "hours" in place.unconfirmed or place.get("hours"), f"{place.name} has no opening hours"
    to_confirm = facts.to_confirm()
    for name in ("Borgerservice Aabenraa", "Borgerservice Bov"):
        assert (name, "hours", "—") in to_confirm
    for lang in CODES:
        body = client.get(f"/{lang}/help/").get_data(as_text=True)
        assert not re.search(r":\s*</p>", body), f"/{lang}/help/ shows a label without a value"
    assert "Opening hours" not in client.get("/en/help/").get_data(as_text=True)


def test_group_paths_follow_paths_toml(client):
    body = client.get("/en/for/newcomers/").get_data(as_text=True)
    order = [body.index(f"/en/guides/{slug}/") for slug in ("doctor-and-health-card", "mitid-newcomer", "nemkonto")]
    assert order == sorted(order)


def test_translated_text_carries_the_page_language_not_danish(client):
    body = client.get("/uk/guides/mitid-app/1/").get_data(as_text=True)
    assert '<article class="step">' in body
    assert '<article class="step" lang="da">' not in body
