"""Loading guides: the model, and every kind of problem reported with file and line."""
import datetime as dt

import pytest

from app.content import load, stamp
from app.content.markup import render

from .helpers import DANISH, ENGLISH, META, write_guide

TODAY = dt.date(2026, 11, 26)


def problems_of(root):
    library = load(root, today=TODAY)
    return library, [str(p) for p in library.problems if "translation is missing" not in p.reason]


def test_valid_guide_loads_into_the_model(tmp_path):
    write_guide(tmp_path)
    library, problems = problems_of(tmp_path)
    assert problems == []
    guide = library.guides["log-in"]
    assert guide.audiences == ["older", "newcomers"]
    assert guide.reviewed == dt.date(2026, 11, 1)
    danish = guide.danish
    assert danish.title == "Log på" and danish.needs == ["Din telefon"]
    assert [s.title for s in danish.steps] == ["Åbn siden", "Godkend"]
    assert danish.steps[0].illustration.file == "phone.svg"
    assert danish.steps[1].warning == "Sig nej, hvis det ikke er dig."
    english = guide.text("en")
    assert [w.danish for w in english.steps[1].screen_words] == ["Godkend"]
    assert english.steps[1].screen_words[0].meaning == "Approve"
    assert guide.stale == {}


def test_screen_words_render_as_danish_chips_and_html_is_never_passed_through():
    html = str(render("Tryk på [[Godkend|Approve]]. <script>alert(1)</script>"))
    assert '<span class="sw" lang="da">Godkend</span> <span class="sw-m">(Approve)</span>' in html
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_missing_metadata_is_reported_with_file_and_line(tmp_path):
    write_guide(tmp_path, meta=META.replace('topic = "mitid"\n', "").replace("order = 10", 'order = "ten"'))
    _, problems = problems_of(tmp_path)
    assert any("guide.toml:1: unknown topic" in p for p in problems)
    assert any('guide.toml:2: "order" must be a whole number' in p for p in problems)


def test_malformed_toml_gives_the_line(tmp_path):
    write_guide(tmp_path, meta=META.replace("order = 10", "order = = 10"))
    library, problems = problems_of(tmp_path)
    assert any("guide.toml:3: the settings are not valid TOML" in p for p in problems)
    assert "log-in" not in library.guides


def test_unknown_audience(tmp_path):
    write_guide(tmp_path, meta=META.replace('"newcomers"', '"pensioners"'))
    _, problems = problems_of(tmp_path)
    assert any('guide.toml:1: unknown audience "pensioners"' in p for p in problems)


def test_source_must_be_https(tmp_path):
    write_guide(tmp_path, meta=META.replace("https://www.mitid.dk/", "http://www.mitid.dk/"))
    _, problems = problems_of(tmp_path)
    assert any('guide.toml:6: the source "http://www.mitid.dk/" is not an https URL' in p for p in problems)


def test_translation_with_a_different_number_of_steps(tmp_path):
    shorter = ENGLISH.split("## Approve")[0]
    write_guide(tmp_path, translations={"en": shorter}, stamped=False)
    library, problems = problems_of(tmp_path)
    assert any("en.md:1: the translation has 1 steps; the Danish text has 2" in p for p in problems)
    assert not library.guides["log-in"].has("en")  # readers get the Danish text instead


def test_screen_words_must_match_the_danish_step(tmp_path):
    write_guide(tmp_path, translations={"en": ENGLISH.replace("[[Godkend|Approve]]", "[[Approve]]")})
    _, problems = problems_of(tmp_path)
    assert any("en.md:18: step 2 must carry the same Danish screen words" in p and "missing [[Godkend]]" in p
               for p in problems)


def test_illustration_without_alt_text_or_missing_on_disk(tmp_path):
    danish = DANISH.replace("![En telefon med en knap](phone.svg)", "![](phone.svg)")
    danish = danish.replace("Tryk så på [[Godkend]].", "Tryk så på [[Godkend]].\n\n![Et brev](letter.svg)")
    write_guide(tmp_path, danish=danish, translations={})
    _, problems = problems_of(tmp_path)
    assert any('da.md:12: the illustration "phone.svg" has no alt text' in p for p in problems)
    assert any('da.md:18: the illustration "letter.svg" is not in the guide\'s folder' in p for p in problems)


def test_danish_step_over_the_lix_budget(tmp_path):
    hard = ("## Forvaltningsretlige overvejelser\n\nKommunalbestyrelsens administrationsgrundlag "
            "forudsætter digitaliseringsstrategiens implementeringsplaner og understøttende "
            "selvbetjeningsløsninger, hvorfor borgerinddragelsesprocesser prioriteres systematisk.\n")
    write_guide(tmp_path, danish=DANISH + "\n" + hard, translations={})
    _, problems = problems_of(tmp_path)
    assert any("da.md:21: step 3 has LIX" in p and "over the budget of 32" in p for p in problems)


def test_changed_danish_step_makes_that_translation_step_stale(tmp_path):
    folder = write_guide(tmp_path)
    (folder / "da.md").write_text(DANISH.replace("Åbn appen på din telefon.", "Åbn MitID-appen på din telefon."), encoding="utf-8")
    library, problems = problems_of(tmp_path)
    assert library.guides["log-in"].stale == {"en": {2}}
    assert any("en.md:18: step 2 is stale" in p for p in problems)
    assert not any("step 1 is stale" in p for p in problems)


