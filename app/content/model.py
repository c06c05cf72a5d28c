"""The guide model: a guide, its language versions and their steps."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

AUDIENCES = ("older", "young", "vulnerable", "newcomers")
TOPICS = ("mitid", "digital-post", "help-from-others", "moving", "health", "money",
          "safety", "voting")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a content file, as `path:line: reason`."""
    path: str
    line: int
    reason: str
    severity: str = "error"  # or "warning"
    slug: str = ""
    lang: str = ""

    def __str__(self) -> str:
        label = "" if self.severity == "error" else "warning: "
        return f"{self.path}:{self.line}: {label}{self.reason}"


@dataclass(frozen=True)
class ScreenWord:
    """A word exactly as it appears on a real Danish screen, with the reader's meaning."""
    danish: str
    meaning: str = ""


@dataclass(frozen=True)
class Illustration:
    file: str
    alt: str
    line: int = 0


@dataclass
class Step:
    number: int            # 1-based, as in the URL
    title: str
    text: str              # Markdown of the main text (screen words still marked up)
    line: int              # line of the "## " heading
    tip: str = ""
    warning: str = ""
    illustration: Illustration | None = None
    source: str = ""       # the step's raw source, for versions and LIX

    @property
    def screen_words(self) -> list[ScreenWord]:
        from .markup import screen_words
        return screen_words(self.title + "\n" + self.source)


@dataclass
class Text:
    """One language version of a guide: Danish or a translation."""
    lang: str
    path: str
    title: str
    summary: str
    time: str
    needs: list[str]
    steps: list[Step]
    intro_source: str = ""
    translated_from: dict = field(default_factory=dict)  # {"intro": v, "steps": [v, …]}
    front_line: int = 1


@dataclass
class Guide:
    slug: str
    path: str
    audiences: list[str]
    topic: str
    order: int
    reviewed: dt.date
    review_interval_months: int
    sources: list[str]
    aliases: list[str]
    texts: dict[str, Text]
    version: str = ""      # changes whenever any file of the guide changes
    stale: dict[str, set[int]] = field(default_factory=dict)  # lang -> stale step numbers (0 = intro)

    @property
    def danish(self) -> Text:
        return self.texts["da"]

    def text(self, lang: str) -> Text:
        """The text in `lang`, or the Danish source when there is no usable translation."""
        return self.texts.get(lang) or self.danish

    def has(self, lang: str) -> bool:
        return lang in self.texts

    def review_due(self) -> dt.date:
        months = self.reviewed.month - 1 + self.review_interval_months
        year = self.reviewed.year + months // 12
        month = months % 12 + 1
        day = min(self.reviewed.day, 28)
        return dt.date(year, month, day)

    def review_overdue(self, today: dt.date | None = None) -> bool:
        return (today or dt.date.today()) > self.review_due()

    def is_stale(self, lang: str, number: int) -> bool:
        return number in self.stale.get(lang, set())
