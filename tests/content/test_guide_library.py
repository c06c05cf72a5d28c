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


@pytest.mark.parametrize("slug", [s for s in SLUGS if s.startswith("mitid")] + ["scam-safety"])
def test_mitid_guides_warn_against_approving_what_you_did_not_start(slug):
    text = " ".join(s.warning + " " + s.text + " " + s.tip for s in LIBRARY.guides[slug].danish.steps).lower()
    assert any(word in text for word in ("godkend aldrig", "ikke selv har startet", "ikke selv startede",
                                         "kun, hvis du selv", "aldrig om", "ringer aldrig", "aldrig dine"))


def test_guides_naming_fees_or_phone_numbers_are_reviewed_at_least_yearly():
    for guide in LIBRARY.guides.values():
        text = " ".join(s.source for s in guide.danish.steps)
        if re.search(r"\d{2} \d{2} \d{2} \d{2}|\bkr\.|\d+,\d{2}", text):
            assert guide.review_interval_months <= 12, guide.slug
