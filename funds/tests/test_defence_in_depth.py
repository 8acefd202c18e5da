"""The MDF services lock through `visible_to`: with every permission failing open, partner A's admin handed
partner B's request, claim or allocation still gets 404 and nothing changes (as
core/tests/test_defence_in_depth.py does for the other apps)."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from core.actor import Actor
from funds.services import (
    allocation_adjust,
    claim_add_file,
    claim_approve,
    claim_reject,
    request_approve,
    request_cancel,
    request_reject,
    request_withdraw,
)
from funds.testing import approved_request, claim_for, pdf

from .test_services import books_state

pytestmark = pytest.mark.django_db


@pytest.fixture
def rows_of_b(funded, marketing, admin_b):
    request = approved_request(admin_b, marketing)
    return {"request": request, "claim": claim_for(admin_b, request), "allocation": funded[1]}


CALLS = {
    "request_approve": lambda rows, actor: request_approve(actor=actor, request=rows["request"], data={}),
    "request_reject": lambda rows, actor: request_reject(
        actor=actor, request=rows["request"], data={"reason": "x"}
    ),
    "request_withdraw": lambda rows, actor: request_withdraw(actor=actor, request=rows["request"]),
    "request_cancel": lambda rows, actor: request_cancel(actor=actor, request=rows["request"]),
    "claim_approve": lambda rows, actor: claim_approve(actor=actor, claim=rows["claim"], data={}),
    "claim_reject": lambda rows, actor: claim_reject(actor=actor, claim=rows["claim"], data={"reason": "x"}),
    "claim_add_file": lambda rows, actor: claim_add_file(
        actor=actor, claim=rows["claim"], data={"kind": "other", "file": pdf(marker="sneaky")}
    ),
}


@pytest.mark.parametrize("name", sorted(CALLS))
def test_another_partners_rows_are_refused_even_when_permissions_fail_open(
    world, rows_of_b, monkeypatch, name
):
    before = books_state()
    monkeypatch.setattr(Actor, "can", lambda self, permission: True)
    with pytest.raises(Http404):
        CALLS[name](rows_of_b, world.actor(world.admin_a))
    assert books_state() == before


def test_staff_only_rows_stay_out_of_reach(world, rows_of_b, monkeypatch):
    """Allocations and budgets are changed by the vendor's staff only: a partner user is refused even with
    every permission failing open."""
    before = books_state()
    monkeypatch.setattr(Actor, "can", lambda self, permission: True)
    with pytest.raises(PermissionDenied):
        allocation_adjust(
            actor=world.actor(world.admin_a),
            allocation=rows_of_b["allocation"],
            data={"amount": "1", "reason": "x"},
        )
    assert books_state() == before
