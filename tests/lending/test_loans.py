"""Lending and returning: the happy path, every refusal (nothing written), the checklist gate, overdue."""
import datetime as dt
import itertools
import sqlite3

import pytest
from hypothesis import given, strategies as st

from app.lending import loans, register
from app.lending.records import Invalid
from app.staff.audit import history

from .conftest import ACTOR, ALL_BACK, ALL_OUT, TODAY, count, make_kit, make_partner


@pytest.fixture
def ready(db):
    """One active partner and one available kit."""
    return make_partner(db), make_kit(db)


def lend(db, partner_id=None, **overrides):
    args = dict(asset_tag="AAB-KIT-001", partner_id=partner_id, lent_on="2025-03-01", due_on="2025-03-31",
                checklist=ALL_OUT, actor=ACTOR, today=TODAY, contact="Mette", notes="For the Tuesday café")
    args.update(overrides)
    return loans.lend(db, **args)


def give_back(db, **overrides):
    args = dict(asset_tag="AAB-KIT-001", returned_on=TODAY, checklist=ALL_BACK, actor=ACTOR, today=TODAY)
    args.update(overrides)
    return loans.return_kit(db, **args)


def snapshot(db):
    return (count(db, "loans"), count(db, "audit_log"),
            db.execute("SELECT group_concat(status || ':' || notes) FROM kits").fetchone()[0])


def test_lend_then_return_makes_the_kit_available_again(db, ready):
    partner_id, kit_id = ready
    loan_id = lend(db, partner_id)
    assert register.get_kit(db, kit_id)["status"] == "lent"
    loan = loans.open_loan(db, kit_id)
    assert (loan["id"], loan["partner_name"], loan["lent_on"], loan["due_on"], loan["contact"]) == \
        (loan_id, "Den Blå Oase", "2025-03-01", "2025-03-31", "Mette")
    assert (loan["out_parts_present"], loan["out_charged"], loan["out_kiosk_enrolled"]) == (1, 1, 1)
    assert give_back(db) == "available"
    assert register.get_kit(db, kit_id)["status"] == "available"
    assert loans.open_loan(db, kit_id) is None
    done = loans.get_loan(db, loan_id)
    assert done["returned_on"] == "2025-03-14" and done["back_wiped"] == 1 and done["outcome"] == "available"
    assert [e["action"] for e in history(db, f"kit:{kit_id}")] == ["kit.create", "kit.lend", "kit.return"]
    # and it can go out again
    lend(db, partner_id, lent_on=TODAY, due_on=TODAY)
    assert len(loans.loans(db, kit_id=kit_id)) == 2


@pytest.mark.parametrize("overrides, field", [
    ({"asset_tag": "AAB-KIT-999"}, "asset_tag"),
    ({"asset_tag": " "}, "asset_tag"),
    ({"due_on": "2025-02-28"}, "due_on"),
    ({"due_on": "31.02.2025"}, "due_on"),
    ({"due_on": ""}, "due_on"),
    ({"lent_on": "2025-03-15"}, "lent_on"),
    ({"partner_id": "999"}, "partner_id"),
    ({"partner_id": "café"}, "partner_id"),
    ({"checklist": {"parts_present": "1", "charged": "1"}}, "checklist"),
])
def test_bad_lending_is_refused_and_nothing_is_written(db, ready, overrides, field):
    partner_id, _ = ready
    before = snapshot(db)
    with pytest.raises(Invalid) as caught:
        lend(db, **{"partner_id": partner_id, **overrides})
    assert field in caught.value.errors
    assert str(caught.value.errors[field])
    assert snapshot(db) == before


def test_danish_typed_dates_are_understood(db, ready):
    partner_id, kit_id = ready
    lend(db, partner_id, lent_on="1.3.2025", due_on="31-03-2025")
    assert loans.open_loan(db, kit_id)["due_on"] == "2025-03-31"


