"""The lending register's pages under /staff/lending/ (blueprint "lending"). Views stay thin:
they read the form, call the register's functions and show the result or the messages."""
from __future__ import annotations

import datetime as dt

from babel.dates import format_datetime
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ..staff.audit import history
from ..staff.auth import current_staff, staff_required
from ..store import get_db
from . import forms, loans, register, words
from .records import ZONE, Invalid, today

bp = Blueprint("lending", __name__, url_prefix="/staff/lending")
DEFAULT_LOAN_DAYS = 28


@bp.context_processor
def vocabulary():
    return {"STATUS": words.STATUS, "CHECK_OUT": words.CHECK_OUT, "CHECK_IN": words.CHECK_IN,
            "ACTIONS": words.ACTIONS, "REPAIRED": words.REPAIRED, "today": today()}


def actor() -> str:
    return current_staff()["email"]


def kit_or_404(kit_id: int) -> dict:
    kit = register.get_kit(get_db(), kit_id)
    if kit is None:
        abort(404)
    return kit


def partner_or_404(partner_id: int) -> dict:
    partner = register.get_partner(get_db(), partner_id)
    if partner is None:
        abort(404)
    return partner


# ---- overview and kits ------------------------------------------------------------------------

@bp.get("/")
@staff_required
def index():
    db = get_db()
    status = request.args.get("status", "")
    status = status if status in words.STATUS else ""
    return render_template("lending/index.html", overdue=loans.overdue(db, today()),
                           kits=register.kits(db, status or None), status=status,
                           partners_count=len(register.partners(db)))


@bp.route("/kits/new", methods=["GET", "POST"])
@staff_required
def new_kit():
    if request.method == "POST":
        parts = forms.parts_from(request.form)
        try:
            kit_id = register.create_kit(get_db(), request.form, parts, actor())
        except Invalid as bad:
            return render_template("lending/kit_form.html", kit=None, form=request.form,
                                   parts=forms.part_rows(parts), errors=bad.errors), 400
        flash(_("Kit %(tag)s is registered.", tag=register.get_kit(get_db(), kit_id)["asset_tag"]))
        return redirect(url_for("lending.kit", kit_id=kit_id), 303)
    return render_template("lending/kit_form.html", kit=None, form={}, parts=forms.part_rows(None), errors={})


@bp.route("/kits/<int:kit_id>/edit", methods=["GET", "POST"])
@staff_required
def edit_kit(kit_id):
    kit = kit_or_404(kit_id)
    db = get_db()
    if request.method == "POST":
        parts = forms.parts_from(request.form)
        try:
            register.update_kit(db, kit_id, request.form, parts, actor())
        except Invalid as bad:
            return render_template("lending/kit_form.html", kit=kit, form=request.form,
                                   parts=forms.part_rows(parts), errors=bad.errors), 400
        flash(_("The changes to %(tag)s are saved.", tag=register.get_kit(db, kit_id)["asset_tag"]))
        return redirect(url_for("lending.kit", kit_id=kit_id), 303)
    return render_template("lending/kit_form.html", kit=kit, form={**kit, "device_id": kit["device_id"] or ""},
                           parts=forms.part_rows(register.kit_parts(db, kit_id)), errors={})


def render_kit(kit: dict, errors: dict | None = None, form=None, status: int = 200):
    db = get_db()
    loan = loans.open_loan(db, kit["id"])
    return render_template("lending/kit.html", kit=kit, parts=register.kit_parts(db, kit["id"]), loan=loan,
                           days_overdue=loans.days_overdue(loan["due_on"], today()) if loan else 0,
                           loans=loans.loans(db, kit_id=kit["id"]), history=history(db, f"kit:{kit['id']}"),
                           repair=loans.repair_cause(db, kit["id"]),
                           errors=errors or {}, form=form or {}), status


@bp.get("/kits/<int:kit_id>/")
@staff_required
def kit(kit_id):
    return render_kit(kit_or_404(kit_id))


@bp.post("/kits/<int:kit_id>/repaired")
@staff_required
def repaired(kit_id):
    kit = kit_or_404(kit_id)
    try:
        loans.mark_repaired(get_db(), kit_id, checklist=request.form, note=request.form.get("note"),
                            actor=actor())
    except Invalid as bad:
        return render_kit(kit, bad.errors, request.form, 400)
    flash(_("%(tag)s is available again.", tag=kit["asset_tag"]))
    return redirect(url_for("lending.kit", kit_id=kit_id), 303)


@bp.post("/kits/<int:kit_id>/retire")
@staff_required
def retire(kit_id):
    kit = kit_or_404(kit_id)
    try:
        loans.retire(get_db(), kit_id, reason=request.form.get("reason"), actor=actor())
    except Invalid as bad:
        return render_kit(kit, bad.errors, request.form, 400)
    flash(_("%(tag)s is retired.", tag=kit["asset_tag"]))
    return redirect(url_for("lending.kit", kit_id=kit_id), 303)


@bp.post("/loans/<int:loan_id>/extend")
@staff_required
def extend(loan_id):
    loan = loans.get_loan(get_db(), loan_id)
    if loan is None:
        abort(404)
    try:
        loans.extend(get_db(), loan_id, due_on=request.form.get("due_on"), actor=actor())
    except Invalid as bad:
        return render_kit(kit_or_404(loan["kit_id"]), bad.errors, request.form, 400)
    flash(_("The new due date is saved."))
    return redirect(url_for("lending.kit", kit_id=loan["kit_id"]), 303)


