"""Strings the reader pages borrow from the public site's catalogue exist there, in every language;
the read-aloud control is hidden in the HTML, so without JavaScript it never shows."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from app.languages import CODES

ROOT = Path(__file__).resolve().parents[2]
BORROWED = re.compile(r"""public_text\(\s*(['"])(.+?)\1""")


def borrowed() -> set[str]:
    found = set()
    for template in (ROOT / "app/templates/reader").glob("*.html"):
        found.update(m.group(2) for m in BORROWED.finditer(template.read_text(encoding="utf-8")))
    return found


@pytest.mark.parametrize("lang", CODES)
def test_every_borrowed_string_is_translated_by_the_public_catalogue(lang):
    strings = borrowed()
    assert len(strings) > 10
    with (ROOT / "translations/public" / lang / "LC_MESSAGES/messages.po").open("rb") as fh:
        catalogue = {m.id: m.string for m in read_po(fh) if m.id}
    missing = sorted(s for s in strings if not catalogue.get(s))
    assert not missing, f"not in translations/public/{lang}: {missing}"


def test_the_read_aloud_control_is_hidden_until_a_voice_is_found(client):
    html = client.get("/en/guides/log-in/1/").data.decode()
    control = re.search(r"<div class=\"readaloud\"[^>]*>", html).group(0)
    assert " hidden" in control and 'data-read="main article.step"' in control
