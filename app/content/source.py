"""Reading one guide file (guide.toml, da.md, <lang>.md) into the model, noting every problem."""
from __future__ import annotations

import hashlib
import re
import tomllib
from pathlib import Path

from .markup import IMAGE_LINE
from .model import Illustration, Problem, Step, Text

FRONT = "+++"
CALLOUT = re.compile(r"^>\s*\[!(?P<kind>[a-z]+)\]\s*$")
TOML_LINE = re.compile(r"at line (\d+)")


class Notes:
    """Collects problems for one file."""

    def __init__(self, path: str, slug: str = "", lang: str = ""):
        self.path, self.slug, self.lang = path, slug, lang
        self.problems: list[Problem] = []

    def error(self, line: int, reason: str) -> None:
        self.problems.append(Problem(self.path, line, reason, "error", self.slug, self.lang))

    def warning(self, line: int, reason: str) -> None:
        self.problems.append(Problem(self.path, line, reason, "warning", self.slug, self.lang))


def read_file(path: Path, notes: Notes) -> str | None:
    """The text of a content file, or None (with the problem noted) when it cannot be read,
    e.g. a file saved in Windows-1252 instead of UTF-8. A UTF-8 byte order mark is allowed."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        notes.error(1, f"the file cannot be read: {exc.strerror or exc}")
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        notes.error(line, f"the file is not UTF-8 text (byte 0x{data[exc.start]:02X} cannot be read): "
                    "save it again with the encoding UTF-8")
        return None


def version(text: str) -> str:
    """A short fingerprint of a piece of source text, whitespace-insensitive."""
    normal = " ".join(text.split())
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()[:8]


def parse_toml(text: str, notes: Notes, first_line: int = 1) -> dict | None:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = TOML_LINE.search(str(exc))
        line = first_line + int(found.group(1)) - 1 if found else first_line
        reason = re.sub(r"\s*\(at [^)]*\)?\s*$", "", str(exc))
        notes.error(line, f"the settings are not valid TOML: {reason}")
        return None


def _string(meta: dict, key: str, notes: Notes, line: int) -> str:
    value = meta.get(key)
    if not isinstance(value, str) or not value.strip():
        notes.error(line, f'"{key}" is missing or empty in the front matter')
        return ""
    return value.strip()


def front_matter_end(lines: list[str], notes: Notes) -> int | None:
    """The index of the line that closes the front matter, or None (with the problem noted)."""
    if not lines or lines[0].strip() != FRONT:
        notes.error(1, 'the file must start with front matter between two "+++" lines')
        return None
    end = next((i for i in range(1, len(lines)) if lines[i].strip() == FRONT), None)
    if end is None:
        notes.error(1, 'the front matter has no closing "+++" line')
    return end


def read_text(raw: str, lang: str, notes: Notes) -> Text | None:
    """Parse a guide text: TOML front matter between +++ lines, then one "## " section per step."""
    lines = raw.splitlines()
    end = front_matter_end(lines, notes)
    if end is None:
        return None
    meta = parse_toml("\n".join(lines[1:end]), notes, first_line=2)
    if meta is None:
        return None
    title = _string(meta, "title", notes, 2)
    summary = _string(meta, "summary", notes, 2)
    time = _string(meta, "time", notes, 2)
    needs = meta.get("needs", [])
    if not isinstance(needs, list) or not all(isinstance(n, str) and n.strip() for n in needs):
        notes.error(2, '"needs" must be a list of texts, e.g. needs = ["Din telefon"]')
        needs = []
    translated_from = meta.get("translated_from", {})
    if not isinstance(translated_from, dict):
        notes.error(2, '"translated_from" must be a table; run "guides stamp" to write it')
        translated_from = {}
    steps = read_steps(lines, end + 1, notes)
    if not steps:
        notes.error(end + 2, 'there are no steps: each step starts with a "## " heading')
    intro = "\n".join([title, summary, time, *needs])
    return Text(lang=lang, path=notes.path, title=title, summary=summary, time=time,
                needs=[n.strip() for n in needs], steps=steps, intro_source=intro,
                translated_from=translated_from, front_line=1)


def read_steps(lines: list[str], start: int, notes: Notes) -> list[Step]:
    sections: list[tuple[int, str, list[tuple[int, str]]]] = []
    for index in range(start, len(lines)):
        line = lines[index]
        if line.startswith("## "):
            sections.append((index + 1, line[3:].strip(), []))
        elif line.startswith("#"):
            notes.error(index + 1, 'only "## " headings are allowed: each one starts a step')
        elif sections:
            sections[-1][2].append((index + 1, line))
        elif line.strip():
            notes.error(index + 1, 'text before the first step: start each step with "## "')
    return [read_step(number, line, title, body, notes)
            for number, (line, title, body) in enumerate(sections, start=1)]


def read_step(number: int, line: int, title: str, body: list[tuple[int, str]],
              notes: Notes) -> Step:
    if not title:
        notes.error(line, "the step has no title after \"## \"")
    text: list[str] = []
    callouts: dict[str, list[str]] = {}
    illustration = None
    current = None
    for lineno, content in body:
        marker = CALLOUT.match(content.strip())
        if marker:
            current = marker.group("kind")
            if current not in ("tip", "warning"):
                notes.error(lineno, f'unknown callout "[!{current}]": use [!tip] or [!warning]')
                current = "unknown"
            elif current in callouts:
                notes.error(lineno, f"a step has at most one {current}")
            callouts.setdefault(current, [])
            continue
        if current and content.lstrip().startswith(">"):
            callouts[current].append(re.sub(r"^\s*>\s?", "", content))
            continue
        current = None
        image = IMAGE_LINE.match(content.strip())
        if image:
            if illustration:
                notes.error(lineno, "a step has at most one illustration")
            illustration = Illustration(image.group("file"), image.group("alt").strip(), lineno)
            continue
        text.append(content)
    source = "\n".join(c for _, c in body)
    return Step(number=number, title=title, text="\n".join(text).strip(), line=line,
                tip="\n".join(callouts.get("tip", [])).strip(),
                warning="\n".join(callouts.get("warning", [])).strip(),
                illustration=illustration, source=source)
