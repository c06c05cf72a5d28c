"""Reader-aid pages: "I'm stuck here" with its handover code and QR code, the short link the QR
code holds, and the pages where a code is typed: public for volunteers, and in the staff area
(blueprint "reader")."""
from __future__ import annotations

from functools import lru_cache

import qrcode
from babel import Locale
from flask import Blueprint, abort, current_app, g, redirect, render_template, request, url_for
from flask_babel import force_locale, gettext
from markupsafe import Markup, escape

from ..content import sitefacts
from ..guides import library
from ..i18n import best_language, language_prefixed
from ..languages import BY_CODE, SOURCE
from ..staff.auth import staff_required
from . import handover
from .handover import CodeError
from .side_by_side import column, url_with

bp = Blueprint("reader", __name__)


language_prefixed(bp)


def qr_link(code: str) -> str:
    """What the QR code holds: the short link that opens the step for a helper."""
    return current_app.config["BASE_URL"].rstrip("/") + url_for("reader.handover", code=code)


def staff_note(guide, number: int, lang: str) -> str:
    """One Danish sentence for the person across the desk, whatever language the page is in."""
    with force_locale(SOURCE):
        return gettext("For staff: step %(n)d of %(total)d in “%(guide)s”, read in %(language)s.",
                       n=number, total=len(guide.danish.steps), guide=guide.danish.title,
                       language=Locale.parse(lang).get_display_name(SOURCE))


def helper_note() -> Markup:
    """One Danish sentence for a helper who cannot scan: where to type the code (the Danish code page)."""
    address = current_app.config["BASE_URL"].rstrip("/") + url_for("reader.code_entry", lang=SOURCE)
    link = Markup('<a href="{}">{}</a>').format(url_for("reader.code_entry", lang=SOURCE), address)
    with force_locale(SOURCE):
        return escape(gettext("No scanner? Type the code at %(address)s.")) % {"address": link}


@bp.route("/<lang>/guides/<slug>/<int:number>/stuck/")
def stuck(slug, number):
    lib = library()
    guide = lib.find(slug)
    if guide is None:
        if slug in lib.aliases:
            return redirect(url_for("reader.stuck", slug=lib.aliases[slug], number=number), 301)
        abort(404)
    text = guide.text(g.lang)
    if not 1 <= number <= len(text.steps):
        abort(404)
    code = handover.code_for(lib, guide, number, g.lang)
    return render_template("reader/stuck.html", guide=guide, text=text, step=text.steps[number - 1],
                           code=code, groups=handover.grouped(code), address=qr_link(code),
                           note=staff_note(guide, number, g.lang), helper_note=helper_note(),
                           facts=sitefacts.load(current_app.config["SITE_FACTS"]))


def opening(found) -> str:
    """Where a code leads: the step in Danish with the citizen's language next to it."""
    values = dict(lang=SOURCE, slug=found.guide.slug, number=found.step)
    other = found.lang if found.lang != SOURCE and found.guide.has(found.lang) else None
    return url_with("public.step", other, **values)


@bp.route("/h/<code>", endpoint="handover")
def handover_link(code):
    """The link in the QR code: opens the step for whoever scans it. Nothing is looked up but the guide."""
    try:
        found = handover.find(library(), code)
    except CodeError as error:
        g.lang = best_language()
        return render_template("reader/code_problem.html", reason=error.reason), 404
    return redirect(opening(found))


PROBLEM_STATUS = {None: 200, "unknown": 404}  # a malformed or mistyped code ("format", "check") is 400


@bp.route("/<lang>/code/")
def code_entry():
    """A helper without a staff login or a scanner (a café volunteer) types the code from the
    citizen's screen and is sent on to the link the QR code holds. No login, no cookie, nothing kept."""
    typed = request.args.get("code")
    problem = None
    if typed is not None:
        typed = typed.strip()[:200]
        try:
            handover.find(library(), typed)
        except CodeError as error:
            problem = error.reason
        else:
            response = redirect(url_for("reader.handover", code=handover.clean(typed)))
            response.headers["Cache-Control"] = "no-store"
            return response
    response = current_app.make_response((render_template("reader/code.html", typed=typed or "", problem=problem),
                                          PROBLEM_STATUS.get(problem, 400)))
    response.headers["Cache-Control"] = "no-store"  # nothing typed here is kept, not even offline
    return response


@lru_cache(maxsize=256)
def qr_svg(data: str) -> str:
    """A QR code as a small SVG: one path, each row's dark runs as rectangles, a white quiet zone."""
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4)
    qr.add_data(data)
    qr.make(fit=True)
    rows = qr.get_matrix()
    runs = []
    for y, row in enumerate(rows):
        x = 0
        while x < len(row):
            if row[x]:
                start = x
                while x < len(row) and row[x]:
                    x += 1
                runs.append(f"M{start} {y}h{x - start}v1h-{x - start}z")
            else:
                x += 1
    size = len(rows)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" shape-rendering="crispEdges">'
            f'<rect width="{size}" height="{size}" fill="#fff"/><path d="{"".join(runs)}"/></svg>')


@bp.route("/h/<code>/qr.svg")
def handover_qr(code):
    try:
        handover.decode(code)
    except CodeError:
        abort(404)
    response = current_app.response_class(qr_svg(qr_link(handover.clean(code))), mimetype="image/svg+xml")
    response.headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    response.cache_control.public = True
    response.cache_control.max_age = 86400
    return response


@bp.route("/staff/handover/")
@staff_required
def handover_lookup():
    """Staff type (or scan) a citizen's code and see that step in Danish next to the citizen's language."""
    typed = request.args.get("code", "").strip()[:200]
    found, problem = None, None
    if typed:
        try:
            found = handover.find(library(), typed)
        except CodeError as error:
            problem = error.reason
    status = PROBLEM_STATUS.get(problem, 400)
    context = dict(typed=typed, found=found, problem=problem, language=BY_CODE[SOURCE])
    if found:
        guide = found.guide
        other = found.lang if found.lang != SOURCE and guide.has(found.lang) else None
        context.update(guide=guide, text=guide.danish, step=guide.danish.steps[found.step - 1],
                       other=other, other_language=BY_CODE[other] if other else None,
                       other_step=guide.text(other).steps[found.step - 1] if other else None,
                       other_body=column(guide, guide.text(other).steps[found.step - 1], other) if other else None,
                       citizen_language=Locale.parse(found.lang).get_display_name(SOURCE), opening=opening(found),
                       code=handover.clean(typed), groups=handover.grouped(handover.clean(typed)))
    return render_template("reader/lookup.html", **context), status
