"""CSV exports of the kits and of the loans, for spreadsheets (no web code here).

The files are UTF-8 with a byte-order mark and semicolons between fields, which is what Excel
set up for Danish expects (a comma-separated file opens as one column there). A cell that
starts with = + - @ is prefixed with an apostrophe so a spreadsheet never runs it as a
formula; phone numbers such as "+45 73 76 76 76" are left as they are.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import re

from .loans import CHECK_IN, CHECK_OUT, loans
from .register import contents_text, kit_parts, kits

KIT_COLUMNS = ("asset_tag", "status", "contents", "device_id", "partner", "lent_on", "due_on", "notes",
               "created", "updated")
LOAN_COLUMNS = ("loan_id", "asset_tag", "partner", "contact", "lent_on", "due_on", "returned_on",
                *(f"out_{i}" for i in CHECK_OUT), *(f"back_{i}" for i in CHECK_IN), "missing",
                "outcome", "notes", "return_notes", "lent_by", "returned_by")
_NUMBER = re.compile(r"^[+\-]?[\d ]+$")


def safe_cell(value) -> str:
    """A cell's text, defused against spreadsheet formula injection."""
    text = "" if value is None else str(value)
    if text[:1] in ("=", "@", "\t", "\r") or (text[:1] in ("+", "-") and not _NUMBER.match(text)):
        return "'" + text
    return text


def _csv(columns, records) -> str:
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(columns)
    for record in records:
        writer.writerow([safe_cell(record.get(c)) for c in columns])
    return out.getvalue()


def kits_csv(db) -> str:
    """Every kit, one row each, with its contents and (when lent) the partner and due date."""
    records = []
    for kit in kits(db):
        records.append({**kit, "contents": contents_text(kit_parts(db, kit["id"])),
                        "partner": kit["partner_name"]})
    return _csv(KIT_COLUMNS, records)


def loans_csv(db, start: dt.date | None = None, end: dt.date | None = None) -> str:
    """The loans (all, or those out at any time between `start` and `end`), oldest first."""
    records = [{**loan, "loan_id": loan["id"], "partner": loan["partner_name"]}
               for loan in reversed(loans(db, start=start, end=end))]
    return _csv(LOAN_COLUMNS, records)
