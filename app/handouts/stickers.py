"""Sticker sheets: A4 with 3 × 8 labels, each a small QR code, the guide's title and its short address."""
from __future__ import annotations

from dataclasses import dataclass

from flask import current_app, render_template
from flask_babel import force_locale

from ..languages import SOURCE, direction
from . import links, pdf, qr
from .batch import check


@dataclass
class Sticker:
    title: str
    text_lang: str     # the language of the title: Danish when there is no translation yet
    lang: str
    typed: str
    qr_src: str

    @property
    def dir(self) -> str:
        return direction(self.lang)


def make(db, pairs: list[tuple]) -> list[Sticker]:
    """A label for each (guide, lang): its title (Danish when not translated) and short link."""
    base_url = current_app.config["BASE_URL"]
    labels = []
    for guide, lang in pairs:
        link = links.ensure(db, guide.slug, lang)
        text_lang = lang if guide.has(lang) else SOURCE
        labels.append(Sticker(title=guide.text(lang).title, text_lang=text_lang, lang=lang,
                              typed=links.typed_url(base_url, link.code),
                              qr_src=qr.png_data_uri(links.short_url(base_url, link.code))))
    return labels


def stickers_pdf(db, pairs: list[tuple], lang: str = SOURCE) -> bytes:
    """A4 sheets of 3 × 8 QR stickers, one per (guide, lang)."""
    check(len(pairs))
    labels = make(db, pairs)
    with force_locale(lang):
        html = render_template("handouts/document.html", labels=labels, doc_lang=lang,
                               doc_dir=direction(lang), doc_title="Trinvis")
    with pdf.printing:
        return pdf.render(html).write_pdf()
