"""The lending pages over HTTP: login and CSRF required, bad input gets a message and writes nothing."""
import pytest

from .web import (BASE, CHECK_IN, CHECK_OUT, PAGES, POSTS, add_kit, add_partner, counts, lend, post,
                  text)

# ---- access ---------------------------------------------------------------------------------------

def test_every_page_needs_a_staff_login(client):
    for path in PAGES:
        response = client.get(path)
        assert response.status_code == 302, path
        assert "/staff/login" in response.location


def test_the_menu_has_the_lending_entry(staff):
    page = text(staff.get("/staff/"))
    assert f'href="{BASE}/">Udlån</a>' in page


def test_every_form_needs_a_csrf_token(app, staff):
    add_partner(staff)
    add_kit(staff)
    before = counts(app)
    for path in POSTS:
        response = staff.post(path, data={"asset_tag": "AAB-KIT-009", "name": "Bov Bibliotek", "reason": "x",
                                          "partner_id": "1", "lent_on": "2025-03-01", "due_on": "2025-03-10",
                                          "part-0-name": "Tablet", "wiped": "1", **CHECK_OUT})
        assert response.status_code == 400, path
    assert counts(app) == before


def test_pages_are_danish_and_not_cached(staff):
    response = staff.get(f"{BASE}/")
    assert '<html lang="da"' in text(response)
    assert "Overskredne udlån" in text(response)
    assert response.headers["Cache-Control"] == "no-store"


# ---- bad input ------------------------------------------------------------------------------------

@pytest.mark.parametrize("data, message", [
    ({"name": ""}, "Udfyld feltet."),
    ({"name": "Café Ø", "email": "mette(at)blaaoase.dk"}, "Skriv en e-mailadresse"),
    ({"name": "Café Ø", "phone": "ring til Mette"}, "Skriv et telefonnummer"),
])
def test_bad_partner_forms_are_refused_with_a_message(app, staff, data, message):
    before = counts(app)
    response = post(staff, f"{BASE}/partners/new", **data)
    assert response.status_code == 400
    page = text(response)
    assert "Intet blev gemt" in page and message in page
    assert 'aria-invalid="true"' in page
    assert counts(app) == before
    if data.get("name"):
        assert 'value="Café Ø"' in page  # what was typed is kept


def test_a_duplicate_asset_tag_is_refused(app, staff):
    add_kit(staff)
    before = counts(app)
    response = post(staff, f"{BASE}/kits/new", asset_tag="aab-kit-001", **{"part-0-name": "Tablet"})
    assert response.status_code == 400
    assert "Et andet sæt har allerede inventarnummeret AAB-KIT-001." in text(response)
    assert counts(app) == before


@pytest.mark.parametrize("extra, message", [
    ({"asset_tag": "AAB-KIT-404"}, "Der er intet sæt med inventarnummeret AAB-KIT-404."),
    ({"due_on": "2025-02-28"}, "Afleveringsdatoen ligger før udlånsdatoen."),
    ({"lent_on": "2025-03-20", "due_on": "2025-03-30"}, "Udlånsdatoen kan ikke ligge efter i dag."),
    ({"due_on": "snart"}, "Skriv en gyldig dato"),
    ({"partner_id": ""}, "Vælg den partner, der låner sættet."),
    ({"kiosk_enrolled": ""}, "Sæt kryds ved alle punkter på tjeklisten"),
])
def test_bad_lending_forms_are_refused_with_a_message(app, staff, extra, message):
    partner_id = add_partner(staff)
    add_kit(staff)
    before = counts(app)
    response = lend(staff, partner_id, **extra)
    assert response.status_code == 400
    page = text(response)
    assert message in page and "Intet blev gemt" in page
    assert counts(app) == before


def test_lending_a_kit_that_is_not_available_is_refused(app, staff):
    partner_id = add_partner(staff)
    add_kit(staff)
    assert lend(staff, partner_id).status_code == 303
    before = counts(app)
    response = lend(staff, partner_id)
    assert response.status_code == 400
    assert "AAB-KIT-001 er allerede lånt ud til Den Blå Oase (skal afleveres 10. mar. 2025)." in text(response)
    assert counts(app) == before


def test_returning_a_kit_that_is_not_lent_is_refused(app, staff):
    add_kit(staff)
    before = counts(app)
    response = post(staff, f"{BASE}/return", asset_tag="AAB-KIT-001", returned_on="2025-03-14", **CHECK_IN)
    assert response.status_code == 400
    assert "AAB-KIT-001 er ikke lånt ud og kan derfor ikke afleveres." in text(response)
    assert counts(app) == before


