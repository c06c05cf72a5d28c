"""Staff page /staff/handouts/: choose guides and languages, preview, download PDFs and stickers.

Generating PDFs is for logged-in staff only; every batch download is written to the audit log.
"""
from __future__ import annotations

import datetime as dt

from flask import abort, current_app, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _

from ..guides import library
from ..languages import BY_CODE, CODES, LANGUAGES, SOURCE
from ..staff.audit import audit
from ..staff.auth import current_staff, staff_required
from ..store import get_db
from . import batch, jobs, links, pdf, sheet, stickers
from .routes import bp


def chosen(values) -> tuple[list, list[str]]:
    """The guides and languages picked in a form; an unknown guide or language is a 404."""
    lib = library()
    slugs = [g.slug for g in lib.ordered()] if values.get("all") else values.getlist("guide")
    guides = []
    for slug in dict.fromkeys(slugs):
        guide = lib.find(slug)
        if guide is None:
            abort(404, f'There is no guide "{slug}".')
        guides.append(guide)
    langs = list(dict.fromkeys(values.getlist("lang")))
    if any(lang not in BY_CODE for lang in langs):
        abort(404, "Unknown language.")
    return guides, [code for code in CODES if code in langs]  # the language table's order


def too_many(count: int) -> str | None:
    limit = current_app.config["HANDOUTS_MAX_BATCH"]
    if count > limit:
        return _("You chose %(count)d handouts. One PDF can hold at most %(limit)d: choose fewer "
                 "guides or languages.", count=count, limit=limit)
    return None


def preview_rows(db, guides, langs) -> list[dict]:
    base = current_app.config["BASE_URL"]
    scans = links.scan_totals(db)
    made = links.ensure_many(db, [(g.slug, lang) for g in guides for lang in langs])
    rows = []
    for guide in guides:
        for lang in langs:
            link = made[(guide.slug, lang)]
            rows.append(dict(guide=guide, lang=lang, language=BY_CODE[lang], link=link,
                             typed=links.typed_url(base, link.code), scans=scans.get(link.code, 0),
                             translated=lang == SOURCE or guide.has(lang),
                             stale=len(guide.stale.get(lang, ())),
                             title=guide.text(lang).title))
    return rows


@bp.route("/staff/handouts/")
@staff_required
def staff_index():
    guides, langs = chosen(request.args)
    count = len(guides) * len(langs)
    asked = "preview" in request.args
    error = too_many(count) if asked else None
    if asked and not error and count == 0:
        error = _("Choose at least one guide and one language.")
    rows = preview_rows(get_db(), guides, langs) if asked and not error else []
    return render_template("handouts/staff.html", all_guides=library().ordered(), languages=LANGUAGES,
                           guides=guides, langs=langs, rows=rows, error=error,
                           picked={g.slug for g in guides}, picked_all=bool(request.args.get("all")))


def _download(data: bytes, name: str):
    response = current_app.response_class(data, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _refuse(message: str, guides, langs):
    """The page again, with the choice kept and the reason it was refused."""
    return render_template("handouts/staff.html", all_guides=library().ordered(), languages=LANGUAGES,
                           guides=guides, langs=langs, rows=[], error=message,
                           picked={g.slug for g in guides}, picked_all=False), 400


@bp.route("/staff/handouts/pdf", methods=["POST"])
@staff_required
def staff_pdf():
    """One PDF with every chosen handout."""
    guides, langs = chosen(request.form)
    pairs = [(g, lang) for g in guides for lang in langs]
    message = too_many(len(pairs)) or (None if pairs else _("Choose at least one guide and one language."))
    if message:
        return _refuse(message, guides, langs)
    db = get_db()
    me = current_staff()["email"]
    audit(db, me, "handouts.pdf", "handouts",
          f"{len(guides)} vejledninger × {len(langs)} sprog: " + ", ".join(g.slug for g in guides)
          + " / " + ", ".join(langs))
    if jobs.to_print(db, pairs) > current_app.config.get("HANDOUTS_QUICK", jobs.QUICK):
        # longer than a request should wait: print in the background, show the progress
        return redirect(url_for("handouts.staff_job", job_id=jobs.start(db, me, pairs)), 303)
    return _download(batch.batch_pdf(db, pairs), batch_name())


def batch_name() -> str:
    """The download's file name carries the print date the handouts inside show."""
    return f"trinvis-haandsedler-{sheet.today().isoformat()}.pdf"


@bp.route("/staff/handouts/jobs/<job_id>/")
@staff_required
def staff_job(job_id):
    """How far a background batch has come; the download link once it is ready."""
    job = jobs.get(get_db(), job_id, current_staff()["email"])
    if job is None:
        abort(404)
    return render_template("handouts/job.html", job=job)


@bp.route("/staff/handouts/jobs/<job_id>/pdf")
@staff_required
def staff_job_pdf(job_id):
    job = jobs.get(get_db(), job_id, current_staff()["email"])
    if job is None or job["state"] != "done":
        abort(404)
    return send_file(jobs.path(job_id), mimetype="application/pdf", as_attachment=True,
                     download_name=batch_name())


@bp.route("/staff/handouts/stickers", methods=["POST"])
@staff_required
def staff_stickers():
    """A4 sheets of QR stickers for the chosen guides and languages."""
    guides, langs = chosen(request.form)
    pairs = [(g, lang) for g in guides for lang in langs]
    message = too_many(len(pairs)) or (None if pairs else _("Choose at least one guide and one language."))
    if message:
        return _refuse(message, guides, langs)
    db = get_db()
    data = stickers.stickers_pdf(db, pairs, SOURCE)
    audit(db, current_staff()["email"], "handouts.stickers", "handouts",
          f"{len(pairs)} klistermærker: " + ", ".join(g.slug for g in guides) + " / " + ", ".join(langs))
    return _download(data, f"trinvis-klistermaerker-{dt.date.today().isoformat()}.pdf")


@bp.route("/staff/handouts/<lang>/<slug>.pdf")
@staff_required
def staff_one_pdf(lang, slug):
    """The PDF of one handout (for a quick print from the preview)."""
    guide = library().find(slug)
    if guide is None or lang not in BY_CODE:
        abort(404)
    return _download(pdf.handout_pdf(get_db(), guide, lang), f"trinvis-{slug}-{lang}.pdf")