def test_an_inactive_partner_cannot_borrow(db, ready):
    partner_id, _ = ready
    register.update_partner(db, partner_id, {"name": "Den Blå Oase"}, ACTOR)  # no "active": inactive
    with pytest.raises(Invalid) as caught:
        lend(db, partner_id)
    assert "not an active partner" in str(caught.value.errors["partner_id"])


@pytest.mark.parametrize("status", ["lent", "in_repair", "retired"])
def test_a_kit_that_is_not_available_cannot_be_lent(db, ready, status):
    partner_id, kit_id = ready
    lend(db, partner_id)
    if status == "in_repair":
        give_back(db, checklist={**ALL_BACK, "wiped": ""}, missing="Not wiped: PIN forgotten")
    elif status == "retired":
        give_back(db)
        loans.retire(db, kit_id, reason="Screen broken", actor=ACTOR)
    assert register.get_kit(db, kit_id)["status"] == status
    before = snapshot(db)
    with pytest.raises(Invalid) as caught:
        lend(db, partner_id, lent_on=TODAY, due_on=TODAY)
    message = str(caught.value.errors["asset_tag"])
    assert "AAB-KIT-001" in message
    if status == "lent":
        assert "Den Blå Oase" in message and "31. mar. 2025" in message
    assert snapshot(db) == before


def test_returning_a_kit_that_is_not_lent_is_refused(db, ready):
    before = snapshot(db)
    with pytest.raises(Invalid) as caught:
        give_back(db)
    assert "not lent out" in str(caught.value.errors["asset_tag"])
    with pytest.raises(Invalid) as caught:
        give_back(db, asset_tag="AAB-KIT-404")
    assert "AAB-KIT-404" in str(caught.value.errors["asset_tag"])
    assert snapshot(db) == before


@pytest.mark.parametrize("returned_on, message", [("2025-02-27", "before the kit went out"),
                                                  ("2025-03-15", "later than today"),
                                                  ("someday", "real date")])
def test_return_dates_are_checked(db, ready, returned_on, message):
    partner_id, _ = ready
    lend(db, partner_id)
    before = snapshot(db)
    with pytest.raises(Invalid) as caught:
        give_back(db, returned_on=returned_on)
    assert message in str(caught.value.errors["returned_on"])
    assert snapshot(db) == before


# ---- the return checklist gate ----------------------------------------------------------------

@pytest.mark.parametrize("unticked", ["turns_on", "parts_back", "screen_ok", "wiped"])
def test_an_incomplete_checklist_with_nothing_recorded_is_refused(db, ready, unticked):
    partner_id, kit_id = ready
    lend(db, partner_id)
    before = snapshot(db)
    with pytest.raises(Invalid) as caught:
        give_back(db, checklist={**ALL_BACK, unticked: ""})
    assert "missing" in caught.value.errors
    assert snapshot(db) == before
    assert register.get_kit(db, kit_id)["status"] == "lent"


def test_a_missing_part_recorded_lets_a_working_wiped_kit_back_with_a_note(db, ready):
    partner_id, kit_id = ready
    lend(db, partner_id)
    outcome = give_back(db, checklist={**ALL_BACK, "parts_back": ""}, missing="Handouts not returned")
    assert outcome == "available"
    kit = register.get_kit(db, kit_id)
    assert kit["status"] == "available" and "Handouts not returned" in kit["notes"]
    assert "14. mar. 2025" in kit["notes"]
    detail = history(db, f"kit:{kit_id}")[-1]["detail"]
    assert "not ticked: All parts are back" in detail and "Handouts not returned" in detail
    assert loans.repair_cause(db, kit_id) is None


ITEMS = ("turns_on", "parts_back", "screen_ok", "wiped")


@pytest.mark.parametrize("repair", [False, True], ids=["kept", "sent-to-repair"])
@pytest.mark.parametrize("ticks", list(itertools.product([True, False], repeat=4)),
                         ids=lambda t: "+".join(i for i, on in zip(ITEMS, t) if on) or "none")
