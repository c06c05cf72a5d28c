"""Guide Markdown: screen-word chips and safe rendering (raw HTML is never passed through)."""
from __future__ import annotations

import re
from markupsafe import Markup
from markdown_it import MarkdownIt

from .model import ScreenWord

SCREEN_WORD = re.compile(r"\[\[([^\[\]|\n]+?)(?:\|([^\[\]\n]+?))?\]\]")
IMAGE_LINE = re.compile(r"^!\[(?P<alt>[^\]]*)\]\((?P<file>[^)\s]+)\)\s*$")
_MARK = "\u0001{}\u0002"
_MARKED = re.compile("\u0001(\\d+)\u0002")

_md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
_md.disable(["image", "heading", "lheading", "code", "fence", "html_block", "html_inline"])


def screen_words(source: str) -> list[ScreenWord]:
    """The marked Danish screen words of a piece of guide text, in order."""
    return [ScreenWord(m.group(1).strip(), (m.group(2) or "").strip())
            for m in SCREEN_WORD.finditer(source)]


def plain(source: str) -> str:
    """Text without markup, for LIX, search and read-aloud."""
    text = SCREEN_WORD.sub(lambda m: m.group(1), source)
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", text)
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"^\s*>\s?(\[![a-z]+\])?", "", text, flags=re.M)
    text = re.sub(r"^\s*(?:[-*+]|\d+[.)])\s+", "", text, flags=re.M)
    return re.sub(r"[*_`]", "", text)


def chip(word: ScreenWord) -> Markup:
    html = Markup('<span class="sw" lang="da">{}</span>').format(word.danish)
    if word.meaning:
        html += Markup(' <span class="sw-m">({})</span>').format(word.meaning)
    return html


def render(source: str, inline: bool = False) -> Markup:
    """Render guide Markdown to HTML; screen words become chips with lang="da"."""
    words: list[ScreenWord] = []

    def hold(match: re.Match) -> str:
        words.append(ScreenWord(match.group(1).strip(), (match.group(2) or "").strip()))
        return _MARK.format(len(words) - 1)

    held = SCREEN_WORD.sub(hold, source)
    html = _md.renderInline(held) if inline else _md.render(held)
    html = _MARKED.sub(lambda m: str(chip(words[int(m.group(1))])), html)
    return Markup(html)


def inline(source: str) -> Markup:
    return render(source, inline=True)

