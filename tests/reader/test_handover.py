"""Handover codes: every field decodes back exactly, typos are caught, nothing else is in them."""
from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from app.content import load
from app.languages import CODES
from app.reader import handover
from app.reader.handover import CodeError

fields = st.tuples(st.integers(0, handover.GUIDE_SPACE - 1), st.integers(1, handover.MAX_STEPS),
                   st.sampled_from(CODES), st.integers(0, handover.VERSION_SPACE - 1))


@given(fields)
def test_a_code_decodes_back_to_the_same_guide_step_language_and_version(values):
    code = handover.encode(*values)
    assert len(code) == 9 and code.isdigit()
    assert handover.decode(code) == handover.Handover(*values)


@given(fields, st.data())
def test_every_single_wrong_digit_is_caught(values, data):
    code = handover.encode(*values)
    where = data.draw(st.integers(0, 8))
    wrong = data.draw(st.sampled_from([d for d in "0123456789" if d != code[where]]))
    with pytest.raises(CodeError) as caught:
        handover.decode(code[:where] + wrong + code[where + 1:])
    assert caught.value.reason in ("check", "unknown")


@given(fields, st.integers(0, 7))
def test_every_swap_of_neighbouring_digits_is_caught(values, where):
    code = handover.encode(*values)
    swapped = code[:where] + code[where + 1] + code[where] + code[where + 2:]
    if swapped != code:
        with pytest.raises(CodeError):
            handover.decode(swapped)


@pytest.mark.parametrize("typed", ["", "12345678", "1234567890", "12345678a", "١٢٣٤٥٦٧٨٩", "abc def ghi"])
def test_malformed_codes_are_reported_as_format_errors(typed):
    with pytest.raises(CodeError) as caught:
        handover.decode(typed)
    assert caught.value.reason == "format"


def test_a_code_is_read_with_spaces_dashes_or_as_the_scanned_link():
    code = handover.encode(1234, 3, "uk", 7)
    spaced = " ".join(handover.grouped(code))
    for typed in (spaced, f" {code} ", f"{code[:3]}-{code[3:6]}-{code[6:]}",
                  f"https://trinvis.example/h/{code}", f"https://trinvis.example/h/{code}/"):
        assert handover.decode(typed) == handover.Handover(1234, 3, "uk", 7), typed


def test_out_of_range_fields_are_refused_when_encoding():
    for bad in [(handover.GUIDE_SPACE, 1, "da", 0), (1, 0, "da", 0), (1, handover.MAX_STEPS + 1, "da", 0),
                (1, 1, "xx", 0), (1, 1, "da", 10)]:
        with pytest.raises(ValueError):
            handover.encode(*bad)


def test_the_code_holds_only_guide_step_language_and_version():
    """Two citizens on the same step get the same code: there is nothing personal in it."""
    assert handover.encode(42, 2, "ar", 5) == handover.encode(42, 2, "ar", 5)
    assert len({handover.encode(42, 2, lang, 5) for lang in CODES}) == len(CODES)


def test_numbering_settles_collisions_and_keeps_old_slugs():
    slugs = [f"guide-{i}" for i in range(400)]  # enough for some hash collisions
    numbers = handover.numbering(slugs, {"old-name": "guide-1"})
    assert len(set(numbers.values())) == len(numbers) == 401
    assert all(0 <= n < handover.GUIDE_SPACE for n in numbers.values())


def test_the_bundled_guides_have_distinct_stable_numbers():
    from app.settings import DEFAULTS
    lib = load(DEFAULTS["GUIDES_DIR"])
    numbers = handover.numbering(list(lib.guides), lib.aliases)
    assert len(set(numbers.values())) == len(numbers)
    # no bundled guide needed a collision move, so each number depends on its own slug only
    assert all(numbers[slug] == handover.guide_number(slug) for slug in lib.guides)


def test_find_matches_a_code_to_the_library(guides_dir):
    lib = load(guides_dir)
    guide = lib.find("log-in")
    code = handover.code_for(lib, guide, 2, "uk")
    found = handover.find(lib, code)
    assert (found.guide.slug, found.step, found.lang, found.changed) == ("log-in", 2, "uk", False)


def test_find_notices_when_the_guide_changed_since_the_code_was_made(guides_dir):
    lib = load(guides_dir)
    number = handover.numbering(list(lib.guides))["log-in"]
    current = handover.version_digit(lib.find("log-in").version)
    old = handover.encode(number, 1, "ar", (current + 1) % 10)
    assert handover.find(lib, old).changed is True


def test_find_refuses_unknown_guides_and_steps(guides_dir):
    lib = load(guides_dir)
    taken = set(handover.numbering(list(lib.guides)).values())
    free = next(n for n in range(handover.GUIDE_SPACE) if n not in taken)
    with pytest.raises(CodeError) as caught:
        handover.find(lib, handover.encode(free, 1, "da", 0))
    assert caught.value.reason == "unknown"
    number = handover.numbering(list(lib.guides))["log-in"]
    with pytest.raises(CodeError) as caught:
        handover.find(lib, handover.encode(number, 3, "da", 0))  # the guide has 2 steps
    assert caught.value.reason == "unknown"
