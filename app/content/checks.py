"""The rules a guide must follow; each returns problems with file, line and a plain reason."""
from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from pathlib import Path
from xml.etree import ElementTree

from ..languages import SOURCE
from .lix import count
from .markup import plain
from .model import AUDIENCES, TOPICS, Guide, Problem
from .source import Notes, version

STEP_LIX_BUDGET = 32
GUIDE_LIX_BUDGET = 28
SVG_MAX_BYTES = 8 * 1024
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def _line_of(raw: str, key: str) -> int:
    for number, line in enumerate(raw.splitlines(), start=1):
        if line.split("=")[0].strip() == key:
            return number
    return 1


def guide_meta(meta: dict, notes: Notes, raw: str) -> dict:
    """Validate guide.toml and return the Guide's metadata fields."""
    def line(key):
        return _line_of(raw, key)

    audiences = meta.get("audiences")
    if not isinstance(audiences, list) or not audiences:
        notes.error(line("audiences"), f'"audiences" must list at least one of {", ".join(AUDIENCES)}')
        audiences = []
    for audience in audiences:
        if audience not in AUDIENCES:
            notes.error(line("audiences"), f'unknown audience "{audience}": use {", ".join(AUDIENCES)}')
    topic = meta.get("topic")
    if topic not in TOPICS:
        notes.error(line("topic"), f'unknown topic "{topic}": use one of {", ".join(TOPICS)}')
    order = meta.get("order")
    if not isinstance(order, int) or isinstance(order, bool):
        notes.error(line("order"), '"order" must be a whole number')
        order = 0
    reviewed = meta.get("reviewed")
    if not isinstance(reviewed, dt.date) or isinstance(reviewed, dt.datetime):
        notes.error(line("reviewed"), '"reviewed" must be a date like 2026-11-20')
        reviewed = dt.date(1970, 1, 1)
    interval = meta.get("review_interval_months")
    if not isinstance(interval, int) or isinstance(interval, bool) or not 1 <= interval <= 36:
        notes.error(line("review_interval_months"), '"review_interval_months" must be a whole number from 1 to 36')
        interval = 12
    sources = meta.get("sources")
    if not isinstance(sources, list) or not sources:
        notes.error(line("sources"), '"sources" must list the official pages the facts come from')
        sources = []
    for source in sources:
        if not isinstance(source, str) or not re.match(r"^https://[^\s/]+\.[^\s/]+", source):
            notes.error(line("sources"), f'the source "{source}" is not an https URL')
    aliases = meta.get("aliases", [])
    if not isinstance(aliases, list) or not all(isinstance(a, str) and SLUG.match(a) for a in aliases):
        notes.error(line("aliases"), '"aliases" must be a list of old slugs')
        aliases = []
    return dict(audiences=list(audiences), topic=topic or "", order=order, reviewed=reviewed,
                review_interval_months=interval, sources=list(sources), aliases=list(aliases))


def step_lix(step) -> float:
    return count(plain(step.title + "\n" + step.text + "\n" + step.tip + "\n" + step.warning)).lix


def guide_lix(guide: Guide) -> float:
    text = guide.danish
    total = count(plain("\n".join([text.title, text.summary])))
    for step in text.steps:
        total = total + count(plain("\n".join([step.title, step.text, step.tip, step.warning])))
    return total.lix


def guide_content(guide: Guide, folder: Path) -> list[Problem]:
    problems: list[Problem] = []
    danish = guide.danish
    for step in danish.steps:
        score = step_lix(step)
        if score > STEP_LIX_BUDGET:
            problems.append(Problem(danish.path, step.line, f"step {step.number} has LIX {score:.0f}, over the "
                                    f"budget of {STEP_LIX_BUDGET}: use shorter sentences and shorter words",
                                    slug=guide.slug, lang=SOURCE))
    score = guide_lix(guide)
    if score > GUIDE_LIX_BUDGET:
        problems.append(Problem(danish.path, 1, f"the guide has LIX {score:.0f}, over the budget of "
                                f"{GUIDE_LIX_BUDGET}", slug=guide.slug, lang=SOURCE))
    svgs_checked: set[str] = set()
    for lang, text in guide.texts.items():
        for step in text.steps:
            image = step.illustration
            if image is None:
                continue
            if not image.alt:
                problems.append(Problem(text.path, image.line, f'the illustration "{image.file}" has no alt '
                                        "text: describe what it shows", slug=guide.slug, lang=lang))
            target = folder / image.file
            if "/" in image.file or not target.is_file():
                problems.append(Problem(text.path, image.line, f'the illustration "{image.file}" is not in '
                                        "the guide's folder", slug=guide.slug, lang=lang))
            elif image.file not in svgs_checked:
                svgs_checked.add(image.file)
                problems.extend(svg_problems(target, guide.slug))
    for lang, text in guide.texts.items():
        if lang != SOURCE:
            problems.extend(translation_problems(guide, text))
    return problems


