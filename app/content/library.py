"""The guide library: load every guide under guides/, validate it and index it."""
from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from ..languages import CODES, SOURCE, TRANSLATIONS
from . import checks
from .model import AUDIENCES, Guide, Problem, Text
from .source import Notes, front_matter_end, parse_toml, read_file, read_text, version

log = logging.getLogger(__name__)
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass
class Library:
    root: str
    guides: dict[str, Guide] = field(default_factory=dict)
    aliases: dict[str, str] = field(default_factory=dict)
    paths: dict[str, list[str]] = field(default_factory=dict)  # audience -> ordered slugs
    problems: list[Problem] = field(default_factory=list)
    version: str = ""

    def ordered(self) -> list[Guide]:
        return sorted(self.guides.values(), key=lambda g: (g.order, g.slug))

    def find(self, slug: str) -> Guide | None:
        return self.guides.get(slug)

    def path_for(self, audience: str) -> list[Guide]:
        return [self.guides[s] for s in self.paths.get(audience, []) if s in self.guides]

    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    def search(self, lang: str, query: str) -> list[Guide]:
        """Guides whose title or summary (in `lang` or Danish) contain every word of the query."""
        words = fold(query).split()
        if not words:
            return []
        found = []
        for guide in self.ordered():
            text = guide.text(lang)
            haystack = fold(" ".join([text.title, text.summary, guide.danish.title,
                                      guide.danish.summary, guide.slug.replace("-", " ")]))
            if all(w in haystack for w in words):
                found.append(guide)
        return found


def fold(text: str) -> str:
    """Lower-case and strip accents so "mitid" finds "MitID" and "flytning" finds "Flytning"."""
    text = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in text if not unicodedata.combining(c))


def load(root: str | Path, today: dt.date | None = None) -> Library:
    """Load the whole library. Never raises for bad content: problems are collected instead,
    a guide whose guide.toml or da.md cannot be read is left out, a translation that cannot
    be served step by step is left out (readers get the Danish text)."""
    root = Path(root)
    library = Library(root=str(root))
    digest = hashlib.sha256()
    if not root.is_dir():
        library.problems.append(Problem(str(root), 1, "the guides folder does not exist"))
        return library
    for folder in sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith(("_", "."))):
        guide, problems = load_guide(folder, today)
        library.problems.extend(problems)
        for file in sorted(folder.iterdir()):
            if file.is_file():
                digest.update(file.name.encode() + file.read_bytes())
        if guide:
            library.guides[guide.slug] = guide
    for guide in library.guides.values():
        for alias in guide.aliases:
            if alias in library.guides or alias in library.aliases:
                library.problems.append(Problem(f"{guide.path}/guide.toml", 1,
                                                f'the alias "{alias}" is already in use', slug=guide.slug))
            else:
                library.aliases[alias] = guide.slug
    library.paths = load_paths(root / "paths.toml", library)
    if (root / "paths.toml").exists():
        digest.update((root / "paths.toml").read_bytes())
    library.version = digest.hexdigest()[:12]
    errors = library.errors()
    if errors:
        log.warning("%d guide problems (run \"flask --app app guides check\"), first: %s",
                    len(errors), errors[0])
    return library


def load_guide(folder: Path, today: dt.date | None = None) -> tuple[Guide | None, list[Problem]]:
    slug = folder.name
    meta_path = folder / "guide.toml"
    notes = Notes(str(meta_path), slug)
    if not SLUG.match(slug):
        notes.error(1, f'the folder name "{slug}" is not a valid slug (lowercase letters, digits, hyphens)')
        return None, notes.problems
    if not meta_path.exists():
        notes.error(1, "guide.toml is missing")
        return None, notes.problems
    raw = read_file(meta_path, notes)
    meta = parse_toml(raw, notes) if raw is not None else None
    if meta is None:
        return None, notes.problems
    fields = checks.guide_meta(meta, notes, raw)
    texts: dict[str, Text] = {}
    problems = list(notes.problems)
    fatal = any(p.severity == "error" for p in problems)
    for lang in CODES:
        path = folder / f"{lang}.md"
        if not path.exists():
            if lang == SOURCE:
                problems.append(Problem(str(path), 1, "da.md (the Danish source text) is missing", slug=slug))
                fatal = True
            else:
                problems.append(Problem(str(path), 1, f"the {lang} translation is missing", slug=slug, lang=lang))
            continue
        text_notes = Notes(str(path), slug, lang)
        raw = read_file(path, text_notes)
        text = read_text(raw, lang, text_notes) if raw is not None else None
        problems.extend(text_notes.problems)
        if text is None or (lang == SOURCE and text_notes.problems):
            fatal = fatal or lang == SOURCE
            continue
        texts[lang] = text
    if fatal or SOURCE not in texts:
        log.error("guide %s is not served: %s", slug,
                  next((str(p) for p in problems if p.severity == "error"), "unreadable"))
        return None, problems
    guide = Guide(slug=slug, path=str(folder), texts=texts, **fields)
    problems.extend(checks.guide_content(guide, folder))
    drop = checks.unusable_translations(guide, problems)
    for lang in drop:
        del guide.texts[lang]
    guide.stale = checks.stale_steps(guide)
    for lang, numbers in sorted(guide.stale.items()):
        text = texts[lang]
        for number in sorted(numbers):
            line = text.front_line if number == 0 else text.steps[number - 1].line
            what = "the title and summary" if number == 0 else f"step {number}"
            problems.append(Problem(text.path, line, f"{what} is stale: the Danish text changed since "
                                    f'it was translated (update it, then run "guides stamp {slug} {lang}")',
                                    slug=slug, lang=lang))
    if guide.review_overdue(today):
        problems.append(Problem(str(meta_path), 1, f"review overdue since {guide.review_due()}: check the "
                                "facts against the sources and update \"reviewed\"", "warning", slug))
    digest = hashlib.sha256()
    for file in sorted(folder.iterdir()):
        if file.is_file():
            digest.update(file.name.encode() + file.read_bytes())
    guide.version = digest.hexdigest()[:10]
    return guide, problems


