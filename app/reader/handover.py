"""Handover codes: a short number that says which guide, step, language and content version a
citizen is looking at, so staff can open the same step. Nothing about the citizen, nothing stored.

A code is nine digits shown as three groups ("482 913 075"): digits read aloud the same way in
every language and have no look-alike letters (O/0, I/1). Eight digits carry the fields, the
ninth is a Damm check digit, which catches every single mistyped digit and every swap of two
neighbouring digits, so a typo gets "check the code" instead of the wrong step.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from ..languages import CODES

GUIDE_SPACE = 10_000   # guide numbers come from a hash of the slug
MAX_STEPS = 40         # steps 1..40 (guides have about 8)
LANGUAGE_SPACE = 16    # index in the language table, room to add languages at the end
VERSION_SPACE = 10     # one digit of the guide's content version
LENGTH = 9

# Damm's totally anti-symmetric quasigroup of order 10.
_DAMM = ("0317598642", "7092154863", "4206871359", "1750983426", "6123045978",
         "3674209581", "5869720134", "8945362017", "9438617205", "2581436790")


class CodeError(ValueError):
    """A code that cannot be read: `reason` is "format" (wrong length or characters) or "check"."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Handover:
    """What a code says: a guide (by number), a step, a language and a content version digit."""
    guide: int
    step: int
    lang: str
    version: int


def damm(digits: str) -> int:
    interim = 0
    for digit in digits:
        interim = int(_DAMM[interim][int(digit)])
    return interim


def guide_number(slug: str) -> int:
    """A guide's number before collisions are settled: stable, from the slug alone."""
    return int.from_bytes(hashlib.sha256(slug.encode()).digest()[:4], "big") % GUIDE_SPACE


def version_digit(version: str) -> int:
    """One digit of a guide's content version (its hex hash); changes with the content 9 times in 10."""
    return int(version or "0", 16) % VERSION_SPACE


def numbering(slugs: list[str], aliases: dict[str, str] | None = None) -> dict[str, int]:
    """Number every guide. Slugs are placed in sorted order; on the rare hash collision the later
    slug takes the next free number. Old slugs (aliases) get a number too, for codes made
    before a guide was renamed."""
    taken: dict[int, str] = {}
    numbers: dict[str, int] = {}
    for slug in [*sorted(slugs), *sorted(aliases or {})]:
        number = guide_number(slug)
        while number in taken:
            number = (number + 1) % GUIDE_SPACE
        taken[number] = slug
        numbers[slug] = number
    return numbers


def encode(guide: int, step: int, lang: str, version: int) -> str:
    """The nine-digit code (no spaces) for a step."""
    if not 0 <= guide < GUIDE_SPACE:
        raise ValueError(f"guide number {guide} out of range")
    if not 1 <= step <= MAX_STEPS:
        raise ValueError(f"step {step} out of range 1..{MAX_STEPS}")
    if lang not in CODES or CODES.index(lang) >= LANGUAGE_SPACE:
        raise ValueError(f"unknown language {lang!r}")
    if not 0 <= version < VERSION_SPACE:
        raise ValueError(f"version digit {version} out of range")
    value = ((guide * MAX_STEPS + step - 1) * LANGUAGE_SPACE + CODES.index(lang)) * VERSION_SPACE + version
    payload = f"{value:0{LENGTH - 1}d}"
    return payload + str(damm(payload))


def clean(typed: str) -> str:
    """The digits of a code as typed, scanned or pasted: spaces, dashes and dots are ignored,
    and a scanned link (…/h/482913075) gives its code."""
    typed = (typed or "").strip()
    link = re.search(r"/h/([0-9 .\-]+)/?$", typed.split("?", 1)[0])
    if link:
        typed = link.group(1)
    return re.sub(r"[\s.\-\u00a0]", "", typed)


def decode(typed: str) -> Handover:
    """Read a code back into its fields; raises CodeError when it is malformed or mistyped."""
    digits = clean(typed)
    if len(digits) != LENGTH or not digits.isascii() or not digits.isdigit():
        raise CodeError("format")
    if damm(digits) != 0:
        raise CodeError("check")
    value = int(digits[:-1])
    value, version = divmod(value, VERSION_SPACE)
    value, lang_index = divmod(value, LANGUAGE_SPACE)
    guide, step_index = divmod(value, MAX_STEPS)
    if lang_index >= len(CODES) or guide >= GUIDE_SPACE:
        raise CodeError("unknown")
    return Handover(guide=guide, step=step_index + 1, lang=CODES[lang_index], version=version)


def grouped(code: str) -> list[str]:
    """The code in groups of three, the way it is shown and read aloud."""
    return [code[i:i + 3] for i in range(0, len(code), 3)]


@dataclass(frozen=True)
class Found:
    """A code matched to the library: the guide, the step number, the language, and whether the
    guide has changed since the code was made."""
    guide: object
    step: int
    lang: str
    changed: bool


def _numbers(library) -> dict[str, int]:
    key = (tuple(library.guides), tuple(sorted(library.aliases.items())))
    cached = _NUMBERS.get(key)
    if cached is None:
        cached = numbering(list(library.guides), library.aliases)
        _NUMBERS.clear()  # only the current library matters
        _NUMBERS[key] = cached
    return cached


_NUMBERS: dict[tuple, dict[str, int]] = {}


def code_for(library, guide, step: int, lang: str) -> str:
    """The handover code for step `step` of `guide` read in `lang`."""
    return encode(_numbers(library)[guide.slug], step, lang, version_digit(guide.version))


def find(library, typed: str) -> Found:
    """The guide and step a code names; CodeError("format"/"check"/"unknown") when there is none."""
    handover = decode(typed)
    by_number = {number: slug for slug, number in _numbers(library).items()}
    slug = by_number.get(handover.guide)
    guide = library.find(library.aliases.get(slug, slug)) if slug else None
    if guide is None or not 1 <= handover.step <= len(guide.danish.steps):
        raise CodeError("unknown")
    return Found(guide=guide, step=handover.step, lang=handover.lang,
                 changed=handover.version != version_digit(guide.version))
