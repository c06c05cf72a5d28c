"""CSV exports: what the files contain, the date range, and formula defusing."""
import csv
import io

from app.lending.export import safe_cell

from .web import BASE, CHECK_IN, add_kit, add_partner, lend, post, text


def rows(response) -> list[dict]:
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"].startswith("attachment; filename=trinvis-")
    body = response.data.decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(body[1:]), delimiter=";"))


def test_kits_csv(staff):
    partner_id = add_partner(staff)
    add_kit(staff, "AAB-KIT-001")
    add_kit(staff, "AAB-KIT-002")
    lend(staff, partner_id, asset_tag="AAB-KIT-002")
    kits = rows(staff.get(f"{BASE}/export/kits.csv"))
    assert [k["asset_tag"] for k in kits] == ["AAB-KIT-001", "AAB-KIT-002"]
    assert kits[0]["status"] == "available" and kits[0]["partner"] == "" and kits[0]["due_on"] == ""
    assert kits[0]["contents"] == "Tablet (Samsung Galaxy Tab A9, R9XT100); Oplader"
    assert (kits[1]["status"], kits[1]["partner"], kits[1]["lent_on"], kits[1]["due_on"]) == \
        ("lent", "Den Blå Oase", "2025-03-01", "2025-03-10")


def test_loans_csv_all_and_by_period(staff):
    partner_id = add_partner(staff)
    add_kit(staff, "AAB-KIT-001")
    lend(staff, partner_id, lent_on="2025-01-10", due_on="2025-01-20", contact="Jonas")
    post(staff, f"{BASE}/return", asset_tag="AAB-KIT-001", returned_on="2025-01-22",
         missing="Oplader mangler", **{**CHECK_IN, "parts_back": ""})
    lend(staff, partner_id, lent_on="2025-03-01", due_on="2025-03-31")

    everything = rows(staff.get(f"{BASE}/export/loans.csv"))
    assert [(r["lent_on"], r["returned_on"]) for r in everything] == [("2025-01-10", "2025-01-22"),
                                                                       ("2025-03-01", "")]
    first = everything[0]
    assert (first["asset_tag"], first["partner"], first["contact"], first["due_on"]) == \
        ("AAB-KIT-001", "Den Blå Oase", "Jonas", "2025-01-20")
    assert (first["out_parts_present"], first["back_parts_back"], first["back_wiped"]) == ("1", "0", "1")
    assert (first["missing"], first["outcome"], first["lent_by"]) == \
        ("Oplader mangler", "available", "anna@aabenraa.dk")

    january = staff.get(f"{BASE}/export/loans.csv?from=2025-01-01&to=2025-01-31")
    assert "2025-01-01-2025-01-31" in january.headers["Content-Disposition"]
    assert [r["lent_on"] for r in rows(january)] == ["2025-01-10"]
    assert [r["lent_on"] for r in rows(staff.get(f"{BASE}/export/loans.csv?from=2025-02-01"))] == ["2025-03-01"]
    assert rows(staff.get(f"{BASE}/export/loans.csv?from=2025-01-23&to=2025-02-28")) == []


def test_a_bad_period_gets_a_message(staff):
    response = staff.get(f"{BASE}/export/loans.csv?from=2025-03-01&to=2025-02-01")
    assert response.status_code == 400 and "Periodens slutning ligger før dens start." in text(response)
    response = staff.get(f"{BASE}/export/loans.csv?from=i+går")
    assert response.status_code == 400 and "Skriv en gyldig dato" in text(response)


def test_cells_cannot_become_formulas(staff):
    partner_id = add_partner(staff, name="=HYPERLINK(\"http://evil\")")
    add_kit(staff)
    lend(staff, partner_id, notes="@SUM(A1)")
    [loan] = rows(staff.get(f"{BASE}/export/loans.csv"))
    assert loan["partner"] == "'=HYPERLINK(\"http://evil\")" and loan["notes"] == "'@SUM(A1)"
    assert safe_cell("+45 20 30 40 50") == "+45 20 30 40 50"
    assert safe_cell("-1") == "-1" and safe_cell("+cmd|' /C calc'!A0") == "'+cmd|' /C calc'!A0"