def test_every_return_checklist_combination(db, ready, ticks, repair):
    """Every combination of the four return checks, with and without "send to repair": the kit
    is available only when the tablet turns on, its screen is undamaged, it is wiped and staff
    did not send it to repair. A missing part alone (written down) does not stop it."""
    partner_id, kit_id = ready
    lend(db, partner_id)
    done = dict(zip(ITEMS, ticks))
    checklist = {item: "1" if on else "" for item, on in done.items()}
    missing = "" if all(ticks) else "Something is wrong"
    outcome = give_back(db, checklist=checklist, missing=missing, repair="1" if repair else "")
    works = done["turns_on"] and done["screen_ok"] and done["wiped"]
    expected = "available" if works and not repair else "in_repair"
    assert outcome == expected
    kit = register.get_kit(db, kit_id)
    assert kit["status"] == expected
    loan = loans.get_loan(db, loans.loans(db, kit_id=kit_id)[0]["id"])
    assert loan["outcome"] == expected and loan["missing"] == missing
    assert [loan[f"back_{i}"] for i in ITEMS] == [int(t) for t in ticks]
    cause = loans.repair_cause(db, kit_id)
    if expected == "available":
        assert cause is None
        assert ("Something is wrong" in kit["notes"]) == bool(missing)
        lend(db, partner_id, lent_on=TODAY, due_on=TODAY)  # it can go out again
    else:
        assert kit["notes"] == ""  # what broke stays with the loan and the repair, not the kit
        reasons = [str(r) for r in cause["reasons"]]
        assert ("The tablet did not turn on." in reasons) == (not done["turns_on"])
        assert ("The screen is damaged." in reasons) == (not done["screen_ok"])
        assert ("The tablet was not wiped and reset." in reasons) == (not done["wiped"])
        assert (reasons == ["Staff sent it to repair at the return."]) == works
        assert cause["missing"] == missing
        with pytest.raises(Invalid) as caught:
            lend(db, partner_id, lent_on=TODAY, due_on=TODAY)
        assert "in repair" in str(caught.value.errors["asset_tag"])
        assert register.get_kit(db, kit_id)["status"] == "in_repair"


@pytest.mark.parametrize("broken, reason", [("turns_on", "The tablet did not turn on."),
                                            ("screen_ok", "The screen is damaged.")])
def test_a_broken_tablet_goes_to_repair_even_when_wiped_and_written_down(db, ready, broken, reason):
    partner_id, kit_id = ready
    lend(db, partner_id)
    assert give_back(db, checklist={**ALL_BACK, broken: ""}, missing="Cracked in the corner") == "in_repair"
    assert register.get_kit(db, kit_id)["status"] == "in_repair"
    assert [str(r) for r in loans.repair_cause(db, kit_id)["reasons"]] == [reason]
    detail = history(db, f"kit:{kit_id}")[-1]["detail"]
    assert "now In repair" in detail and "Cracked in the corner" in detail
    assert kit_id not in [k["id"] for k in register.kits(db, "available")]


def test_a_kit_that_is_not_wiped_goes_to_repair_until_marked_repaired(db, ready):
    partner_id, kit_id = ready
    lend(db, partner_id)
    assert give_back(db, checklist={**ALL_BACK, "wiped": ""}, missing="Reset failed") == "in_repair"
    assert register.get_kit(db, kit_id)["status"] == "in_repair"
    loans.mark_repaired(db, kit_id, checklist=ALL_BACK, note="Factory reset done", actor=ACTOR)
    assert register.get_kit(db, kit_id)["status"] == "available"
    entry = history(db, f"kit:{kit_id}")[-1]
    assert entry["action"] == "kit.repaired" and entry["actor"] == ACTOR
    assert entry["detail"] == "Repair checklist complete: Factory reset done"
    assert loans.repair_cause(db, kit_id) is None
    with pytest.raises(Invalid) as caught:
        loans.mark_repaired(db, kit_id, checklist=ALL_BACK, actor=ACTOR)  # no longer in repair
    assert "not in repair" in str(caught.value.errors["kit"])


