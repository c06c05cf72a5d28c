"""Short links as plain rules: codes, stability, where a code leads, scan counts."""
import datetime as dt

import pytest

from app import store
from app.content.library import Library
from app.handouts import links


@pytest.fixture
def db(tmp_path):
    path = str(tmp_path / "links.sqlite3")
    store.migrate(path)
    database = store.connect(path)
    yield database
    database.conn.close()


def test_codes_are_short_and_free_of_look_alikes(db):
    made = [links.ensure(db, f"guide-{n}", lang).code for n in range(40) for lang in ("da", "uk", "ar")]
    assert len(set(made)) == len(made)
    for code in made:
        assert 1 <= len(code) <= 6
        assert not set(code) & set("0O1IlLio"), code
        assert set(code) <= set(links.ALPHABET)
    assert not set(links.ALPHABET) & set("0O1Il")


def test_the_same_link_twice_gives_the_same_code_and_each_target_has_its_own(db):
    first = links.ensure(db, "mitid-app", "uk")
    assert links.ensure(db, "mitid-app", "uk") == first
    others = {links.ensure(db, "mitid-app", "ar").code, links.ensure(db, "mitid-app", "uk", 3).code,
              links.ensure(db, "nemkonto", "uk").code}
    assert first.code not in others and len(others) == 3
    assert links.ensure(db, "mitid-app", "uk", 3) == links.lookup(db, "mitid-app", "uk", 3)
    rows = db.execute("SELECT code, slug, lang, step FROM short_links ORDER BY slug, lang, step").fetchall()
    assert (first.code, "mitid-app", "uk", None) in rows and len(rows) == 4


def test_codes_are_kept_forever_even_when_asked_from_another_connection(db, tmp_path):
    code = links.ensure(db, "mitid-app", "da").code
    other = store.connect(str(tmp_path / "links.sqlite3"))
    try:
        assert links.ensure(other, "mitid-app", "da").code == code
    finally:
        other.conn.close()


def test_typed_codes_are_read_generously_and_nonsense_is_no_code(db):
    code = links.ensure(db, "mitid-app", "da").code
    assert links.find(db, code.lower()).code == code
    assert links.find(db, f" {code} ").code == code
    for bad in ("", "ABCDEFG", "../etc", "O0O0O", "A B"):
        assert links.find(db, bad) is None


def test_bad_targets_are_refused(db):
    with pytest.raises(ValueError):
        links.ensure(db, "mitid-app", "xx")
    with pytest.raises(ValueError):
        links.ensure(db, "mitid-app", "da", 0)


class FakeGuide:
    def __init__(self, slug, steps):
        self.slug, self.steps = slug, steps

    def text(self, lang):
        return self


def library_of(*guides, aliases=None):
    lib = Library(root="/nowhere")
    lib.guides = {g.slug: g for g in guides}
    lib.aliases = aliases or {}
    return lib


def test_a_link_follows_renames_and_knows_removed_guides():
    lib = library_of(FakeGuide("sign-in", [1, 2, 3]), aliases={"log-in": "sign-in"})
    old = links.ShortLink("ABCDE", "log-in", "uk", None, "")
    assert links.destination(old, lib) == links.Destination("uk", "sign-in", None)
    step = links.ShortLink("ABCDF", "log-in", "ar", 2, "")
    assert links.destination(step, lib) == links.Destination("ar", "sign-in", 2)
    gone_step = links.ShortLink("ABCDG", "sign-in", "da", 9, "")
    assert links.destination(gone_step, lib) == links.Destination("da", "sign-in", None)
    removed = links.ShortLink("ABCDH", "old-guide", "pl", None, "")
    assert links.destination(removed, lib) == links.Destination("pl", None)


def test_scans_are_daily_aggregates_only(db):
    code = links.ensure(db, "mitid-app", "da").code
    monday, tuesday = dt.date(2026, 3, 2), dt.date(2026, 3, 3)
    for _ in range(3):
        links.count_scan(db, code, monday)
    links.count_scan(db, code, tuesday)
    rows = db.execute("SELECT * FROM short_link_scans ORDER BY day").fetchall()
    assert rows == [(code, "2026-03-02", 3), (code, "2026-03-03", 1)]
    assert [c[1] for c in db.execute("PRAGMA table_info(short_link_scans)")] == ["code", "day", "count"]
    assert links.scan_totals(db) == {code: 4}
    assert links.scan_totals(db, since=tuesday) == {code: 1}


def test_short_urls_use_the_configured_base():
    assert links.short_url("https://trinvis.aabenraa.dk/", "ABCDE") == "https://trinvis.aabenraa.dk/q/ABCDE"
    assert links.typed_url("https://trinvis.aabenraa.dk", "ABCDE") == "trinvis.aabenraa.dk/q/ABCDE"
