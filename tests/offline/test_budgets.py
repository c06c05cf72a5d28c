"""Byte budgets for every step page in every language (a step page must arrive in one round trip).

- HTML + render-blocking CSS: at most 14,600 bytes gzipped (10 TCP segments of the first flight)
- the whole page with its scripts, icon and illustration: at most 50 KB compressed
- all JavaScript a visitor downloads (the page's scripts and the service worker): at most 10 KB gzipped
"""
import re
from functools import lru_cache

import pytest

from app.guides import library
from app.languages import CODES
from tests.offline.helpers import gz, make_app, page_parts

FIRST_FLIGHT = 14_600
WHOLE_PAGE = 50 * 1024
ALL_JS = 10 * 1024


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    app = make_app(tmp_path_factory.mktemp("budgets"))
    client = app.test_client()

    @lru_cache(maxsize=None)
    def compressed(url: str) -> int:
        response = client.get(url)
        assert response.status_code == 200, url
        return gz(response.data)

    with app.app_context():
        lib = library()
        steps = [(lang, g.slug, n) for lang in CODES for g in lib.ordered()
                 for n in range(1, len(g.text(lang).steps) + 1)]
    return client, compressed, steps


def weigh(client, compressed, url):
    response = client.get(url)
    assert response.status_code == 200, url
    parts = page_parts(response.get_data(as_text=True))
    html = gz(response.data)
    css = sum(compressed(u) for u in parts.blocking_css)
    js = sum(compressed(u) for u in parts.scripts)
    images = sum(compressed(u) for u in parts.images)
    return html, css, js, images


def test_every_step_page_in_every_language_fits_its_budgets(site):
    client, compressed, steps = site
    assert len(steps) > 8 * 15
    body = client.get("/sw.js").get_data(as_text=True)
    imported = re.findall(r'^importScripts\("([^"]+)"\);$', body, re.M)  # other parts' worker code
    worker = compressed("/sw.js") + sum(compressed(url) for url in imported)
    over = []
    heaviest = (0, "")
    for lang, slug, number in steps:
        url = f"/{lang}/guides/{slug}/{number}/"
        html, css, js, images = weigh(client, compressed, url)
        heaviest = max(heaviest, (html + css, url))
        if html + css > FIRST_FLIGHT:
            over.append(f"{url}: HTML + CSS {html + css:,} B > {FIRST_FLIGHT:,}")
        if html + css + js + images > WHOLE_PAGE:
            over.append(f"{url}: whole page {html + css + js + images:,} B > {WHOLE_PAGE:,}")
        if js + worker > ALL_JS:
            over.append(f"{url}: JavaScript {js:,} B + service worker {worker:,} B > {ALL_JS:,}")
    assert not over, "\n".join(over[:20])
    print(f"heaviest step page: {heaviest[1]} HTML + CSS {heaviest[0]:,} B gzip")


def test_budget_check_catches_a_heavy_page(site):
    """The measuring itself works: a page padded past the budget is caught."""
    client, compressed, _ = site
    html, css, js, images = weigh(client, compressed, "/da/guides/mitid-app/1/")
    assert 500 < html < FIRST_FLIGHT and css > 500 and js > 500 and images > 100
    import os
    padding = gz(os.urandom(FIRST_FLIGHT))  # incompressible, as a heavy inline image would be
    assert html + css + padding > FIRST_FLIGHT
