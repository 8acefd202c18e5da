"""The CAM hears that a partner is ready for activation, whichever change finished onboarding."""

import pytest
from django.core import mail

from accounts.services import invitation_accept, invitation_create_for_partner
from onboarding.models import ChecklistStep
from partners.choices import PartnerStatus
from partners.models import Partner
from partners.services import partner_update

pytestmark = pytest.mark.django_db


@pytest.fixture
def onboarding_partner(world):
    Partner.objects.filter(pk=world.partner_a.pk).update(status=PartnerStatus.ONBOARDING)
    world.partner_a.refresh_from_db()
    return world.partner_a


def _ready_mails():
    return [m for m in mail.outbox if "has completed onboarding" in m.subject]


def test_completing_the_profile_tells_the_cam(world, onboarding_partner, django_capture_on_commit_callbacks):
    ChecklistStep.objects.create(partner_type="reseller", title_en="Complete the profile", kind="profile")
    with django_capture_on_commit_callbacks(execute=True):
        partner_update(
            actor=world.actor(world.admin_a),
            partner=onboarding_partner,
            data={"legal_name": "Alpha Systems GmbH", "tax_id": "DE123", "verticals": ["retail"]},
        )
    assert [m.to for m in _ready_mails()] == [[world.cam.email]]


def test_a_profile_edit_that_leaves_steps_open_says_nothing(
    world, onboarding_partner, django_capture_on_commit_callbacks
):
    ChecklistStep.objects.create(partner_type="reseller", title_en="Complete the profile", kind="profile")
    ChecklistStep.objects.create(partner_type="reseller", title_en="Kick-off", kind="manual")
    with django_capture_on_commit_callbacks(execute=True):
        partner_update(
            actor=world.actor(world.admin_a),
            partner=onboarding_partner,
            data={"legal_name": "Alpha Systems GmbH", "tax_id": "DE123", "verticals": ["retail"]},
        )
    assert _ready_mails() == []


def test_a_colleague_joining_completes_the_team_step(world, django_capture_on_commit_callbacks):
    partner = Partner.objects.create(
        name="Solo Bikes", partner_type="reseller", status=PartnerStatus.ONBOARDING, cam=world.cam
    )
    ChecklistStep.objects.create(partner_type="reseller", title_en="Invite your team", kind="team")
    _invitation, admin_token = invitation_create_for_partner(
        actor=world.actor(world.cam), partner=partner, email="first@solo.test", role="admin"
    )
    _invitation, rep_token = invitation_create_for_partner(
        actor=world.actor(world.cam), partner=partner, email="second@solo.test", role="rep"
    )
    with django_capture_on_commit_callbacks(execute=True):
        invitation_accept(raw_token=admin_token, full_name="First", password="a-Long-passw0rd!")
    assert _ready_mails() == []
    with django_capture_on_commit_callbacks(execute=True):
        invitation_accept(raw_token=rep_token, full_name="Second", password="a-Long-passw0rd!")
    assert [m.to for m in _ready_mails()] == [[world.cam.email]]
