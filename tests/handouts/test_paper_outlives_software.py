"""Every code ever printed keeps working: through renamed guides, and removed guides get a kind page."""
import shutil

from tests.content.helpers import META

from .helpers import code_for, html_lang


def test_a_renamed_guides_old_code_still_lands_on_it(small_app, guides_dir):
    client = small_app.test_client()
    old_code = code_for(small_app, "log-in", "en")
    step_code = code_for(small_app, "log-in", "da", 2)
    assert client.get(f"/q/{old_code}").headers["Location"] == "/en/guides/log-in/"
    # The guide is renamed; its old slug becomes an alias.
    (guides_dir / "log-in").rename(guides_dir / "sign-in")
    (guides_dir / "sign-in" / "guide.toml").write_text(META.replace("aliases = []", 'aliases = ["log-in"]'))
    response = client.get(f"/q/{old_code}")
    assert response.status_code == 302 and response.headers["Location"] == "/en/guides/sign-in/"
    assert client.get(response.headers["Location"]).status_code == 200
    assert client.get(f"/q/{step_code}").headers["Location"] == "/da/guides/sign-in/2/"
    # The code is the same one; a new handout for the new slug gets its own.
    assert code_for(small_app, "log-in", "en") == old_code
    assert code_for(small_app, "sign-in", "en") != old_code


def test_a_removed_guides_code_gives_a_friendly_page_in_the_codes_language(small_app, guides_dir):
    client = small_app.test_client()
    english, arabic = code_for(small_app, "log-in", "en"), code_for(small_app, "log-in", "ar")
    shutil.rmtree(guides_dir / "log-in")
    response = client.get(f"/q/{english}", headers={"Accept-Language": "da"})
    assert response.status_code == 410
    assert html_lang(response.data) == ("en", "ltr")
    body = response.get_data(as_text=True)
    assert "This guide is no longer here" in body and "Page not found" not in body
    assert 'action="/en/guides/"' in body and 'name="q"' in body  # search
    assert "Borgerservice Aabenraa" in body and "33 98 00 10" in body  # help contacts
    assert "Set-Cookie" not in response.headers
    response = client.get(f"/q/{arabic}")
    assert response.status_code == 410 and html_lang(response.data) == ("ar", "rtl")
    assert "هذا الدليل لم يعد موجودًا" in response.get_data(as_text=True)
    # A scan of a removed guide's code still counts: staff can see old paper in use.
    from app import store
    db = store.connect(small_app.config["DATABASE"])
    assert dict(db.execute("SELECT code, count FROM short_link_scans").fetchall()) == {english: 1, arabic: 1}
    db.conn.close()
