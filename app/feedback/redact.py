"""Redaction: CPR numbers, Danish phone numbers and e-mail addresses out of free text before it is stored."""
from __future__ import annotations

import re

CPR_MARK = "[CPR]"
PHONE_MARK = "[telefon]"
EMAIL_MARK = "[e-mail]"
NUMBER_MARK = "[nummer]"

# Separators people type inside numbers: space (also no-break and thin), dot, hyphen and dashes.
SEP = r"[ \u00a0\u2009\u202f.\-\u2010\u2011\u2012\u2013\u2014/]"

EMAIL = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+\s*(?:@|＠|\(at\)|\[at\])\s*[\w-]+(?:\s*\.\s*[\w-]+)+", re.I)
# DDMMYY-XXXX or DDMMYYXXXX (also with a space or a dash of another kind). Any six digits and
# four more are treated as a CPR number: a date check would let the odd real one through.
CPR = re.compile(rf"(?<!\d)\d{{6}}{SEP}?\d{{4}}(?!\d)")
# Eight digits with single separators anywhere between them; first with +45 / 0045 / (+45) in
# front (before the CPR rule, which would otherwise take "4512345678"), then without.
DIGITS8 = rf"\d(?:{SEP}?\d){{7}}(?!\d)"
PHONE_45 = re.compile(rf"(?<![\d+])(?:(?:\+|00)\s?45|\(\+?45\)){SEP}?{DIGITS8}")
PHONE = re.compile(rf"(?<!\d){DIGITS8}")
# Whatever long run of digits is left (nine or more) could still be one of the above mistyped.
LONG_NUMBER = re.compile(rf"(?<!\d)\d(?:{SEP}?\d){{8,}}(?!\d)")


def redact(text: str) -> str:
    """`text` with every e-mail address, CPR number and Danish phone number replaced by a marker.

    E-mail addresses go first (they may hold digits), then phone numbers with +45, CPR numbers
    (ten digits), phone numbers without a prefix (eight digits), and last any other run of nine
    or more digits. Some harmless numbers go too ("2024 2025" looks like a phone number): on
    anonymous feedback, losing a number costs less than keeping a person's.
    """
    text = EMAIL.sub(EMAIL_MARK, text)
    text = PHONE_45.sub(PHONE_MARK, text)
    text = CPR.sub(CPR_MARK, text)
    text = PHONE.sub(PHONE_MARK, text)
    return LONG_NUMBER.sub(NUMBER_MARK, text)
