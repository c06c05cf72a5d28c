"""A second language side by side with the page's own: /<lang>/guides/<slug>/…?with=da.

The guide pages belong to the public site; a query parameter cannot choose a route, so this
module wraps those three views: without a usable `with` the public view answers as before,
with one the same URL is rendered from this part's templates. The choice lives in the URL, so
it survives printing and sharing. Staff open /da/…?with=<the citizen's language>.
"""
from __future__ import annotations

from functools import wraps

from flask import g, redirect, render_template, request, url_for
from flask_babel import force_locale
from markupsafe import Markup

from ..guides import library
from ..languages import BY_CODE, SOURCE

PAGES = {
    "public.guide": "reader/pair_guide.html",
    "public.step": "reader/pair_step.html",
    "public.all_steps": "reader/pair_all.html",
}


def second_language(guide, lang: str, other: str) -> str | None:
    """The language to show next to `lang`, or None when side by side would show nothing new:
    an unknown code, the same language, or a guide that is not translated into one of them."""
    if other not in BY_CODE or other == lang:
        return None
    if not (guide.has(lang) and guide.has(other)):
        return None
    return other


def offers_danish(guide, lang: str) -> bool:
    """Whether a page in `lang` gets the "show the Danish text next to it" link."""
    return lang != SOURCE and guide.has(lang)


def url_with(endpoint: str, other: str | None = None, **values) -> str:
    """A guide page's address, with the second language when there is one."""
    if other:
        values["with"] = other
    return url_for(endpoint, **values)


def column(guide, step, lang: str) -> Markup:
    """A step's text rendered wholly in `lang`, its "Tip" and "Warning" labels too, so that the
    second column is in one language from top to bottom (as its lang attribute says)."""
    with force_locale(lang):
        return Markup(render_template("reader/_column.html", guide=guide, step=step))


def _dispatch(endpoint: str, original):
    @wraps(original)
    def view(**kwargs):
        wanted = request.args.get("with", "")
        if not wanted:
            return original(**kwargs)
        lib = library()
        slug = kwargs.get("slug", "")
        guide = lib.find(slug)
        if guide is None:
            if slug in lib.aliases:  # a renamed guide: keep the second language on the way
                return redirect(url_with(endpoint, wanted, **{**kwargs, "slug": lib.aliases[slug]}), 301)
            return original(**kwargs)
        other = second_language(guide, g.lang, wanted)
        number = kwargs.get("number")
        if other is None or (number is not None and not 1 <= number <= len(guide.danish.steps)):
            return original(**kwargs)
        text, other_text = guide.text(g.lang), guide.text(other)
        context = dict(guide=guide, text=text, other=other, other_text=other_text,
                       other_language=BY_CODE[other], language=BY_CODE[g.lang])
        if number is not None:
            context.update(step=text.steps[number - 1], other_step=other_text.steps[number - 1],
                           danish_step=guide.danish.steps[number - 1],
                           other_body=column(guide, other_text.steps[number - 1], other))
        elif endpoint == "public.all_steps":
            context.update(other_bodies=[column(guide, step, other) for step in other_text.steps])
        return render_template(PAGES[endpoint], **context)
    return view


def init_app(app) -> None:
    for endpoint in PAGES:
        if endpoint not in app.view_functions:
            raise RuntimeError(f"register the public site before the reader aids ({endpoint} is missing)")
        app.view_functions[endpoint] = _dispatch(endpoint, app.view_functions[endpoint])
