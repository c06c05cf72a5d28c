"""Redaction before storage: property-based over generated CPR numbers, phone numbers and e-mails."""
from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from app.feedback.redact import CPR_MARK, EMAIL_MARK, NUMBER_MARK, PHONE_MARK, redact

MARKS = (CPR_MARK, PHONE_MARK, EMAIL_MARK, NUMBER_MARK)


# What people type between two groups of digits: nothing, one mark, a mark with a space or
# two on either side, one or two spaces (also no-break and thin ones).
SPACES = st.sampled_from([" ", "  ", "\u00a0", "\u202f"])
MARKS_BETWEEN = st.sampled_from(["-", "\u2013", "\u2011", "/", "_", "."])


@st.composite
def separators(draw):
    style = draw(st.sampled_from(["none", "mark", "spaced mark", "space before", "space after", "spaces"]))
    if style == "none":
        return ""
    if style == "spaces":
        return draw(SPACES)
    mark = draw(MARKS_BETWEEN)
    before = draw(SPACES) if style in ("spaced mark", "space before") else ""
    after = draw(SPACES) if style in ("spaced mark", "space after") else ""
    return before + mark + after


@st.composite
def cpr_numbers(draw):
    """DDMMYY, separators, XXXX for a real birth date: "010190-1234", "010190 / 1234", "0101901234"."""
    born = draw(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2025, 12, 31)))
    serial = draw(st.integers(0, 9999))
    separator = draw(st.one_of(separators(), st.just(",")))
    return f"{born:%d%m%y}{separator}{serial:04d}"


@st.composite
def danish_phone_numbers(draw):
    digits = f"{draw(st.integers(2, 9))}{draw(st.integers(0, 9_999_999)):07d}"
    pairs = [digits[i:i + 2] for i in range(0, 8, 2)]
    style = draw(st.sampled_from(["plain", "pairs", "fours", "commas"]))
    if style == "plain":
        number = digits
    elif style == "commas":                                    # "20,30,40,50"
        number = ",".join(pairs)
    else:                                                      # "20 30 40 50", "20  30  40  50", "2030 - 4050" ...
        separator = draw(separators().filter(bool))
        number = separator.join(pairs) if style == "pairs" else f"{digits[:4]}{separator}{digits[4:]}"
    prefix = draw(st.sampled_from(["", "", "+45 ", "+45", "0045 ", "(+45) "]))
    return prefix + number


@st.composite
def written_out_emails(draw):
    """An address as people hide it from robots: anna(a)mail.dk, anna [at] mail . dk."""
    address = draw(st.emails())
    name, domain = address.rsplit("@", 1)
    at = draw(st.sampled_from(["@", "(a)", "[a]", "(at)", " (at) ", "[at]", " @ ", "＠"]))
    return f"{name}{at}{domain}"


emails = st.one_of(st.emails(), written_out_emails())
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
    if not any(c.isalpha() for c in secret):   # a number: none of its digit run may survive
        assert digits_of(secret)[-8:] not in digits_of(cleaned.replace(before, "").replace(after, ""))
    assert any(mark in cleaned for mark in MARKS)


@settings(max_examples=300)
@given(before=text, cpr=cpr_numbers(), after=text)
def test_cpr_numbers_become_the_cpr_marker(before, cpr, after):
    # words on either side, so digits in the random text cannot join the number
    cleaned = redact(f"{before} mit cpr {cpr} tak {after}")
    assert cpr not in cleaned
    assert f"mit cpr {CPR_MARK} tak" in cleaned


@settings(max_examples=300)
@given(before=text, phone=danish_phone_numbers(), after=text)
def test_phone_numbers_become_the_phone_marker(before, phone, after):
    cleaned = redact(f"{before} ring {phone} tak {after}")
    assert phone not in cleaned
    assert f"ring {PHONE_MARK} tak" in cleaned


@settings(max_examples=300)
@given(before=text, address=emails, after=text)
def test_email_addresses_become_the_email_marker(before, address, after):
    cleaned = redact(f"{before} skriv; {address} ; tak {after}")
    assert address not in cleaned
    assert f"skriv; {EMAIL_MARK} ; tak" in cleaned


@settings(max_examples=200)
@given(a=personal, b=personal, c=personal, words=st.lists(st.sampled_from(["hej", "mit", "og", "ring", "tak"]), min_size=3, max_size=3))
def test_several_at_once(a, b, c, words):
    cleaned = redact(f"{words[0]} {a} {words[1]} {b}, {words[2]} {c}.")
    for secret in (a, b, c):
        assert secret not in cleaned


@given(st.text(alphabet=st.characters(blacklist_categories=("Nd",), blacklist_characters="@＠"), max_size=200))
def test_text_without_numbers_or_addresses_is_kept_as_written(value):
    if not any(at in value.lower() for at in ("(at)", "[at]", "(a)", "[a]")):
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


def test_examples_with_the_separators_people_really_type():
    for cpr in ("010190 - 1234", "010190 -1234", "010190- 1234", "010190 / 1234", "010190_1234",
                "010190/1234", "010190 \u2013 1234", "010190  1234"):
        assert redact(f"mit cpr er {cpr} tak") == "mit cpr er [CPR] tak", cpr
    assert redact("ring 2030  4050") == "ring [telefon]"
    assert redact("ring 12  34  56  78 i dag") == "ring [telefon] i dag"
    assert redact("ring 20,30,40,50") == "ring [telefon]"
    assert redact("ring 20 - 30 - 40 - 50, tak") == "ring [telefon], tak"
    assert redact("ring +45 20,30,40,50") == "ring [telefon]"
    assert redact("skriv til anna(a)mail.dk") == "skriv til [e-mail]"
    assert redact("skriv til anna[a]mail.dk.") == "skriv til [e-mail]."


def test_ordinary_numbers_stay_readable():
    for kept in ("Trin 3 af 7", "kl. 14.30", "2 ud af 5", "den 1. maj 2026", "åbent kl. 10.00 - 14.00",
                 "kl. 14.30-15.45", "trin 3, 4 og 5", "trin 1,2,3,4,5,6,7,8", "trin 10, 11, 12, 13",
                 "det tog 1,5 time", "det kostede 125.000,00 kr.", "Skelbækvej 2, 6200 Aabenraa",
                 "se punkt (a) side 2. Det virkede", "svar (a) eller (b).", "6200  Aabenraa"):
        assert redact(kept) == kept, kept
