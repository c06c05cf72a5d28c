"""Byte budgets with the reader aids on the page: a side-by-side step page and the handover page
still arrive in one round trip (HTML + render-blocking CSS <= 14,600 B gzip), and all scripts a
step page loads stay within 10 KB gzip."""
from __future__ import annotations

import gzip
import re

import pytest

from app import create_app
from app.guides import library
from app.languages import CODES, SOURCE

FIRST_FLIGHT = 14_600
ALL_JS = 10 * 1024


def gz(data: bytes) -> int:
    """Compressed size as a web server sends it (gzip level 6)."""
    return len(gzip.compress(data, 6, mtime=0))


@pytest.fixture(scope="module")
def bundled(tmp_path_factory):
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TRINVIS_INSTANCE", str(tmp_path_factory.mktemp("budget-instance")))
        app = create_app({"TESTING": True, "SECRET_KEY": "x"})
    return app


_ASSETS: dict[str, int] = {}


def asset(client, url: str) -> int:
    if url not in _ASSETS:
        _ASSETS[url] = gz(client.get(url).data)
    return _ASSETS[url]


def weigh(client, url: str) -> tuple[int, int]:
    """(HTML + render-blocking CSS, scripts) of a page, gzip-compressed."""
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.get_data(as_text=True)
    css = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
    scripts = re.findall(r'<script src="([^"]+)"', html)
    assert '<script>' not in html  # nothing inline
    return (gz(response.data) + sum(asset(client, u) for u in css),
            sum(asset(client, u) for u in scripts))


def test_side_by_side_and_handover_pages_fit_the_first_round_trip(bundled):
    client = bundled.test_client()
    with bundled.app_context():
        guides = library().ordered()
    heaviest, over = (0, ""), []
    for lang in CODES:
        for guide in guides:
            for step in guide.text(lang).steps:
                urls = [f"/{lang}/guides/{guide.slug}/{step.number}/stuck/"]
                if lang != SOURCE and guide.has(lang):
                    urls.append(f"/{lang}/guides/{guide.slug}/{step.number}/?with=da")
                for url in urls:
                    size, _ = weigh(client, url)
                    heaviest = max(heaviest, (size, url))
                    if size > FIRST_FLIGHT:
                        over.append(f"{url}: {size:,} B")
    assert not over, "\n".join(over[:10])
    print(f"heaviest reader page: {heaviest[1]} HTML + CSS {heaviest[0]:,} B gzip")


def test_a_step_page_with_read_aloud_stays_within_the_script_budget(bundled):
    client = bundled.test_client()
    size, scripts = weigh(client, "/uk/guides/mitid-app/2/")
    assert size <= FIRST_FLIGHT
    assert gz(client.get("/static/js/reader.js").data) < 2_000  # our share of the 10 KB
    assert scripts <= ALL_JS
