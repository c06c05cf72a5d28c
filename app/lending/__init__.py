"""The lending register: partners, tablet kits, loans with check-out and return checklists,
overdue loans, QR asset labels and CSV exports, in the staff area under /staff/lending/.

The staff overview shows the overdue loans too (`overdue(db, today())`).
"""
from __future__ import annotations

from flask_babel import lazy_gettext

from .. import slots
from . import schema  # noqa: F401  (registers the migration set before the store applies them)
from .loans import overdue
from .records import today


def init_app(app) -> None:
    from . import routes, sheets  # noqa: F401  (sheets adds the label and export routes to the blueprint)
    routes.init_app(app)
    slots.add(app, "staff_nav", ("lending.index", lazy_gettext("Lending")))
    slots.add(app, "staff_overview", ("lending/_overview.html", lambda db: {"overdue": overdue(db, today())}))