def svg_problems(path: Path, slug: str) -> list[Problem]:
    problems = []
    data = path.read_bytes()
    if path.suffix != ".svg":
        return [Problem(str(path), 1, "illustrations must be SVG files", slug=slug)]
    if len(data) > SVG_MAX_BYTES:
        problems.append(Problem(str(path), 1, f"the illustration is {len(data)} bytes; the limit is "
                                f"{SVG_MAX_BYTES}", slug=slug))
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as exc:
        return problems + [Problem(str(path), exc.position[0], f"the SVG is not well-formed: {exc}", slug=slug)]
    if root.get("viewBox") is None:
        problems.append(Problem(str(path), 1, "the SVG has no viewBox", slug=slug))
    text = data.decode("utf-8", "replace").lower()
    if "<script" in text or "javascript:" in text or re.search(r"\son\w+\s*=", text):
        problems.append(Problem(str(path), 1, "the SVG contains script", slug=slug))
    if re.search(r"(href|src)\s*=\s*[\"']\s*(https?:|//)", text) or "@import" in text:
        problems.append(Problem(str(path), 1, "the SVG refers to an outside file", slug=slug))
    return problems


def translation_problems(guide: Guide, text) -> list[Problem]:
    danish = guide.danish
    problems = []
    if len(text.steps) != len(danish.steps):
        problems.append(Problem(text.path, 1, f"the translation has {len(text.steps)} steps; the Danish "
                                f"text has {len(danish.steps)}", slug=guide.slug, lang=text.lang))
        return problems
    for mine, source in zip(text.steps, danish.steps):
        want = Counter(w.danish for w in source.screen_words)
        got = Counter(w.danish for w in mine.screen_words)
        if want != got:
            missing = ", ".join(f"[[{w}]]" for w in sorted((want - got).elements()))
            extra = ", ".join(f"[[{w}]]" for w in sorted((got - want).elements()))
            detail = "; ".join(x for x in (missing and f"missing {missing}", extra and f"not in the Danish step {extra}") if x)
            problems.append(Problem(text.path, mine.line, f"step {mine.number} must carry the same Danish screen "
                                    f"words as the Danish step: {detail}", slug=guide.slug, lang=text.lang))
        want_image = source.illustration.file if source.illustration else None
        got_image = mine.illustration.file if mine.illustration else None
        if want_image != got_image:
            problems.append(Problem(text.path, mine.line, f"step {mine.number} must show the same illustration "
                                    f"as the Danish step ({want_image or 'none'})", slug=guide.slug, lang=text.lang))
    return problems


def unusable_translations(guide: Guide, problems: list[Problem]) -> list[str]:
    """Translations that cannot be served step by step (a different number of steps)."""
    return [lang for lang, text in guide.texts.items()
            if lang != SOURCE and len(text.steps) != len(guide.danish.steps)]


def stale_steps(guide: Guide) -> dict[str, set[int]]:
    """For each translation, the step numbers (0 = title and summary) whose Danish text has
    changed since the translation was made."""
    danish = guide.danish
    current = [version(s.title + "\n" + s.source) for s in danish.steps]
    intro = version(danish.intro_source)
    stale = {}
    for lang, text in guide.texts.items():
        if lang == SOURCE:
            continue
        recorded = text.translated_from or {}
        steps = recorded.get("steps", []) if isinstance(recorded.get("steps"), list) else []
        numbers = {0} if recorded.get("intro") != intro else set()
        numbers |= {i + 1 for i, v in enumerate(current) if i >= len(steps) or steps[i] != v}
        if numbers:
            stale[lang] = numbers
    return stale
