"""A translated step whose Danish step has changed shows a short notice linking to the Danish step."""
import re
import shutil
from pathlib import Path

import pytest

from app import create_app

ROOT = Path(__file__).resolve().parents[2]
SLUG = "digital-post-read"
NOTICE = "The Danish text of this part has changed since it was translated."


def change_danish_step(path: Path, number: int) -> None:
    """Add a sentence to the first line of text of step `number`."""
    lines = path.read_text(encoding="utf-8").splitlines()
    headings = [i for i, line in enumerate(lines) if line.startswith("## ")]
    first = next(i for i in range(headings[number - 1] + 1, len(lines)) if lines[i].strip())
    lines[first] += " Det tager lidt tid."
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.fixture
def client(tmp_path, monkeypatch):
    guides = tmp_path / "guides"
    shutil.copytree(ROOT / "guides", guides)
    change_danish_step(guides / SLUG / "da.md", 2)
    monkeypatch.setenv("TRINVIS_INSTANCE", str(tmp_path / "instance"))
    return create_app({"TESTING": True, "SECRET_KEY": "x", "GUIDES_DIR": str(guides)}).test_client()


def notices(body: str) -> list[str]:
    return re.findall(r'<p class="notice" role="note">.*?</p>', body, re.S)


def test_a_stale_step_links_to_its_danish_step(client):
    response = client.get(f"/en/guides/{SLUG}/2/")
    assert response.status_code == 200
    [notice] = notices(response.get_data(as_text=True))
    assert NOTICE in notice
    assert f'<a href="/da/guides/{SLUG}/2/" hreflang="da">Read the Danish text</a>' in notice
    assert client.get(f"/da/guides/{SLUG}/2/").status_code == 200


def test_an_unchanged_step_has_no_notice(client):
    for number in (1, 3):
        response = client.get(f"/en/guides/{SLUG}/{number}/")
        assert response.status_code == 200
        assert notices(response.get_data(as_text=True)) == []
    assert notices(client.get(f"/en/guides/{SLUG}/").get_data(as_text=True)) == []


def test_the_all_steps_page_marks_only_the_stale_step(client):
    body = client.get(f"/en/guides/{SLUG}/all/").get_data(as_text=True)
    [notice] = notices(body)
    assert f'href="/da/guides/{SLUG}/2/"' in notice
