"""A handout: what goes on the sheet for one guide in one language, and how many steps fit.

Plain data and rules; the templates lay it out, pdf.py prints it.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..content.markup import plain
from ..content.model import Guide, Step, Text
from ..languages import SOURCE, direction
from . import links

# The print layout in numbers (handouts.css): A4 portrait, large print, at most two pages.
# Measured against WeasyPrint's layout of the 15 guides in 8 languages; pdf.py corrects the
# estimate from the real layout, so these only need to be close.
PAGES = 2
LINE_CHARS = 66          # characters on one full-width line at 14.5 pt
STEP_LINES = 66          # lines for steps on two pages, beside the header and the help
REST_LINES = 10          # the "scan for the rest" box, and what page breaks waste without it
STEP_GAP_LINES = 1.6     # a step's heading and the space around it


@dataclass
class Handout:
    guide: Guide
    lang: str
    link: links.ShortLink
    url: str                 # the address in the QR code
    typed: str               # the same, as printed for typing
    made: dt.date
    steps: list[Step]        # the steps printed in full
    rest_from: int | None    # the first step left to the QR code, or None when all fit

    @property
    def text(self) -> Text:
        return self.guide.text(self.lang)

    @property
    def translated(self) -> bool:
        """False when this language has no translation yet and the Danish text is printed."""
        return self.lang == SOURCE or self.guide.has(self.lang)

    @property
    def danish_title(self) -> str | None:
        """The Danish title printed under the title, for readers who must find the guide in Danish."""
        if self.lang == SOURCE or not self.translated:
            return None
        return self.guide.danish.title

    @property
    def dir(self) -> str:
        return direction(self.lang)

    @property
    def total(self) -> int:
        return len(self.text.steps)


def lines(source: str, width: int = LINE_CHARS) -> float:
    """Printed lines for a piece of guide text: each paragraph or list item starts a new line."""
    count = 0.0
    for paragraph in plain(source).splitlines():
        paragraph = paragraph.strip()
        if paragraph:
            count += -(-len(paragraph) // width)
    return count


def step_lines(step: Step) -> float:
    total = STEP_GAP_LINES + lines(step.title, 48) * 1.2 + lines(step.text)
    for extra in (step.tip, step.warning):
        if extra:
            total += 1.4 + lines(extra, LINE_CHARS - 6)
    return total


def steps_that_fit(text: Text, margin: float = 1.0) -> int:
    """How many steps, from the first, fit on two pages with the header, the help and
    (when some are left out) the "scan for the rest" box. At least one step is always printed.
    `margin` below 1 leaves room for a print engine that lays out a little wider."""
    budget = STEP_LINES * margin
    costs = [step_lines(s) for s in text.steps]
    if sum(costs) <= budget:
        return len(costs)
    budget -= REST_LINES
    used, count = 0.0, 0
    for cost in costs:
        if used + cost > budget:
            break
        used, count = used + cost, count + 1
    return max(1, count)


def today() -> dt.date:
    """The print date on a handout (the PDF cache is kept per day, so a PDF shows the day it was fetched)."""
    return dt.date.today()


BROWSER_MARGIN = 0.92  # browsers print a little wider than WeasyPrint; used until a PDF measured it


def make(guide: Guide, lang: str, link: links.ShortLink, base_url: str,
         made: dt.date | None = None, fit: int | None = None, margin: float = 1.0) -> Handout:
    """The handout for `guide` in `lang`; `fit` (measured by the PDF printer) overrides the
    estimate of how many steps fit."""
    text = guide.text(lang)
    count = steps_that_fit(text, margin) if fit is None else max(1, min(fit, len(text.steps)))
    return Handout(guide=guide, lang=lang, link=link, url=links.short_url(base_url, link.code),
                   typed=links.typed_url(base_url, link.code), made=made or today(),
                   steps=text.steps[:count], rest_from=count + 1 if count < len(text.steps) else None)
