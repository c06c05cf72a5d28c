"""axe in real Chromium on every page of every guide in every language: the start page, the
all-steps page and every step page."""
import pytest

from app.guides import library
from app.languages import CODES


@pytest.fixture(scope="module")
def guides(live_app):
    with live_app.app_context():
        return [(g.slug, len(g.danish.steps)) for g in library().ordered()]


def check(page, url, axe, failures):
    response = page.goto(url)
    assert response.status == 200, url
    found = axe(page)
    if found:
        failures.append(f"{url}: {found}")


@pytest.mark.parametrize("lang", CODES)
def test_every_guide_start_and_all_steps_page_passes_axe(page, live_server, axe, guides, lang):
    failures = []
    for slug, _ in guides:
        for path in (f"/{lang}/guides/{slug}/", f"/{lang}/guides/{slug}/all/"):
            check(page, live_server.url + path, axe, failures)
    assert failures == []


@pytest.mark.parametrize("lang", CODES)
def test_every_step_page_passes_axe(page, live_server, axe, guides, lang):
    failures = []
    for slug, steps in guides:
        for number in range(1, steps + 1):
            check(page, f"{live_server.url}/{lang}/guides/{slug}/{number}/", axe, failures)
    assert failures == []
