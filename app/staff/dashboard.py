"""The dashboard's figures: content health, feedback and usage (plain functions over the library and db)."""
from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field

from flask import current_app

from ..content import checks, sitefacts
from ..feedback import records
from ..languages import CODES, SOURCE


@dataclass
class Cell:
    """One guide in one language: missing, stale steps, problems."""
    lang: str
    present: bool
    stale: list[int] = field(default_factory=list)  # 0 = title and summary
    errors: int = 0
    warnings: int = 0

    @property
    def ok(self) -> bool:
        return self.present and not self.stale and not self.errors


@dataclass
class GuideHealth:
    slug: str
    title: str
    review_due: dt.date
    review_overdue: bool
    lix: float
    lix_over: bool
    steps_over: list[tuple[int, float]]
    cells: list[Cell]
    problems: list  # Problem, with a path relative to the project

    @property
    def needs_work(self) -> bool:
        return self.review_overdue or self.lix_over or bool(self.steps_over) or \
            any(not c.ok for c in self.cells if c.present) or bool(self.problems)


def relative(path: str, root: str) -> str:
    try:
        return os.path.relpath(path, root)
    except ValueError:
        return path


def shown_apart(problem) -> bool:
    """Problems the dashboard shows in their own columns (stale steps, review date, LIX), so
    they are not listed twice. Tied to the wording of app/content's checker."""
    reason = problem.reason
    return " is stale: " in reason or reason.startswith("review overdue") or " has LIX " in reason


def content_health(library, root: str, today: dt.date | None = None) -> tuple[list[GuideHealth], list]:
    """Per guide: review date, LIX against the budgets, and per language stale steps and problems.

    Returns (guides, broken): `broken` are the problems of guides that could not be loaded at all.
    Problems are given with paths relative to `root` (the project folder) so staff can find them.
    """
    today = today or dt.date.today()
    by_slug: dict[str, list] = {}
    for problem in library.problems:
        by_slug.setdefault(problem.slug, []).append(problem)
    guides = []
    for guide in library.ordered():
        problems = [p for p in by_slug.get(guide.slug, []) if not shown_apart(p) and not
                    (p.lang and p.reason == f"the {p.lang} translation is missing")]  # the grid says so
        cells = []
        for lang in CODES:
            mine = [p for p in problems if p.lang == lang]
            cells.append(Cell(lang, guide.has(lang), sorted(guide.stale.get(lang, set())),
                              sum(p.severity == "error" for p in mine),
                              sum(p.severity == "warning" for p in mine)))
        steps_over = [(s.number, round(checks.step_lix(s), 1)) for s in guide.danish.steps
                      if checks.step_lix(s) > checks.STEP_LIX_BUDGET]
        score = checks.guide_lix(guide)
        guides.append(GuideHealth(
            slug=guide.slug, title=guide.danish.title, review_due=guide.review_due(),
            review_overdue=guide.review_overdue(today), lix=round(score, 1),
            lix_over=score > checks.GUIDE_LIX_BUDGET, steps_over=steps_over, cells=cells,
            problems=[_relocated(p, root) for p in problems]))
    loaded = set(library.guides)
    broken = [_relocated(p, root) for p in library.problems if p.slug not in loaded]
    return guides, broken


def _relocated(problem, root: str):
    from dataclasses import replace
    return replace(problem, path=relative(problem.path, root))


def usage(db, days: int = 30, today: dt.date | None = None, guide: str = "") -> dict:
    """Page views (daily aggregates) over the last `days` days: per guide × language and per day.

    With `guide`, the per-day figures are that guide's only (the aggregates as stored)."""
    today = today or dt.date.today()
    since = (today - dt.timedelta(days=days - 1)).isoformat()
    grid: dict[str, dict[str, int]] = {}
    for slug, lang, views in db.execute(
            "SELECT guide, lang, SUM(views) FROM page_views WHERE day >= ? GROUP BY guide, lang", [since]):
        grid.setdefault(slug, {})[lang] = views
    per_day: dict[str, dict[str, int]] = {}
    only, values = ("AND guide = ?", [since, guide]) if guide else ("", [since])
    for day, lang, views in db.execute(
            f"SELECT day, lang, SUM(views) FROM page_views WHERE day >= ? {only} "
            "GROUP BY day, lang ORDER BY day DESC", values):
        per_day.setdefault(day, {})[lang] = views
    total = sum(sum(row.values()) for row in grid.values())
    return {"grid": grid, "per_day": per_day, "total": total, "days": days, "guide": guide}


def feedback(db, library, days: int = 30, today: dt.date | None = None) -> dict:
    """Yes/no per guide and step, and the newest comments, with guide titles."""
    per_guide: dict[str, list[dict]] = {}
    for row in records.summary(db, days, today):
        per_guide.setdefault(row["guide"], []).append(row)
    titles = {g.slug: g.danish.title for g in library.ordered()}
    comments = records.recent_comments(db, 50, days, today)
    answers = sum(r["yes"] + r["no"] for rows in per_guide.values() for r in rows)
    return {"per_guide": per_guide, "titles": titles, "comments": comments, "answers": answers,
            "days": days}


def source_url(path: str, line: int = 1) -> str | None:
    """Where the read-only view shows `path` (as the dashboard names it) at `line`; None for a
    file it may not show."""
    from flask import url_for

    from . import source
    if not source.viewable(path):
        return None
    return url_for("staff.guide_source", path=path, line=line or None) + f"#L{max(line or 1, 1)}"


def overview(db, guide: str = "") -> dict:
    """Everything the dashboard shows. `guide` narrows the per-day usage table to one guide;
    a slug that is neither a guide nor in the figures is reported and ignored."""
    from ..guides import library as current_library
    from . import source
    lib = current_library()
    known = {g.slug for g in lib.ordered()}
    # the guides with figures: today's, then any others the counts still name (a guide since removed)
    usage_guides = [(g.slug, g.danish.title) for g in lib.ordered()] + [
        (slug, slug) for (slug,) in db.execute("SELECT DISTINCT guide FROM page_views ORDER BY guide")
        if slug not in known]
    unknown_guide = ""
    if guide and guide not in {slug for slug, _title in usage_guides}:
        unknown_guide, guide = guide, ""
    root = source.project_root()
    guides, broken = content_health(lib, root)
    facts = sitefacts.load(current_app.config["SITE_FACTS"])
    return {
        "guides": guides, "broken": broken, "languages": CODES, "source": SOURCE,
        "to_confirm": facts.to_confirm(),
        "site_facts_path": relative(current_app.config["SITE_FACTS"], root),
        "lix_budget": (checks.STEP_LIX_BUDGET, checks.GUIDE_LIX_BUDGET),
        "feedback": feedback(db, lib), "usage": usage(db, guide=guide), "unknown_guide": unknown_guide,
        "usage_guides": usage_guides,
        "edit_url": current_app.config.get("GUIDES_EDIT_URL", ""), "source_url": source_url,
    }