def test_an_incomplete_return_checklist_needs_a_note(app, staff):
    partner_id = add_partner(staff)
    add_kit(staff)
    lend(staff, partner_id)
    before = counts(app)
    response = post(staff, f"{BASE}/return", asset_tag="AAB-KIT-001", returned_on="2025-03-14",
                    **{**CHECK_IN, "wiped": ""})
    assert response.status_code == 400
    assert "Ikke alle punkter på tjeklisten er afkrydset" in text(response)
    assert counts(app) == before


# ---- the whole round, as the pages show it -------------------------------------------------------

def test_lend_overdue_return_round(app, staff):
    partner_id = add_partner(staff)
    kit_id = add_kit(staff)
    response = lend(staff, partner_id, contact="Jonas")
    assert response.location.endswith(f"{BASE}/kits/{kit_id}/")
    page = text(staff.get(response.location))
    assert "AAB-KIT-001 er lånt ud til Den Blå Oase til og med 10. mar. 2025." in page
    assert "4 dage for sent" in page  # today is 14 March
    overview = text(staff.get(f"{BASE}/"))
    overdue = overview.split('class="overdue"')[1].split("</table>")[0]
    assert "AAB-KIT-001" in overdue and "Jonas" in overdue and "+45 20 30 40 50" in overdue
    assert '<td class="n bad">4</td>' in overdue
    # the staff overview lists it too
    front = text(staff.get("/staff/"))
    assert "Overskredne udlån" in front
    assert "AAB-KIT-001" in front.split('class="overdue"')[1].split("</table>")[0]

    form = text(staff.get(f"{BASE}/return?kit=AAB-KIT-001"))
    assert "AAB-KIT-001 er lånt ud til Den Blå Oase" in form and "Samsung Galaxy Tab A9" in form
    response = post(staff, f"{BASE}/return", asset_tag="AAB-KIT-001", returned_on="2025-03-14", **CHECK_IN)
    assert response.status_code == 303
    page = text(staff.get(response.location))
    assert "AAB-KIT-001 er afleveret og ledigt." in page
    assert '<span class="status status-available">Ledigt</span>' in page
    for action in ("Sæt registreret", "Udlånt", "Afleveret"):
        assert f"<strong>{action}</strong>" in page
    assert "Ingen udlån er overskredet." in text(staff.get(f"{BASE}/"))
    assert "Ingen udlån er overskredet." in text(staff.get("/staff/"))


@pytest.mark.parametrize("failed, reason", [
    ("turns_on", "Tabletten kunne ikke tændes."),
    ("screen_ok", "Skærmen har skader."),
    ("wiped", "Tabletten var ikke slettet og nulstillet."),
])
def test_a_failed_return_check_sends_the_kit_to_repair_through_the_form(app, staff, failed, reason):
    """A note typed and everything else ticked (the wipe too, unless that is the failed check):
    the kit still goes to repair, the page says why, and it cannot be lent."""
    partner_id = add_partner(staff)
    kit_id = add_kit(staff)
    lend(staff, partner_id)
    response = post(staff, f"{BASE}/return", asset_tag="AAB-KIT-001", returned_on="2025-03-14",
                    missing="Revne i hjørnet", return_notes="Afleveret af Jonas", **{**CHECK_IN, failed: ""})
    assert response.status_code == 303 and response.location.endswith(f"{BASE}/kits/{kit_id}/")
    page = text(staff.get(response.location))
    flash = page.split('class="flash"')[1].split("</div>")[0]
    assert "AAB-KIT-001 er afleveret, men kan ikke lånes ud: det er til reparation." in flash
    assert f"Hvorfor: {reason}" in flash
    assert '<span class="status status-in_repair">Til reparation</span>' in page
    repair = page.split('<section class="error repair"')[1].split("</section>")[0]
    assert "Til reparation: sættet kan ikke lånes ud" in repair
    assert "Afleveret af Den Blå Oase 14. mar. 2025. Derfor er det til reparation:" in repair
    assert f"<li>{reason}</li>" in repair and "Revne i hjørnet" in repair and "Afleveret af Jonas" in repair
    assert "Lån sættet ud" not in page  # no lend button while in repair
    # the kit page keeps saying why (not only the one-off message)
    again = text(staff.get(response.location))
    assert 'class="flash"' not in again and f"<li>{reason}</li>" in again
    assert "AAB-KIT-001" not in text(staff.get(f"{BASE}/?status=available")).split('id="kits"')[1]
    before = counts(app)
    response = lend(staff, partner_id, lent_on="2025-03-14", due_on="2025-03-20")
    assert response.status_code == 400
    assert "AAB-KIT-001 er til reparation. Markér det som repareret, før det lånes ud." in text(response)
    assert counts(app) == before


