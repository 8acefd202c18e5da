"""The ledger's services lock through `visible_to(actor)`: with the permission table failing open (every `can`
true), partner A's admin still reaches neither partner B's transaction nor a payout batch (staff only), and
nothing changes."""

import pytest
from django.http import Http404

from core.actor import Actor
from core.models import Event
from core.testing import snapshot
from ledger.models import LedgerEntry, Settlement
from ledger.services import (
    batch_approve,
    batch_cancel,
    batch_create,
    batch_export,
    batch_mark_paid,
    transaction_reverse,
)
from ledger.tests.conftest import accrue

pytestmark = pytest.mark.django_db


def test_out_of_scope_rows_stay_out_of_reach(world, monkeypatch):
    theirs = accrue(world.partner_b, "50.00")
    batch = batch_create(actor=world.actor(world.ops), data={"currency": "EUR"})
    before = snapshot(batch)
    entries, settled, events = LedgerEntry.objects.count(), Settlement.objects.count(), Event.objects.count()
    monkeypatch.setattr(Actor, "can", lambda self, permission: True)
    admin = world.actor(world.admin_a)
    with pytest.raises(Http404):
        transaction_reverse(actor=admin, ledger_transaction=theirs, data={"reason": "Mine now"})
    for step in (batch_approve, batch_export, batch_mark_paid, batch_cancel):
        with pytest.raises(Http404):
            step(actor=admin, batch=batch)
    assert snapshot(batch) == before
    assert (LedgerEntry.objects.count(), Settlement.objects.count(), Event.objects.count()) == (
        entries,
        settled,
        events,
    )
