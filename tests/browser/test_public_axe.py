"""axe in real Chromium on every citizen page that is not a guide page, in every language: home,
the four group paths, all guides, a search with and without results, help, privacy, the
accessibility statement, notifications, the offline page, "I am stuck", the thanks page after
feedback and the 404 page. The accessibility statement promises this. Guide pages are checked
in test_guides_axe.py."""
import pytest

from app.content import AUDIENCES
from app.languages import CODES

# "MitID" is a Danish name every translation keeps, so this search finds guides in every language
FOUND = "MitID"
NOT_FOUND = "qqxxzz"
GUIDE = "mitid-app"

# (path, status, what must be on the page for the check to mean something)
PAGES = [
    ("/{lang}/", 200, None),
    *[(f"/{{lang}}/for/{group}/", 200, ".cards li.card") for group in ("older", "young", "vulnerable", "newcomers")],
    ("/{lang}/guides/", 200, ".cards li.card"),
    (f"/{{lang}}/guides/?q={FOUND}", 200, ".cards li.card"),
    (f"/{{lang}}/guides/?q={NOT_FOUND}", 200, None),
    ("/{lang}/help/", 200, None),
    ("/{lang}/privacy/", 200, None),
    ("/{lang}/accessibility/", 200, None),
    ("/{lang}/notifications/", 200, None),
    ("/{lang}/offline/", 200, None),
    (f"/{{lang}}/guides/{GUIDE}/1/stuck/", 200, None),
    (f"/{{lang}}/guides/{GUIDE}/1/thanks/?a=yes", 200, None),
    (f"/{{lang}}/guides/{GUIDE}/1/thanks/?a=no", 200, None),
    ("/{lang}/guides/no-such-guide/", 404, None),
]


def test_the_pages_cover_every_group():
    assert {path.split("/")[3] for path, _, _ in PAGES if "/for/" in path} == set(AUDIENCES)


@pytest.mark.parametrize("lang", CODES)
def test_every_citizen_page_passes_axe(page, live_server, axe, lang):
    failures = []
    for template, status, content in PAGES:
        url = live_server.url + template.format(lang=lang)
        response = page.goto(url)
        assert response.status == status, url
        assert page.get_attribute("html", "lang") == lang, url
        if content:
            assert page.locator(content).count() > 0, f"{url}: nothing matches {content}"
        if NOT_FOUND in url:
            assert page.locator(".cards li.card").count() == 0, url
        failures += [f"{url}: {violation}" for violation in axe(page)]
    assert failures == [], "\n".join(failures)
