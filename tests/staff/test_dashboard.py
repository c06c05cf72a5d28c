"""The dashboard: content health per guide × language, site facts, feedback and usage."""
from __future__ import annotations

import datetime as dt

import pytest

from app import create_app, store
from app.content import load
from app.feedback import records
from app.staff.dashboard import content_health, feedback, usage
from tests.content.helpers import DANISH, META, write_guide

from .helpers import login, make_staff

LONG_WORDS = DANISH.replace(
    "Åbn appen på din telefon. Se, om det er dig, der vil ind. Tryk så på [[Godkend]].",
    "Sikkerhedsforanstaltningerne vedrørende autentificeringsløsningen forudsætter "
    "identitetsbekræftelse gennem mobilapplikationen, hvorefter godkendelsesanmodningen "
    "accepteres ved aktivering af [[Godkend]].")
FACTS = """
[[places]]
id = "bs"
kind = "borgerservice"
name = "Borgerservice Aabenraa"
phone = "73 76 76 76"
unconfirmed = ["phone"]
[places.text]
da = "Kom forbi."
"""


@pytest.fixture
def guides(tmp_path):
    root = tmp_path / "guides"
    write_guide(root, "log-in")
    danish = root / "log-in" / "da.md"
    danish.write_text(danish.read_text(encoding="utf-8").replace("Se, om det er dig", "Tjek, om det er dig"),
                      encoding="utf-8")                             # en step 2 is now stale
    write_guide(root, "old-guide", meta=META.replace("reviewed = 2026-11-01", "reviewed = 2020-01-01"))
    write_guide(root, "long-words", danish=LONG_WORDS, translations={})
    write_guide(root, "broken").joinpath("guide.toml").unlink()   # cannot be loaded at all
    return root


@pytest.fixture
def dashboard_app(tmp_path, monkeypatch, guides):
    monkeypatch.setenv("TRINVIS_INSTANCE", str(tmp_path / "instance"))
    facts = tmp_path / "facts.toml"
    facts.write_text(FACTS, encoding="utf-8")
    return create_app({"TESTING": True, "SECRET_KEY": "test", "GUIDES_DIR": str(guides),
                       "SITE_FACTS": str(facts), "GUIDES_RELOAD_SECONDS": 0})


def test_content_health_per_guide_and_language(guides):
    library = load(guides)
    rows, broken = content_health(library, str(guides.parent), today=dt.date(2026, 12, 1))
    by_slug = {row.slug: row for row in rows}
    assert set(by_slug) == {"log-in", "old-guide", "long-words"}
    english = {c.lang: c for c in by_slug["log-in"].cells}
    assert english["en"].stale == [2] and english["en"].present
    assert english["da"].ok and not english["de"].present
    assert by_slug["old-guide"].review_overdue and not by_slug["log-in"].review_overdue
    assert by_slug["long-words"].steps_over and by_slug["long-words"].steps_over[0][0] == 2
    assert by_slug["log-in"].steps_over == []
    assert [p.path for p in broken] == ["guides/broken/guide.toml"]
    assert all(not row.problems or row.needs_work for row in rows)


def test_dashboard_page_shows_the_figures_and_where_to_fix(dashboard_app):
    make_staff(dashboard_app, "anna@aabenraa.dk")
    db = store.connect(dashboard_app.config["DATABASE"])
    today = dt.date.today()
    records.record(db, "log-in", 2, "en", False, "ring mig på 12 34 56 78, jeg forstår det ikke")
    records.record(db, "log-in", 2, "en", True)
    records.record(db, "log-in", 1, "da", True, day=today - dt.timedelta(days=45))   # too old to count
    db.execute("INSERT INTO page_views VALUES (?, 'log-in', 'uk', 7)", [today.isoformat()])
    db.execute("INSERT INTO page_views VALUES (?, 'log-in', 'da', 5)", [(today - dt.timedelta(days=1)).isoformat()])
    db.conn.close()
    client = dashboard_app.test_client()
    login(client, "anna@aabenraa.dk")
    page = client.get("/staff/").get_data(as_text=True)
    assert "Indholdets tilstand" in page
    assert "1 forældet" in page and "guides/log-in/en.md" in page           # stale translation step
    assert "Gennemgang for sen" in page and "guides/old-guide/guide.toml" in page
    assert "Trin 2 har LIX" in page                                         # LIX over budget
    assert "guides/broken/guide.toml" in page                               # load error
    assert "Borgerservice Aabenraa" in page and "73 76 76 76" in page       # fact to be confirmed
    assert "ring mig på [telefon], jeg forstår det ikke" in page            # redacted comment
    assert "12 34 56 78" not in page
    assert ">12<" in page or ">12</td>" in page                             # 7 + 5 views in total


def test_feedback_figures_count_the_last_30_days(app, db):
    today = dt.date(2026, 11, 26)
    for day_offset, helpful in [(0, True), (0, False), (29, True), (30, True)]:
        records.record(db, "mitid-app", 3, "da", helpful, day=today - dt.timedelta(days=day_offset))
    records.record(db, "mitid-app", 3, "pl", False, "nie działa", day=today)
    with app.app_context():
        from app.guides import library
        figures = feedback(db, library(), today=today)
    (row,) = figures["per_guide"]["mitid-app"]
    assert (row["step"], row["yes"], row["no"], row["comments"]) == (3, 2, 2, 1)
    assert figures["answers"] == 4
    assert [c["comment"] for c in figures["comments"]] == ["nie działa"]