# ---- lending and returning ------------------------------------------------------------------

@bp.route("/lend", methods=["GET", "POST"])
@staff_required
def lend():
    db = get_db()
    if request.method == "POST":
        form = request.form
        try:
            loans.lend(db, asset_tag=form.get("asset_tag"), partner_id=form.get("partner_id"),
                       lent_on=form.get("lent_on"), due_on=form.get("due_on"), checklist=form,
                       contact=form.get("contact"), notes=form.get("notes"), actor=actor(), today=today())
        except Invalid as bad:
            return render_template("lending/lend.html", form=form, errors=bad.errors,
                                   partners=register.partners(db, active_only=True)), 400
        kit = register.kit_by_tag(db, form.get("asset_tag"))
        loan = loans.open_loan(db, kit["id"])
        flash(_("%(tag)s is lent to %(partner)s until %(due)s.", tag=kit["asset_tag"],
                partner=loan["partner_name"], due=loans.show_date(loan["due_on"])))
        return redirect(url_for("lending.kit", kit_id=kit["id"]), 303)
    day = today()
    form = {"asset_tag": request.args.get("kit", ""), "partner_id": request.args.get("partner", ""),
            "lent_on": day.isoformat(), "due_on": (day + dt.timedelta(days=DEFAULT_LOAN_DAYS)).isoformat()}
    return render_template("lending/lend.html", form=form, errors={},
                           partners=register.partners(db, active_only=True))


@bp.route("/return", methods=["GET", "POST"], endpoint="give_back")
@staff_required
def give_back():
    db = get_db()
    form = request.form if request.method == "POST" else \
        {"asset_tag": request.args.get("kit", ""), "returned_on": today().isoformat()}
    kit = register.kit_by_tag(db, form.get("asset_tag")) if form.get("asset_tag") else None
    loan = loans.open_loan(db, kit["id"]) if kit else None
    parts = register.kit_parts(db, kit["id"]) if kit else []
    if request.method == "POST":
        try:
            outcome = loans.return_kit(
                db, asset_tag=form.get("asset_tag"), returned_on=form.get("returned_on"), checklist=form,
                missing=form.get("missing"), repair=form.get("repair"), notes=form.get("return_notes"),
                actor=actor(), today=today())
        except Invalid as bad:
            return render_template("lending/return.html", form=form, errors=bad.errors, loan=loan,
                                   parts=parts), 400
        if outcome == "available":
            flash(_("%(tag)s is back and available.", tag=kit["asset_tag"]))
        else:
            cause = loans.repair_cause(db, kit["id"])
            flash(_("%(tag)s is back but cannot be lent: it is in repair. Why: %(reasons)s "
                    "Mark it repaired on this page when it is fixed.", tag=kit["asset_tag"],
                    reasons=" ".join(str(r) for r in cause["reasons"]) if cause else ""))
        return redirect(url_for("lending.kit", kit_id=kit["id"]), 303)
    return render_template("lending/return.html", form=form, errors={}, loan=loan, parts=parts)


# ---- partners ---------------------------------------------------------------------------------

@bp.get("/partners/")
@staff_required
def partners():
    return render_template("lending/partners.html", partners=register.partners(get_db()))


@bp.route("/partners/new", methods=["GET", "POST"])
@staff_required
def new_partner():
    if request.method == "POST":
        try:
            partner_id = register.create_partner(get_db(), request.form, actor())
        except Invalid as bad:
            return render_template("lending/partner_form.html", partner=None, form=request.form,
                                   errors=bad.errors), 400
        flash(_("%(name)s is added as a partner.", name=request.form.get("name", "").strip()))
        return redirect(url_for("lending.partner", partner_id=partner_id), 303)
    return render_template("lending/partner_form.html", partner=None, form={"active": "1"}, errors={})


@bp.route("/partners/<int:partner_id>/edit", methods=["GET", "POST"])
@staff_required
def edit_partner(partner_id):
    partner = partner_or_404(partner_id)
    if request.method == "POST":
        try:
            register.update_partner(get_db(), partner_id, request.form, actor())
        except Invalid as bad:
            return render_template("lending/partner_form.html", partner=partner, form=request.form,
                                   errors=bad.errors), 400
        flash(_("The changes to %(name)s are saved.", name=request.form.get("name", "").strip()))
        return redirect(url_for("lending.partner", partner_id=partner_id), 303)
    return render_template("lending/partner_form.html", partner=partner, form=partner, errors={})


@bp.get("/partners/<int:partner_id>/")
@staff_required
def partner(partner_id):
    partner = partner_or_404(partner_id)
    db = get_db()
    return render_template("lending/partner.html", partner=partner,
                           loans=loans.loans(db, partner_id=partner_id),
                           history=history(db, f"partner:{partner_id}"))


def init_app(app) -> None:
    app.register_blueprint(bp)
    app.jinja_env.filters["lending_date"] = lambda d: loans.show_date(d) if d else ""
    app.jinja_env.filters["lending_time"] = show_time


def show_time(stamp: str) -> str:
    """An audit timestamp (ISO, UTC) in Danish local time, e.g. "14. mar. 2025 10.03"."""
    try:
        moment = dt.datetime.fromisoformat(stamp)
    except (TypeError, ValueError):
        return stamp or ""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.timezone.utc)
    return format_datetime(moment, "d. MMM yyyy HH.mm", tzinfo=ZONE, locale="da")
