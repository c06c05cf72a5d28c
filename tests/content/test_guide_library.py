"""The bundled library: every guide complete in every language, illustrated, sourced, readable."""
import re
import statistics
from pathlib import Path

import pytest

from app.content import load
from app.content.checks import GUIDE_LIX_BUDGET, guide_lix
from app.languages import CODES

ROOT = Path(__file__).resolve().parents[2]
LIBRARY = load(ROOT / "guides")
SLUGS = ["mitid-app", "mitid-without-smartphone", "mitid-young", "mitid-newcomer", "mitid-help-someone",
         "mitid-lost-or-misuse", "digital-post-read", "digital-post-exemption", "digital-post-access",
         "power-of-attorney", "change-address", "doctor-and-health-card", "tax-check", "nemkonto", "scam-safety"]


def test_the_library_has_no_problems():
    assert [str(p) for p in LIBRARY.problems] == []
    assert sorted(LIBRARY.guides) == sorted(SLUGS)


@pytest.mark.parametrize("slug", SLUGS)
def test_each_guide_is_complete(slug):
    guide = LIBRARY.guides[slug]
    assert set(guide.texts) == set(CODES)
    assert not guide.stale
    pictures = {s.illustration.file for s in guide.danish.steps if s.illustration}
    assert len(pictures) >= 2
    for name in pictures:
        assert (Path(guide.path) / name).stat().st_size <= 8 * 1024
    assert guide_lix(guide) <= GUIDE_LIX_BUDGET
    assert all(source.startswith("https://") for source in guide.sources)
    last = guide.danish.steps[-1]
    assert re.search(r"Borgerservice|hjælp", last.title + last.source, re.I)


def test_median_guide_lix_is_at_most_25():
    assert statistics.median(guide_lix(g) for g in LIBRARY.guides.values()) <= 25


MITID_GUIDES = [s for s in SLUGS if s.startswith("mitid")]


def _warnings(slug: str) -> list[str]:
    """The Danish warning callouts of a guide, one string per step that has one."""
    return [" ".join(s.warning.split()).lower() for s in LIBRARY.guides[slug].danish.steps if s.warning]


def _never_approve(warning: str) -> bool:
    return bool(re.search(r"aldrig\b[^.]*\bgodkend|godkend\w* aldrig", warning)
                and re.search(r"ikke selv (har )?start", warning))


def _nobody_calls(warning: str) -> bool:
    return all(word in warning for word in ("banken", "politiet", "borgerservice", "mitid", "ringer", "kode"))


def _helper_looks_away(warning: str) -> bool:
    return bool(re.search(r"\b(kig\w*|se)( altid)? væk\b", warning) and "kode" in warning)


SAFETY_WARNINGS = {"never approve what you did not start": _never_approve,
                   "nobody calls and asks for codes": _nobody_calls,
                   "a helper looks away at the PIN": _helper_looks_away}


# Every MitID guide gives all three; the scam guide gives the two that are not about setting up MitID.
SAFETY_CASES = ([(slug, name) for slug in MITID_GUIDES for name in SAFETY_WARNINGS]
                + [("scam-safety", "never approve what you did not start"),
                   ("scam-safety", "nobody calls and asks for codes")])


@pytest.mark.parametrize(("slug", "warning"), SAFETY_CASES)
def test_mitid_guides_give_each_safety_warning(slug, warning):
    assert any(SAFETY_WARNINGS[warning](w) for w in _warnings(slug)), f"{slug} lacks a warning: {warning}"


def test_the_safety_checks_tell_the_warnings_apart():
    said = {"never approve what you did not start": "Godkend aldrig noget, du ikke selv har startet.",
            "nobody calls and asks for codes": "Banken, politiet, Borgerservice og MitID ringer aldrig og beder "
                                               "om dine koder.",
            "a helper looks away at the PIN": "Kig altid væk, når personen skriver sin PIN-kode."}
    for name, check in SAFETY_WARNINGS.items():
        assert [other for other, text in said.items() if check(text.lower())] == [name]


def test_guides_naming_fees_or_phone_numbers_are_reviewed_at_least_yearly():
    for guide in LIBRARY.guides.values():
        text = " ".join(s.source for s in guide.danish.steps)
        if re.search(r"\d{2} \d{2} \d{2} \d{2}|\bkr\.|\d+,\d{2}", text):
            assert guide.review_interval_months <= 12, guide.slug
