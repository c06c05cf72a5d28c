"""The offline page: in every language, useful without a network, not indexed."""
import re

import pytest

from app.languages import CODES, direction


@pytest.mark.parametrize("lang", CODES)
def test_offline_page_in_every_language(client, lang):
    response = client.get(f"/{lang}/offline/")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert f'<html lang="{lang}" dir="{direction(lang)}">' in html
    assert '<meta name="robots" content="noindex">' in html
    heading = re.search(r"<h1>(.*?)</h1>", html).group(1)
    assert heading == {"da": "Du er offline", "en": "You are offline", "de": "Sie sind offline"}.get(lang, heading)
    if lang != "en":
        assert heading != "You are offline"
    assert 'href="tel:' in html  # a phone still works when the internet does not
    assert f'data-list="/{lang}/offline/guides.json"' in html
    assert "Set-Cookie" not in response.headers


def test_unknown_language_is_a_real_404(client):
    assert client.get("/xx/offline/").status_code == 404
    assert client.get("/xx/offline/guides.json").status_code == 404
    assert client.get("/xx/manifest.webmanifest").status_code == 404


def test_guide_page_carries_the_keep_buttons_hidden_until_the_script_shows_them(client):
    html = client.get("/pl/guides/mitid-app/").get_data(as_text=True)
    section = re.search(r"<section class=\"keep\"[^>]*>", html).group(0)
    assert " hidden" in section
    assert 'data-list="/pl/offline/guides.json"' in section
    assert "Zapisz ten poradnik na telefonie" in html
    assert "Zapisz wszystkie poradniki w moim języku" in html
    assert "<script>" not in html  # no inline script anywhere: the CSP forbids it
