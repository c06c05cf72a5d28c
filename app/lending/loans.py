"""Loans: lending a kit, taking it back through the return checklist, repair, retirement, overdue.

Each rule is a plain function that takes the database; the web views only call these. Every
function that changes something runs in one BEGIN IMMEDIATE transaction (records.write), writes
its audit row inside it (subject "kit:<id>", so the kit's page shows its whole history), and
raises Invalid, having written nothing, when the input breaks a rule.
"""
from __future__ import annotations

import datetime as dt
import sqlite3

from babel.dates import format_date
from flask_babel import gettext, lazy_gettext as _l

from ..staff.audit import audit
from . import words
from .records import Invalid, row, rows, take_date, take_text, ticked, timestamp, write
from .register import get_kit, get_partner, kit_by_tag, normalise_tag

CHECK_OUT = ("parts_present", "charged", "kiosk_enrolled")      # stored as out_<item>
CHECK_IN = ("turns_on", "parts_back", "screen_ok", "wiped")      # stored as back_<item>
# The return checks on the tablet itself. One that is not ticked sends the kit to repair, whatever
# is written down: a tablet that does not turn on, has a damaged screen or still holds the last
# café's data must not reach the next partner. Only "all parts are back" may fail with the kit
# still lendable: the missing part goes into the kit's notes, and the check-out checklist asks
# for every part again before the kit goes out.
REPAIR_IF_NOT = ("turns_on", "screen_ok", "wiped")


def show_date(day) -> str:
    """A date the Danish way, e.g. "1. mar. 2025" (messages and the kit pages use it)."""
    if isinstance(day, str):
        day = dt.date.fromisoformat(day)
    return format_date(day, "d. MMM yyyy", locale="da")


def _not_available(db, kit: dict):
    tag = kit["asset_tag"]
    if kit["status"] == "lent":
        loan = open_loan(db, kit["id"])
        if loan is not None:
            return _l("%(tag)s is already lent to %(partner)s (due back %(due)s).",
                      tag=tag, partner=loan["partner_name"], due=show_date(loan["due_on"]))
        return _l("%(tag)s is already lent out.", tag=tag)
    if kit["status"] == "in_repair":
        return _l("%(tag)s is in repair; mark it repaired before lending it.", tag=tag)
    return _l("%(tag)s is retired and cannot be lent.", tag=tag)


def _kit_from_tag(db, asset_tag, errors: dict) -> dict | None:
    tag = normalise_tag(asset_tag)
    if not tag:
        errors["asset_tag"] = _l("Enter the kit's asset tag, for example AAB-KIT-001.")
        return None
    kit = kit_by_tag(db, tag)
    if kit is None:
        errors["asset_tag"] = _l("There is no kit with the asset tag %(tag)s.", tag=tag)
    return kit


