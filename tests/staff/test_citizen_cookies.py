"""Citizen pages set no cookie at all: every public URL, in every language, for every visitor."""
from __future__ import annotations

from app.guides import library
from app.languages import CODES

from .helpers import login
from .urlmap import rules, url_for_rule

STAFF_PREFIXES = ("/staff/",)


def public_urls(app):
    """Every GET route outside the staff area, plus every guide and step in every language."""
    urls = {url_for_rule(app, rule) for rule in rules(app, outside=STAFF_PREFIXES)
            if "GET" in (rule.methods or ()) and not rule.rule.startswith("/staff")}
    with app.app_context():
        guides = library().ordered()
    for lang in CODES:
        urls.update({f"/{lang}/", f"/{lang}/guides/", f"/{lang}/help/", f"/{lang}/privacy/",
                     f"/{lang}/accessibility/", f"/{lang}/for/older/", f"/{lang}/guides/?q=mitid"})
        for guide in guides:
            urls.add(f"/{lang}/guides/{guide.slug}/")
            urls.add(f"/{lang}/guides/{guide.slug}/all/")
            for step in guide.danish.steps:
                urls.add(f"/{lang}/guides/{guide.slug}/{step.number}/")
            urls.add(f"/{lang}/guides/{guide.slug}/1/thanks/?a=no")
    urls.update({"/", "/no/such/page/", "/da/guides/no-such-guide/"})
    return sorted(urls)


def test_citizen_pages_send_no_set_cookie(app):
    client = app.test_client()
    urls = public_urls(app)
    assert len(urls) > 8 * 30
    for url in urls:
        response = client.get(url)
        assert "Set-Cookie" not in response.headers, url
    assert not list(client._cookies), "the test browser holds a cookie after visiting citizen pages"


def test_citizen_pages_send_no_set_cookie_to_a_logged_in_staff_member(app, staff_member):
    client = app.test_client()
    login(client, "staff@aabenraa.dk")
    for url in public_urls(app)[::7]:
        assert "Set-Cookie" not in client.get(url).headers, url


def test_feedback_post_and_thanks_send_no_set_cookie(app):
    client = app.test_client()
    with app.app_context():
        slug = library().ordered()[0].slug
    response = client.post(f"/uk/guides/{slug}/1/feedback", data={"helpful": "yes"},
                           headers={"Origin": "http://localhost"}, follow_redirects=True)
    assert response.status_code == 200
    assert all("Set-Cookie" not in r.headers for r in [*response.history, response])


def test_a_stale_staff_cookie_is_left_alone_on_citizen_pages(app):
    client = app.test_client()
    client.set_cookie("trinvis_staff", "an-old-session-id-value")
    assert "Set-Cookie" not in client.get("/da/").headers
