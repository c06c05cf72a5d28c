"""UI catalogues are complete: every string in the code is translated in every language it must be."""
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from app.languages import CODES

ROOT = Path(__file__).resolve().parent.parent
AREAS = sorted(p for p in (ROOT / "translations").iterdir() if (p / "babel.cfg").exists())
# The staff area is used by Borgerservice staff and is written in Danish only.
STAFF_ONLY = {"staff", "lending", "announcements", "kiosk_staff"}


def required_languages(area: Path):
    return ("da",) if area.name in STAFF_ONLY else CODES


def extracted(area: Path, tmp_path: Path) -> set[str]:
    pot = tmp_path / f"{area.name}.pot"
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "extract", "-F", str(area / "babel.cfg"),
                    "-k", "lazy_gettext", "-k", "_l", "--no-location", "-o", str(pot), "."],
                   cwd=ROOT, check=True, capture_output=True)
    with pot.open("rb") as fh:
        return {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(fh) if m.id}


@pytest.mark.parametrize("area", AREAS, ids=lambda p: p.name)
def test_every_ui_string_is_translated_in_every_language(area, tmp_path):
    in_code = extracted(area, tmp_path)
    assert in_code, f"no strings found for {area.name}"
    for lang in required_languages(area):
        po = area / lang / "LC_MESSAGES" / "messages.po"
        assert po.exists(), f"{po} is missing"
        with po.open("rb") as fh:
            catalogue = read_po(fh)
        messages = {m.id if isinstance(m.id, str) else m.id[0]: m for m in catalogue if m.id}
        missing = sorted(in_code - set(messages))
        assert not missing, f"{po}: strings not in the catalogue: {missing[:5]}"
        untranslated = [mid for mid, m in messages.items()
                        if mid in in_code and (not m.string or (isinstance(m.string, tuple) and not all(m.string)))]
        assert not untranslated, f"{po}: untranslated: {untranslated[:5]}"
        fuzzy = [mid for mid, m in messages.items() if m.fuzzy and mid in in_code]
        assert not fuzzy, f"{po}: fuzzy: {fuzzy[:5]}"