def lend(db, *, asset_tag, partner_id, lent_on, due_on, checklist, actor: str, today: dt.date,
         contact: str = "", notes: str = "") -> int:
    """Lend an `available` kit to an active partner; returns the new loan's id.

    Refused (Invalid, nothing written) when: the asset tag is unknown; the kit is not
    `available`; the partner is unknown or inactive; a date is missing or malformed; the date
    out is after `today`; the due date is before the date out; or an item of the check-out
    checklist (all parts present, charged, kiosk enrolled) is not ticked.

    Two staff members lending the same kit at the same moment: the IMMEDIATE transaction makes
    the second wait and then find the kit `lent`; should anything slip past that, the unique
    index on open loans per kit refuses the second loan. Exactly one succeeds either way.
    """
    errors: dict = {}
    lent = take_date(lent_on, "lent_on", errors)
    due = take_date(due_on, "due_on", errors)
    if lent and lent > today:
        errors["lent_on"] = _l("The date out cannot be later than today.")
    if lent and due and due < lent and "due_on" not in errors:
        errors["due_on"] = _l("The due date is before the date out.")
    contact = take_text(contact, "contact", errors, 120)
    notes = take_text(notes, "notes", errors, 2000)
    if not all(ticked(checklist.get(item)) for item in CHECK_OUT):
        errors["checklist"] = _l("Tick every item on the check-out checklist before the kit goes out.")
    with write(db):
        try:
            partner = get_partner(db, int(partner_id))
        except (TypeError, ValueError):
            partner = None
        if partner is None:
            errors["partner_id"] = _l("Choose the partner that borrows the kit.")
        elif not partner["active"]:
            errors["partner_id"] = _l("%(name)s is not an active partner.", name=partner["name"])
        kit = _kit_from_tag(db, asset_tag, errors)
        if kit is not None and kit["status"] != "available":
            errors["asset_tag"] = _not_available(db, kit)
        if errors:
            raise Invalid(errors)
        try:
            loan_id = db.execute(
                "INSERT INTO loans (kit_id, partner_id, contact, lent_on, due_on, out_parts_present, "
                "out_charged, out_kiosk_enrolled, notes, lent_by, created) "
                "VALUES (?, ?, ?, ?, ?, 1, 1, 1, ?, ?, ?)",
                [kit["id"], partner["id"], contact, lent.isoformat(), due.isoformat(), notes, actor,
                 timestamp()]).lastrowid
        except sqlite3.IntegrityError:
            raise Invalid({"asset_tag": _l("%(tag)s was lent out by someone else a moment ago.",
                                           tag=kit["asset_tag"])}) from None
        db.execute("UPDATE kits SET status = 'lent', updated = ? WHERE id = ?", [timestamp(), kit["id"]])
        audit(db, actor, "kit.lend", f"kit:{kit['id']}",
              gettext("Loan %(id)s to %(partner)s, %(out)s to %(due)s", id=loan_id, partner=partner["name"],
                      out=lent.isoformat(), due=due.isoformat())
              + (gettext("; contact: %(name)s", name=contact) if contact else ""))
    return loan_id


def return_kit(db, *, asset_tag, returned_on, checklist, actor: str, today: dt.date, missing: str = "",
               repair=False, notes: str = "") -> str:
    """Take a lent kit back; returns the kit's new status (`available` or `in_repair`).

    The return checklist is the gate. Any item not ticked must be explained in `missing`
    (what is missing or wrong), else the return is refused. Then:
    - the tablet does not turn on, its screen is damaged or it is not wiped and reset (any item
      of REPAIR_IF_NOT not ticked), or staff tick `repair`: the kit becomes `in_repair`, with
      the explanation kept on the loan, until someone marks it repaired (mark_repaired);
    - otherwise (every item ticked, or only "all parts are back" not ticked and the missing
      part written down) it becomes `available`; a missing part is added to the kit's notes.
    Also refused (nothing written): an unknown asset tag, a kit that is not lent, a return date
    after `today` or before the date out.
    """
    errors: dict = {}
    back = take_date(returned_on, "returned_on", errors)
    if back and back > today:
        errors["returned_on"] = _l("The return date cannot be later than today.")
    missing = take_text(missing, "missing", errors, 1000)
    notes = take_text(notes, "return_notes", errors, 2000)
    done = {item: ticked(checklist.get(item)) for item in CHECK_IN}
    complete = all(done.values())
    if not complete and not missing and "missing" not in errors:
        errors["missing"] = _l("Not every item on the return checklist is ticked: write down what is "
                               "missing or wrong, or tick every item.")
    with write(db):
        kit = _kit_from_tag(db, asset_tag, errors)
        loan = open_loan(db, kit["id"]) if kit is not None else None
        if kit is not None and (kit["status"] != "lent" or loan is None):
            errors["asset_tag"] = _l("%(tag)s is not lent out, so it cannot be returned.", tag=kit["asset_tag"])
        elif loan is not None and back and back.isoformat() < loan["lent_on"] and "returned_on" not in errors:
            errors["returned_on"] = _l("The return date is before the kit went out (%(date)s).",
                                       date=show_date(loan["lent_on"]))
        if errors:
            raise Invalid(errors)
        broken = [item for item in REPAIR_IF_NOT if not done[item]]
        outcome = "in_repair" if broken or ticked(repair) else "available"
        db.execute("UPDATE loans SET returned_on = ?, back_turns_on = ?, back_parts_back = ?, "
                   "back_screen_ok = ?, back_wiped = ?, missing = ?, return_notes = ?, returned_by = ?, "
                   "outcome = ? WHERE id = ?",
                   [back.isoformat(), *(int(done[i]) for i in CHECK_IN), missing, notes, actor, outcome,
                    loan["id"]])
        kit_notes = kit["notes"]
        if missing and outcome == "available":
            line = gettext("Recorded at the return on %(date)s: %(missing)s",
                           date=show_date(back), missing=missing)
            kit_notes = f"{kit_notes}\n{line}".strip()
        db.execute("UPDATE kits SET status = ?, notes = ?, updated = ? WHERE id = ?",
                   [outcome, kit_notes, timestamp(), kit["id"]])
        unticked = ", ".join(str(words.CHECK_IN[i]) for i in CHECK_IN if not done[i])
        audit(db, actor, "kit.return", f"kit:{kit['id']}",
              gettext("Loan %(id)s from %(partner)s returned %(date)s; now %(status)s", id=loan["id"],
                      partner=loan["partner_name"], date=back.isoformat(), status=words.STATUS[outcome])
              + (gettext("; not ticked: %(items)s", items=unticked) if unticked else "")
              + (gettext("; missing or wrong: %(text)s", text=missing) if missing else ""))
    return outcome