def test_usage_is_aggregates_per_guide_language_and_day(db):
    today = dt.date(2026, 11, 26)
    db.execute("INSERT INTO page_views VALUES ('2026-11-26', 'nemkonto', 'ar', 3), "
               "('2026-11-25', 'nemkonto', 'ar', 2), ('2026-11-25', 'nemkonto', 'da', 4), "
               "('2026-10-01', 'nemkonto', 'da', 100)")
    figures = usage(db, today=today)
    assert figures["grid"] == {"nemkonto": {"ar": 5, "da": 4}}
    assert figures["per_day"] == {"2026-11-26": {"ar": 3}, "2026-11-25": {"ar": 2, "da": 4}}
    assert figures["total"] == 9


def test_usage_csv_for_staff_only(app, db, staff_member):
    db.execute("INSERT INTO page_views VALUES ('2026-11-26', 'nemkonto', 'ar', 3)")
    client = app.test_client()
    assert client.get("/staff/usage.csv").status_code == 302
    login(client, "staff@aabenraa.dk")
    response = client.get("/staff/usage.csv")
    assert response.mimetype == "text/csv"
    assert response.get_data(as_text=True).splitlines() == ["day,guide,lang,views", "2026-11-26,nemkonto,ar,3"]


def test_with_an_edit_address_every_file_to_fix_is_a_link(dashboard_app, monkeypatch):
    from app import create_app
    monkeypatch.setenv("TRINVIS_GUIDES_EDIT_URL", "https://git.example/trinvis/edit/main/{path}#L{line}")
    app = create_app({"TESTING": True, "SECRET_KEY": "test", "GUIDES_DIR": dashboard_app.config["GUIDES_DIR"],
                      "SITE_FACTS": dashboard_app.config["SITE_FACTS"], "GUIDES_RELOAD_SECONDS": 0})
    make_staff(app, "anna@aabenraa.dk")
    client = app.test_client()
    login(client, "anna@aabenraa.dk")
    page = client.get("/staff/").get_data(as_text=True)
    base = "https://git.example/trinvis/edit/main/"
    assert f'<a href="{base}guides/broken/guide.toml#L' in page                       # load error, at its line
    assert f'<a href="{base}guides/log-in/en.md#L1">Ret guides/log-in/en.md</a>' in page  # stale translation
    assert f'<a href="{base}guides/old-guide/guide.toml#L1">Ret guides/old-guide/guide.toml</a>' in page  # review
    plain = dashboard_app.test_client()  # without the setting: the paths as text, no links
    make_staff(dashboard_app, "bo@aabenraa.dk")
    login(plain, "bo@aabenraa.dk")
    assert "git.example" not in plain.get("/staff/").get_data(as_text=True)



def test_usage_per_day_for_one_guide(db):
    today = dt.date(2026, 11, 26)
    db.execute("INSERT INTO page_views VALUES ('2026-11-26', 'nemkonto', 'ar', 3), "
               "('2026-11-26', 'mitid-app', 'ar', 10), ('2026-11-25', 'mitid-app', 'da', 4), "
               "('2026-10-01', 'nemkonto', 'da', 100)")
    figures = usage(db, today=today, guide="nemkonto")
    assert figures["per_day"] == {"2026-11-26": {"ar": 3}}
    assert figures["grid"] == {"nemkonto": {"ar": 3}, "mitid-app": {"ar": 10, "da": 4}}   # the 30 days: all guides
    assert usage(db, today=today)["per_day"] == {"2026-11-26": {"ar": 13}, "2026-11-25": {"da": 4}}


def test_dashboard_shows_the_days_of_the_guide_chosen(dashboard_app):
    make_staff(dashboard_app, "anna@aabenraa.dk")
    db = store.connect(dashboard_app.config["DATABASE"])
    today = dt.date.today()
    yesterday = (today - dt.timedelta(days=1)).isoformat()
    db.execute("INSERT INTO page_views VALUES (?, 'log-in', 'uk', 7), (?, 'old-guide', 'da', 5)",
               [today.isoformat(), yesterday])
    db.conn.close()
    client = dashboard_app.test_client()
    login(client, "anna@aabenraa.dk")
    every = client.get("/staff/").get_data(as_text=True)
    assert "Pr. dag, alle vejledninger" in every and f"<th scope=\"row\">{yesterday}</th>" in every
    assert 'href="/staff/?guide=log-in#per-day"' in every                  # from the 30-day table
    assert '<select id="usage-guide" name="guide">' in every
    page = client.get("/staff/?guide=log-in").get_data(as_text=True)
    days = page.split('id="per-day"')[1]
    assert days.startswith(">Pr. dag: Log på</h3>")
    assert f"<th scope=\"row\">{today.isoformat()}</th>" in days and yesterday not in days
    assert '<option value="log-in" selected>' in page
    quiet = client.get("/staff/?guide=long-words").get_data(as_text=True)
    assert "Ingen visninger af denne vejledning de seneste 30 dage." in quiet
    unknown = client.get("/staff/?guide=<nope>")
    assert unknown.status_code == 200
    text = unknown.get_data(as_text=True)
    assert "Der er ingen vejledning, der hedder “&lt;nope&gt;”" in text and "<nope>" not in text
    assert f"<th scope=\"row\">{yesterday}</th>" in text                    # every guide instead
