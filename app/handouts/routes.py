"""Citizen-facing handout routes: the short link redirect, QR images and the printable handout page.

None of these set cookies. Viewing a handout may mint its short code (once, forever): the code
is the handout's stable name, not a record of the visit.
"""
from __future__ import annotations

import logging

from flask import Blueprint, abort, current_app, g, redirect, render_template, request, url_for

from ..guides import library
from ..languages import BY_CODE
from ..store import get_db
from . import links, pdf, qr, sheet

bp = Blueprint("handouts", __name__)
log = logging.getLogger(__name__)


def link_or_404(code: str) -> links.ShortLink:
    link = links.find(get_db(), code)
    if link is None:
        abort(404)
    return link


@bp.route("/q/<code>")
def short_link(code):
    """Where a printed code leads: the guide (or step) in the handout's language."""
    link = link_or_404(code)
    if request.method == "GET":
        try:
            links.count_scan(get_db(), link.code)
        except Exception:  # a scan count is nice to have; the redirect is not optional
            log.exception("could not count a scan")
    where = links.destination(link, library())
    if where.slug is None:
        g.lang = where.lang
        response = current_app.make_response(
            (render_template("handouts/gone.html", link=link, facts=pdf.facts()), 410))
    elif where.step:
        response = redirect(url_for("public.step", lang=where.lang, slug=where.slug, number=where.step))
    else:
        response = redirect(url_for("public.guide", lang=where.lang, slug=where.slug))
    response.headers["Cache-Control"] = "no-store"  # every scan must reach us to be counted
    return response


def _image(link: links.ShortLink, body, mimetype: str, extension: str):
    response = current_app.response_class(body, mimetype=mimetype)
    response.headers["Cache-Control"] = "public, max-age=86400"
    response.headers["Content-Security-Policy"] = "default-src 'none'"
    if request.args.get("download"):
        response.headers["Content-Disposition"] = f'attachment; filename="trinvis-{link.code}.{extension}"'
    return response


@bp.route("/qr/<code>.svg")
def qr_svg(code):
    link = link_or_404(code)
    url = links.short_url(current_app.config["BASE_URL"], link.code)
    return _image(link, qr.svg(url, title=url), "image/svg+xml", "svg")


@bp.route("/qr/<code>.png")
def qr_png(code):
    link = link_or_404(code)
    size = request.args.get("px", 10, type=int)
    if not 2 <= size <= 40:
        abort(404)
    return _image(link, qr.png(links.short_url(current_app.config["BASE_URL"], link.code), size),
                  "image/png", "png")


@bp.route("/<lang>/guides/<slug>/handout/")
def handout(lang, slug):
    """The A4 handout in the browser, ready to print."""
    if lang not in BY_CODE:
        abort(404)
    g.lang = lang
    lib = library()
    guide = lib.find(slug)
    if guide is None:
        if slug in lib.aliases:
            return redirect(url_for("handouts.handout", lang=lang, slug=lib.aliases[slug]), 301)
        abort(404)
    link = links.ensure(get_db(), guide.slug, lang)
    h = sheet.make(guide, lang, link, current_app.config["BASE_URL"], fit=pdf.measured_fit(guide, lang),
                   margin=sheet.BROWSER_MARGIN)
    return render_template("handouts/handout.html", h=h, facts=pdf.facts(),
                           qr_src=url_for("handouts.qr_svg", code=link.code))
