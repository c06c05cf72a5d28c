"""Redaction: CPR numbers, Danish phone numbers and e-mail addresses out of free text before it is stored."""
from __future__ import annotations

import re

CPR_MARK = "[CPR]"
PHONE_MARK = "[telefon]"
EMAIL_MARK = "[e-mail]"
NUMBER_MARK = "[nummer]"

# What people type between the digits of one number: a space (also no-break and narrow ones),
# a dot, a hyphen or a dash. One at a time: two spaces end the number.
SEP = r"[ \u00a0\u2009\u202f.\-\u2010\u2011\u2012\u2013\u2014]"

EMAIL = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+\s*(?:@|＠|\(at\)|\[at\])\s*[\w-]+(?:\s*\.\s*[\w-]+)+", re.I)
# A whole number as written: an optional "+" or "00" (then "45" for Denmark), digits, and single
# separators between them. Taking the whole run at once means no part of a long number is left.
NUMBER = re.compile(rf"(?:\+\s?|\(\+?(?=45\)))?\d(?:{SEP}?\d|\)\s?(?=\d))*")
CPR_SHAPE = re.compile(rf"^\d{{6}}{SEP}?\d{{4}}$")
MIN_DIGITS = 8


def _number(match: re.Match) -> str:
    run = match.group(0)
    digits = "".join(c for c in run if c.isdigit())
    if len(digits) < MIN_DIGITS:
        return run
    if run.startswith(("+", "(")) or digits.startswith("00"):
        national = digits[4:] if digits.startswith("0045") else digits[2:] if digits.startswith("45") else ""
        return PHONE_MARK if len(national) == 8 else NUMBER_MARK
    if CPR_SHAPE.match(run):
        return CPR_MARK  # DDMMYY-XXXX or DDMMYYXXXX; no date check, so no real one slips through
    if len(digits) == 8:
        return PHONE_MARK
    return NUMBER_MARK


def redact(text: str) -> str:
    """`text` with every e-mail address, CPR number and Danish phone number replaced by a marker.

    E-mail addresses go first (they may hold digits). Then every number of eight digits or more,
    as a whole: ten digits shaped DDMMYY-XXXX or DDMMYYXXXX become [CPR], eight digits (or +45 and
    eight) [telefon], any other long number [nummer]. Some harmless numbers go too ("01.02.2024"
    looks like a phone number): on anonymous feedback, losing a date costs less than keeping a
    person's number.
    """
    return NUMBER.sub(_number, EMAIL.sub(EMAIL_MARK, text))
