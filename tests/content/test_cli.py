"""The guides command line: `flask --app app guides check` and `guides stamp`."""
import pytest

from app import create_app
from app.content import load
from app.content.source import version
from app.languages import TRANSLATIONS

from .helpers import DANISH, ENGLISH, META, write_guide

CHANGED = DANISH.replace("Åbn appen på din telefon.", "Åbn MitID-appen på din telefon.")


@pytest.fixture
def guides(tmp_path):
    return tmp_path / "guides"


@pytest.fixture
def runner(tmp_path, monkeypatch, guides):
    monkeypatch.setenv("TRINVIS_INSTANCE", str(tmp_path / "instance"))
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "GUIDES_DIR": str(guides)})
    return app.test_cli_runner()


def test_check_exits_0_with_warnings_only_and_prints_the_summary(runner, guides):
    write_guide(guides, meta=META.replace("2026-11-01", "2020-01-15"),
                translations={lang: ENGLISH for lang in TRANSLATIONS})
    result = runner.invoke(args=["guides", "check"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == (f"{guides}/log-in/guide.toml:1: warning: review overdue since 2021-01-15: check the "
                        'facts against the sources and update "reviewed"')
    assert lines[-1] == "1 guides, 0 errors, 1 warnings, 0 stale translation steps"
    assert len(lines) == 2


def test_check_exits_1_on_an_error(runner, guides):
    write_guide(guides, translations={lang: ENGLISH for lang in TRANSLATIONS})
    (guides / "log-in" / "da.md").write_text(CHANGED, encoding="utf-8")
    result = runner.invoke(args=["guides", "check"])
    assert result.exit_code == 1
    assert f"{guides}/log-in/en.md:18: step 2 is stale" in result.output
    assert result.output.splitlines()[-1] == "1 guides, 7 errors, 0 warnings, 7 stale translation steps"


def test_stamp_records_the_current_danish_version(runner, guides):
    folder = write_guide(guides, translations={"en": ENGLISH, "de": ENGLISH})
    (folder / "da.md").write_text(CHANGED, encoding="utf-8")
    assert load(guides).guides["log-in"].stale == {"en": {2}, "de": {2}}
    result = runner.invoke(args=["guides", "stamp", "log-in", "en"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "log-in/en.md marked up to date (2 steps)"
    danish = load(guides).guides["log-in"].danish
    english = load(guides).guides["log-in"].texts["en"]
    assert english.translated_from == {"intro": version(danish.intro_source),
                                       "steps": [version(s.title + "\n" + s.source) for s in danish.steps]}
    assert load(guides).guides["log-in"].stale == {"de": {2}}  # only the language named is stamped


def test_stamp_refuses_an_unknown_guide_or_language(runner, guides):
    write_guide(guides)
    result = runner.invoke(args=["guides", "stamp", "no-such-guide", "en"])
    assert result.exit_code == 1 and 'there is no guide "no-such-guide"' in result.output
    result = runner.invoke(args=["guides", "stamp", "log-in", "da"])
    assert result.exit_code == 2 and "Invalid value for" in result.output
