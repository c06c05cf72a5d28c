"""Words you will see: each step lists exactly its marked Danish screen words; the guide lists them all."""
from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from app import create_app
from app.content import load
from app.content.markup import SCREEN_WORD
from app.languages import CODES
from app.settings import DEFAULTS


class WordList(HTMLParser):
    """The chips and meanings inside <section class="words">."""

    def __init__(self):
        super().__init__()
        self.depth, self.inside, self.words, self.field = 0, False, [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "section" and attrs.get("class") == "words":
            self.inside, self.depth = True, 0
        if not self.inside:
            return
        self.depth += tag == "section"
        if tag == "li":
            self.words.append(["", ""])
        elif tag == "span" and attrs.get("class") == "sw":
            assert attrs.get("lang") == "da"
            self.field = 0
        elif tag == "span" and attrs.get("class") == "sw-m":
            self.field = 1

    def handle_endtag(self, tag):
        if self.inside and tag == "span":
            self.field = None
        if self.inside and tag == "section":
            self.depth -= 1
            self.inside = self.depth > 0

    def handle_data(self, data):
        if self.inside and self.field is not None:
            self.words[-1][self.field] += data


def listed(html: bytes) -> list[tuple[str, str]]:
    parser = WordList()
    parser.feed(html.decode())
    return [(d.strip(), m.strip()) for d, m in parser.words]


def marked(source: str) -> list[tuple[str, str]]:
    """Straight from the Markdown: each marked word once, in order, with the first meaning given."""
    seen = {}
    for match in SCREEN_WORD.finditer(source):
        word, meaning = match.group(1).strip(), (match.group(2) or "").strip()
        if word not in seen or (not seen[word] and meaning):
            seen[word] = meaning
    return list(seen.items())


@pytest.fixture(scope="module")
def bundled(tmp_path_factory):
    """The app over the bundled guides."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TRINVIS_INSTANCE", str(tmp_path_factory.mktemp("words-instance")))
        return create_app({"TESTING": True, "SECRET_KEY": "x"}).test_client()


def test_every_step_lists_exactly_its_marked_danish_words_in_every_language(bundled):
    lib = load(DEFAULTS["GUIDES_DIR"])
    checked = 0
    for guide in lib.ordered():
        for lang in CODES:
            text = guide.text(lang)
            for step in text.steps:
                html = bundled.get(f"/{lang}/guides/{guide.slug}/{step.number}/").data
                expected = marked(step.title + "\n" + step.source)
                assert listed(html) == expected, f"{guide.slug} step {step.number} in {lang}"
                danish = [w for w, _ in marked(guide.danish.steps[step.number - 1].source
                                               + guide.danish.steps[step.number - 1].title)]
                assert sorted(w for w, _ in listed(html)) == sorted(danish)
                checked += bool(expected)
    assert checked > 20  # the bundled guides do mark screen words


def test_a_step_without_screen_words_has_no_empty_list(client):
    html = client.get("/da/guides/log-in/1/").data
    assert listed(html) == [("Log på", "")]
    assert b'class="words"' in html


def test_the_list_gives_the_readers_meaning(client):
    assert listed(client.get("/en/guides/log-in/2/").data) == [("Godkend", "Approve")]
    assert listed(client.get("/uk/guides/log-in/2/").data) == [("Godkend", "")]  # no meaning given
    assert listed(client.get("/ar/guides/log-in/1/").data) == [("Log på", "تسجيل الدخول")]


def test_the_guide_start_page_lists_all_of_the_guides_words(client):
    assert listed(client.get("/en/guides/log-in/").data) == [("Log på", "Log in"), ("Godkend", "Approve")]
    assert listed(client.get("/da/guides/log-in/").data) == [("Log på", ""), ("Godkend", "")]


def test_a_guide_whose_steps_mark_no_words_shows_no_glossary(client, guides_dir):
    source = (guides_dir / "danish-only" / "da.md").read_text(encoding="utf-8")
    (guides_dir / "danish-only" / "da.md").write_text(re.sub(r"\[\[([^\]]+)\]\]", r"\1", source),
                                                      encoding="utf-8")
    html = client.get("/da/guides/danish-only/").data
    assert b'class="words"' not in html