@pytest.mark.parametrize("unticked", ITEMS)
def test_marking_repaired_needs_every_item_of_the_repair_checklist(db, ready, unticked):
    partner_id, kit_id = ready
    lend(db, partner_id)
    give_back(db, checklist={**ALL_BACK, "screen_ok": ""}, missing="Screen cracked")
    before = snapshot(db)
    with pytest.raises(Invalid) as caught:
        loans.mark_repaired(db, kit_id, checklist={**ALL_BACK, unticked: ""}, note="New screen", actor=ACTOR)
    assert "Tick every item" in str(caught.value.errors["checklist"])
    assert snapshot(db) == before
    assert register.get_kit(db, kit_id)["status"] == "in_repair"


def test_marking_repaired_is_refused_for_an_unknown_or_lent_kit(db, ready):
    partner_id, kit_id = ready
    with pytest.raises(Invalid) as caught:
        loans.mark_repaired(db, 999, checklist=ALL_BACK, actor=ACTOR)
    assert "no such kit" in str(caught.value.errors["kit"])
    lend(db, partner_id)
    before = snapshot(db)
    with pytest.raises(Invalid):
        loans.mark_repaired(db, kit_id, checklist=ALL_BACK, actor=ACTOR)
    assert snapshot(db) == before and register.get_kit(db, kit_id)["status"] == "lent"


def test_staff_can_send_a_complete_kit_to_repair(db, ready):
    partner_id, kit_id = ready
    lend(db, partner_id)
    assert give_back(db, repair="1", notes="Charger cable frayed") == "in_repair"
    assert register.get_kit(db, kit_id)["status"] == "in_repair"
    cause = loans.repair_cause(db, kit_id)
    assert [str(r) for r in cause["reasons"]] == ["Staff sent it to repair at the return."]
    assert cause["return_notes"] == "Charger cable frayed"


@pytest.mark.parametrize("failed", ["back_turns_on", "back_screen_ok", "back_wiped"])
def test_the_database_refuses_a_failed_return_check_made_available(db, ready, failed):
    """Whatever code writes to it: a loan whose tablet failed a check cannot end as `available`."""
    partner_id, kit_id = ready
    loan_id = lend(db, partner_id)
    with pytest.raises(sqlite3.IntegrityError, match="failed a return check"):
        db.execute("UPDATE loans SET returned_on = '2025-03-14', back_turns_on = 1, back_parts_back = 1, "
                   f"back_screen_ok = 1, back_wiped = 1, {failed} = 0, outcome = 'available' WHERE id = ?",
                   [loan_id])
    give_back(db)
    with pytest.raises(sqlite3.IntegrityError):
        db.execute(f"UPDATE loans SET {failed} = 0 WHERE id = ?", [loan_id])
    assert loans.get_loan(db, loan_id)[failed] == 1


def test_retiring_needs_a_reason_and_a_kit_at_home(db, ready):
    partner_id, kit_id = ready
    with pytest.raises(Invalid) as caught:
        loans.retire(db, kit_id, reason=" ", actor=ACTOR)
    assert "reason" in caught.value.errors
    lend(db, partner_id)
    with pytest.raises(Invalid) as caught:
        loans.retire(db, kit_id, reason="Lost", actor=ACTOR)
    assert "lent out" in str(caught.value.errors["kit"])
    give_back(db)
    loans.retire(db, kit_id, reason="Battery swollen", actor=ACTOR)
    assert register.get_kit(db, kit_id)["status"] == "retired"
    assert history(db, f"kit:{kit_id}")[-1]["detail"] == "Battery swollen"


