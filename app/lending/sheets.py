"""What the register prints and exports: the QR label sheet and the CSV files (routes on "lending")."""
from __future__ import annotations

from flask import abort, current_app, render_template, request
from flask_babel import lazy_gettext as _l

from ..staff.auth import staff_required
from ..store import get_db
from . import export, labels, register
from .records import parse_date
from .routes import bp, kit_or_404


def kit_address(kit_id: int) -> str:
    return labels.kit_address(current_app.config["BASE_URL"], kit_id)


@bp.get("/kits/<int:kit_id>/qr.svg")
@staff_required
def qr(kit_id):
    kit_or_404(kit_id)
    return current_app.response_class(labels.qr_svg(kit_address(kit_id)), mimetype="image/svg+xml")


@bp.get("/labels")
@staff_required
def label_sheet():
    """Labels for the chosen kits (?kit=<id>, repeatable), or for every kit not retired."""
    everything = register.kits(get_db())
    chosen = {int(k) for k in request.args.getlist("kit") if k.isdigit()}
    if chosen:
        printed = [k for k in everything if k["id"] in chosen]
        if not printed:
            abort(404)
    else:
        printed = [k for k in everything if k["status"] != "retired"]
    for kit in printed:
        kit["address"] = kit_address(kit["id"])
    return render_template("lending/labels.html", kits=everything, printed=printed, chosen=chosen)


def csv_response(body: str, name: str):
    response = current_app.response_class(body, mimetype="text/csv")
    response.headers["Content-Disposition"] = f"attachment; filename={name}"
    return response


@bp.get("/export")
@staff_required
def export_page():
    return render_template("lending/export.html", form={}, errors={})


@bp.get("/export/kits.csv")
@staff_required
def kits_csv():
    return csv_response(export.kits_csv(get_db()), "trinvis-kits.csv")


@bp.get("/export/loans.csv")
@staff_required
def loans_csv():
    """All loans, or those out at any time between ?from= and ?to= (either may be left out)."""
    form = {"from": request.args.get("from", "").strip(), "to": request.args.get("to", "").strip()}
    errors, dates = {}, {}
    for field, text in form.items():
        dates[field] = parse_date(text) if text else None
        if text and dates[field] is None:
            errors[field] = _l("Enter a real date, for example 2025-03-01.")
    if not errors and dates["from"] and dates["to"] and dates["to"] < dates["from"]:
        errors["to"] = _l("The end of the period is before its start.")
    if errors:
        return render_template("lending/export.html", form=form, errors=errors), 400
    name = "trinvis-loans.csv" if not (dates["from"] or dates["to"]) else \
        f"trinvis-loans-{form['from'] or 'start'}-{form['to'] or 'now'}.csv"
    return csv_response(export.loans_csv(get_db(), dates["from"], dates["to"]), name)
