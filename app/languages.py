"""The language table: the one place that says which languages Trinvis speaks."""
from dataclasses import dataclass


@dataclass(frozen=True)
class Language:
    code: str
    name: str  # the language's name in itself, never a flag
    direction: str = "ltr"


SOURCE = "da"
LANGUAGES = (
    Language("da", "Dansk"),
    Language("en", "English"),
    Language("de", "Deutsch"),
    Language("uk", "Українська"),
    Language("ar", "العربية", "rtl"),
    Language("pl", "Polski"),
    Language("ro", "Română"),
    Language("tr", "Türkçe"),
)
BY_CODE = {lang.code: lang for lang in LANGUAGES}
CODES = tuple(BY_CODE)
TRANSLATIONS = tuple(code for code in CODES if code != SOURCE)


def direction(code: str) -> str:
    return BY_CODE[code].direction if code in BY_CODE else "ltr"
