"""The "did this step help?" form: on every step page, without JavaScript, anonymous, rate limited."""
from __future__ import annotations

import gzip
import re

import pytest

from app import store
from app.guides import library
from app.languages import CODES

SAME_ORIGIN = {"Origin": "http://localhost"}


@pytest.fixture
def slug(app):
    with app.app_context():
        return library().ordered()[0].slug


def rows(app):
    db = store.connect(app.config["DATABASE"])
    try:
        return [dict(zip(("day", "guide", "lang", "step", "helpful", "comment"), r)) for r in
                db.execute("SELECT day, guide, lang, step, helpful, comment FROM feedback ORDER BY id")]
    finally:
        db.conn.close()


def test_every_step_page_in_every_language_has_the_form_within_the_byte_budget(app, client):
    """The form is on every step page, and HTML + render-blocking CSS stays ≤ 14,600 bytes gzip."""
    css_size = len(gzip.compress(client.get("/static/css/site.css").data, 9))
    with app.app_context():
        guides = library().ordered()
    worst = 0
    for lang in CODES:
        for guide in guides:
            for step in guide.danish.steps:
                data = client.get(f"/{lang}/guides/{guide.slug}/{step.number}/").data
                worst = max(worst, len(gzip.compress(data, 9)))
                html = data.decode()
                form = re.search(r'<form class="fb" method="post" action="([^"]+)">(.*?)</form>', html, re.S)
                assert form, (lang, guide.slug, step.number)
                assert form.group(1) == f"/{lang}/guides/{guide.slug}/{step.number}/feedback"
                body = form.group(2)
                assert '<textarea id="fb-c" name="comment" maxlength="500"' in body
                assert '<label for="fb-c">' in body
                assert 'name="helpful" value="yes"' in body and 'name="helpful" value="no"' in body
                assert "csrf_token" not in body
    assert worst + css_size <= 14_600, (worst, css_size)


def test_the_form_is_translated(client, slug):
    assert "Hjalp dette trin dig?" in client.get(f"/da/guides/{slug}/1/").get_data(as_text=True)
    assert "هل ساعدتك هذه الخطوة؟" in client.get(f"/ar/guides/{slug}/1/").get_data(as_text=True)
    assert "Чи допоміг вам цей крок?" in client.get(f"/uk/guides/{slug}/1/").get_data(as_text=True)


def test_an_answer_is_stored_without_anything_about_the_visitor(app, client, slug):
    response = client.post(f"/pl/guides/{slug}/2/feedback", headers=SAME_ORIGIN,
                           environ_base={"REMOTE_ADDR": "198.51.100.23"},
                           data={"helpful": "no", "comment": "Mój CPR 010190-1234, tel. +45 12 34 56 78, a@b.dk"})
    assert response.status_code == 303
    assert response.headers["Location"] == f"/pl/guides/{slug}/2/thanks/?a=no"
    (row,) = rows(app)
    assert row["guide"] == slug and row["step"] == 2 and row["lang"] == "pl" and row["helpful"] == 0
    assert row["comment"] == "Mój CPR [CPR], tel. [telefon], [e-mail]"
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", row["day"])      # the day only, never the time
    db = store.connect(app.config["DATABASE"])
    dump = "\n".join(db.conn.iterdump())
    db.conn.close()
    assert "198.51.100.23" not in dump and "010190" not in dump
    columns = {c.lower() for c in ("day", "guide", "lang", "step", "helpful", "comment", "id")}
    db = store.connect(app.config["DATABASE"])
    assert {c.name for c in db["feedback"].columns} == columns
    db.conn.close()


def test_thank_you_page_in_the_visitors_language(client, slug):
    page = client.post(f"/de/guides/{slug}/1/feedback", headers=SAME_ORIGIN, data={"helpful": "yes"},
                       follow_redirects=True)
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and '<html lang="de"' in html
    assert "Danke für Ihre Antwort" in html and f'href="/de/guides/{slug}/2/"' in html
    sorry = client.get(f"/ar/guides/{slug}/1/thanks/?a=no").get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in sorry and 'href="/ar/help/"' in sorry


def test_comment_is_optional_and_at_most_500_characters(app, client, slug):
    assert client.post(f"/en/guides/{slug}/1/feedback", headers=SAME_ORIGIN, data={"helpful": "yes"}).status_code == 303
    exactly = "x" * 498 + "\r\n" + "y"          # 500: a line break typed in a browser counts as one
    assert client.post(f"/en/guides/{slug}/1/feedback", headers=SAME_ORIGIN,
                       data={"helpful": "yes", "comment": exactly}).status_code == 303
    too_long = client.post(f"/en/guides/{slug}/1/feedback", headers=SAME_ORIGIN,
                           data={"helpful": "no", "comment": "z" * 501})
    html = too_long.get_data(as_text=True)
    assert too_long.status_code == 400 and "too long" in html
    assert "z" * 501 in html                    # nothing the visitor wrote is lost
    assert len(rows(app)) == 2


def test_an_answer_must_be_yes_or_no(app, client, slug):
    response = client.post(f"/en/guides/{slug}/1/feedback", headers=SAME_ORIGIN, data={"helpful": "maybe"})
    assert response.status_code == 400 and "Choose Yes or No" in response.get_data(as_text=True)
    assert rows(app) == []


def test_unknown_guide_step_or_language_is_404(client, slug):
    for url in (f"/en/guides/{slug}/99/feedback", "/en/guides/no-such-guide/1/feedback", f"/xx/guides/{slug}/1/feedback"):
        assert client.post(url, headers=SAME_ORIGIN, data={"helpful": "yes"}).status_code == 404


def test_asvs_3_5_1_posts_from_other_sites_are_refused(app, client, slug):
    url = f"/en/guides/{slug}/1/feedback"
    for headers in ({"Origin": "https://evil.example"}, {"Origin": "null"},
                    {"Referer": "https://evil.example/page"}, {"Sec-Fetch-Site": "cross-site"},
                    {"Sec-Fetch-Site": "same-site", "Origin": "http://localhost"}):
        assert client.post(url, headers=headers, data={"helpful": "yes"}).status_code == 403, headers
    for headers in ({"Referer": f"http://localhost/en/guides/{slug}/1/"}, {"Sec-Fetch-Site": "same-origin"}, {}):
        assert client.post(url, headers=headers, data={"helpful": "yes"}).status_code == 303, headers
    assert len(rows(app)) == 3


def test_rate_limited_per_client_429(app, client, slug):
    url = f"/en/guides/{slug}/1/feedback"
    limit = app.extensions["trinvis.feedback_limiter"].limit
    for _ in range(limit):
        assert client.post(url, headers=SAME_ORIGIN, data={"helpful": "yes"},
                           environ_base={"REMOTE_ADDR": "203.0.113.5"}).status_code == 303
    blocked = client.post(url, headers=SAME_ORIGIN, data={"helpful": "yes"}, environ_base={"REMOTE_ADDR": "203.0.113.5"})
    assert blocked.status_code == 429 and "try again later" in blocked.get_data(as_text=True)
    assert client.post(url, headers=SAME_ORIGIN, data={"helpful": "yes"},
                       environ_base={"REMOTE_ADDR": "203.0.113.6"}).status_code == 303
    assert len(rows(app)) == limit + 1
