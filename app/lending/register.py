"""Partners and kits: creating and editing them, and reading them back (no web code here).

Every change is written to the audit log in the same transaction as the change itself, with
the subject "partner:<id>" or "kit:<id>", so editing a record never loses its history.
"""
from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l

from ..staff.audit import audit
from . import schema  # noqa: F401  (the lending tables)
from .records import Invalid, row, rows, take_text, ticked, timestamp, write
from .words import FIELDS

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
PHONE = re.compile(r"^[0-9+() \-]{4,30}$")
ASSET_TAG = re.compile(r"^[A-Z0-9](?:[A-Z0-9\-]{0,38}[A-Z0-9])?$")
DEVICE_ID = re.compile(r"^[^\x00-\x1f\x7f]{1,64}$")  # the kiosk part's id for the device, as text

PARTNER_FIELDS = {"name": 120, "address": 300, "contact_person": 120, "phone": 30, "email": 254,
                  "notes": 2000}
PART_FIELDS = {"name": 80, "model": 80, "serial": 80}
MAX_PARTS = 20


# ---- partners -------------------------------------------------------------------------------

def clean_partner(db, data, partner_id: int | None = None) -> dict:
    """The partner fields from `data` (a form), checked; raises Invalid with a message per field."""
    errors: dict = {}
    values = {field: take_text(data.get(field), field, errors, limit, required=field == "name")
              for field, limit in PARTNER_FIELDS.items()}
    values["email"] = values["email"].lower()
    if values["email"] and "email" not in errors and not EMAIL.match(values["email"]):
        errors["email"] = _l("Enter an e-mail address like name@example.dk.")
    if values["phone"] and "phone" not in errors and not PHONE.match(values["phone"]):
        errors["phone"] = _l("Enter a phone number with digits only, for example +45 73 76 76 76.")
    if values["name"] and "name" not in errors:
        for other in rows(db, "SELECT id, name FROM partners"):
            if other["name"].casefold() == values["name"].casefold() and other["id"] != partner_id:
                errors["name"] = _l("There is already a partner called %(name)s.", name=other["name"])
    values["active"] = 1 if ticked(data.get("active")) else 0
    if errors:
        raise Invalid(errors)
    return values


def create_partner(db, data, actor: str) -> int:
    """Add a partner (a café, a library, an association) that can borrow kits; returns its id."""
    with write(db):
        values = clean_partner(db, data)
        moment = timestamp()
        partner_id = db.execute(
            "INSERT INTO partners (name, address, contact_person, phone, email, notes, active, created, "
            "updated) VALUES (:name, :address, :contact_person, :phone, :email, :notes, :active, :t, :t)",
            {**values, "t": moment}).lastrowid
        audit(db, actor, "partner.create", f"partner:{partner_id}", describe(values))
    return partner_id


def update_partner(db, partner_id: int, data, actor: str) -> None:
    """Change a partner's details or set it inactive (an inactive partner cannot borrow)."""
    with write(db):
        before = get_partner(db, partner_id)
        if before is None:
            raise Invalid({"name": _l("There is no such partner.")})
        values = clean_partner(db, data, partner_id)
        changes = changed(before, values)
        if not changes:
            return
        db.execute("UPDATE partners SET name = :name, address = :address, contact_person = :contact_person, "
                   "phone = :phone, email = :email, notes = :notes, active = :active, updated = :t "
                   "WHERE id = :id", {**values, "t": timestamp(), "id": partner_id})
        audit(db, actor, "partner.update", f"partner:{partner_id}", changes)


def get_partner(db, partner_id) -> dict | None:
    return row(db, "SELECT * FROM partners WHERE id = ?", [partner_id])


def partners(db, active_only: bool = False) -> list[dict]:
    """Partners by name, each with how many kits it holds now."""
    where = "WHERE p.active = 1" if active_only else ""
    return rows(db, "SELECT p.*, (SELECT count(*) FROM loans l WHERE l.partner_id = p.id "
                    f"AND l.returned_on IS NULL) AS kits_out FROM partners p {where} "
                    "ORDER BY p.name COLLATE NOCASE")


# ---- kits -----------------------------------------------------------------------------------

def normalise_tag(value) -> str:
    """Asset tags are compared and stored in capitals without surrounding space ("aab-kit-1 " = "AAB-KIT-1")."""
    return str(value or "").strip().upper()


def clean_parts(parts, errors: dict) -> list[dict]:
    """The contents list: rows with no name, model or serial are dropped; a row needs a name."""
    cleaned = []
    for part in parts:
        values = {field: str(part.get(field) or "").strip() for field in PART_FIELDS}
        if not any(values.values()):
            continue
        if not values["name"]:
            errors["parts"] = _l("Every part needs a name (the model and serial number are optional).")
        elif any(len(values[f]) > limit for f, limit in PART_FIELDS.items()):
            errors["parts"] = _l("Part names, models and serial numbers can be at most 80 characters.")
        cleaned.append(values)
    if not cleaned and "parts" not in errors:
        errors["parts"] = _l("List at least one part of the kit, for example the tablet.")
    if len(cleaned) > MAX_PARTS:
        errors["parts"] = _l("A kit can list at most %(count)s parts.", count=MAX_PARTS)
    return cleaned


