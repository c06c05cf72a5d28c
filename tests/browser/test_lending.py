"""The lending register in Chromium: a member of staff creates a partner and a kit, lends the kit,
sees it overdue once the date passes the due date, and takes it back through the return checklist;
axe finds no violations on any lending page, and the printed label's QR code leads to the kit.

The register's "today" is server-side: the test moves it with the documented override
`app.config["LENDING_TODAY"]` (Playwright's page.clock only moves the browser's clock).
"""
import datetime as dt
import secrets
from urllib.parse import urlsplit

import zxingcpp
from PIL import Image
from io import BytesIO

from app import store
from app.lending import loans, register
from tests.staff.helpers import browser_login

EMAIL = "lending-browser@aabenraa.dk"
TAG = "AAB-KIT-B01"


def no_violations(page, axe, name):
    violations = axe(page)
    assert violations == [], f"{name}: {violations}"


def test_lend_overdue_and_return_in_chromium(page, live_app, live_server, axe):
    start = dt.date(2025, 1, 27)
    clock = {"today": start}
    live_app.config["LENDING_TODAY"] = lambda: clock["today"]
    try:
        browser_login(page, live_app, live_server.url, EMAIL, "/staff/lending/")

        # a partner: first without a name (refused, with a message), then properly
        page.click("text=Partnere")
        page.click("text=Opret en partner")
        page.click("button:has-text('Opret partner')")
        assert page.locator(".summary").is_visible()
        assert page.locator("#e-name").inner_text() == "Udfyld feltet."
        no_violations(page, axe, "partner form with errors")
        page.fill("#f-name", "Den Blå Oase")
        page.fill("#f-address", "Storegade 1\n6200 Aabenraa")
        page.fill("#f-contact_person", "Mette Jensen")
        page.fill("#f-phone", "+45 20 30 40 50")
        page.fill("#f-email", "mette@blaaoase.dk")
        page.click("button:has-text('Opret partner')")
        page.wait_for_url("**/partners/*/")
        assert page.locator("h1").inner_text() == "Den Blå Oase"
        no_violations(page, axe, "partner page")

        # a kit: the usual contents are filled in; add the tablet's model and serial number
        page.goto(f"{live_server.url}/staff/lending/kits/new")
        assert page.input_value("#part-0-name") == "Tablet"
        page.fill("#f-asset_tag", TAG.lower())
        page.fill("#part-0-model", "Samsung Galaxy Tab A9")
        page.fill("#part-0-serial", "R9XT100")
        no_violations(page, axe, "kit form")
        page.click("button:has-text('Registrér sæt')")
        page.wait_for_url("**/kits/*/")
        assert TAG in page.locator("h1").inner_text() and "Ledigt" in page.locator("h1").inner_text()
        kit_url = page.url

        # lend it, due in a week
        page.click("text=Lån sættet ud")
        assert page.input_value("#f-asset_tag") == TAG
        assert page.input_value("#f-lent_on") == "2025-01-27"
        page.select_option("#f-partner_id", label="Den Blå Oase")
        page.fill("#f-due_on", "2025-02-03")
        page.check("#f-parts_present")
        page.check("#f-charged")
        page.check("#f-kiosk_enrolled")
        no_violations(page, axe, "lend form")
        page.click("button:has-text('Lån sættet ud')")
        page.wait_for_url(kit_url)
        assert "er lånt ud til Den Blå Oase til og med 3. feb. 2025" in page.locator(".flash").inner_text()
        no_violations(page, axe, "kit page, lent")
        page.goto(f"{live_server.url}/staff/lending/")
        assert page.locator("text=Ingen udlån er overskredet.").is_visible()

        # the due date passes (across the month end): the loan is overdue, with the contact
        clock["today"] = dt.date(2025, 2, 6)
        page.reload()
        row = page.locator("table.overdue tbody tr")
        assert row.count() == 1
        cells = row.locator("td, th").all_inner_texts()
        assert cells[0] == TAG and cells[1] == "Den Blå Oase" and "+45 20 30 40 50" in cells[2]
        assert cells[4] == "3"
        no_violations(page, axe, "lending overview with an overdue loan")

        # return it: the incomplete checklist is refused, the full one makes the kit available
        page.click(f"text=Aflevér {TAG}")
        assert page.input_value("#f-asset_tag") == TAG
        page.check("#f-turns_on")
        page.check("#f-parts_back")
        page.check("#f-screen_ok")
        page.click("button:has-text('Registrér afleveringen')")
        assert page.locator("#e-missing").is_visible()
        no_violations(page, axe, "return form with errors")
        page.check("#f-wiped")
        page.click("button:has-text('Registrér afleveringen')")
        page.wait_for_url(kit_url)
        assert f"{TAG} er afleveret og ledigt." in page.locator(".flash").inner_text()
        assert "Ledigt" in page.locator("h1").inner_text()
        history = page.locator(".history li").all_inner_texts()
        assert [h.split(" · ")[2].split("\n")[0] for h in history] == ["Sæt registreret", "Udlånt", "Afleveret"]
        no_violations(page, axe, "kit page, returned")
        page.goto(f"{live_server.url}/staff/lending/")
        assert page.locator("text=Ingen udlån er overskredet.").is_visible()

        # the label: its QR code, as Chromium draws it, leads to the kit's page
        page.goto(kit_url)
        page.click("text=Print mærkat")
        no_violations(page, axe, "label sheet")
        label = page.locator(".label img").first
        label.evaluate("img => img.decode()")
        shot = Image.open(BytesIO(label.screenshot()))
        [decoded] = [r.text for r in zxingcpp.read_barcodes(shot)]
        assert decoded == live_app.config["BASE_URL"].rstrip("/") + urlsplit(kit_url).path
        page.goto(live_server.url + urlsplit(decoded).path)
        assert TAG in page.locator("h1").inner_text()

        page.goto(f"{live_server.url}/staff/lending/export")
        no_violations(page, axe, "export page")
        page.goto(f"{live_server.url}/staff/lending/partners/")
        no_violations(page, axe, "partners")
    finally:
        live_app.config["LENDING_TODAY"] = None


