"""Words you will see: the Danish screen words of a step or a whole guide, with their meanings."""
from __future__ import annotations

from ..content.model import ScreenWord


def unique(words) -> list[ScreenWord]:
    """Each Danish word once, in the order it first appears; a meaning given anywhere is kept."""
    seen: dict[str, ScreenWord] = {}
    for word in words:
        known = seen.get(word.danish)
        if known is None or (not known.meaning and word.meaning):
            seen[word.danish] = word if known is None else ScreenWord(known.danish, word.meaning)
    return list(seen.values())


def step_words(step) -> list[ScreenWord]:
    """The screen words one step uses (its title, text, tip and warning)."""
    return unique(step.screen_words)


def glossary(text) -> list[ScreenWord]:
    """Every screen word of a guide in one language: a small glossary to carry to the real screen."""
    return unique(word for step in text.steps for word in step.screen_words)
