"""Onboarding reacts to profile, team and agreement events (core.events subscriptions): the CAM hears once,
when the event is the one that completes onboarding; activation still waits for 100 %."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from accounts.services import invitation_accept, invitation_create_for_partner
from core.testing import snapshot
from onboarding.models import ChecklistStep
from onboarding.services import step_complete
from onboarding.tests.helpers import complete_profile, install, start_onboarding
from partners.choices import PartnerStatus
from partners.models import Partner
from partners.services import partner_change_status, partner_update
from programs.services import agreement_accept
from programs.tests.helpers import publish

pytestmark = pytest.mark.django_db


def _ready_mails():
    return [m for m in mail.outbox if "has completed onboarding" in m.subject]


@pytest.fixture
def onboarding_partner(world):
    return start_onboarding(world.partner_a)


def test_a_profile_edit_on_an_already_complete_profile_says_nothing(
    world, onboarding_partner, django_capture_on_commit_callbacks
):
    ChecklistStep.objects.create(partner_type="reseller", title_en="Complete the profile", kind="profile")
    complete_profile(onboarding_partner)  # 100 % before the edit
    with django_capture_on_commit_callbacks(execute=True):
        partner_update(actor=world.actor(world.admin_a), partner=onboarding_partner, data={"city": "Bonn"})
    assert _ready_mails() == []


def test_changing_the_type_to_one_already_complete_tells_the_cam(
    world, onboarding_partner, django_capture_on_commit_callbacks
):
    ChecklistStep.objects.create(partner_type="reseller", title_en="Kick-off", kind="manual")
    ChecklistStep.objects.create(partner_type="dealer", title_en="Complete the profile", kind="profile")
    complete_profile(onboarding_partner)
    with django_capture_on_commit_callbacks(execute=True):
        partner_update(
            actor=world.actor(world.chief), partner=onboarding_partner, data={"partner_type": "dealer"}
        )
    assert [m.to for m in _ready_mails()] == [[world.cam.email]]


def test_a_third_member_joining_a_complete_team_says_nothing(
    world, onboarding_partner, django_capture_on_commit_callbacks
):
    ChecklistStep.objects.create(partner_type="reseller", title_en="Invite your team", kind="team")
    # admin_a and rep_a: the team step is done already
    _invitation, token = invitation_create_for_partner(
        actor=world.actor(world.cam), partner=onboarding_partner, email="third@alpha.test", role="rep"
    )
    with django_capture_on_commit_callbacks(execute=True):
        invitation_accept(raw_token=token, full_name="Third", password="a-Long-passw0rd!")
    assert _ready_mails() == []


def test_accepting_another_document_does_not_count_as_the_agreement(
    world, onboarding_partner, django_capture_on_commit_callbacks
):
    checklist = install()
    complete_profile(onboarding_partner)
    for step in checklist.manual:
        step_complete(actor=world.actor(world.cam), partner=onboarding_partner, step=step)
    agreement_accept(actor=world.actor(world.admin_a), version=publish())  # complete: the CAM is told
    mail.outbox.clear()
    # The rules of engagement, accepted per version of the program's rules (engagement), are not it either.
    from engagement.services import rules_accept, ruleset_create_draft, ruleset_publish

    ops = world.actor(world.ops)
    rules = ruleset_publish(actor=ops, ruleset=ruleset_create_draft(actor=ops))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        rules_accept(actor=world.actor(world.admin_a), ruleset=rules)
    assert _ready_mails() == []


def test_no_notice_for_a_partner_not_awaiting_activation(world, django_capture_on_commit_callbacks):
    ChecklistStep.objects.create(partner_type="reseller", title_en="Complete the profile", kind="profile")
    assert world.partner_a.status == PartnerStatus.ACTIVE
    with django_capture_on_commit_callbacks(execute=True):
        partner_update(
            actor=world.actor(world.admin_a),
            partner=world.partner_a,
            data={"legal_name": "Alpha Systems GmbH", "tax_id": "DE123", "verticals": ["retail"]},
        )
    assert _ready_mails() == []


def test_activation_guard_refuses_and_changes_nothing(world, onboarding_partner):
    ChecklistStep.objects.create(partner_type="reseller", title_en="Kick-off", kind="manual")
    before = snapshot(onboarding_partner)
    with pytest.raises(ValidationError, match="0%"):
        partner_change_status(actor=world.actor(world.cam), partner=onboarding_partner, to_status="active")
    assert snapshot(Partner.objects.get(pk=onboarding_partner.pk)) == before
