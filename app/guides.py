"""The library as the running app sees it: loaded once, reloaded when guide files change; the guides CLI."""
from __future__ import annotations

import os
import sys
import threading
import time
from pathlib import Path

import click
from flask.cli import AppGroup
from flask import current_app

from . import content
from .content import checks
from .languages import TRANSLATIONS


_LOADED: dict[tuple, content.Library] = {}  # (root, signature) -> library, shared by every app in a process


class LibraryHolder:
    """Keeps the loaded library and reloads it when a file under guides/ changes."""

    def __init__(self, root: str, recheck_seconds: float):
        self.root, self.recheck = root, recheck_seconds
        self.lock = threading.Lock()
        self.signature = None
        self.checked = 0.0
        self.library = None

    def _signature(self):
        newest, files = 0.0, 0
        for dirpath, _dirs, names in os.walk(self.root):
            for name in names:
                files += 1
                newest = max(newest, os.stat(os.path.join(dirpath, name)).st_mtime)
        return newest, files

    def get(self) -> content.Library:
        now = time.monotonic()
        if self.library is not None and now - self.checked < self.recheck:
            return self.library
        with self.lock:
            signature = self._signature()
            self.checked = now
            if self.library is None or signature != self.signature:
                key = (self.root, signature)
                if key not in _LOADED:
                    _LOADED.clear()  # keep only the current files' library
                    _LOADED[key] = content.load(self.root)
                self.library = _LOADED[key]
                self.signature = signature
        return self.library


def library() -> content.Library:
    return current_app.extensions["trinvis.library"].get()


guides_cli = AppGroup("guides", help="Check and maintain the guides.")


@guides_cli.command("check")
def check_command():
    """Validate every guide; print one line per problem and exit 1 on any error."""
    lib = content.load(current_app.config["GUIDES_DIR"])
    for problem in sorted(lib.problems, key=lambda p: (p.path, p.line)):
        click.echo(str(problem))
    errors, warnings = len(lib.errors()), len(lib.warnings())
    stale = sum(len(v) for g in lib.guides.values() for v in g.stale.values())
    click.echo(f"{len(lib.guides)} guides, {errors} errors, {warnings} warnings, "
               f"{stale} stale translation steps")
    sys.exit(1 if errors else 0)


@guides_cli.command("stamp")
@click.argument("slug")
@click.argument("lang", type=click.Choice(TRANSLATIONS))
def stamp_command(slug, lang):
    """Mark the LANG translation of SLUG as up to date with the Danish text."""
    folder = Path(current_app.config["GUIDES_DIR"]) / slug
    if not (folder / "da.md").exists():
        raise click.ClickException(f'there is no guide "{slug}"')
    if not (folder / f"{lang}.md").exists():
        raise click.ClickException(f"{folder}/{lang}.md does not exist")
    try:
        steps = content.stamp(folder, lang)
    except ValueError as exc:
        raise click.ClickException(str(exc))
    click.echo(f"{slug}/{lang}.md marked up to date ({steps} steps)")


@guides_cli.command("lix")
def lix_command():
    """Print the LIX table: every guide, its highest step and its whole text."""
    lib = content.load(current_app.config["GUIDES_DIR"])
    click.echo("| guide | steps | highest step LIX | guide LIX |\n| --- | ---: | ---: | ---: |")
    scores = []
    for guide in lib.ordered():
        steps = [checks.step_lix(s) for s in guide.danish.steps]
        score = checks.guide_lix(guide)
        scores.append(score)
        click.echo(f"| {guide.slug} | {len(steps)} | {max(steps):.1f} | {score:.1f} |")
    if scores:
        ordered = sorted(scores)
        mid = len(ordered) // 2
        median = ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2
        click.echo(f"\nMedian guide LIX: {median:.1f} ({len(scores)} guides)")


def init_app(app) -> None:
    app.extensions["trinvis.library"] = LibraryHolder(app.config["GUIDES_DIR"],
                                                      app.config["GUIDES_RELOAD_SECONDS"])
    app.cli.add_command(guides_cli)

