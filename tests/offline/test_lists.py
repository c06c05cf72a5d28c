"""The keep lists: every page of every guide, everything those pages load, and the 2 MB budget."""
import re

import pytest

from app.guides import library
from app.languages import CODES
from app.offline import pages
from tests.offline.helpers import page_parts, worker_config

BUDGET_ALL_GUIDES = 2 * 1024 * 1024


def shell_of(client) -> list[str]:
    return worker_config(client.get("/sw.js").get_data(as_text=True))["shell"]


def test_list_names_every_step_of_every_guide(app, client):
    data = client.get("/en/offline/guides.json").json
    with app.app_context():
        lib = library()
        assert [g["slug"] for g in data["guides"]] == [g.slug for g in lib.ordered()]
        for entry in data["guides"]:
            guide = lib.find(entry["slug"])
            steps = len(guide.text("en").steps)
            assert entry["pages"][0] == f"/en/guides/{guide.slug}/"
            assert entry["pages"][-1] == f"/en/guides/{guide.slug}/all/"
            assert entry["pages"][1:-1] == [f"/en/guides/{guide.slug}/{n}/" for n in range(1, steps + 1)]
            assert entry["title"] == guide.text("en").title
    assert "/en/" in data["pages"] and "/en/help/" in data["pages"]
    assert all(client.get(url).status_code == 200 for url in data["pages"])


def kept_bytes(client, lang: str) -> tuple[int, set[str]]:
    """What the worker holds once every guide of `lang` is kept: the shell, every page and every
    file those pages load (the same files the worker finds in them), counted as stored (unpacked)."""
    data = client.get(f"/{lang}/offline/guides.json").json
    urls = list(shell_of(client)) + data["pages"] + [u for g in data["guides"] for u in g["pages"]]
    urls.append(f"/{lang}/offline/guides.json")
    seen, total, missing = set(), 0, set()
    while urls:
        url = urls.pop()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        assert response.status_code == 200, url
        total += len(response.data)
        if response.mimetype == "text/html":
            loads = pages.subresources(response.get_data(as_text=True))
            missing.update(u for u in loads if u not in seen)
            urls.extend(loads)
    return total, seen


@pytest.mark.parametrize("lang", CODES)
def test_all_guides_of_a_language_fit_in_two_megabytes(client, lang):
    total, urls = kept_bytes(client, lang)
    assert total <= BUDGET_ALL_GUIDES, f"{lang}: {total:,} bytes kept offline"
    assert any(u.startswith("/media/") for u in urls)  # the illustrations are counted too


def test_worker_finds_what_a_page_loads_like_the_browser_does(client):
    """The worker finds a page's files with a regular expression; it must find what a parser finds."""
    source = pages.WORKER_SOURCE.read_text()
    regex = re.search(r"var LOADS = /(.*)/g;", source).group(1).replace("\\/", "/")
    for url in ("/ar/guides/mitid-app/2/", "/da/guides/nemkonto/all/", "/en/offline/", "/de/guides/mitid-app/"):
        html = client.get(url).get_data(as_text=True)
        found = {(a or b).replace("&amp;", "&") for a, b in re.findall(regex, html)}
        parts = page_parts(html)
        loads = {u.replace("&amp;", "&") for u in parts.blocking_css + parts.scripts + parts.images
                 if u.startswith("/")}
        assert loads <= found, loads - found
