"""The content files the dashboard asks staff to fix, shown read-only with numbered lines.

Only these files can be shown: a guide's texts and settings (`guides/<slug>/*.md`,
`guides/<slug>/guide.toml`), the target-group paths (`guides/paths.toml`) and the site facts
file. A path is given relative to the project folder (the folder that holds the guides folder),
as the dashboard names it; anything else, including a link that leads outside, is not found.
"""
from __future__ import annotations

import os

from flask import current_app

LIMIT = 1_000_000  # characters shown; a content file is a few kilobytes


def project_root() -> str:
    return os.path.dirname(os.path.abspath(current_app.config["GUIDES_DIR"]))


def _allowed(path: str, guides: str, facts: str) -> bool:
    """Is `path` (absolute, normalised) one of the files that may be shown?"""
    if path == facts:
        return True
    folder, name = os.path.split(path)
    if name.startswith("."):
        return False
    if folder == guides:
        return name == "paths.toml"
    slug_folder, slug = os.path.split(folder)
    if slug_folder != guides or slug.startswith("."):
        return False
    return name == "guide.toml" or name.endswith(".md")


def resolve(relative: str) -> str | None:
    """The file to show for a path as the dashboard names it, or None when it may not be shown.

    Both the path as written and the file it really is (after following links) must be allowed.
    """
    if not relative or "\\" in relative or "\x00" in relative or relative.startswith("/"):
        return None
    parts = relative.split("/")
    if any(part in ("", ".", "..") for part in parts):
        return None
    guides = os.path.abspath(current_app.config["GUIDES_DIR"])
    facts = os.path.abspath(current_app.config["SITE_FACTS"])
    written = os.path.join(project_root(), *parts)
    if not _allowed(written, guides, facts):
        return None
    real = os.path.realpath(written)
    if not _allowed(real, os.path.realpath(guides), os.path.realpath(facts)) or not os.path.isfile(real):
        return None
    return real


def viewable(relative: str) -> bool:
    return resolve(relative) is not None


def read_lines(path: str) -> tuple[list[str], bool]:
    """The file's lines (undecodable bytes shown as �) and whether it was cut short."""
    with open(path, encoding="utf-8", errors="replace", newline="") as handle:
        text = handle.read(LIMIT + 1)
    cut = len(text) > LIMIT
    text = text[:LIMIT]
    lines = [line.removesuffix("\r") for line in text.split("\n")]  # numbered as editors number them
    if len(lines) > 1 and lines[-1] == "":
        lines.pop()
    return lines, cut
