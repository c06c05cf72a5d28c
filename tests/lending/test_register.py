"""Partners and kits: what is accepted, what is refused (writing nothing), and that history is kept."""
import pytest

from app.lending import loans, register
from app.lending.records import Invalid
from app.staff.audit import history

from .conftest import ACTOR, ALL_BACK, ALL_OUT, PARTS, TODAY, count, make_kit, make_partner


def test_a_partner_is_created_and_audited(db):
    partner_id = make_partner(db)
    partner = register.get_partner(db, partner_id)
    assert partner["name"] == "Den Blå Oase" and partner["active"] == 1
    assert partner["email"] == "mette@blaaoase.dk"
    [entry] = history(db, f"partner:{partner_id}")
    assert entry["action"] == "partner.create" and entry["actor"] == ACTOR


@pytest.mark.parametrize("field, value", [("name", ""), ("email", "not-an-address"), ("phone", "call me"),
                                          ("name", "x" * 121), ("notes", "n" * 2001)])
def test_bad_partner_input_is_refused_and_nothing_is_written(db, field, value):
    with pytest.raises(Invalid) as caught:
        make_partner(db, **{field: value})
    assert field in caught.value.errors
    assert count(db, "partners") == 0 and count(db, "audit_log") == 0


def test_partner_names_are_unique_whatever_the_case(db):
    make_partner(db, "Den Blå Oase")
    with pytest.raises(Invalid) as caught:
        make_partner(db, "den blå oase")
    assert "name" in caught.value.errors
    assert count(db, "partners") == 1


def test_editing_a_partner_records_what_changed(db):
    partner_id = make_partner(db)
    register.update_partner(db, partner_id, {"name": "Den Blå Oase", "phone": "74 00 00 00"}, ACTOR)
    partner = register.get_partner(db, partner_id)
    assert partner["phone"] == "74 00 00 00" and partner["active"] == 0 and partner["address"] == ""
    change = history(db, f"partner:{partner_id}")[-1]
    assert change["action"] == "partner.update"
    assert 'phone: "+45 20 30 40 50" → "74 00 00 00"' in change["detail"]
    assert 'active: "1" → "0"' in change["detail"]


def test_a_kit_is_created_with_its_contents(db):
    kit_id = make_kit(db, tag=" aab-kit-001 ", device_id="kiosk-7", notes="Blue case")
    kit = register.get_kit(db, kit_id)
    assert (kit["asset_tag"], kit["status"], kit["device_id"], kit["notes"]) == \
        ("AAB-KIT-001", "available", "kiosk-7", "Blue case")
    assert register.kit_parts(db, kit_id) == PARTS
    assert register.kit_by_tag(db, "aab-kit-001")["id"] == kit_id
    [entry] = history(db, f"kit:{kit_id}")
    assert entry["action"] == "kit.create" and "Tablet (Samsung Galaxy Tab A9, R9XT100)" in entry["detail"]


def test_a_kit_without_a_device_stores_null(db):
    kit_id = make_kit(db, device_id="  ")
    assert register.get_kit(db, kit_id)["device_id"] is None


@pytest.mark.parametrize("data, parts, field", [
    ({"asset_tag": ""}, PARTS, "asset_tag"),
    ({"asset_tag": "AAB KIT 1"}, PARTS, "asset_tag"),
    ({"asset_tag": "AAB-KIT-002", "device_id": "k" * 65}, PARTS, "device_id"),
    ({"asset_tag": "AAB-KIT-002"}, [], "parts"),
    ({"asset_tag": "AAB-KIT-002"}, [{"name": "", "model": "X1", "serial": ""}], "parts"),
    ({"asset_tag": "AAB-KIT-002"}, [{"name": "Tablet"}] * 21, "parts"),
])
def test_bad_kit_input_is_refused_and_nothing_is_written(db, data, parts, field):
    with pytest.raises(Invalid) as caught:
        register.create_kit(db, data, parts, ACTOR)
    assert field in caught.value.errors
    assert count(db, "kits") == 0 and count(db, "kit_parts") == 0 and count(db, "audit_log") == 0


def test_asset_tags_and_devices_are_unique(db):
    make_kit(db, "AAB-KIT-001", device_id="kiosk-1")
    with pytest.raises(Invalid) as caught:
        make_kit(db, "aab-kit-001")
    assert "asset_tag" in caught.value.errors
    with pytest.raises(Invalid) as caught:
        make_kit(db, "AAB-KIT-002", device_id="kiosk-1")
    assert "device_id" in caught.value.errors
    assert count(db, "kits") == 1


def test_editing_a_kit_never_loses_its_history(db):
    partner_id = make_partner(db)
    kit_id = make_kit(db)
    loans.lend(db, asset_tag="AAB-KIT-001", partner_id=partner_id, lent_on=TODAY, due_on=TODAY,
               checklist=ALL_OUT, actor=ACTOR, today=TODAY)
    loans.return_kit(db, asset_tag="AAB-KIT-001", returned_on=TODAY, checklist=ALL_BACK, actor=ACTOR, today=TODAY)
    new_parts = [{"name": "Tablet", "model": "Samsung Galaxy Tab A9", "serial": "R9XT200"}]
    register.update_kit(db, kit_id, {"asset_tag": "AAB-KIT-101", "device_id": "kiosk-2"}, new_parts, ACTOR)
    kit = register.get_kit(db, kit_id)
    assert kit["asset_tag"] == "AAB-KIT-101" and kit["device_id"] == "kiosk-2"
    assert register.kit_parts(db, kit_id) == new_parts
    assert len(loans.loans(db, kit_id=kit_id)) == 1
    actions = [e["action"] for e in history(db, f"kit:{kit_id}")]
    assert actions == ["kit.create", "kit.lend", "kit.return", "kit.update"]
    change = history(db, f"kit:{kit_id}")[-1]["detail"]
    assert 'asset tag: "AAB-KIT-001" → "AAB-KIT-101"' in change and "R9XT100" in change and "R9XT200" in change


def test_saving_a_kit_unchanged_writes_no_history(db):
    kit_id = make_kit(db)
    register.update_kit(db, kit_id, {"asset_tag": "AAB-KIT-001"}, PARTS, ACTOR)
    assert len(history(db, f"kit:{kit_id}")) == 1


def test_kits_list_shows_who_holds_a_lent_kit(db):
    partner_id = make_partner(db)
    make_kit(db, "AAB-KIT-002")
    make_kit(db, "AAB-KIT-001")
    loans.lend(db, asset_tag="AAB-KIT-002", partner_id=partner_id, lent_on=TODAY, due_on="2025-04-01",
               checklist=ALL_OUT, actor=ACTOR, today=TODAY)
    listed = register.kits(db)
    assert [k["asset_tag"] for k in listed] == ["AAB-KIT-001", "AAB-KIT-002"]
    assert listed[1]["partner_name"] == "Den Blå Oase" and listed[1]["due_on"] == "2025-04-01"
    assert [k["asset_tag"] for k in register.kits(db, status="lent")] == ["AAB-KIT-002"]
    assert register.partners(db)[0]["kits_out"] == 1
