"""LIX readability score for Danish text (Björnsson 1968)."""
import re
from dataclasses import dataclass

WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
SENTENCE_END = re.compile(r"[.!?:]+(?=\s|$)")
LONG_WORD_LETTERS = 7  # a long word has more than six letters


@dataclass(frozen=True)
class Counts:
    words: int = 0
    sentences: int = 0
    long_words: int = 0

    def __add__(self, other: "Counts") -> "Counts":
        return Counts(self.words + other.words, self.sentences + other.sentences,
                      self.long_words + other.long_words)

    @property
    def lix(self) -> float:
        if not self.words:
            return 0.0
        return self.words / max(self.sentences, 1) + 100 * self.long_words / self.words


def count(text: str) -> Counts:
    """Count words, sentences and long words.

    Every line (a heading, a list item, a line of a paragraph) that does not end in a
    full stop, colon, question or exclamation mark still ends a sentence: a list item
    or a heading is read as one unit.
    """
    words = sentences = long_words = 0
    for line in text.splitlines():
        line = line.strip()
        found = WORD.findall(line)
        if not found:
            continue
        words += len(found)
        long_words += sum(1 for w in found if len(re.sub(r"[-'’]", "", w)) >= LONG_WORD_LETTERS)
        ends = len(SENTENCE_END.findall(line))
        if not SENTENCE_END.search(line[-1:] + " "):
            ends += 1
        sentences += max(ends, 1)
    return Counts(words, sentences, long_words)


def lix(text: str) -> float:
    """LIX = words / sentences + 100 × long words / words."""
    return count(text).lix


if __name__ == "__main__":  # python -m app.content.lix FILE…: quick check while writing
    import sys
    for name in sys.argv[1:]:
        with open(name, encoding="utf-8") as fh:
            print(f"{name}: LIX {lix(fh.read()):.1f}")
