"""Locale choice and gettext catalogues (flask-babel); the language table lives in languages.py."""
from __future__ import annotations

from functools import cache, cached_property
from gettext import c2py
from pathlib import Path

from babel.messages.plurals import get_plural
from flask import abort, current_app, g, request
from flask_babel import Babel, Domain, get_locale

from .languages import BY_CODE, CODES, LANGUAGES, SOURCE, direction


@cache
def plural_rule(code: str):
    """Which plural form a count takes in this language (the rule the catalogues declare)."""
    return c2py(get_plural(code).plural_expr)


class Catalogues(Domain):
    """flask-babel merges every part's catalogue and keeps the plural rule of the last one it
    loads; a part translated only into Danish and English (the staff area) would give Arabic,
    Ukrainian and Polish the English rule. The rule is the page language's own."""

    def get_translations(self):
        translations = super().get_translations()
        locale = get_locale()
        if locale is not None and hasattr(translations, "plural"):
            translations.plural = plural_rule(str(locale))
        return translations


class _Babel(Babel):
    @cached_property
    def domain_instance(self):
        return Catalogues(domain=self.domain)


babel = _Babel()


def catalogue_dirs(root: str) -> list[str]:
    """Each part of the app keeps its own catalogues in translations/<part>/; all are merged."""
    base = Path(root)
    return [str(p) for p in sorted(base.iterdir()) if p.is_dir() and any(p.glob("*/LC_MESSAGES"))] \
        if base.is_dir() else []


def best_language() -> str:
    """The visitor's language from Accept-Language, else Danish."""
    try:
        return request.accept_languages.best_match(CODES) or SOURCE
    except RuntimeError:
        return SOURCE


def path_language() -> str | None:
    try:
        first = request.path.strip("/").split("/", 1)[0]
    except RuntimeError:
        return None
    return first if first in BY_CODE else None


def current_language() -> str:
    """The language of this response: set by the page, else the URL prefix, else the browser."""
    return g.get("lang") or path_language() or best_language()


def language_prefixed(bp) -> None:
    """For a blueprint whose pages live under /<lang>/: an unknown language is a 404, the page's
    language is set for the response, and url_for fills in the current language by itself."""

    @bp.url_value_preprocessor
    def take_language(endpoint, values):
        if values and "lang" in values:
            lang = values.pop("lang")
            if lang not in BY_CODE:
                abort(404)
            g.lang = lang

    @bp.url_defaults
    def add_language(endpoint, values):
        if "lang" not in values and g.get("lang") and \
                current_app.url_map.is_endpoint_expecting(endpoint, "lang"):
            values["lang"] = g.lang


def init_app(app) -> None:
    dirs = catalogue_dirs(app.config["TRANSLATIONS_DIR"])
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = ";".join(dirs) or app.config["TRANSLATIONS_DIR"]
    app.config["BABEL_DEFAULT_LOCALE"] = SOURCE
    babel.init_app(app, locale_selector=current_language)
    # Every template knows the page's language from the start: child templates decide before the
    # layout runs whether a text is shown in Danish (`{% set da = not guide.has(lang) %}`).
    app.context_processor(lambda: {"lang": current_language()})
    app.jinja_env.globals.update(
        get_locale=get_locale, LANGUAGES=LANGUAGES, current_language=current_language,
        text_direction=lambda: direction(current_language()),
    )