def test_a_damaged_kit_goes_to_repair_in_chromium(page, live_app, live_server, axe):
    """A kit comes back late with a damaged screen, though wiped and with a note: it goes to
    repair, the kit page says why, and it is available again only after the whole repair
    checklist. axe checks the pages the first test does not reach: the staff overview with an
    overdue loan, the kit page in repair and with a form error, and the edit forms."""
    run = secrets.token_hex(2).upper()
    tag, partner_name = f"AAB-KIT-R{run}", f"Bov Bibliotek {run}"
    clock = {"today": dt.date(2025, 2, 6)}
    live_app.config["LENDING_TODAY"] = lambda: clock["today"]
    db = store.connect(live_app.config["DATABASE"])
    try:
        with live_app.app_context():
            partner_id = register.create_partner(db, {"name": partner_name, "contact_person": "Jens Holm",
                                                      "phone": "+45 73 76 76 76", "active": "1"}, EMAIL)
            kit_id = register.create_kit(db, {"asset_tag": tag}, [{"name": "Tablet", "model": "Lenovo Tab M10",
                                                                   "serial": f"HA1{run}"}], EMAIL)
            loans.lend(db, asset_tag=tag, partner_id=partner_id, lent_on="2025-01-27", due_on="2025-02-03",
                       checklist={"parts_present": "1", "charged": "1", "kiosk_enrolled": "1"}, actor=EMAIL,
                       today=clock["today"])
    finally:
        db.conn.close()
    kit_url = f"{live_server.url}/staff/lending/kits/{kit_id}/"
    try:
        browser_login(page, live_app, live_server.url, f"lending-repair-{run.lower()}@aabenraa.dk")

        # the staff overview lists the overdue loan with the partner's contact
        row = page.locator("table.overdue tbody tr", has_text=tag)
        assert row.count() == 1
        cells = row.locator("td, th").all_inner_texts()
        assert cells[1] == partner_name and "Jens Holm" in cells[2] and cells[4] == "3"
        no_violations(page, axe, "staff overview with an overdue loan")

        # the edit forms, as they open and with an error
        page.goto(kit_url)
        page.click("text=Redigér sæt")
        assert page.input_value("#part-0-model") == "Lenovo Tab M10"
        no_violations(page, axe, "kit edit form")
        page.fill("#f-asset_tag", "")
        page.click("button:has-text('Gem sæt')")
        assert page.locator("#e-asset_tag").is_visible()
        no_violations(page, axe, "kit edit form with errors")
        page.goto(f"{live_server.url}/staff/lending/partners/{partner_id}/edit")
        no_violations(page, axe, "partner edit form")
        page.fill("#f-email", "jens(at)bov.dk")
        page.click("button:has-text('Gem partner')")
        assert page.locator("#e-email").is_visible()
        no_violations(page, axe, "partner edit form with errors")

        # the return: wiped and a note written, but the screen is damaged -> repair, not available
        page.goto(f"{live_server.url}/staff/lending/return?kit={tag}")
        page.check("#f-turns_on")
        page.check("#f-parts_back")
        page.check("#f-wiped")
        page.fill("#f-missing", "Revne i skærmens hjørne")
        page.click("button:has-text('Registrér afleveringen')")
        page.wait_for_url(kit_url)
        flash = page.locator(".flash").inner_text()
        assert f"{tag} er afleveret, men kan ikke lånes ud" in flash and "Skærmen har skader." in flash
        assert "Til reparation" in page.locator("h1").inner_text()
        repair = page.locator("section.repair")
        assert repair.locator("li").all_inner_texts() == ["Skærmen har skader."]
        assert "Revne i skærmens hjørne" in repair.inner_text()
        assert page.locator("text=Lån sættet ud").count() == 0
        no_violations(page, axe, "kit page, in repair")

        # marking it repaired needs the whole checklist
        page.check("#f-turns_on")
        page.check("#f-parts_back")
        page.check("#f-wiped")
        page.fill("#f-note", "Ny skærm monteret")
        page.click("button:has-text('Markér som repareret')")
        assert page.locator(".summary").is_visible()
        assert "Sæt kryds ved alle punkter" in page.locator(".summary").inner_text()
        assert "Til reparation" in page.locator("h1").inner_text()
        no_violations(page, axe, "kit page with a form error")
        page.click(".summary a")
        assert page.evaluate("document.activeElement.id") == "f-checklist"
        page.check("#f-screen_ok")
        page.click("button:has-text('Markér som repareret')")
        page.wait_for_url(kit_url)
        assert f"{tag} er ledigt igen." in page.locator(".flash").inner_text()
        assert "Ledigt" in page.locator("h1").inner_text()
        assert page.locator("section.repair").count() == 0
        history = page.locator(".history li").all_inner_texts()
        assert "Markeret som repareret" in history[-1] and "Ny skærm monteret" in history[-1]
        no_violations(page, axe, "kit page, repaired")
    finally:
        live_app.config["LENDING_TODAY"] = None