def test_stamp_marks_the_translation_up_to_date(tmp_path, runner=None):
    folder = write_guide(tmp_path)
    (folder / "da.md").write_text(DANISH.replace("Åbn appen på din telefon.", "Åbn MitID-appen på din telefon."), encoding="utf-8")
    from app.content import stamp
    stamp(folder, "en")
    library, problems = problems_of(tmp_path)
    assert library.guides["log-in"].stale == {} and problems == []


def test_review_overdue_is_a_warning(tmp_path):
    write_guide(tmp_path, meta=META.replace("2026-11-01", "2024-01-15"))
    library = load(tmp_path, today=TODAY)
    warnings = [str(p) for p in library.warnings()]
    assert any("review overdue since 2025-01-15" in w for w in warnings)
    assert "log-in" in library.guides
    assert all("translation is missing" in p.reason for p in library.errors())


def test_a_broken_guide_does_not_stop_the_others(tmp_path):
    write_guide(tmp_path, slug="good")
    broken = write_guide(tmp_path, slug="broken")
    (broken / "da.md").write_text("## no front matter\n", encoding="utf-8")
    library, problems = problems_of(tmp_path)
    assert "good" in library.guides and "broken" not in library.guides
    assert any("broken/da.md:1: the file must start with front matter" in p for p in problems)


def test_a_guide_file_that_is_not_utf8_is_a_problem_not_a_crash(tmp_path):
    write_guide(tmp_path, slug="good")
    broken = write_guide(tmp_path, slug="broken")
    # da.md saved as Windows-1252: "Åbn" and "på" are single bytes no UTF-8 reader accepts
    (broken / "da.md").write_bytes(DANISH.encode("cp1252"))
    library, problems = problems_of(tmp_path)
    assert "good" in library.guides and "broken" not in library.guides
    assert any("broken/da.md:2: the file is not UTF-8 text" in p for p in problems)


def test_a_translation_or_guide_toml_that_is_not_utf8_is_reported(tmp_path):
    folder = write_guide(tmp_path)
    (folder / "en.md").write_bytes(ENGLISH.replace("Log in", "Log ind – på").encode("cp1252"))
    library, problems = problems_of(tmp_path)
    assert any("log-in/en.md:2: the file is not UTF-8 text" in p for p in problems)
    assert "log-in" in library.guides and not library.guides["log-in"].has("en")
    other = write_guide(tmp_path / "more", slug="other")
    (other / "guide.toml").write_bytes(META.replace('"mitid"', '"mitid" # Søg').encode("cp1252"))
    library, problems = problems_of(tmp_path / "more")
    assert any("other/guide.toml:2: the file is not UTF-8 text" in p for p in problems)
    assert library.guides == {}


def test_a_badly_shaped_paths_toml_is_reported_and_the_guides_still_load(tmp_path):
    write_guide(tmp_path)
    (tmp_path / "paths.toml").write_text('# the groups\nolder = ["log-in"]\n\n[young]\nguides = "log-in"\n',
                                         encoding="utf-8")
    library, problems = problems_of(tmp_path)
    assert "log-in" in library.guides
    assert any('paths.toml:2: "older" must be a table: write [older] on its own line, then guides = [...]'
               in p for p in problems)
    assert any('paths.toml:5: "guides" of young must be a list of guide slugs' in p for p in problems)
    # a group whose entry cannot be read falls back to the guides' own audiences
    assert [g.slug for g in library.path_for("older")] == ["log-in"]


def test_a_paths_toml_that_is_not_utf8_is_reported(tmp_path):
    write_guide(tmp_path)
    (tmp_path / "paths.toml").write_bytes("# Stier for målgrupper\n[older]\nguides = []\n".encode("cp1252"))
    library, problems = problems_of(tmp_path)
    assert any("paths.toml:1: the file is not UTF-8 text" in p for p in problems)
    assert [g.slug for g in library.path_for("newcomers")] == ["log-in"]


def test_stamp_refuses_a_translation_without_closing_front_matter(tmp_path):
    folder = write_guide(tmp_path)
    (folder / "en.md").write_text(ENGLISH.replace("needs = [\"Your phone\"]\n+++", "needs = [\"Your phone\"]"),
                                  encoding="utf-8")
    before = (folder / "en.md").read_text(encoding="utf-8")
    with pytest.raises(ValueError, match=r'log-in/en\.md:1: the front matter has no closing "\+\+\+" line'):
        stamp(folder, "en")
    assert (folder / "en.md").read_text(encoding="utf-8") == before


def test_stamp_refuses_files_that_are_not_utf8(tmp_path):
    folder = write_guide(tmp_path)
    (folder / "en.md").write_bytes(ENGLISH.replace("Log in", "Log ind – på").encode("cp1252"))
    with pytest.raises(ValueError, match=r"log-in/en\.md:2: the file is not UTF-8 text"):
        stamp(folder, "en")
    (folder / "da.md").write_bytes(DANISH.encode("cp1252"))
    with pytest.raises(ValueError, match=r"log-in/da\.md:2: the file is not UTF-8 text"):
        stamp(folder, "en")
