"""The read-only view of the files the dashboard asks staff to fix, and the links to it."""
from __future__ import annotations

import re

import pytest

from app import create_app
from tests.content.helpers import META, write_guide

from .helpers import login, make_staff

FACTS = """[[places]]
id = "bs"
kind = "borgerservice"
name = "Borgerservice Aabenraa"
phone = "73 76 76 76"
[places.text]
da = "Kom forbi."
"""


@pytest.fixture
def project(tmp_path):
    """A project folder: guides/ with a good guide and one whose guide.toml does not parse
    (line 3), site/facts.toml, and a secret file beside them."""
    guides = tmp_path / "guides"
    write_guide(guides, "log-in")
    broken = write_guide(guides, "broken")
    broken.joinpath("guide.toml").write_text(META.replace("order = 10", "order = ti"), encoding="utf-8")
    (guides / "paths.toml").write_text('older = ["log-in"]\n', encoding="utf-8")
    (guides / "README.md").write_text("# Guides\n", encoding="utf-8")
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "facts.toml").write_text(FACTS, encoding="utf-8")
    (tmp_path / "secret.md").write_text("SECRET\n", encoding="utf-8")
    return tmp_path


def make_app(project, monkeypatch, edit_url=""):
    monkeypatch.setenv("TRINVIS_INSTANCE", str(project / "instance"))
    monkeypatch.setenv("TRINVIS_GUIDES_EDIT_URL", edit_url)
    app = create_app({"TESTING": True, "SECRET_KEY": "test", "GUIDES_DIR": str(project / "guides"),
                      "SITE_FACTS": str(project / "site" / "facts.toml"), "GUIDES_RELOAD_SECONDS": 0})
    return app


@pytest.fixture
def client(project, monkeypatch):
    app = make_app(project, monkeypatch)
    make_staff(app, "anna@aabenraa.dk")
    client = app.test_client()
    login(client, "anna@aabenraa.dk")
    return client


def test_by_default_the_dashboard_links_each_file_to_fix_to_the_view(client):
    page = client.get("/staff/").get_data(as_text=True)
    link = re.search(r'<a href="(/staff/guides/source/guides/broken/guide\.toml\?line=(\d+)#L\2)">'
                     r'<code>guides/broken/guide\.toml:\2</code></a>', page)
    assert link, "the load error is not a link to the file"
    assert link.group(2) == "3"
    shown = client.get(link.group(1).split("#")[0]).get_data(as_text=True)
    assert '<mark id="L3">' in shown and "order = ti" in shown.split('<mark id="L3">')[1].split("</mark>")[0]


def test_the_view_numbers_every_line_and_marks_the_one_asked_for(client, project):
    lines = (project / "guides" / "log-in" / "da.md").read_text(encoding="utf-8").splitlines()
    n = lines.index("Gå til siden. Tryk på [[Log på]].") + 1
    response = client.get(f"/staff/guides/source/guides/log-in/da.md?line={n}")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    page = response.get_data(as_text=True)
    assert '<h1><code>guides/log-in/da.md</code></h1>' in page
    assert '<span id="L1"> 1  +++</span>' in page
    assert f'<mark id="L{n}">{n:2d}  Gå til siden. Tryk på [[Log på]].</mark>' in page
    assert f"Linje {n} er markeret." in page and f'href="#L{n}"' in page
    assert page.count('<span id="L') == len(lines) - 1 and page.count("<mark") == 1


def test_a_line_that_is_not_in_the_file_marks_nothing(client):
    for line in ("0", "999", "x", "-1", "9" * 5000, "٣"):
        page = client.get("/staff/guides/source/guides/log-in/da.md", query_string={"line": line})
        assert page.status_code == 200 and b"<mark" not in page.data, line


@pytest.mark.parametrize("path", ["guides/log-in/guide.toml", "guides/log-in/en.md", "guides/paths.toml",
                                  "site/facts.toml"])
def test_guide_files_and_the_site_facts_can_be_shown(client, path):
    assert client.get(f"/staff/guides/source/{path}").status_code == 200


@pytest.mark.parametrize("path", [
    "secret.md", "guides/README.md", "guides/log-in/phone.svg", "guides/log-in", "guides/nope/da.md",
    "guides/log-in/../../secret.md", "guides/../secret.md", "guides/log-in/./da.md",
    "guides/log-in/%2E%2E/%2E%2E/secret.md", "guides/log-in/..%2F..%2Fsecret.md", "..%2Fsecret.md",
    "guides/log-in/..\\..\\secret.md", "%2Fetc%2Fpasswd", "/etc/passwd", "site/other.toml",
    "instance/trinvis.sqlite3", "guides/log-in/da.md%00.md"])
def test_anything_else_is_not_found(client, path):
    response = client.get(f"/staff/guides/source/{path}", follow_redirects=True)
    assert response.status_code == 404, path
    assert b"SECRET" not in response.data


def test_a_link_that_leads_outside_is_not_followed(client, project):
    (project / "guides" / "log-in" / "de.md").symlink_to(project / "secret.md")
    (project / "guides" / "escape").symlink_to(project, target_is_directory=True)
    for path in ("guides/log-in/de.md", "guides/escape/secret.md"):
        response = client.get(f"/staff/guides/source/{path}")
        assert response.status_code == 404 and b"SECRET" not in response.data, path


def test_anonymous_visitors_are_sent_to_the_login(project, monkeypatch):
    client = make_app(project, monkeypatch).test_client()
    response = client.get("/staff/guides/source/guides/log-in/da.md?line=2")
    assert response.status_code == 302 and "/staff/login" in response.headers["Location"]
    assert client.get("/staff/guides/source/secret.md").status_code == 302   # no hint what exists


def test_with_an_edit_address_the_dashboard_links_there_instead(project, monkeypatch):
    app = make_app(project, monkeypatch, "https://git.example/trinvis/edit/main/{path}#L{line}")
    make_staff(app, "anna@aabenraa.dk")
    client = app.test_client()
    login(client, "anna@aabenraa.dk")
    page = client.get("/staff/").get_data(as_text=True)
    assert '<a href="https://git.example/trinvis/edit/main/guides/broken/guide.toml#L3">' in page
    assert "/staff/guides/source/" not in page
