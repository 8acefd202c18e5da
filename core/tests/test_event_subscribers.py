"""record_event publishes the stored Event to the subscribers of its verb, inside the same transaction."""

import pytest
from django.db import transaction

from core.events import record_event, subscribe, subscribers, unsubscribe
from core.models import Event
from core.testing import snapshot
from partners.models import Partner
from partners.services import partner_update

pytestmark = pytest.mark.django_db


@pytest.fixture
def heard():
    calls = []

    def listener(event):
        calls.append((event.pk, event.verb, event.after, transaction.get_connection().in_atomic_block))

    subscribe(["test.happened", "test.other"], listener)
    subscribe("test.happened", listener)  # twice: still called once
    yield calls
    unsubscribe(["test.happened", "test.other"], listener)


def test_a_subscriber_hears_its_verbs_once_with_the_stored_event(world, heard):
    event = record_event(actor=None, verb="test.happened", target=world.partner_a, after={"n": 1})
    record_event(actor=None, verb="test.unrelated", target=world.partner_a)
    assert heard == [(event.pk, "test.happened", {"n": 1}, True)]


def test_a_subscriber_that_refuses_rolls_the_change_back(world):
    def refuse(event):
        raise RuntimeError("no")

    subscribe("partner.updated", refuse)
    before, events = snapshot(world.partner_a), Event.objects.count()
    try:
        with pytest.raises(RuntimeError):
            partner_update(actor=world.actor(world.chief), partner=world.partner_a, data={"city": "Bonn"})
    finally:
        unsubscribe("partner.updated", refuse)
    assert snapshot(Partner.objects.get(pk=world.partner_a.pk)) == before
    assert Event.objects.count() == events


def test_apps_subscribe_from_ready():
    from onboarding.reactions import agreement_accepted, member_joined, profile_changed

    assert profile_changed in subscribers("partner.updated")
    assert member_joined in subscribers("member.joined")
    assert agreement_accepted in subscribers("agreement.accepted")
