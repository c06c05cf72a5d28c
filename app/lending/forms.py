"""Turning posted forms into what the register's functions take, and back into form values."""
from __future__ import annotations

from .register import MAX_PARTS, PART_FIELDS
from .words import DEFAULT_PARTS

BLANK_ROWS = 3


def parts_from(form) -> list[dict]:
    """The contents rows of a kit form (part-<n>-name, part-<n>-model, part-<n>-serial)."""
    rows = []
    for n in range(MAX_PARTS + BLANK_ROWS):
        if f"part-{n}-name" not in form and f"part-{n}-model" not in form:
            continue
        rows.append({field: form.get(f"part-{n}-{field}", "") for field in PART_FIELDS})
    return rows


def part_rows(parts: list[dict] | None) -> list[dict]:
    """The rows to show on a kit form: the kit's parts (a new kit: the usual ones) and a few blank rows."""
    if parts is None:
        parts = [{"name": str(name), "model": "", "serial": ""} for name in DEFAULT_PARTS]
    blank = {field: "" for field in PART_FIELDS}
    return [*parts, *([blank] * max(0, min(BLANK_ROWS, MAX_PARTS + BLANK_ROWS - len(parts))))]