def clean_kit(db, data, parts, kit_id: int | None = None) -> tuple[dict, list[dict]]:
    """The kit fields and its contents list, checked; raises Invalid with a message per field."""
    errors: dict = {}
    tag = normalise_tag(data.get("asset_tag"))
    if not tag:
        errors["asset_tag"] = _l("Enter the asset tag, for example AAB-KIT-001.")
    elif not ASSET_TAG.match(tag):
        errors["asset_tag"] = _l("An asset tag has letters, digits and hyphens only, for example AAB-KIT-001.")
    else:
        other = row(db, "SELECT id FROM kits WHERE asset_tag = ? COLLATE NOCASE", [tag])
        if other is not None and other["id"] != kit_id:
            errors["asset_tag"] = _l("Another kit already has the asset tag %(tag)s.", tag=tag)
    device = str(data.get("device_id") or "").strip()
    if device and not DEVICE_ID.match(device):
        errors["device_id"] = _l("A device id is one line of at most 64 characters.")
    elif device:
        other = row(db, "SELECT id, asset_tag FROM kits WHERE device_id = ? AND status != 'retired'",
                    [device])
        if other is not None and other["id"] != kit_id:
            errors["device_id"] = _l("The device %(device)s is already in kit %(tag)s.",
                                     device=device, tag=other["asset_tag"])
    notes = take_text(data.get("notes"), "notes", errors, 2000)
    cleaned_parts = clean_parts(parts, errors)
    if errors:
        raise Invalid(errors)
    return {"asset_tag": tag, "device_id": device or None, "notes": notes}, cleaned_parts


def create_kit(db, data, parts, actor: str) -> int:
    """Register a new kit (status `available`) with its contents list; returns its id."""
    with write(db):
        values, cleaned = clean_kit(db, data, parts)
        moment = timestamp()
        kit_id = db.execute("INSERT INTO kits (asset_tag, status, device_id, notes, created, updated) "
                            "VALUES (:asset_tag, 'available', :device_id, :notes, :t, :t)",
                            {**values, "t": moment}).lastrowid
        _write_parts(db, kit_id, cleaned)
        audit(db, actor, "kit.create", f"kit:{kit_id}",
              describe({**values, "contents": contents_text(cleaned)}))
    return kit_id


def update_kit(db, kit_id: int, data, parts, actor: str) -> None:
    """Change a kit's tag, contents, device or notes. Its loans and audit history stay with it."""
    with write(db):
        kit = get_kit(db, kit_id)
        if kit is None:
            raise Invalid({"asset_tag": _l("There is no such kit.")})
        values, cleaned = clean_kit(db, data, parts, kit_id)
        before = {**kit, "contents": contents_text(kit_parts(db, kit_id))}
        changes = changed(before, {**values, "contents": contents_text(cleaned)})
        if not changes:
            return
        db.execute("UPDATE kits SET asset_tag = :asset_tag, device_id = :device_id, notes = :notes, "
                   "updated = :t WHERE id = :id", {**values, "t": timestamp(), "id": kit_id})
        _write_parts(db, kit_id, cleaned)
        audit(db, actor, "kit.update", f"kit:{kit_id}", changes)


def _write_parts(db, kit_id: int, parts: list[dict]) -> None:
    db.execute("DELETE FROM kit_parts WHERE kit_id = ?", [kit_id])
    for position, part in enumerate(parts, start=1):
        db.execute("INSERT INTO kit_parts (kit_id, position, name, model, serial) VALUES (?, ?, ?, ?, ?)",
                   [kit_id, position, part["name"], part["model"], part["serial"]])


def get_kit(db, kit_id) -> dict | None:
    return row(db, "SELECT * FROM kits WHERE id = ?", [kit_id])


def kit_by_tag(db, tag) -> dict | None:
    return row(db, "SELECT * FROM kits WHERE asset_tag = ? COLLATE NOCASE", [normalise_tag(tag)])


def kit_parts(db, kit_id: int) -> list[dict]:
    return rows(db, "SELECT name, model, serial FROM kit_parts WHERE kit_id = ? ORDER BY position", [kit_id])


def kits(db, status: str | None = None) -> list[dict]:
    """Kits by asset tag, each with its open loan's partner and due date (None when not lent)."""
    where, params = ("WHERE k.status = ?", [status]) if status else ("", [])
    return rows(db, "SELECT k.*, l.id AS loan_id, l.due_on, l.lent_on, p.name AS partner_name, "
                    "p.id AS partner_id FROM kits k "
                    "LEFT JOIN loans l ON l.kit_id = k.id AND l.returned_on IS NULL "
                    f"LEFT JOIN partners p ON p.id = l.partner_id {where} "
                    "ORDER BY k.asset_tag COLLATE NOCASE", params)


# ---- describing changes for the audit log ---------------------------------------------------

def contents_text(parts: list[dict]) -> str:
    """A contents list in one line: "Tablet (Samsung Galaxy Tab A9, R9XT1); Charger"."""
    def one(part):
        extra = ", ".join(v for v in (part["model"], part["serial"]) if v)
        return f"{part['name']} ({extra})" if extra else part["name"]
    return "; ".join(one(p) for p in parts)


def describe(values: dict) -> str:
    """The values of a new record, for the audit log: "asset tag: AAB-KIT-001; contents: Tablet"."""
    return "; ".join(f"{FIELDS.get(k, k)}: {v}" for k, v in values.items() if v not in (None, ""))


def changed(before: dict, after: dict) -> str:
    """What differs, field by field: 'notes: "old" → "new"' (empty when nothing did)."""
    def shown(value):
        return "" if value is None else str(value)
    return "; ".join(f'{FIELDS.get(k, k)}: "{shown(before.get(k))}" → "{shown(v)}"'
                     for k, v in after.items() if shown(before.get(k)) != shown(v))