def test_a_missing_part_written_down_leaves_a_working_kit_available(app, staff):
    partner_id = add_partner(staff)
    kit_id = add_kit(staff)
    lend(staff, partner_id)
    response = post(staff, f"{BASE}/return", asset_tag="AAB-KIT-001", returned_on="2025-03-14",
                    missing="Opladeren mangler", **{**CHECK_IN, "parts_back": ""})
    assert response.status_code == 303
    page = text(staff.get(response.location))
    assert "AAB-KIT-001 er afleveret og ledigt." in page
    assert '<span class="status status-available">Ledigt</span>' in page
    assert "Registreret ved afleveringen 14. mar. 2025: Opladeren mangler" in page
    assert 'repair" aria-labelledby="repair"' not in page and "Til reparation: sættet" not in page


def test_repair_and_retire_from_the_kit_page(app, staff):
    partner_id = add_partner(staff)
    kit_id = add_kit(staff)
    lend(staff, partner_id)
    post(staff, f"{BASE}/return", asset_tag="AAB-KIT-001", returned_on="2025-03-14",
         missing="Skærmen er revnet", **{**CHECK_IN, "screen_ok": "", "wiped": ""})
    page = text(staff.get(f"{BASE}/kits/{kit_id}/"))
    assert "Til reparation" in page and "Skærmen er revnet" in page
    assert "Tjekliste efter reparation" in page
    # the repair checklist must be complete: one item missing is refused, nothing written
    before = counts(app)
    response = post(staff, f"{BASE}/kits/{kit_id}/repaired", note="Ny skærm", **{**CHECK_IN, "screen_ok": ""})
    assert response.status_code == 400
    page = text(response)
    assert "Intet blev gemt" in page and "Sæt kryds ved alle punkter: sættet kan først lånes ud igen" in page
    assert '<a href="#f-checklist">' in page and 'id="f-checklist"' in page
    assert 'id="f-turns_on" name="turns_on" value="1" checked' in page  # what was ticked stays ticked
    assert counts(app) == before
    response = post(staff, f"{BASE}/kits/{kit_id}/repaired", note="Ny skærm", **CHECK_IN)
    assert response.status_code == 303
    page = text(staff.get(response.location))
    assert "AAB-KIT-001 er ledigt igen." in page
    assert '<span class="status status-available">Ledigt</span>' in page
    assert "<strong>Markeret som repareret</strong>" in page
    assert "Tjeklisten efter reparation er udfyldt: Ny skærm" in page
    response = post(staff, f"{BASE}/kits/{kit_id}/retire", reason="")
    assert response.status_code == 400 and "Udfyld feltet." in text(response)
    assert post(staff, f"{BASE}/kits/{kit_id}/retire", reason="Batteriet er opsvulmet").status_code == 303
    page = text(staff.get(f"{BASE}/kits/{kit_id}/"))
    assert "Kasseret" in page and "Batteriet er opsvulmet" in page


def test_editing_a_kit_keeps_its_history_and_sets_the_device(app, staff):
    kit_id = add_kit(staff)
    form = text(staff.get(f"{BASE}/kits/{kit_id}/edit"))
    assert 'value="Samsung Galaxy Tab A9"' in form
    response = post(staff, f"{BASE}/kits/{kit_id}/edit", asset_tag="AAB-KIT-001", device_id="kiosk-7",
                    **{"part-0-name": "Tablet", "part-0-serial": "R9XT999"})
    assert response.status_code == 303
    page = text(staff.get(f"{BASE}/kits/{kit_id}/"))
    assert "kiosk-7" in page and "Sæt redigeret" in page and "R9XT100" in page and "R9XT999" in page


def test_the_due_date_can_be_extended(app, staff):
    partner_id = add_partner(staff)
    kit_id = add_kit(staff)
    lend(staff, partner_id)
    response = post(staff, f"{BASE}/loans/1/extend", due_on="2025-02-01")
    assert response.status_code == 400 and "Afleveringsdatoen ligger før udlånsdatoen." in text(response)
    assert post(staff, f"{BASE}/loans/1/extend", due_on="2025-04-30").status_code == 303
    page = text(staff.get(f"{BASE}/kits/{kit_id}/"))
    assert "30. apr. 2025" in page and "for sent" not in page.split("Udlånt nu")[1].split("</dl>")[0]


def test_unknown_records_are_404(staff):
    for path in (f"{BASE}/kits/99/", f"{BASE}/kits/99/qr.svg", f"{BASE}/partners/99/", f"{BASE}/labels?kit=99"):
        assert staff.get(path).status_code == 404
