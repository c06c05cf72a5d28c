"""Many handouts in one PDF: the size limit, and printing the ones not cached yet, on several
cores when there are many (the command line; the web prints in its own worker)."""
from __future__ import annotations

import io
import logging
import os
from concurrent.futures import ProcessPoolExecutor, as_completed
from multiprocessing import get_context

from flask import current_app

from . import links, pdf

log = logging.getLogger(__name__)
PARALLEL_FROM = 12  # fewer handouts than this are quicker printed here than by starting helpers
_worker_app = None  # the app inside a helper process


class BatchTooLarge(ValueError):
    """More handouts than HANDOUTS_MAX_BATCH in one go, or none at all."""


def check(count: int) -> None:
    limit = current_app.config["HANDOUTS_MAX_BATCH"]
    if count > limit:
        raise BatchTooLarge(f"{count} handouts is more than the {limit} allowed in one PDF; "
                            "choose fewer guides or languages (or raise HANDOUTS_MAX_BATCH)")
    if count == 0:
        raise BatchTooLarge("choose at least one guide and one language")


def _start_helper(instance: str, config: dict) -> None:
    """In a fresh helper process (spawned, so it shares no threads, locks or database handles)."""
    global _worker_app
    os.environ["TRINVIS_INSTANCE"] = instance
    logging.disable(logging.WARNING)  # the parent reports; helpers stay quiet
    from .. import create_app
    _worker_app = create_app(config)


def _print_in_helper(slug: str, lang: str, link: links.ShortLink) -> tuple[bytes, int]:
    from ..guides import library
    with _worker_app.app_context():
        return pdf.print_handout(library().find(slug), lang, link)


def _helper_config() -> dict:
    """What a helper needs to print exactly what this app would."""
    keys = ("TESTING", "SECRET_KEY", "GUIDES_DIR", "SITE_FACTS", "TRANSLATIONS_DIR", "BASE_URL",
            "DATABASE", "HANDOUTS_CACHE", "GUIDES_RELOAD_SECONDS")
    return {key: current_app.config[key] for key in keys if key in current_app.config}


def uncached(db, pairs: list[tuple]) -> tuple[dict, dict]:
    """The short link of every (guide, lang), and those not in the PDF cache yet:
    {(slug, lang): (guide, where its PDF will be cached)}."""
    made = links.ensure_many(db, [(g.slug, lang) for g, lang in pairs])
    todo = {}
    for guide, lang in pairs:
        path = pdf.cache_path(guide, lang, made[(guide.slug, lang)])
        if not path.exists():
            todo[(guide.slug, lang)] = (guide, path)
    return made, todo


def batch_pdf(db, pairs: list[tuple], progress=None, jobs: int = 1) -> bytes:
    """One PDF with the handout of each (guide, lang), in order; each starts on a new page.

    `progress(done, total, guide, lang)` is called as each handout is ready. With `jobs` > 1
    and many handouts not cached, they are printed by that many helper processes.
    """
    from pypdf import PdfReader, PdfWriter

    check(len(pairs))
    made, todo = uncached(db, pairs)
    done, reported = 0, set()
    if jobs > 1 and len(todo) >= PARALLEL_FROM:
        with ProcessPoolExecutor(max_workers=jobs, mp_context=get_context("spawn"), initializer=_start_helper,
                                 initargs=(current_app.instance_path, _helper_config())) as helpers:
            futures = {helpers.submit(_print_in_helper, slug, lang, made[(slug, lang)]): (slug, lang)
                       for slug, lang in todo}
            for future in as_completed(futures):
                slug, lang = futures[future]
                guide, path = todo[(slug, lang)]
                data, count = future.result()
                pdf.keep(guide, lang, path, data, count)
                reported.add((slug, lang))
                done += 1
                if progress:
                    progress(done, len(pairs), guide, lang)
    writer = PdfWriter()
    for guide, lang in pairs:
        writer.append(PdfReader(io.BytesIO(pdf.handout_pdf(db, guide, lang))))
        if (guide.slug, lang) not in reported:
            done += 1
            if progress:
                progress(done, len(pairs), guide, lang)
    writer.add_metadata({"/Title": "Trinvis – håndsedler", "/Creator": "Trinvis"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
