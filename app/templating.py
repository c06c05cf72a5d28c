"""Template helpers shared by every part: static asset URLs, language links, guide Markdown."""
from __future__ import annotations

import hashlib
from pathlib import Path
from urllib.parse import urlsplit

from flask import request, url_for
from flask_babel import format_date

from .content.markup import inline, render
from .i18n import current_language
from .languages import BY_CODE


def static_version(folder: str) -> str:
    """A fingerprint of every static file: changes whenever one of them does."""
    digest = hashlib.sha256()
    for path in sorted(Path(folder).rglob("*")):
        if path.is_file():
            digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()[:10]


def in_language(code: str) -> str:
    """This page's address in another language (the language is always the first path segment)."""
    parts = request.path.split("/", 2)
    if len(parts) > 2 and parts[1] in BY_CODE:
        return f"/{code}/{parts[2]}"
    return f"/{code}/"


def host(url: str) -> str:
    return urlsplit(url).netloc.removeprefix("www.") or url


def init_app(app) -> None:
    version = static_version(app.static_folder)
    app.config["STATIC_VERSION"] = version

    def asset(name: str) -> str:
        return url_for("static", filename=name, v=version)

    app.jinja_env.globals.update(asset=asset, in_language=in_language)
    app.jinja_env.filters.update(md=render, mdi=inline, host=host,
                                 date=lambda d: format_date(d, "long"))
    app.jinja_env.globals.setdefault("current_language", current_language)
