"""The lending register in Chromium: a member of staff creates a partner and a kit, lends the kit,
sees it overdue once the date passes the due date, and takes it back through the return checklist;
axe finds no violations on any lending page, and the printed label's QR code leads to the kit.

The register's "today" is server-side: the test moves it with the documented override
`app.config["LENDING_TODAY"]` (Playwright's page.clock only moves the browser's clock).
"""
import datetime as dt
from urllib.parse import urlsplit

import zxingcpp
from PIL import Image
from io import BytesIO

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
