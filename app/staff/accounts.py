"""Staff accounts: creating, checking and disabling them; the password rules (no web code here)."""
from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from flask_babel import gettext as _

from . import schema  # noqa: F401  (the staff and staff_sessions tables)

ROLES = ("admin", "staff")
MIN_LENGTH = 12
MAX_LENGTH = 256  # long enough for any passphrase, short enough that hashing it costs nothing extra
COMMON_PASSWORDS = Path(__file__).with_name("common-passwords.txt")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

# Argon2id above the OWASP floor (m=19 MiB, t=2): 32 MiB and 2 passes, about 80 ms on this
# project's 2-core server: slow for a guesser, quick enough for a login.
hasher = PasswordHasher(time_cost=2, memory_cost=32 * 1024, parallelism=1)
# Verifying against this when the e-mail is unknown keeps "no such account" as slow as "wrong password".
_DUMMY_HASH = hasher.hash("not a real password; only here to spend the same time")


class AccountError(ValueError):
    """A plain reason why an account could not be made or changed (shown to the user as is)."""


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    lines = COMMON_PASSWORDS.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().casefold() for line in lines if line.strip() and not line.startswith("#"))


def password_problem(password: str, email: str = "") -> str | None:
    """Why `password` may not be used, or None. Length and the common list only: no composition rules."""
    if len(password) < MIN_LENGTH:
        return _("The password must have at least %(n)d characters.", n=MIN_LENGTH)
    if len(password) > MAX_LENGTH:
        return _("The password may have at most %(n)d characters.", n=MAX_LENGTH)
    folded = password.casefold()
    if folded in common_passwords():
        return _("This password is too common: it is on the list of passwords attackers try first. Choose another.")
    if email and folded in (email.casefold(), email.split("@")[0].casefold()):
        return _("The password must not be your e-mail address.")
    return None


def normalise_email(email: str) -> str:
    email = (email or "").strip().lower()
    if not EMAIL.match(email) or len(email) > 254:
        raise AccountError(_("\"%(email)s\" is not a valid e-mail address.", email=email))
    return email


def _row(db, sql: str, params) -> dict | None:
    cursor = db.execute(sql, params)
    row = cursor.fetchone()
    return dict(zip([c[0] for c in cursor.description], row)) if row else None


def find(db, email: str) -> dict | None:
    """The account with this e-mail (any state), without its password hash."""
    return _row(db, "SELECT id, email, role, active, created FROM staff WHERE email = ?",
                [(email or "").strip().lower()])


def get(db, staff_id: int) -> dict | None:
    """An active account by id, as the dict views see (id, email, role)."""
    return _row(db, "SELECT id, email, role FROM staff WHERE id = ? AND active = 1", [staff_id])


def all_staff(db) -> list[dict]:
    cursor = db.execute("SELECT id, email, role, active, created FROM staff ORDER BY email")
    columns = [c[0] for c in cursor.description]
    return [dict(zip(columns, row)) for row in cursor.fetchall()]


def create(db, email: str, password: str, role: str = "staff") -> dict:
    """Make an account; raises AccountError with a plain reason when the input is not acceptable.

    An e-mail that belongs to a disabled account is enabled again with the new password and role.
    """
    email = normalise_email(email)
    if role not in ROLES:
        raise AccountError(_("The role must be one of: %(roles)s.", roles=", ".join(ROLES)))
    problem = password_problem(password, email)
    if problem:
        raise AccountError(problem)
    existing = find(db, email)
    if existing and existing["active"]:
        raise AccountError(_("There is already an account for %(email)s.", email=email))
    password_hash = hasher.hash(password)
    if existing:
        db.execute("UPDATE staff SET password_hash = ?, role = ?, active = 1 WHERE id = ?",
                   [password_hash, role, existing["id"]])
    else:
        db.execute("INSERT INTO staff (email, password_hash, role, active, created) VALUES (?, ?, ?, 1, ?)",
                   [email, password_hash, role, dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")])
    return find(db, email)


def authenticate(db, email: str, password: str) -> dict | None:
    """The active account if the password is right, else None (same cost either way)."""
    row = _row(db, "SELECT id, email, role, password_hash FROM staff WHERE email = ? AND active = 1",
               [(email or "").strip().lower()])
    if len(password or "") > MAX_LENGTH:
        password = password[:MAX_LENGTH + 1]
    try:
        hasher.verify(row["password_hash"] if row else _DUMMY_HASH, password or "")
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return None
    if row is None:
        return None
    if hasher.check_needs_rehash(row["password_hash"]):
        db.execute("UPDATE staff SET password_hash = ? WHERE id = ?", [hasher.hash(password), row["id"]])
    return {"id": row["id"], "email": row["email"], "role": row["role"]}


def disable(db, email: str) -> dict:
    """Disable an account and end every session it has."""
    account = find(db, email)
    if account is None:
        raise AccountError(_("There is no account for %(email)s.", email=email))
    db.execute("UPDATE staff SET active = 0 WHERE id = ?", [account["id"]])
    db.execute("DELETE FROM staff_sessions WHERE staff_id = ?", [account["id"]])
    return find(db, email)


def set_password(db, email: str, password: str) -> None:
    """Give an account a new password and end its sessions (so a stolen session dies with the old one)."""
    account = find(db, email)
    if account is None:
        raise AccountError(_("There is no account for %(email)s.", email=email))
    problem = password_problem(password, account["email"])
    if problem:
        raise AccountError(problem)
    db.execute("UPDATE staff SET password_hash = ? WHERE id = ?", [hasher.hash(password), account["id"]])
    db.execute("DELETE FROM staff_sessions WHERE staff_id = ?", [account["id"]])