def repair_reasons(loan: dict) -> list:
    """Why a returned loan sent its kit to repair, one sentence each (empty if it did not):
    the failed checks on the tablet, else that staff chose to send it."""
    if loan.get("outcome") != "in_repair":
        return []
    reasons = [words.REPAIR_REASONS[item] for item in REPAIR_IF_NOT if not loan.get(f"back_{item}")]
    return reasons or [words.SENT_TO_REPAIR]


def repair_cause(db, kit_id) -> dict | None:
    """The return that put a kit `in_repair` (its latest return), with `reasons` from
    repair_reasons; None when the kit is not in repair or has no such return."""
    kit = get_kit(db, kit_id)
    if kit is None or kit["status"] != "in_repair":
        return None
    loan = row(db, LOAN_SELECT + "WHERE l.kit_id = ? AND l.returned_on IS NOT NULL "
               "ORDER BY l.returned_on DESC, l.id DESC LIMIT 1", [kit_id])
    if loan is None or loan["outcome"] != "in_repair":
        return None
    loan["reasons"] = repair_reasons(loan)
    return loan


def mark_repaired(db, kit_id, *, checklist, actor: str, note: str = "") -> None:
    """Put a kit `in_repair` back to `available`. Staff confirm every item of the repair
    checklist (the tablet turns on, all parts are there, the screen is undamaged, the tablet is
    wiped and reset); one not ticked refuses it, and the kit stays in repair."""
    errors: dict = {}
    note = take_text(note, "note", errors, 1000)
    if not all(ticked(checklist.get(item)) for item in CHECK_IN):
        errors["checklist"] = _l("Tick every item: the kit can be lent again only when the tablet turns on, "
                                 "all parts are there, the screen is undamaged and the tablet is wiped and reset.")
    with write(db):
        kit = get_kit(db, kit_id)
        if kit is None:
            raise Invalid({"kit": _l("There is no such kit.")})
        if kit["status"] != "in_repair":
            errors["kit"] = _l("%(tag)s is not in repair.", tag=kit["asset_tag"])
        if errors:
            raise Invalid(errors)
        db.execute("UPDATE kits SET status = 'available', updated = ? WHERE id = ?", [timestamp(), kit_id])
        audit(db, actor, "kit.repaired", f"kit:{kit_id}",
              gettext("Repair checklist complete") + (f": {note}" if note else ""))


