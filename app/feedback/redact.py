"""Redaction: CPR numbers, Danish phone numbers and e-mail addresses out of free text before it is stored."""
from __future__ import annotations

import re

CPR_MARK = "[CPR]"
PHONE_MARK = "[telefon]"
EMAIL_MARK = "[e-mail]"
NUMBER_MARK = "[nummer]"

# A space as people type it: the ordinary one, a no-break space or a thin one.
SPACE = r"[ \u00a0\u2009\u202f]"
# A mark between the groups of one number: a dot, a hyphen or a dash, a slash or an underscore.
MARK = r"[.\-\u2010\u2011\u2012\u2013\u2014/_]"
# What people type between the digit groups of one number: a mark with up to two spaces on
# either side ("010190 - 1234", "010190- 1234"), one or two spaces ("2030  4050"), or a comma
# before two digits or more ("20,30,40,50"; a comma before one digit, as in "1,5" or
# "3,4,5", is a decimal or a list and ends the number).
JOIN = rf"(?:{SPACE}{{0,2}}{MARK}{SPACE}{{0,2}}|{SPACE}{{1,2}}|,(?=\d\d))"

_LOCAL = r"[\w.!#$%&'*+/=?^`{|}~-]+"
EMAIL = re.compile(
    # name@domain.dk, also with spaces around the @ or the dots, a full-width ＠, (at) or [at] ...
    rf"{_LOCAL}\s*(?:@|＠|\(at\)|\[at\])\s*[\w-]+(?:\s*\.\s*[\w-]+)+"
    # ... or name(a)domain.dk / name[a]domain.dk written close (spaced, "(a)" is a list item)
    rf"|{_LOCAL}(?:\(a\)|\[a\])[\w-]+(?:\.[\w-]+)+",
    re.I)
# A whole number as written: an optional "+" or "00" (then "45" for Denmark), digits, and
# separators between them. Taking the whole run at once means no part of a long number is left.
NUMBER = re.compile(rf"(?:\+\s?|\(\+?(?=45\)))?\d(?:{JOIN}?\d|\)\s?(?=\d))*")
CPR_SHAPE = re.compile(rf"^\d{{6}}{JOIN}?\d{{4}}$")
# Harmless numbers that only look long once their parts are joined: opening hours
# ("10.00 - 14.00", "kl. 14.30-15.45") and amounts in kroner with øre ("125.000,00").
CLOCK = r"(?:[01]?\d|2[0-4])\.[0-5]\d"
HARMLESS = re.compile(rf"^(?:{CLOCK}{SPACE}{{0,2}}[\-\u2010-\u2014]{SPACE}{{0,2}}{CLOCK}|\d{{1,3}}(?:\.\d{{3}})+,\d\d)$")
MIN_DIGITS = 8


def _number(match: re.Match) -> str:
    run = match.group(0)
    digits = "".join(c for c in run if c.isdigit())
    if len(digits) < MIN_DIGITS or HARMLESS.match(run):
        return run
    if run.startswith(("+", "(")) or digits.startswith("00"):
        national = digits[4:] if digits.startswith("0045") else digits[2:] if digits.startswith("45") else ""
        return PHONE_MARK if len(national) == 8 else NUMBER_MARK
    if CPR_SHAPE.match(run):
        return CPR_MARK  # six digits, separators, four digits; no date check, so no real one slips through
    if len(digits) == 8:
        return PHONE_MARK
    return NUMBER_MARK


def redact(text: str) -> str:
    """`text` with every e-mail address, CPR number and Danish phone number replaced by a marker.

    E-mail addresses go first (they may hold digits), also written "name(a)domain.dk". Then every
    number of eight digits or more, as a whole, however its groups are separated (spaces, double
    spaces, dots, hyphens, dashes, slashes, underscores, commas, a mark with spaces around it):
    six digits and four ("010190-1234", "010190 / 1234", "0101901234") become [CPR], eight digits
    (or +45 and eight) [telefon], any other long number [nummer]. Some harmless numbers go too
    ("01.02.2024" or "2024 - 2025" look like phone numbers): on anonymous feedback, losing a date
    costs less than keeping a person's number. Opening hours ("10.00 - 14.00") and amounts with
    øre ("125.000,00") are kept.
    """
    return NUMBER.sub(_number, EMAIL.sub(EMAIL_MARK, text))
