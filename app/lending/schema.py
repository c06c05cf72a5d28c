"""The lending register's tables, as one named migration set ("trinvis.lending")."""
from __future__ import annotations

from .. import store

migrations = store.migrations("trinvis.lending")

STATUSES = ("available", "lent", "in_repair", "retired")


@migrations()
def m001_register(db):
    # Raw SQL for the CHECK constraints: the database itself refuses a loan that ends before
    # it starts, a malformed date or an unknown status, whatever code writes to it.
    # One statement at a time: executescript() would commit the migration's transaction early.
    for statement in """
    CREATE TABLE IF NOT EXISTS partners (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        address TEXT NOT NULL DEFAULT '',
        contact_person TEXT NOT NULL DEFAULT '',
        phone TEXT NOT NULL DEFAULT '',
        email TEXT NOT NULL DEFAULT '',
        notes TEXT NOT NULL DEFAULT '',
        active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
        created TEXT NOT NULL,
        updated TEXT NOT NULL
    );
    CREATE UNIQUE INDEX IF NOT EXISTS partners_name ON partners (name COLLATE NOCASE);

    CREATE TABLE IF NOT EXISTS kits (
        id INTEGER PRIMARY KEY,
        asset_tag TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'available'
            CHECK (status IN ('available', 'lent', 'in_repair', 'retired')),
        device_id TEXT,  -- the kiosk device the tablet carries (kiosk mode), no foreign key on purpose
        notes TEXT NOT NULL DEFAULT '',
        created TEXT NOT NULL,
        updated TEXT NOT NULL
    );
    CREATE UNIQUE INDEX IF NOT EXISTS kits_asset_tag ON kits (asset_tag COLLATE NOCASE);
    CREATE INDEX IF NOT EXISTS kits_device_id ON kits (device_id);

    CREATE TABLE IF NOT EXISTS kit_parts (
        id INTEGER PRIMARY KEY,
        kit_id INTEGER NOT NULL REFERENCES kits (id),
        position INTEGER NOT NULL,
        name TEXT NOT NULL,
        model TEXT NOT NULL DEFAULT '',
        serial TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX IF NOT EXISTS kit_parts_kit ON kit_parts (kit_id, position);

    CREATE TABLE IF NOT EXISTS loans (
        id INTEGER PRIMARY KEY,
        kit_id INTEGER NOT NULL REFERENCES kits (id),
        partner_id INTEGER NOT NULL REFERENCES partners (id),
        contact TEXT NOT NULL DEFAULT '',
        -- ISO dates only; the '+0 days' makes SQLite normalise "2025-02-30", so the check catches it
        lent_on TEXT NOT NULL CHECK (date(lent_on, '+0 days') IS lent_on),
        due_on TEXT NOT NULL CHECK (date(due_on, '+0 days') IS due_on),
        out_parts_present INTEGER NOT NULL DEFAULT 0,
        out_charged INTEGER NOT NULL DEFAULT 0,
        out_kiosk_enrolled INTEGER NOT NULL DEFAULT 0,
        notes TEXT NOT NULL DEFAULT '',
        lent_by TEXT NOT NULL DEFAULT '',
        returned_on TEXT CHECK (returned_on IS NULL OR date(returned_on, '+0 days') IS returned_on),
        back_turns_on INTEGER,
        back_parts_back INTEGER,
        back_screen_ok INTEGER,
        back_wiped INTEGER,
        missing TEXT NOT NULL DEFAULT '',
        return_notes TEXT NOT NULL DEFAULT '',
        returned_by TEXT NOT NULL DEFAULT '',
        outcome TEXT CHECK (outcome IS NULL OR outcome IN ('available', 'in_repair')),
        created TEXT NOT NULL,
        CHECK (due_on >= lent_on),
        CHECK (returned_on IS NULL OR returned_on >= lent_on)
    );
    -- At most one open loan per kit: the constraint behind "two staff lend the same kit at once".
    CREATE UNIQUE INDEX IF NOT EXISTS loans_one_open_per_kit ON loans (kit_id) WHERE returned_on IS NULL;
    CREATE INDEX IF NOT EXISTS loans_partner ON loans (partner_id);
    CREATE INDEX IF NOT EXISTS loans_due ON loans (due_on) WHERE returned_on IS NULL;
    """.split(";\n"):
        if statement.strip():
            db.execute(statement)


@migrations()
def m002_return_gate(db):
    # A returned kit goes back into use (outcome 'available') only when the tablet turned on,
    # its screen was undamaged and it was wiped and reset; the database refuses anything else,
    # whatever code writes to it. Loans returned before this migration are left as they were.
    condition = ("NEW.outcome = 'available' AND NOT "
                 "(NEW.back_turns_on IS 1 AND NEW.back_screen_ok IS 1 AND NEW.back_wiped IS 1)")
    message = "a kit that failed a return check cannot be available"
    db.execute(f"""CREATE TRIGGER IF NOT EXISTS loans_return_gate_insert BEFORE INSERT ON loans
        WHEN {condition} BEGIN SELECT RAISE(ABORT, '{message}'); END""")
    db.execute(f"""CREATE TRIGGER IF NOT EXISTS loans_return_gate_update
        BEFORE UPDATE OF outcome, back_turns_on, back_screen_ok, back_wiped ON loans
        WHEN {condition} BEGIN SELECT RAISE(ABORT, '{message}'); END""")
