"""Programs: drafts, activation, ending, versions (a program that earned never changes: a new version takes
over from its start date), rules and targets; refused inputs and actions change nothing; the plain-language
summary in both languages."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from core.models import Event
from core.testing import snapshot
from incentives.describe import summary_in
from incentives.models import IncentiveProgram, IncentiveRule, Target, VolumeTier
from incentives.rules import allowed_actions
from incentives.services import (
    program_activate,
    program_create,
    program_end,
    program_new_version,
    program_update,
    rule_add,
    rule_delete,
    rule_update,
    target_delete,
    target_set,
)
from incentives.tests.conftest import earned

pytestmark = pytest.mark.django_db


def _counts():
    return (
        IncentiveProgram.objects.count(),
        IncentiveRule.objects.count(),
        VolumeTier.objects.count(),
        Target.objects.count(),
        Event.objects.count(),
    )


def test_draft_rules_and_activation(world, catalog):
    ops = world.actor(world.ops)
    program = program_create(
        actor=ops,
        data={
            "name_en": "Agent commission",
            "name_ru": "Комиссия агентов",
            "kind": "commission",
            "starts_on": "2026-01-01",
            "volume_tiers": [{"from_amount": "0", "rate": "2"}, {"from_amount": "50000", "rate": "3.5"}],
        },
    )
    assert program.status == "draft" and program.currency == "USD"
    assert list(program.volume_tiers.values_list("rate", flat=True)) == [Decimal("2.000"), Decimal("3.500")]
    assert allowed_actions(ops, program) == ["edit"]  # no rule yet: not activated
    rule = rule_add(
        actor=ops,
        program=program,
        data={"basis": "percent", "families": [str(catalog["road"].public_id)], "deal_types": ["referral"]},
    )
    assert rule.position == 1 and rule.by_tier
    rule_update(actor=ops, rule=rule, data={"rate": "7.5"})
    rule.refresh_from_db()
    assert rule.rate == Decimal("7.500")
    program = program_activate(actor=ops, program=program)
    assert program.status == "active" and "end" in allowed_actions(ops, program)
    # Active but nothing earned yet: still edited in place.
    program_update(actor=ops, program=program, data={"name_en": "Agents' commission"})
    assert IncentiveProgram.objects.get(pk=program.pk).name_en == "Agents' commission"
    verbs = list(Event.objects.filter(target_id=program.pk).values_list("verb", flat=True))
    assert {
        "incentive_program.created",
        "incentive_program.rule_added",
        "incentive_program.activated",
    } <= set(verbs)


def test_a_program_that_earned_takes_a_new_version(world, catalog, won, make_program, run):
    ops = world.actor(world.ops)
    program = make_program(rules=[{"basis": "percent", "rate": "10"}])
    won(lines=[(catalog["r1"], 1, "1000")])
    run()
    program.refresh_from_db()
    before, counts = snapshot(program), _counts()
    assert "edit" not in allowed_actions(ops, program)
    for call in (
        lambda: program_update(actor=ops, program=program, data={"name_en": "Changed"}),
        lambda: rule_add(actor=ops, program=program, data={"basis": "percent", "rate": "1"}),
        lambda: rule_delete(actor=ops, rule=program.rules.get()),
    ):
        with pytest.raises(ValidationError) as refused:
            call()
        assert "program_in_use" in str(refused.value.error_dict["status"][0].code)
    assert snapshot(program) == before and _counts() == counts

    draft = program_new_version(actor=ops, program=program)
    assert (draft.version, draft.previous, draft.status) == (2, program, "draft")
    assert draft.starts_on == timezone.localdate() + dt.timedelta(days=1)
    assert list(draft.rules.values_list("rate", flat=True)) == [Decimal("10.000")]
    rule_update(actor=ops, rule=draft.rules.get(), data={"rate": "12"})
    with pytest.raises(ValidationError):
        program_new_version(actor=ops, program=program)  # one newer version at a time
    program_activate(actor=ops, program=draft)
    program.refresh_from_db()
    assert program.status == "ended" and program.ends_on == timezone.localdate()
    # The old version still accrues what closes today; the new one from tomorrow.
    won(lines=[(catalog["r1"], 1, "1000")])
    run()
    assert earned(world.partner_a) == Decimal("200.00")


def test_a_new_version_may_not_start_inside_what_its_predecessor_accrued(
    world, catalog, won, make_program, run
):
    ops = world.actor(world.ops)
    program = make_program(rules=[{"basis": "percent", "rate": "10"}])
    won(lines=[(catalog["r1"], 1, "1000")])
    run()
    draft = program_new_version(actor=ops, program=IncentiveProgram.objects.get(pk=program.pk))
    IncentiveProgram.objects.filter(pk=draft.pk).update(starts_on=timezone.localdate())
    draft.refresh_from_db()
    before = (snapshot(draft), snapshot(program))
    with pytest.raises(ValidationError) as refused:
        program_activate(actor=ops, program=draft)
    assert refused.value.error_dict["starts_on"][0].code == "starts_too_early"
    assert (snapshot(draft), snapshot(program)) == before


def test_end_program(world, make_program):
    ops = world.actor(world.ops)
    program = program_end(actor=ops, program=make_program(rules=[{"basis": "percent", "rate": "1"}]))
    assert program.status == "ended" and program.ends_on == timezone.localdate()
    assert allowed_actions(ops, program) == []


@pytest.mark.parametrize(
    ("data", "field", "code"),
    [
        ({"name_en": ""}, "name_en", "required"),
        ({"starts_on": "2026-05-01", "ends_on": "2026-04-01"}, "ends_on", "dates_invalid"),
        ({"clawback_days": 99999}, "clawback_days", "max_value"),
        ({"accelerator": "0.5"}, "accelerator", "min_value"),
        ({"accelerator": "1.234"}, "accelerator", "invalid"),
        ({"cap": "-5"}, "cap", "invalid"),
        ({"currency": "XXX"}, "currency", "invalid_choice"),
        ({"volume_tiers": [{"from_amount": "0", "rate": "101"}]}, "volume_tiers.0.rate", "max_value"),
    ],
)
def test_refused_program_inputs_change_nothing(world, data, field, code):
    counts = _counts()
    base = {"name_en": "X", "starts_on": "2026-01-01"}
    with pytest.raises(ValidationError) as refused:
        program_create(actor=world.actor(world.ops), data=base | data)
    assert refused.value.error_dict[field][0].code == code
    assert _counts() == counts


@pytest.mark.parametrize("who", ["chief", "cam", "marketing", "admin_a", "rep_a"])
def test_only_ops_manage_programs(world, make_program, who):
    program = make_program(rules=[{"basis": "percent", "rate": "1"}], activate=False)
    actor = world.actor(getattr(world, who))
    counts, before = _counts(), snapshot(program)
    assert allowed_actions(actor, program) == []
    for call in (
        lambda: program_create(actor=actor, data={"name_en": "X", "starts_on": "2026-01-01"}),
        lambda: program_update(actor=actor, program=program, data={"name_en": "Y"}),
        lambda: program_activate(actor=actor, program=program),
        lambda: rule_add(actor=actor, program=program, data={"basis": "percent", "rate": "1"}),
    ):
        with pytest.raises((PermissionDenied, ValidationError, IncentiveProgram.DoesNotExist, Exception)):
            call()
    assert _counts() == counts and snapshot(program) == before


def test_rules_refuse_a_fixed_amount_without_its_amount(world, make_program):
    program = make_program(activate=False)
    with pytest.raises(ValidationError) as refused:
        rule_add(actor=world.actor(world.ops), program=program, data={"basis": "fixed_unit"})
    assert refused.value.error_dict["amount"][0].code == "rate_or_amount"
    assert not program.rules.exists()


def test_activation_needs_tiers_for_a_rule_earning_by_tier(world, make_program):
    program = make_program(rules=[{"basis": "percent"}], activate=False)
    with pytest.raises(ValidationError) as refused:
        program_activate(actor=world.actor(world.ops), program=program)
    assert refused.value.error_dict["volume_tiers"][0].code == "tiers_missing"
    assert IncentiveProgram.objects.get(pk=program.pk).status == "draft"


def test_targets_are_set_replaced_and_removed(world, make_program):
    ops = world.actor(world.ops)
    program = make_program(rules=[{"basis": "percent", "rate": "1"}])
    data = {
        "program_id": str(program.public_id),
        "partner_id": str(world.partner_a.public_id),
        "period": "fy2026-q3",
        "amount": "5000",
    }
    target = target_set(actor=ops, data=data)
    assert target.period == "FY2026-Q3"
    again = target_set(actor=ops, data=data | {"amount": "7000"})
    assert again.pk == target.pk and again.amount == Decimal("7000.00")
    with pytest.raises(ValidationError) as refused:
        target_set(actor=ops, data=data | {"period": "FY2026"})  # a year, for a quarterly program
    assert refused.value.error_dict["period"][0].code == "period_invalid"
    target_delete(actor=ops, target=again)
    assert not Target.objects.exists()


def test_summary_in_both_languages(world, catalog, make_program):
    program = make_program(
        rules=[
            {"basis": "percent", "rate": "12.5", "deal_types": ["referral"], "tiers": ["gold"]},
            {"basis": "fixed_unit", "amount": "20", "products": [str(catalog["r1"].public_id)]},
            {"basis": "percent"},
        ],
        tiers=[(0, 2), (100000, 3)],
        cap="10000",
        accelerator="1.5",
        partner_types=["agent", "affiliate"],
    )
    english = summary_in(program, "en")
    assert english[0].startswith("Partners earn a commission on their won deal registrations closed from")
    assert "Who takes part: Affiliate, Agent / broker." in english or any(
        "Who takes part" in s for s in english
    )
    assert any("12.5% of the amount won" in s and "referral deals" in s and "Gold" in s for s in english)
    assert any("R-1" in s and "20.00 USD per unit" in s for s in english)
    assert any("Volume tiers" in s and "3% from 100,000.00 USD" in s for s in english)
    assert any("multiplied by 1.5" in s for s in english)
    assert any("capped at 10,000.00 USD" in s for s in english)
    assert any("within 90 days" in s for s in english)
    russian = summary_in(program, "ru")
    assert len(russian) == len(english) and russian != english
    assert any("12,5" in s for s in russian)
    assert any("100\u00a0000,00 USD" in s or "100 000,00 USD" in s for s in russian)
