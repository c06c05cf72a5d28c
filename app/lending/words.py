"""The register's words on screen: statuses, checklist items, history actions (one place for each)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

STATUS = {
    "available": _l("Available"),
    "lent": _l("Lent out"),
    "in_repair": _l("In repair"),
    "retired": _l("Retired"),
}
CHECK_OUT = {
    "parts_present": _l("All parts are present"),
    "charged": _l("The tablet is charged"),
    "kiosk_enrolled": _l("The tablet is enrolled in kiosk mode"),
}
CHECK_IN = {
    "turns_on": _l("The tablet turns on"),
    "parts_back": _l("All parts are back"),
    "screen_ok": _l("The screen is undamaged"),
    "wiped": _l("The tablet is wiped and reset"),
}
# What a failed return check means for the kit: any of these sends it to repair.
REPAIR_REASONS = {
    "turns_on": _l("The tablet did not turn on."),
    "screen_ok": _l("The screen is damaged."),
    "wiped": _l("The tablet was not wiped and reset."),
}
SENT_TO_REPAIR = _l("Staff sent it to repair at the return.")
# The checklist that puts a kit in repair back into use: all of it must be ticked.
REPAIRED = {
    "turns_on": _l("The tablet turns on"),
    "parts_back": _l("All parts are there"),
    "screen_ok": _l("The screen is undamaged"),
    "wiped": _l("The tablet is wiped and reset"),
}
ACTIONS = {
    "kit.create": _l("Kit registered"),
    "kit.update": _l("Kit edited"),
    "kit.lend": _l("Lent out"),
    "kit.return": _l("Returned"),
    "kit.extend": _l("Due date changed"),
    "kit.repaired": _l("Marked repaired"),
    "kit.retire": _l("Retired"),
    "partner.create": _l("Partner added"),
    "partner.update": _l("Partner edited"),
}
# Field names as the audit log's change descriptions show them.
FIELDS = {
    "asset_tag": _l("asset tag"), "contents": _l("contents"), "device_id": _l("kiosk device"),
    "notes": _l("notes"), "name": _l("name"), "address": _l("address"),
    "contact_person": _l("contact person"), "phone": _l("phone"), "email": _l("e-mail"),
    "active": _l("active"),
}
# The contents a new kit usually has; staff change or remove them on the form.
DEFAULT_PARTS = (_l("Tablet"), _l("Charger"), _l("Stand or case"), _l("Printed handouts"))
