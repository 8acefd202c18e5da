"""Appeals to the channel chief, extension requests, expiry reminders, and who is notified."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from core.models import Event
from deals.models import ExtensionRequest
from deals.models import RegistrationStatus as S
from deals.services import (
    extension_decide,
    extension_request,
    registration_appeal,
    registration_decide_appeal,
    registration_reject,
    registrations_remind,
)
from notifications.models import Notification


@pytest.fixture
def rejected(world, submitted):
    return registration_reject(actor=world.actor(world.cam), registration=submitted, reason="Named account")


def notified(user, verb):
    return Notification.objects.filter(user=user, verb=verb).count()


def test_submission_and_decision_notify_in_the_app(world, approved):
    assert notified(world.cam, "deal_registration.submitted") == 1
    assert notified(world.rep_a, "deal_registration.approved") == 1
    note = Notification.objects.get(user=world.rep_a, verb="deal_registration.approved")
    assert "Contoso Cycling GmbH" in note.text and note.link == f"/deals/{approved.public_id}/"


def test_partner_appeals_once_and_the_chief_grants(world, rejected):
    appealed = registration_appeal(
        actor=world.actor(world.rep_a), registration=rejected, reason="We were first"
    )
    assert appealed.status == S.APPEALED and appealed.appeal_reason == "We were first"
    assert notified(world.chief, "deal_registration.appealed") == 1
    assert "appeals the rejection" in mail.outbox[-1].subject or any(
        "appeals" in m.subject for m in mail.outbox
    )
    with pytest.raises(PermissionDenied):
        registration_decide_appeal(actor=world.actor(world.cam), registration=appealed, grant=True, note="ok")
    with pytest.raises(ValidationError):
        registration_decide_appeal(
            actor=world.actor(world.chief), registration=appealed, grant=True, note=" "
        )
    granted = registration_decide_appeal(
        actor=world.actor(world.chief), registration=appealed, grant=True, note="The rep proved the history"
    )
    assert granted.status == S.APPROVED and granted.protected_until > timezone.localdate()
    assert granted.appeal_decided_by == world.chief
    event = Event.objects.get(verb="deal_registration.appeal_granted")
    assert event.after["appeal_decision_note"] == "The rep proved the history"
    assert notified(world.rep_a, "deal_registration.appeal_decided") == 1


def test_an_upheld_rejection_is_final(world, rejected):
    appealed = registration_appeal(actor=world.actor(world.rep_a), registration=rejected, reason="Please")
    upheld = registration_decide_appeal(
        actor=world.actor(world.chief), registration=appealed, grant=False, note="Named account stays direct"
    )
    assert upheld.status == S.REJECTED
    with pytest.raises(ValidationError):
        registration_appeal(actor=world.actor(world.rep_a), registration=upheld, reason="Again")
    upheld.refresh_from_db()
    assert upheld.status == S.REJECTED and upheld.appeal_reason == "Please"


def test_appeal_refusals_change_nothing(world, rejected, settings):
    with pytest.raises(ValidationError):
        registration_appeal(actor=world.actor(world.rep_a), registration=rejected, reason="")
    with pytest.raises(PermissionDenied):
        registration_appeal(actor=world.actor(world.cam), registration=rejected, reason="x")
    type(rejected).objects.filter(pk=rejected.pk).update(decided_at=timezone.now() - timedelta(days=31))
    with pytest.raises(ValidationError) as late:
        registration_appeal(actor=world.actor(world.rep_a), registration=rejected, reason="Late")
    assert "within 30 days" in late.value.messages[0]
    rejected.refresh_from_db()
    assert rejected.status == S.REJECTED and rejected.appealed_at is None
    assert not Event.objects.filter(verb="deal_registration.appealed").exists()


def test_extension_is_requested_and_approved(world, approved):
    until = approved.protected_until
    extension = extension_request(
        actor=world.actor(world.rep_a), registration=approved, days=30, reason="Budget"
    )
    assert notified(world.cam, "deal_registration.extension_requested") == 1
    with pytest.raises(ValidationError):
        extension_request(actor=world.actor(world.rep_a), registration=approved, days=10, reason="More")
    with pytest.raises(PermissionDenied):
        extension_decide(actor=world.actor(world.rep_a), extension=extension, approve=True)
    extension_decide(actor=world.actor(world.cam), extension=extension, approve=True)
    approved.refresh_from_db()
    assert approved.protected_until == until + timedelta(days=30)
    extension.refresh_from_db()
    assert extension.status == "approved" and extension.decided_by == world.cam
    assert notified(world.rep_a, "deal_registration.extension_decided") == 1
    with pytest.raises(ValidationError):
        extension_decide(actor=world.actor(world.cam), extension=extension, approve=False, note="x")


def test_extension_denial_needs_a_reason_and_bad_requests_are_refused(world, approved, submitted):
    for days, reason in [(0, "x"), (91, "x"), ("ten", "x"), (10, "")]:
        with pytest.raises(ValidationError):
            extension_request(actor=world.actor(world.rep_a), registration=approved, days=days, reason=reason)
    assert not ExtensionRequest.objects.exists()
    extension = extension_request(actor=world.actor(world.rep_a), registration=approved, days=10, reason="x")
    with pytest.raises(ValidationError):
        extension_decide(actor=world.actor(world.cam), extension=extension, approve=False, note="")
    extension.refresh_from_db()
    assert extension.status == "pending"
    extension_decide(actor=world.actor(world.cam), extension=extension, approve=False, note="Close it first")
    until = approved.protected_until
    approved.refresh_from_db()
    assert approved.protected_until == until


def test_extension_only_for_a_protected_registration(world, products):
    from deals.services import registration_create

    draft, _ = registration_create(actor=world.actor(world.rep_a), data={"customer_name": "Draft Co"})
    with pytest.raises(ValidationError):
        extension_request(actor=world.actor(world.rep_a), registration=draft, days=10, reason="x")


def test_reminder_goes_once_per_end_date(world, approved):
    end = approved.protected_until
    assert registrations_remind(today=end - timedelta(days=15)) == 0
    assert registrations_remind(today=end - timedelta(days=14)) == 1
    assert registrations_remind(today=end - timedelta(days=13)) == 0
    assert notified(world.rep_a, "deal_registration.expiry_reminder") == 1
    assert "ends on" in mail.outbox[-1].subject
    extension = extension_request(actor=world.actor(world.rep_a), registration=approved, days=20, reason="x")
    extension_decide(actor=world.actor(world.cam), extension=extension, approve=True)
    assert registrations_remind(today=end + timedelta(days=6)) == 1
    assert notified(world.rep_a, "deal_registration.expiry_reminder") == 2
