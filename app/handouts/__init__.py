"""Handouts: short links, QR codes, printable A4 handouts and sticker sheets, PDF."""
from __future__ import annotations

import logging
import os

from flask_babel import lazy_gettext

from .. import slots, store
from . import jobs, links  # noqa: F401  (register their migrations before the store applies them)

# WeasyPrint reports every step of every document at INFO ("Step 5 - Creating layout - Page 1"),
# which buries a batch's progress and fills the server log on each PDF download; its warnings
# and errors (a bad stylesheet, a missing font) still come through. Set here rather than in
# pdf.py, whose text is part of the PDF cache's key.
QUIET_LOGGERS = ("weasyprint", "fontTools")
for _name in QUIET_LOGGERS:
    logging.getLogger(_name).setLevel(logging.WARNING)


def init_app(app) -> None:
    from . import cli, routes, staff  # noqa: F401  (staff adds its routes to the blueprint)
    app.config.setdefault("HANDOUTS_MAX_BATCH", int(os.environ.get("TRINVIS_HANDOUTS_MAX_BATCH", 200)))
    app.register_blueprint(routes.bp)
    app.cli.add_command(cli.handouts_cli)
    slots.add(app, "guide", "handouts/_guide_link.html")
    slots.add(app, "staff_nav", ("handouts.staff_index", lazy_gettext("Handouts")))
    store.on_start(app, make_links)


def make_links(db) -> None:
    """Every guide's short link in every language exists before anyone asks (GET never writes)."""
    from ..guides import library
    from ..languages import CODES
    from .links import ensure_many
    ensure_many(db, [(guide.slug, lang) for guide in library().ordered() for lang in CODES])
