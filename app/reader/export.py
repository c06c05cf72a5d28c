"""The reader aids in the static export: every "I'm stuck here" page with its QR code, and the
short link each QR code holds as a static redirect (a static server cannot decode a code)."""
from __future__ import annotations

from flask import url_for

from ..guides import library
from ..languages import CODES
from . import handover
from .routes import opening


def add_to_export(export) -> None:
    lib = library()
    for lang in CODES:
        for guide in lib.ordered():
            for number in range(1, len(guide.text(lang).steps) + 1):
                export.page(url_for("reader.stuck", lang=lang, slug=guide.slug, number=number))
                code = handover.code_for(lib, guide, number, lang)
                export.redirect(url_for("reader.handover", code=code), opening(handover.find(lib, code)))


def init_app(app) -> None:
    app.extensions.setdefault("trinvis.export_extras", []).append(add_to_export)