def test_extending_a_loan_moves_its_due_date(db, ready):
    partner_id, kit_id = ready
    loan_id = lend(db, partner_id)
    with pytest.raises(Invalid):
        loans.extend(db, loan_id, due_on="2025-02-01", actor=ACTOR)
    loans.extend(db, loan_id, due_on="2025-04-30", actor=ACTOR)
    assert loans.get_loan(db, loan_id)["due_on"] == "2025-04-30"
    assert "due date 2025-03-31 → 2025-04-30" in history(db, f"kit:{kit_id}")[-1]["detail"]
    give_back(db)
    with pytest.raises(Invalid):
        loans.extend(db, loan_id, due_on="2025-05-30", actor=ACTOR)


# ---- overdue ------------------------------------------------------------------------------------

@pytest.mark.parametrize("due, today, days", [
    ("2025-01-31", "2025-01-31", 0),   # due today: not overdue yet
    ("2025-01-31", "2025-02-01", 1),   # across a month end
    ("2025-01-31", "2025-03-01", 29),  # across February in a common year
    ("2024-02-28", "2024-03-01", 2),   # leap day in between
    ("2025-02-28", "2025-03-01", 1),   # no leap day
    ("2024-12-31", "2025-01-01", 1),   # across a year end
    ("2025-04-30", "2025-06-01", 32),  # a 30-day month then a 31-day month
])
def test_overdue_across_month_ends(db, ready, due, today, days):
    partner_id, kit_id = ready
    day = dt.date.fromisoformat(today)
    lend(db, partner_id, lent_on=due, due_on=due, today=dt.date.fromisoformat(due))
    found = loans.overdue(db, day)
    if days == 0:
        assert found == []
    else:
        [loan] = found
        assert loan["days_overdue"] == days
        assert (loan["asset_tag"], loan["partner_name"], loan["contact"], loan["phone"], loan["email"]) == \
            ("AAB-KIT-001", "Den Blå Oase", "Mette", "+45 20 30 40 50", "mette@blaaoase.dk")
    assert loans.overdue(db, day - dt.timedelta(days=days)) == []


def test_overdue_lists_open_loans_only_longest_first(db, ready):
    partner_id, _ = ready
    make_kit(db, "AAB-KIT-002")
    make_kit(db, "AAB-KIT-003")
    lend(db, partner_id, due_on="2025-03-10", contact="")
    lend(db, partner_id, asset_tag="AAB-KIT-002", due_on="2025-03-05")
    lend(db, partner_id, asset_tag="AAB-KIT-003", due_on="2025-03-02")
    give_back(db, asset_tag="AAB-KIT-003")
    found = loans.overdue(db, TODAY)
    assert [(o["asset_tag"], o["days_overdue"]) for o in found] == [("AAB-KIT-002", 9), ("AAB-KIT-001", 4)]
    assert found[1]["contact"] == "Mette Jensen"  # no contact on the loan: the partner's


@given(due=st.dates(dt.date(2000, 1, 1), dt.date(2100, 12, 31)), gap=st.integers(-400, 400))
def test_days_overdue_counts_calendar_days(due, gap):
    today = due + dt.timedelta(days=gap)
    assert loans.days_overdue(due.isoformat(), today) == max(0, gap)


def test_loans_in_a_date_range_are_those_out_at_any_time_in_it(db, ready):
    partner_id, kit_id = ready
    first = lend(db, partner_id, lent_on="2025-01-10", due_on="2025-01-20")
    give_back(db, returned_on="2025-01-25")
    second = lend(db, partner_id, lent_on="2025-03-01", due_on="2025-03-31")

    def ids(start, end):
        return [l["id"] for l in loans.loans(db, start=start and dt.date.fromisoformat(start),
                                              end=end and dt.date.fromisoformat(end))]
    assert ids(None, None) == [second, first]
    assert ids("2025-01-25", "2025-01-25") == [first]
    assert ids("2025-01-26", "2025-02-28") == []
    assert ids("2025-02-01", None) == [second]
    assert ids(None, "2025-01-10") == [first]
