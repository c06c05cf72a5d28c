"""The staff area's tables, as one named migration set ("trinvis.staff")."""
from __future__ import annotations

from .. import store

migrations = store.migrations("trinvis.staff")


@migrations()
def m001_staff(db):
    db["staff"].create({"id": int, "email": str, "password_hash": str, "role": str, "active": int,
                        "created": str}, pk="id", not_null={"email", "password_hash", "role"},
                       defaults={"active": 1}, if_not_exists=True)
    db["staff"].create_index(["email"], unique=True, if_not_exists=True)


@migrations()
def m002_staff_sessions(db):
    # The id column holds a SHA-256 of the cookie's value: a copy of the database opens no session.
    db["staff_sessions"].create({"id": str, "staff_id": int, "data": str, "created": float,
                                 "last_seen": float}, pk="id", foreign_keys=[("staff_id", "staff", "id")],
                                if_not_exists=True)
    db["staff_sessions"].create_index(["staff_id"], if_not_exists=True)


@migrations()
def m003_audit_log(db):
    db["audit_log"].create({"id": int, "at": str, "actor": str, "action": str, "subject": str,
                            "detail": str}, pk="id", not_null={"at", "actor", "action"},
                           if_not_exists=True)
    db["audit_log"].create_index(["subject"], if_not_exists=True)


@migrations()
def m004_login_failures(db):
    # Keys are keyed hashes (of the e-mail, of the client address), kept ten minutes at most.
    db["login_failures"].create({"id": int, "key": str, "at": float}, pk="id", if_not_exists=True)
    db["login_failures"].create_index(["key", "at"], if_not_exists=True)
