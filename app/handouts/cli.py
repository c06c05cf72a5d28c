"""`flask --app app handouts …`: handout PDFs, sticker sheets and short links from scripts."""
from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from ..guides import library
from ..languages import CODES
from ..store import get_db
from . import batch, links, pdf, stickers

handouts_cli = AppGroup("handouts", help="Print handouts and QR stickers; list short links.")


def pick(guides: tuple[str, ...], langs: tuple[str, ...], every: bool) -> list[tuple]:
    """(guide, lang) pairs for the options given; a ClickException names what is unknown."""
    lib = library()
    if every:
        chosen = lib.ordered()
    elif guides:
        chosen = []
        for slug in guides:
            guide = lib.find(slug) or lib.find(lib.aliases.get(slug, ""))
            if guide is None:
                raise click.ClickException(f'there is no guide "{slug}" '
                                           f'(the guides are: {", ".join(g.slug for g in lib.ordered())})')
            chosen.append(guide)
    else:
        raise click.ClickException("say which guides: --guide SLUG (again for more) or --all")
    for lang in langs:
        if lang not in CODES:
            raise click.ClickException(f'there is no language "{lang}" (the languages are: {", ".join(CODES)})')
    return [(guide, lang) for guide in chosen for lang in (langs or CODES)]


def progress(done: int, total: int, guide, lang: str) -> None:
    click.echo(f"[{done}/{total}] {guide.slug} ({lang})", err=True)


def write(path: str, data: bytes) -> None:
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)


@handouts_cli.command("pdf")
@click.option("--guide", "guides", multiple=True, metavar="SLUG", help="A guide (repeat for more).")
@click.option("--lang", "langs", multiple=True, metavar="LANG", help="A language (repeat; default: all eight).")
@click.option("--all", "every", is_flag=True, help="Every guide.")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="The PDF file to write.")
@click.option("--jobs", type=click.IntRange(1, 16), default=min(os.cpu_count() or 1, 4), show_default=True,
              help="Processes printing handouts not cached yet (used for big batches).")
def pdf_command(guides, langs, every, output, jobs):
    """Write one PDF with the handout of each chosen guide in each chosen language."""
    pairs = pick(guides, langs, every)
    started = time.perf_counter()
    try:
        data = batch.batch_pdf(get_db(), pairs, progress=progress if len(pairs) > 1 else None, jobs=jobs)
    except batch.BatchTooLarge as exc:
        raise click.ClickException(str(exc))
    write(output, data)
    click.echo(f"{len(pairs)} handout{'s' if len(pairs) != 1 else ''} written to {output} "
               f"({len(data) // 1024} KB, {time.perf_counter() - started:.1f} s)")


@handouts_cli.command("stickers")
@click.option("--lang", "langs", multiple=True, required=True, metavar="LANG", help="A language (repeat for more).")
@click.option("--guide", "guides", multiple=True, metavar="SLUG", help="Only these guides (default: all).")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="The PDF file to write.")
def stickers_command(langs, guides, output):
    """Write A4 sheets of 3 × 8 QR stickers: one per guide and language."""
    pairs = pick(guides, langs, not guides)
    click.echo(f"making {len(pairs)} stickers …", err=True)
    try:
        data = stickers.stickers_pdf(get_db(), pairs, langs[0])
    except batch.BatchTooLarge as exc:
        raise click.ClickException(str(exc))
    write(output, data)
    sheets = -(-len(pairs) // 24)
    click.echo(f"{len(pairs)} stickers on {sheets} sheet{'s' if sheets != 1 else ''} written to {output}")


@handouts_cli.command("link")
@click.option("--guide", "slug", required=True, metavar="SLUG")
@click.option("--lang", required=True, metavar="LANG")
@click.option("--step", type=int, default=None, help="Lead to this step instead of the start page.")
def link_command(slug, lang, step):
    """Print the short link to a guide (made once, kept forever)."""
    ((guide, lang),) = pick((slug,), (lang,), False)
    if step is not None and not 1 <= step <= len(guide.danish.steps):
        raise click.ClickException(f"{guide.slug} has steps 1 to {len(guide.danish.steps)}")
    link = links.ensure(get_db(), guide.slug, lang, step)
    click.echo(links.short_url(current_app.config["BASE_URL"], link.code))


@handouts_cli.command("links")
def links_command():
    """List every short link ever made, with where it leads now and its scans."""
    db = get_db()
    lib = library()
    totals = links.scan_totals(db)
    rows = db.execute("SELECT code, slug, lang, step, created FROM short_links ORDER BY slug, lang, step")
    for row in rows.fetchall():
        link = links.ShortLink(*row)
        where = links.destination(link, lib)
        target = "REMOVED" if where.slug is None else f"/{where.lang}/guides/{where.slug}/" + \
            (f"{where.step}/" if where.step else "")
        click.echo(f"{link.code}\t{link.slug}\t{link.lang}\t{link.step or ''}\t{target}\t{totals.get(link.code, 0)}")
    sys.stdout.flush()
