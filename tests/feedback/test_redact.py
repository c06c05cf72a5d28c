"""Redaction before storage: property-based over generated CPR numbers, phone numbers and e-mails."""
from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from app.feedback.redact import CPR_MARK, EMAIL_MARK, NUMBER_MARK, PHONE_MARK, redact

MARKS = (CPR_MARK, PHONE_MARK, EMAIL_MARK, NUMBER_MARK)


@st.composite
def cpr_numbers(draw):
    """DDMMYY-XXXX or DDMMYYXXXX for a real birth date."""
    born = draw(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2025, 12, 31)))
    serial = draw(st.integers(0, 9999))
    separator = draw(st.sampled_from(["-", ""]))
    return f"{born:%d%m%y}{separator}{serial:04d}"


@st.composite
def danish_phone_numbers(draw):
    digits = f"{draw(st.integers(2, 9))}{draw(st.integers(0, 9_999_999)):07d}"
    style = draw(st.sampled_from(["plain", "pairs", "fours", "dashes", "dots"]))
    number = {"plain": digits,
              "pairs": " ".join(digits[i:i + 2] for i in range(0, 8, 2)),
              "fours": f"{digits[:4]} {digits[4:]}",
              "dashes": "-".join(digits[i:i + 2] for i in range(0, 8, 2)),
              "dots": ".".join(digits[i:i + 2] for i in range(0, 8, 2))}[style]
    prefix = draw(st.sampled_from(["", "", "+45 ", "+45", "0045 ", "(+45) "]))
    return prefix + number


emails = st.emails()
personal = st.one_of(cpr_numbers(), danish_phone_numbers(), emails)
text = st.text(max_size=80)


def digits_of(value: str) -> str:
    return "".join(c for c in value if c.isdigit())


@settings(max_examples=300)
@given(before=text, secret=personal, after=text)
def test_personal_data_inside_random_text_is_gone(before, secret, after):
    comment = f"{before} {secret} {after}"
    cleaned = redact(comment)
    assert secret not in cleaned
    if "@" not in secret:                      # a number: none of its digit run may survive
        assert digits_of(secret)[-8:] not in digits_of(cleaned.replace(before, "").replace(after, ""))
    assert any(mark in cleaned for mark in MARKS)


@settings(max_examples=200)
@given(before=text, cpr=cpr_numbers(), after=text)
def test_cpr_numbers_become_the_cpr_marker(before, cpr, after):
    cleaned = redact(f"{before.rstrip('0123456789')} {cpr} {after}")
    assert cpr not in cleaned


@settings(max_examples=200)
@given(a=personal, b=personal, c=personal, words=st.lists(st.sampled_from(["hej", "mit", "og", "ring", "tak"]), min_size=3, max_size=3))
def test_several_at_once(a, b, c, words):
    cleaned = redact(f"{words[0]} {a} {words[1]} {b}, {words[2]} {c}.")
    for secret in (a, b, c):
        assert secret not in cleaned


@given(st.text(alphabet=st.characters(blacklist_categories=("Nd",), blacklist_characters="@＠"), max_size=200))
def test_text_without_numbers_or_addresses_is_kept_as_written(value):
    if "(at)" not in value.lower() and "[at]" not in value.lower():
        assert redact(value) == value


@given(st.text(max_size=200))
def test_redaction_is_stable(value):
    once = redact(value)
    assert redact(once) == once


def test_examples_a_reader_would_write():
    assert redact("Mit CPR er 010190-1234, hjælp") == "Mit CPR er [CPR], hjælp"
    assert redact("cpr 0101901234") == "cpr [CPR]"
    assert redact("ring på 12 34 56 78 eller +45 87654321") == "ring på [telefon] eller [telefon]"
    assert redact("skriv til anna.b+tag@mail.dk.") == "skriv til [e-mail]."
    assert redact("Trin 3 af 7 tog 10 minutter kl. 14.30") == "Trin 3 af 7 tog 10 minutter kl. 14.30"
    assert redact("kontonummer 1234 5678901234") == "kontonummer [nummer]"
