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
from .source import Notes, parse_toml, read_text

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
    meta = parse_toml(meta_path.read_text(encoding="utf-8"), notes)
    if meta is None:
        return None, notes.problems
    fields = checks.guide_meta(meta, notes, meta_path.read_text(encoding="utf-8"))
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
        text = read_text(path.read_text(encoding="utf-8"), lang, text_notes)
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
    """The ordered guide list of each target group, from guides/paths.toml."""
    if not path.exists():
        return {a: [g.slug for g in library.ordered() if a in g.audiences] for a in AUDIENCES}
    notes = Notes(str(path))
    data = parse_toml(path.read_text(encoding="utf-8"), notes) or {}
    paths = {}
    for audience in AUDIENCES:
        slugs = data.get(audience, {}).get("guides", [])
        for slug in slugs:
            if slug not in library.guides and slug not in library.aliases:
                notes.error(1, f'the {audience} path names "{slug}", which is not a guide')
        paths[audience] = [library.aliases.get(s, s) for s in slugs]
    for key in data:
        if key not in AUDIENCES:
            notes.error(1, f'"{key}" is not a target group (use {", ".join(AUDIENCES)})')
    library.problems.extend(notes.problems)
    return paths


def stamp(folder: str | Path, lang: str) -> int:
    """Record that the `lang` translation matches the current Danish text; returns the step count."""
    from .source import version
    folder = Path(folder)
    danish = read_text((folder / "da.md").read_text(encoding="utf-8"), SOURCE, Notes("da.md"))
    path = folder / f"{lang}.md"
    if danish is None or lang not in TRANSLATIONS or not path.exists():
        raise ValueError(f"cannot stamp {path}: the Danish text or the translation is unreadable")
    lines = path.read_text(encoding="utf-8").splitlines()
    end = next(i for i in range(1, len(lines)) if lines[i].strip() == "+++")
    front = [l for l in lines[1:end]]
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
