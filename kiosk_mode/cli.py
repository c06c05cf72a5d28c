"""`flask --app app kiosk enrol`: a new device and its one-time enrolment URL."""
from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from app import store
from app.staff.audit import audit

from . import devices

kiosk = AppGroup("kiosk", help="Lent tablets in kiosk mode.")


@kiosk.command("enrol")
@click.option("--partner", required=True, help="The partner the tablet is lent to.")
@click.option("--pin", required=True, help="The volunteer PIN (4-12 digits).")
@click.option("--languages", default="", help="Comma-separated language codes (default: all).")
@click.option("--idle-seconds", default=devices.DEFAULT_IDLE, show_default=True, type=int)
@click.option("--name", default=None, help="The device's name (default: partner #n).")
@click.option("--qr", is_flag=True, help="Also print the URL as a QR code in the terminal.")
def enrol_command(partner, pin, languages, idle_seconds, name, qr):
    """Create a device; the last line printed is its one-time enrolment URL (valid 24 hours)."""
    db = store.connect(current_app.config["DATABASE"])
    try:
        try:
            codes = devices.parse_languages(languages)
            with store.transaction(db):
                device, token = devices.create_device(db, partner, pin, codes, idle_seconds, name)
                audit(db, "cli", "kiosk.enrol", f"device:{device['id']}", devices.describe(device))
        except ValueError as error:
            raise click.UsageError(str(error))
    finally:
        db.conn.close()
    url = current_app.config["BASE_URL"].rstrip("/") + f"/kiosk/enrol/{token}"
    click.echo(f"Device {device['id']}: {device['name']} ({device['partner']}), "
               f"languages {device['languages']}, idle {device['idle_seconds']} s")
    if qr:
        import io

        import qrcode
        code = qrcode.QRCode(border=1)
        code.add_data(url)
        out = io.StringIO()
        code.print_ascii(out=out)
        click.echo(out.getvalue())
    click.echo(url)
