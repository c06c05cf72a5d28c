"""The lending register: partners, tablet kits, loans with check-out and return checklists,
overdue loans, QR asset labels and CSV exports, in the staff area under /staff/lending/.

For other parts (the staff dashboard): `overdue(db, today())` lists the loans past due.
"""
from __future__ import annotations

from flask_babel import lazy_gettext

from .. import slots
from . import schema  # noqa: F401  (registers the migration set before the store applies them)
from .loans import overdue  # noqa: F401  (for the dashboard)
from .records import today  # noqa: F401


def init_app(app) -> None:
    from . import routes, sheets  # noqa: F401  (sheets adds the label and export routes to the blueprint)
    routes.init_app(app)
    slots.add(app, "staff_nav", ("lending.index", lazy_gettext("Lending")))
