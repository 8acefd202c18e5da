"""The incentives services lock through `visible_to`: with every permission failing open, partner A's admin
handed partner B's dispute, a draft program or a program meant for another region still gets 404 (or, for a
choice among rows, "unknown_id") and nothing changes (as core/tests/test_defence_in_depth.py does for the
other apps)."""

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from core.actor import Actor
from core.models import Event
from core.testing import snapshot
from deals.models import DealRegistration
from incentives.models import Dispute, IncentiveProgram, IncentiveRule
from incentives.services import (
    dispute_approve,
    dispute_decide,
    dispute_raise,
    program_activate,
    program_end,
    program_new_version,
)


@pytest.fixture
def rows(world):
    draft = IncentiveProgram.objects.create(name_en="Draft", starts_on="2026-01-01")
    IncentiveRule.objects.create(program=draft, position=1, rate="5")
    elsewhere = IncentiveProgram.objects.create(
        name_en="Elsewhere", starts_on="2026-01-01", regions=["apac"], status="active"
    )
    registration = DealRegistration.objects.create(partner=world.partner_b, status="won", amount="10")
    dispute = Dispute.objects.create(partner=world.partner_b, registration=registration, reason="B's")
    awaiting = Dispute.objects.create(
        partner=world.partner_b,
        registration=registration,
        reason="B's too",
        status="awaiting_approval",
        adjustment_amount="5",
        adjustment_currency="USD",
    )
    return {
        "draft": draft,
        "elsewhere": elsewhere,
        "registration": registration,
        "dispute": dispute,
        "awaiting": awaiting,
    }


CALLS = {
    "program_activate": lambda actor, r: program_activate(actor=actor, program=r["draft"]),
    "program_end": lambda actor, r: program_end(actor=actor, program=r["elsewhere"]),
    "program_new_version": lambda actor, r: program_new_version(actor=actor, program=r["elsewhere"]),
    "dispute_decide": lambda actor, r: dispute_decide(
        actor=actor, dispute=r["dispute"], data={"uphold": False, "note": "Mine"}
    ),
    "dispute_approve": lambda actor, r: dispute_approve(
        actor=actor, dispute=r["awaiting"], data={"approve": True}
    ),
}


@pytest.mark.parametrize("name", sorted(CALLS))
def test_out_of_scope_rows_are_refused_even_when_permissions_fail_open(world, rows, monkeypatch, name):
    before = [snapshot(row) for key, row in rows.items()]
    events = Event.objects.count()
    monkeypatch.setattr(Actor, "can", lambda self, permission: True)
    with pytest.raises(Http404):
        CALLS[name](world.actor(world.admin_a), rows)
    assert [snapshot(row) for row in rows.values()] == before and Event.objects.count() == events


def test_another_partners_registration_cannot_be_disputed(world, rows, monkeypatch):
    monkeypatch.setattr(Actor, "can", lambda self, permission: True)
    with pytest.raises(ValidationError) as refused:
        dispute_raise(
            actor=world.actor(world.admin_a),
            data={"kind": "missing", "registration_id": str(rows["registration"].public_id), "reason": "x"},
        )
    assert refused.value.error_dict["registration_id"][0].code == "unknown_id"
    assert Dispute.objects.count() == 2
