import pytest
from django.utils import translation

from core.events import describe_changes, record_event

pytestmark = pytest.mark.django_db


def test_changes_are_described_with_field_and_choice_labels(world):
    event = record_event(
        actor=world.actor(world.cam),
        verb="partner.status_changed",
        target=world.partner_a,
        partner=world.partner_a,
        before={"status": "active"},
        after={"status": "at_risk"},
    )
    with translation.override("en"):
        assert describe_changes(event) == [("status", "Active", "At risk")]
    with translation.override("ru"):
        label, before, after = describe_changes(event)[0]
        assert (str(label), str(before)) == ("статус", "Активный")


def test_unknown_keys_are_kept_readable(world):
    event = record_event(
        actor=None,
        verb="member.role_changed",
        target=world.admin_a,
        partner=world.partner_a,
        before={"role": "rep"},
        after={"role": "admin"},
    )
    assert describe_changes(event) == [("role", "rep", "admin")]
    assert event.actor_label == ""


def test_system_events_render_as_system_in_both_languages(world, login):
    record_event(
        actor=None,
        verb="partner.updated",
        target=world.partner_a,
        partner=world.partner_a,
        after={"city": "Hamburg"},
    )
    client = login(world.admin_a)
    assert "system" in client.get("/my/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    client.cookies["django_language"] = "ru"
    assert "система" in client.get("/my/").content.decode()