def load_paths(path: Path, library: Library) -> dict[str, list[str]]:
    """The ordered guide list of each target group, from guides/paths.toml. A group the file
    gives in a shape that cannot be read (or a file that cannot be read at all) is reported and
    lists the guides that name that group among their audiences instead."""
    by_audience = {a: [g.slug for g in library.ordered() if a in g.audiences] for a in AUDIENCES}
    if not path.exists():
        return by_audience
    notes = Notes(str(path))
    raw = read_file(path, notes)
    data = parse_toml(raw, notes) if raw is not None else None
    if data is None:
        library.problems.extend(notes.problems)
        return by_audience
    paths = {}
    for audience in AUDIENCES:
        entry = data.get(audience, {})
        if not isinstance(entry, dict):
            notes.error(_toml_line(raw, audience), f'"{audience}" must be a table: write [{audience}] on its '
                        "own line, then guides = [...]")
            paths[audience] = by_audience[audience]
            continue
        slugs = entry.get("guides", [])
        if not isinstance(slugs, list) or not all(isinstance(s, str) for s in slugs):
            notes.error(_toml_line(raw, audience, "guides"), f'"guides" of {audience} must be a list of guide '
                        'slugs, e.g. guides = ["mitid-app", "nemkonto"]')
            paths[audience] = by_audience[audience]
            continue
        for slug in slugs:
            if slug not in library.guides and slug not in library.aliases:
                notes.error(_toml_line(raw, audience, "guides", f'"{slug}"'),
                            f'the {audience} path names "{slug}", which is not a guide')
        paths[audience] = [library.aliases.get(s, s) for s in slugs]
    for key in data:
        if key not in AUDIENCES:
            notes.error(_toml_line(raw, key), f'"{key}" is not a target group (use {", ".join(AUDIENCES)})')
    library.problems.extend(notes.problems)
    return paths


def _toml_line(raw: str, table: str, key: str = "", text: str = "") -> int:
    """The line of `[table]` or `table = …`; with `key`, of the first line inside that table
    from `key = …` on that contains `text`. Line 1 when it cannot be found."""
    lines = raw.splitlines()
    start = next((n for n, line in enumerate(lines) if re.match(rf"\s*(\[\s*{re.escape(table)}\s*\]|"
                                                                  rf"{re.escape(table)}\s*[=.])", line)), None)
    if start is None:
        return 1
    if not key:
        return start + 1
    found = None
    for n in range(start + 1, len(lines)):
        if lines[n].lstrip().startswith("["):
            break
        if found is None and re.match(rf"\s*{re.escape(key)}\s*=", lines[n]):
            found = n
        if found is not None and text in lines[n]:
            return n + 1
    return (found if found is not None else start) + 1


def stamp(folder: str | Path, lang: str) -> int:
    """Record that the `lang` translation matches the current Danish text; returns the step count.
    Raises ValueError saying which file, line and why when a file cannot be read; nothing is
    written then."""
    folder = Path(folder)
    path = folder / f"{lang}.md"
    if lang not in TRANSLATIONS:
        raise ValueError(f'"{lang}" is not a translation language')
    notes = Notes(str(folder / "da.md"))
    raw = read_file(folder / "da.md", notes)
    danish = read_text(raw, SOURCE, notes) if raw is not None else None
    if danish is None:
        raise ValueError(f"{notes.problems[0]} (nothing was stamped: fix the Danish text first)")
    notes = Notes(str(path))
    raw = read_file(path, notes)
    lines = raw.splitlines() if raw is not None else []
    end = front_matter_end(lines, notes) if raw is not None else None
    if end is None:
        raise ValueError(f"{notes.problems[0]} (nothing was stamped)")
    front = lines[1:end]
    # drop an existing [translated_from] table (it is always written last)
    if "[translated_from]" in [l.strip() for l in front]:
        front = front[:[l.strip() for l in front].index("[translated_from]")]
    while front and not front[-1].strip():
        front.pop()
    intro = version(danish.intro_source)
    steps = ", ".join(f'"{version(s.title + chr(10) + s.source)}"' for s in danish.steps)
    front += ["", "[translated_from]", f'intro = "{intro}"', f"steps = [{steps}]"]
    path.write_text("\n".join([lines[0], *front, *lines[end:]]) + "\n", encoding="utf-8")
    return len(danish.steps)
