"""`flask --app app staff add|disable|list`: staff accounts from the command line."""
from __future__ import annotations

import sys

import click
from flask import current_app
from flask.cli import AppGroup

from .. import store
from . import accounts
from .audit import audit

staff_cli = AppGroup("staff", help="Staff accounts.")


def _db():
    return store.connect(current_app.config["DATABASE"])


@staff_cli.command("add")
@click.argument("email")
@click.option("--role", type=click.Choice(accounts.ROLES), default="staff", show_default=True)
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input (for scripts).")
def add_command(email, role, password_stdin):
    """Make a staff account; asks for the password twice."""
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    db = _db()
    try:
        made = accounts.create(db, email, password, role)
        audit(db, "cli", "staff.add", f"staff:{made['email']}", f"role {role}")
    except accounts.AccountError as exc:
        raise click.ClickException(str(exc))
    finally:
        db.conn.close()
    click.echo(f"{made['email']} can now log in ({made['role']})")


@staff_cli.command("disable")
@click.argument("email")
def disable_command(email):
    """Stop an account from logging in and end its sessions."""
    db = _db()
    try:
        account = accounts.disable(db, email)
        audit(db, "cli", "staff.disable", f"staff:{account['email']}")
    except accounts.AccountError as exc:
        raise click.ClickException(str(exc))
    finally:
        db.conn.close()
    click.echo(f"{account['email']} is disabled; its sessions have ended")


@staff_cli.command("list")
def list_command():
    """Every account, its role and whether it can log in."""
    db = _db()
    try:
        rows = accounts.all_staff(db)
    finally:
        db.conn.close()
    if not rows:
        click.echo("no staff accounts (make one with: flask --app app staff add EMAIL --role admin)")
    for row in rows:
        state = "active" if row["active"] else "disabled"
        click.echo(f"{row['email']}\t{row['role']}\t{state}")


def init_app(app) -> None:
    app.cli.add_command(staff_cli)