def retire(db, kit_id, *, reason, actor: str) -> None:
    """Take a kit out of use for good (lost, broken beyond repair). A lent kit must come back first."""
    errors: dict = {}
    reason = take_text(reason, "reason", errors, 1000, required=True)
    with write(db):
        kit = get_kit(db, kit_id)
        if kit is None:
            raise Invalid({"kit": _l("There is no such kit.")})
        if kit["status"] == "lent":
            errors["kit"] = _l("%(tag)s is lent out: register its return before retiring it.", tag=kit["asset_tag"])
        elif kit["status"] == "retired":
            errors["kit"] = _l("%(tag)s is already retired.", tag=kit["asset_tag"])
        if errors:
            raise Invalid(errors)
        db.execute("UPDATE kits SET status = 'retired', updated = ? WHERE id = ?", [timestamp(), kit_id])
        audit(db, actor, "kit.retire", f"kit:{kit_id}", reason)


def extend(db, loan_id, *, due_on, actor: str) -> None:
    """Give an open loan a new due date (the partner keeps the kit longer)."""
    errors: dict = {}
    due = take_date(due_on, "due_on", errors)
    with write(db):
        loan = get_loan(db, loan_id)
        if loan is None or loan["returned_on"] is not None:
            raise Invalid({"due_on": _l("This loan is not open, so its due date cannot change.")})
        if due and due.isoformat() < loan["lent_on"]:
            errors["due_on"] = _l("The due date is before the date out.")
        if errors:
            raise Invalid(errors)
        if due.isoformat() == loan["due_on"]:
            return
        db.execute("UPDATE loans SET due_on = ? WHERE id = ?", [due.isoformat(), loan_id])
        audit(db, actor, "kit.extend", f"kit:{loan['kit_id']}",
              gettext("Loan %(id)s: due date %(old)s → %(new)s", id=loan_id, old=loan["due_on"],
                      new=due.isoformat()))


# ---- reading --------------------------------------------------------------------------------

LOAN_SELECT = ("SELECT l.*, k.asset_tag, p.name AS partner_name, p.contact_person, p.phone, p.email "
               "FROM loans l JOIN kits k ON k.id = l.kit_id JOIN partners p ON p.id = l.partner_id ")


def days_overdue(due, today: dt.date) -> int:
    """Whole days past the due date (0 on the due date itself and before it)."""
    if isinstance(due, str):
        due = dt.date.fromisoformat(due)
    return max(0, (today - due).days)


def overdue(db, today: dt.date) -> list[dict]:
    """Open loans past their due date, longest overdue first, each with `days_overdue` and the
    partner's contact (`contact`: the loan's contact person, else the partner's; `phone`, `email`).
    The staff dashboard calls this too."""
    found = rows(db, LOAN_SELECT + "WHERE l.returned_on IS NULL AND l.due_on < ? "
                 "ORDER BY l.due_on, k.asset_tag", [today.isoformat()])
    for loan in found:
        loan["days_overdue"] = days_overdue(loan["due_on"], today)
        loan["contact"] = loan["contact"] or loan["contact_person"]
    return found


def open_loan(db, kit_id) -> dict | None:
    return row(db, LOAN_SELECT + "WHERE l.kit_id = ? AND l.returned_on IS NULL", [kit_id])


def get_loan(db, loan_id) -> dict | None:
    return row(db, LOAN_SELECT + "WHERE l.id = ?", [loan_id])


def loans(db, kit_id=None, partner_id=None, start: dt.date | None = None, end: dt.date | None = None) -> list[dict]:
    """Loans, newest first; optionally one kit's or one partner's, or those out at any time
    between `start` and `end` (inclusive: lent on or before `end`, not returned before `start`)."""
    where, params = [], []
    if kit_id is not None:
        where.append("l.kit_id = ?")
        params.append(kit_id)
    if partner_id is not None:
        where.append("l.partner_id = ?")
        params.append(partner_id)
    if end is not None:
        where.append("l.lent_on <= ?")
        params.append(end.isoformat())
    if start is not None:
        where.append("(l.returned_on IS NULL OR l.returned_on >= ?)")
        params.append(start.isoformat())
    sql = LOAN_SELECT + (("WHERE " + " AND ".join(where)) if where else "")
    return rows(db, sql + " ORDER BY l.lent_on DESC, l.id DESC", params)
