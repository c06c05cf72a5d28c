"""`flask --app app staff add|disable|list`."""
from __future__ import annotations

from app.staff import accounts

from .helpers import login


def test_staff_add_asks_for_the_password_twice(app, runner, db):
    result = runner.invoke(args=["staff", "add", "anna@aabenraa.dk", "--role", "admin"],
                           input="a long and secret passphrase\na long and secret passphrase\n")
    assert result.exit_code == 0, result.output
    assert "Password" in result.output and "Repeat for confirmation" in result.output
    assert accounts.find(db, "anna@aabenraa.dk")["role"] == "admin"


def test_staff_add_refuses_two_different_passwords(app, runner, db):
    result = runner.invoke(args=["staff", "add", "bo@aabenraa.dk"],
                           input="a long and secret passphrase\nsomething else entirely\n")
    assert result.exit_code != 0
    assert accounts.find(db, "bo@aabenraa.dk") is None


def test_staff_add_password_stdin_for_scripts(app, runner, client, db):
    result = runner.invoke(args=["staff", "add", "carl@aabenraa.dk", "--password-stdin"],
                           input="a long and secret passphrase\n")
    assert result.exit_code == 0, result.output
    assert accounts.find(db, "carl@aabenraa.dk")["role"] == "staff"
    assert login(client, "carl@aabenraa.dk", "a long and secret passphrase").status_code == 303


def test_staff_add_rejects_a_weak_password_with_a_reason(app, runner, db):
    for weak in ("short", "password1234"):
        result = runner.invoke(args=["staff", "add", "dora@aabenraa.dk", "--password-stdin"], input=weak + "\n")
        assert result.exit_code == 1
        assert "Adgangskoden" in result.output
    assert accounts.find(db, "dora@aabenraa.dk") is None


def test_staff_disable_ends_the_accounts_sessions(app, runner, client, db):
    runner.invoke(args=["staff", "add", "eva@aabenraa.dk", "--password-stdin"], input="a long and secret passphrase\n")
    login(client, "eva@aabenraa.dk", "a long and secret passphrase")
    assert client.get("/staff/").status_code == 200
    result = runner.invoke(args=["staff", "disable", "eva@aabenraa.dk"])
    assert result.exit_code == 0, result.output
    assert client.get("/staff/").status_code == 302
    assert runner.invoke(args=["staff", "disable", "nobody@aabenraa.dk"]).exit_code == 1


def test_staff_list_shows_roles_and_states(app, runner):
    assert "no staff accounts" in runner.invoke(args=["staff", "list"]).output
    runner.invoke(args=["staff", "add", "a@aabenraa.dk", "--role", "admin", "--password-stdin"],
                  input="a long and secret passphrase\n")
    runner.invoke(args=["staff", "add", "b@aabenraa.dk", "--password-stdin"], input="a long and secret passphrase\n")
    runner.invoke(args=["staff", "disable", "b@aabenraa.dk"])
    lines = runner.invoke(args=["staff", "list"]).output.splitlines()
    assert lines == ["a@aabenraa.dk\tadmin\tactive", "b@aabenraa.dk\tstaff\tdisabled"]


def test_cli_changes_are_in_the_audit_log(app, runner, db):
    runner.invoke(args=["staff", "add", "f@aabenraa.dk", "--password-stdin"], input="a long and secret passphrase\n")
    runner.invoke(args=["staff", "disable", "f@aabenraa.dk"])
    actions = [row[0] for row in db.execute("SELECT action FROM audit_log WHERE subject = 'staff:f@aabenraa.dk'")]
    assert actions == ["staff.add", "staff.disable"]
