"""A count takes the plural form of the page's language, in every language (the catalogues of
all parts are merged, some of them only Danish and English)."""
import re
from pathlib import Path

import pytest
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po

from app.languages import CODES

ROOT = Path(__file__).resolve().parents[2]


def status_line(client, lang: str, query: str) -> str:
    html = client.get(f"/{lang}/guides/", query_string={"q": query}).get_data(as_text=True)
    match = re.search(r'role="status"[^>]*>(.*?)</', html, re.S)
    assert match, f"no status line on /{lang}/guides/?q={query}"
    return " ".join(match.group(1).split())


@pytest.mark.parametrize("lang, query, words", [
    ("ar", "zzzz", "لم يتم العثور على أي دليل"),  # none
    ("ar", "NemKonto", "تم العثور على دليل واحد"),  # one
    ("ar", "MitID", "7 أدلة"),  # three to ten
    ("uk", "NemKonto", "Знайдено 1 інструкцію"),
    ("uk", "MitID", "Знайдено 7 інструкцій"),
    ("pl", "MitID", "Znaleziono 7 poradników"),
    ("pl", "zzzz", "Znaleziono 0 poradników"),
    ("da", "MitID", "7 vejledninger fundet"),
    ("en", "NemKonto", "1 guide found"),
])
def test_the_search_count_has_the_right_plural(client, lang, query, words):
    assert words in status_line(client, lang, query)


@pytest.mark.parametrize("po", sorted(ROOT.glob("translations/*/*/LC_MESSAGES/messages.po")),
                         ids=lambda p: "/".join(p.parts[-4:-2]))
def test_every_catalogue_declares_its_languages_plural_rule(po):
    lang = po.parts[-3]
    assert lang in CODES
    with po.open("rb") as f:
        catalogue = read_po(f, locale=lang)
    assert catalogue.plural_expr == get_plural(lang).plural_expr
