"""The offline part's catalogue: every string translated in all eight languages, nothing fuzzy."""
import pytest
from babel.messages.pofile import read_po

from app.languages import CODES
from tests.offline.helpers import ROOT

FOLDER = ROOT / "translations" / "offline"


def test_template_holds_what_the_code_says():
    with open(FOLDER / "messages.pot", "rb") as fh:
        ids = {m.id for m in read_po(fh) if m.id}
    assert "Keep this guide on my phone" in ids and "You are offline" in ids


@pytest.mark.parametrize("lang", CODES)
def test_every_string_is_translated(lang):
    with open(FOLDER / "messages.pot", "rb") as fh:
        wanted = {m.id for m in read_po(fh) if m.id}
    with open(FOLDER / lang / "LC_MESSAGES" / "messages.po", "rb") as fh:
        catalogue = read_po(fh, locale=lang)
    messages = {m.id: m for m in catalogue if m.id}
    assert wanted <= set(messages), wanted - set(messages)
    for message in messages.values():
        assert message.string and "fuzzy" not in message.flags, message.id
        if "{done}" in message.id:
            assert "{done}" in message.string and "{total}" in message.string
