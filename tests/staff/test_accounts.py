"""Accounts and the password rules, as plain functions (no HTTP)."""
from __future__ import annotations

import pytest
from argon2 import extract_parameters
from argon2.low_level import Type

from app.staff import accounts


def test_asvs_6_2_1_passwords_have_at_least_12_characters(app):
    with app.app_context():
        assert accounts.password_problem("elleve tegn") is not None       # 11
        assert accounts.password_problem("tolv tegn ok") is None           # 12


def test_asvs_6_2_4_bundled_list_has_thousands_of_common_passwords_that_fit_the_policy(app):
    common = accounts.common_passwords()
    assert len(common) >= 1000
    assert sum(len(p) >= accounts.MIN_LENGTH for p in common) >= 3000
    with app.app_context():
        for password in ("password1234", "Password1234", "QWERTYUIOP123", "Sommer123456", "velkommen123",
                         "aabenraa2024!", "123456789012", "iloveyou1234"):
            assert accounts.password_problem(password) is not None, password


def test_asvs_6_2_5_no_composition_rules(app):
    with app.app_context():
        for password in ("alle sammen nu til stranden", "ÆØÅ æøå ünïcödé fine", "ккккккккккккк",
                         "aaaaaaaaaaab", "1928374650192837"):
            assert accounts.password_problem(password) is None, password


def test_asvs_6_2_9_passwords_of_64_characters_and_more_are_allowed(app, db):
    long = "x" * 40 + " with a long tail of words "
    with app.app_context():
        accounts.create(db, "lang@aabenraa.dk", long * 3, "staff")
        assert accounts.authenticate(db, "lang@aabenraa.dk", long * 3)
        assert accounts.password_problem("y" * 256) is None
        assert accounts.password_problem("y" * 257) is not None


def test_asvs_6_2_8_the_password_is_checked_exactly_as_typed(app, db):
    password = "Præcis Sådan Her 2 gange"
    with app.app_context():
        accounts.create(db, "exact@aabenraa.dk", password)
        assert accounts.authenticate(db, "exact@aabenraa.dk", password)
        for near in (password.lower(), password.upper(), password + " ", password[:-1], " " + password):
            assert accounts.authenticate(db, "exact@aabenraa.dk", near) is None, near
        # the e-mail address is not case-sensitive
        assert accounts.authenticate(db, "EXACT@Aabenraa.dk", password)


def test_asvs_11_4_2_passwords_are_stored_with_argon2id_at_least_19_mib_and_2_passes(app, db):
    with app.app_context():
        accounts.create(db, "hash@aabenraa.dk", "a long and secret passphrase")
    stored = db.execute("SELECT password_hash FROM staff WHERE email = 'hash@aabenraa.dk'").fetchone()[0]
    parameters = extract_parameters(stored)
    assert parameters.type is Type.ID
    assert parameters.memory_cost >= 19 * 1024 and parameters.time_cost >= 2
    assert "passphrase" not in stored


def test_no_default_account_exists(app, db):
    assert db.execute("SELECT count(*) FROM staff").fetchone()[0] == 0


def test_bad_input_gets_a_plain_reason(app, db):
    with app.app_context():
        accounts.create(db, "anna@aabenraa.dk", "a long and secret passphrase")
        with pytest.raises(accounts.AccountError, match="allerede"):
            accounts.create(db, "Anna@Aabenraa.dk", "another long passphrase")
        with pytest.raises(accounts.AccountError, match="gyldig"):
            accounts.create(db, "not an address", "a long and secret passphrase")
        with pytest.raises(accounts.AccountError, match="Rollen"):
            accounts.create(db, "bo@aabenraa.dk", "a long and secret passphrase", "root")
        with pytest.raises(accounts.AccountError, match="e-mailadresse"):
            accounts.create(db, "carlcarlcarl@aabenraa.dk", "carlcarlcarl")
    assert [row["email"] for row in accounts.all_staff(db)] == ["anna@aabenraa.dk"]


def test_a_disabled_account_cannot_log_in_and_can_be_made_again(app, db):
    with app.app_context():
        accounts.create(db, "dora@aabenraa.dk", "a long and secret passphrase")
        accounts.disable(db, "dora@aabenraa.dk")
        assert accounts.authenticate(db, "dora@aabenraa.dk", "a long and secret passphrase") is None
        again = accounts.create(db, "dora@aabenraa.dk", "her new long passphrase", "admin")
        assert again["active"] == 1 and again["role"] == "admin"
        assert accounts.authenticate(db, "dora@aabenraa.dk", "her new long passphrase")["role"] == "admin"


def test_unknown_account_costs_as_much_as_a_wrong_password(app, db):
    import time
    with app.app_context():
        accounts.create(db, "eve@aabenraa.dk", "a long and secret passphrase")

        def timed(email):
            start = time.perf_counter()
            accounts.authenticate(db, email, "wrong wrong wrong")
            return time.perf_counter() - start
        known = min(timed("eve@aabenraa.dk") for _ in range(3))
        unknown = min(timed("nobody@aabenraa.dk") for _ in range(3))
    assert unknown > known * 0.5  # both pay for an Argon2 verification
