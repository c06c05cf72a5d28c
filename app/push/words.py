"""Words that go into a notification, translated for each subscriber (the push catalogue)."""
from __future__ import annotations

from flask import has_app_context
from flask_babel import force_locale, lazy_gettext

# The title of the button on a shown notification that leads to the page where it is turned off.
STOP = lazy_gettext("Stop these notifications")


def in_language(text, lang: str) -> str:
    """`text` (a lazy gettext string) in the language `lang`. Outside the app it stays English."""
    if not has_app_context():
        return str(text)
    with force_locale(lang):
        return str(text)
