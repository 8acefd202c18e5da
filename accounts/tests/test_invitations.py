"""Invitations: who may invite whom, the email, and accepting (single use, expiring, revocable)."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone

from accounts.models import Invitation, Membership, User, hash_secret
from accounts.services import (
    invitation_accept,
    invitation_create_for_partner,
    invitation_create_for_staff,
    invitation_revoke,
)
from accounts.testing import PASSWORD
from accounts.tests.helpers import event_count, invitation_token_from
from core.models import Event
from core.roles import PartnerRole, StaffRole
from core.testing import error_fields, snapshot

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-Fresh-passw0rd-42"


def invite(
    world, *, actor_user=None, partner=None, email="new.rep@alpha.test", role=PartnerRole.REP, **extra
):
    """Create a partner invitation through the service; returns (invitation, raw token)."""
    return invitation_create_for_partner(
        actor=world.actor(actor_user or world.admin_a),
        partner=partner or world.partner_a,
        email=email,
        role=role,
        **extra,
    )


def accept_form(full_name="New Person", password=NEW_PASSWORD, password2=None):
    return {
        "full_name": full_name,
        "password1": password,
        "password2": password if password2 is None else password2,
    }


# --- inviting -----------------------------------------------------------------------------------


def test_partner_admin_invites_a_rep_by_email_with_the_accept_link(world, login, committed):
    client = login(world.admin_a)
    with committed():
        response = client.post(
            "/my/team/invite/",
            {"email": " New.Rep@Alpha.TEST ", "full_name": "New Rep", "role": PartnerRole.REP},
        )

    assert response.status_code == 302 and response["Location"] == "/my/team/"
    invitation = Invitation.objects.get()
    assert invitation.email == "new.rep@alpha.test"
    assert invitation.partner == world.partner_a
    assert invitation.partner_role == PartnerRole.REP and invitation.staff_role == ""
    assert invitation.invited_by == world.admin_a
    assert invitation.is_pending
    assert invitation.expires_at > timezone.now() + timedelta(days=13)

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["new.rep@alpha.test"]
    assert "Alpha Systems" in message.body
    token = invitation_token_from(message)
    assert hash_secret(token) == invitation.token_hash
    assert token != invitation.token_hash  # only the hash is stored

    event = Event.objects.get(verb="invitation.sent")
    assert event.actor == world.admin_a
    assert event.partner == world.partner_a
    assert event.target_id == invitation.pk
    assert event.after == {"email": "new.rep@alpha.test", "role": PartnerRole.REP}

    # the link in the email opens the acceptance page
    page = Client().get(f"/invitations/{token}/")
    assert page.status_code == 200
    assert b"Alpha Systems" in page.content and b'name="password1"' in page.content


def test_team_page_lists_the_pending_invitation_for_the_admin(world, login):
    invite(world)
    page = login(world.admin_a).get("/my/team/")
    assert page.status_code == 200
    assert b"new.rep@alpha.test" in page.content
    assert b"Invite a colleague" in page.content


def test_rep_cannot_invite_via_the_view(world, login, committed):
    events = event_count()
    with committed() as callbacks:
        response = login(world.rep_a).post(
            "/my/team/invite/", {"email": "x@alpha.test", "role": PartnerRole.REP}
        )
    assert response.status_code == 403
    assert not Invitation.objects.exists()
    assert event_count() == events
    assert callbacks == [] and mail.outbox == []
    # and the team page does not offer the form
    assert b"Invite a colleague" not in login(world.rep_a).get("/my/team/").content


def test_rep_cannot_invite_via_the_service(world, committed):
    with committed() as callbacks, pytest.raises(PermissionDenied):
        invite(world, actor_user=world.rep_a)
    assert not Invitation.objects.exists()
    assert not Event.objects.filter(verb="invitation.sent").exists()
    assert callbacks == [] and mail.outbox == []


def test_admin_of_a_cannot_invite_into_b(world, api_client, committed):
    with committed() as callbacks, pytest.raises(PermissionDenied):
        invite(world, actor_user=world.admin_a, partner=world.partner_b, email="spy@bravo.test")
    # through the API the other partner is simply not there
    with committed() as api_callbacks:
        response = api_client(world.admin_a).post(
            f"/api/partners/{world.partner_b.public_id}/invitations",
            {"email": "spy@bravo.test", "role": PartnerRole.ADMIN},
            content_type="application/json",
        )
    assert response.status_code == 404
    assert not Invitation.objects.exists()
    assert not Event.objects.filter(verb="invitation.sent").exists()
    assert callbacks == api_callbacks == [] and mail.outbox == []


def test_distributor_admin_sees_but_cannot_invite_into_its_reseller(world, api_client):
    response = api_client(world.dist_admin).post(
        f"/api/partners/{world.reseller.public_id}/invitations",
        {"email": "x@rho.test", "role": PartnerRole.REP},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert not Invitation.objects.exists()


def test_partner_admin_invites_through_the_api(world, api_client, committed):
    with committed():
        response = api_client(world.admin_a).post(
            f"/api/partners/{world.partner_a.public_id}/invitations",
            {"email": "api.rep@alpha.test", "role": PartnerRole.REP},
            content_type="application/json",
        )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["email"] == "api.rep@alpha.test" and body["state"] == "pending"
    assert "token" not in body and "token_hash" not in body
    assert [m.to for m in mail.outbox] == [["api.rep@alpha.test"]]


def test_staff_cam_invites_into_any_partner(world, login, committed):
    client = login(world.cam)
    with committed():
        response = client.post(
            f"/partners/{world.partner_b.public_id}/invite/",
            {"email": "buyer@bravo.test", "role": PartnerRole.ADMIN},
        )
    assert response.status_code == 302
    assert response["Location"] == f"/partners/{world.partner_b.public_id}/?tab=team"
    invitation = Invitation.objects.get(email="buyer@bravo.test")
    assert invitation.partner == world.partner_b and invitation.partner_role == PartnerRole.ADMIN
    assert invitation.invited_by == world.cam
    assert Event.objects.filter(verb="invitation.sent", actor=world.cam, partner=world.partner_b).count() == 1
    assert [m.to for m in mail.outbox] == [["buyer@bravo.test"]]


def test_marketing_cannot_invite_partner_users(world, login, committed):
    with committed() as callbacks:
        response = login(world.marketing).post(
            f"/partners/{world.partner_b.public_id}/invite/",
            {"email": "buyer@bravo.test", "role": PartnerRole.ADMIN},
        )
    assert response.status_code == 403
    assert not Invitation.objects.exists()
    assert callbacks == [] and mail.outbox == []


def test_partner_users_cannot_use_the_staff_invite_view(world, login):
    response = login(world.admin_a).post(
        f"/partners/{world.partner_a.public_id}/invite/", {"email": "x@alpha.test", "role": PartnerRole.REP}
    )
    assert response.status_code == 403
    assert not Invitation.objects.exists()


def test_channel_ops_invites_staff(world, login, committed):
    client = login(world.ops)
    assert client.get("/staff/").status_code == 200
    with committed():
        response = client.post(
            "/staff/", {"email": "new.cam@vendor.test", "full_name": "New Cam", "role": StaffRole.CAM}
        )
    assert response.status_code == 302 and response["Location"] == "/staff/"
    invitation = Invitation.objects.get()
    assert invitation.partner is None and invitation.partner_role == ""
    assert invitation.staff_role == StaffRole.CAM
    assert Event.objects.filter(verb="invitation.sent", actor=world.ops, partner=None).count() == 1
    assert [m.to for m in mail.outbox] == [["new.cam@vendor.test"]]
    assert "channel team" in mail.outbox[0].body
    assert b"new.cam@vendor.test" in client.get("/staff/").content


@pytest.mark.parametrize("persona", ["chief", "cam", "marketing", "admin_a", "rep_a"])
def test_only_channel_ops_manages_staff(world, login, committed, persona):
    client = login(getattr(world, persona))
    assert client.get("/staff/").status_code == 403
    with committed() as callbacks:
        response = client.post("/staff/", {"email": "new.cam@vendor.test", "role": StaffRole.CAM})
    assert response.status_code == 403
    assert not Invitation.objects.exists()
    assert not Event.objects.filter(verb="invitation.sent").exists()
    assert callbacks == [] and mail.outbox == []


def test_staff_invitation_service_refuses_other_roles(world):
    for user in (world.cam, world.chief, world.admin_a):
        with pytest.raises(PermissionDenied):
            invitation_create_for_staff(actor=world.actor(user), email="x@vendor.test", role=StaffRole.CAM)
    assert not Invitation.objects.exists()


@pytest.mark.parametrize("email", ["not-an-email", "", "foo@", "@bar.test", "two words@alpha.test"])
def test_invalid_email_is_rejected_and_nothing_is_created(world, committed, email):
    with committed() as callbacks, pytest.raises(ValidationError) as exc:
        invite(world, email=email)
    assert "email" in exc.value.message_dict
    with pytest.raises(ValidationError):
        invitation_create_for_staff(actor=world.actor(world.ops), email=email, role=StaffRole.CAM)
    assert not Invitation.objects.exists()
    assert not Event.objects.exists()
    assert callbacks == [] and mail.outbox == []


def test_invalid_email_through_the_api_is_422(world, api_client):
    response = api_client(world.admin_a).post(
        f"/api/partners/{world.partner_a.public_id}/invitations",
        {"email": "foo@", "role": PartnerRole.REP},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert error_fields(response) == {"email"}
    assert not Invitation.objects.exists()


def test_invalid_email_or_role_in_the_team_form_is_refused(world, login, committed):
    client = login(world.admin_a)
    with committed() as callbacks:
        bad_email = client.post(
            "/my/team/invite/", {"email": "not-an-email", "role": PartnerRole.REP}, follow=True
        )
        bad_role = client.post("/my/team/invite/", {"email": "ok@alpha.test", "role": "owner"}, follow=True)
    assert b"Enter a valid email address." in bad_email.content
    assert b"Select a valid choice." in bad_role.content
    assert not Invitation.objects.exists()
    assert callbacks == [] and mail.outbox == []


def test_unknown_role_is_rejected_by_the_services(world):
    with pytest.raises(ValidationError) as exc:
        invite(world, role="owner")
    assert "role" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        invitation_create_for_staff(
            actor=world.actor(world.ops), email="x@vendor.test", role=PartnerRole.ADMIN
        )
    assert "role" in exc.value.message_dict
    assert not Invitation.objects.exists()


def test_inviting_an_existing_member_is_rejected(world, login, committed):
    with pytest.raises(ValidationError) as exc:
        invite(world, email="REP@alpha.test")
    assert "already a member" in exc.value.message_dict["email"][0]
    # a deactivated member is still a member: reactivate them instead of inviting
    Membership.objects.filter(user=world.rep_a).update(is_active=False)
    with pytest.raises(ValidationError):
        invite(world, email="rep@alpha.test")
    with committed() as callbacks:
        response = login(world.admin_a).post(
            "/my/team/invite/", {"email": "rep@alpha.test", "role": PartnerRole.ADMIN}, follow=True
        )
    assert b"already a member of Alpha Systems" in response.content
    assert not Invitation.objects.exists()
    assert callbacks == [] and mail.outbox == []


def test_staff_email_cannot_join_a_partner(world, committed):
    with committed() as callbacks, pytest.raises(ValidationError) as exc:
        invite(world, actor_user=world.cam, email="chief@vendor.test")
    assert "vendor staff" in exc.value.message_dict["email"][0]
    assert not Invitation.objects.exists()
    assert callbacks == []


def test_staff_invitation_for_an_existing_user_is_rejected(world):
    with pytest.raises(ValidationError) as exc:
        invitation_create_for_staff(actor=world.actor(world.ops), email="rep@alpha.test", role=StaffRole.CAM)
    assert "email" in exc.value.message_dict
    assert not Invitation.objects.exists()


def test_reinvite_revokes_the_earlier_pending_invitation(world, committed):
    with committed():
        first, first_token = invite(world)
        second, second_token = invite(world, role=PartnerRole.ADMIN)
    first.refresh_from_db()
    assert first.revoked_at is not None and first.state == "revoked"
    assert second.is_pending
    assert len(mail.outbox) == 2

    # the old link is dead, the new one works and grants the new role
    assert Client().get(f"/invitations/{first_token}/").status_code == 410
    response = Client().post(f"/invitations/{second_token}/", accept_form())
    assert response.status_code == 302
    assert Membership.objects.get(user__email="new.rep@alpha.test").role == PartnerRole.ADMIN


def test_an_invitation_to_another_partner_does_not_revoke_this_one(world):
    mine, _ = invite(world, email="shared@example.test")
    invite(world, actor_user=world.admin_b, partner=world.partner_b, email="shared@example.test")
    mine.refresh_from_db()
    assert mine.is_pending


def test_partner_admin_withdraws_a_pending_invitation(world, login):
    invitation, token = invite(world)
    response = login(world.admin_a).post(f"/my/invitations/{invitation.public_id}/revoke/")
    assert response.status_code == 302 and response["Location"] == "/my/team/"
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    assert Event.objects.filter(verb="invitation.revoked", actor=world.admin_a).count() == 1
    assert Client().get(f"/invitations/{token}/").status_code == 410


def test_staff_withdrawing_a_partner_invitation_lands_on_the_partner_page(world, login):
    invitation, _ = invite(world, actor_user=world.cam)
    response = login(world.cam).post(f"/my/invitations/{invitation.public_id}/revoke/")
    assert response.status_code == 302
    assert response["Location"] == f"/partners/{world.partner_a.public_id}/?tab=team"
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None


def test_others_cannot_withdraw_an_invitation(world, login):
    invitation, _ = invite(world)
    before = snapshot(invitation)
    assert login(world.admin_b).post(f"/my/invitations/{invitation.public_id}/revoke/").status_code == 404
    assert login(world.rep_a).post(f"/my/invitations/{invitation.public_id}/revoke/").status_code == 403
    assert snapshot(invitation) == before
    assert not Event.objects.filter(verb="invitation.revoked").exists()


def test_withdrawing_an_invitation_accepted_meanwhile_changes_nothing(world):
    invitation, token = invite(world)
    stale = Invitation.objects.get(pk=invitation.pk)  # e.g. the admin's team page, loaded before
    invitation_accept(raw_token=token, full_name="New Rep", password=NEW_PASSWORD)
    before = snapshot(invitation)
    with pytest.raises(ValidationError):
        invitation_revoke(actor=world.actor(world.admin_a), invitation=stale)
    assert snapshot(invitation) == before and before["revoked_at"] is None
    assert not Event.objects.filter(verb="invitation.revoked").exists()


# --- accepting ----------------------------------------------------------------------------------


def test_accepting_creates_the_user_and_membership_and_signs_in(world):
    invitation, token = invite(world, full_name="Prefilled Name")
    client = Client()
    page = client.get(f"/invitations/{token}/")
    assert page.status_code == 200
    assert b"Prefilled Name" in page.content

    response = client.post(f"/invitations/{token}/", accept_form(full_name="  Nora New  "))
    assert response.status_code == 302 and response["Location"] == "/"

    user = User.objects.get(email="new.rep@alpha.test")
    assert user.full_name == "Nora New"
    assert user.check_password(NEW_PASSWORD)
    assert user.staff_role == ""
    membership = Membership.objects.get(user=user)
    assert membership.partner == world.partner_a
    assert membership.role == PartnerRole.REP and membership.is_active
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None and invitation.accepted_user == user
    assert set(Event.objects.filter(actor=user).values_list("verb", flat=True)) == {
        "member.joined",
        "invitation.accepted",
    }

    # signed in as the new user, acting for the partner
    home = client.get("/")
    assert home.wsgi_request.user == user
    assert home.wsgi_request.actor.partner == world.partner_a
    assert home["Location"] == "/my/"


def test_accepting_a_staff_invitation_creates_a_staff_user(world):
    _invitation, token = invitation_create_for_staff(
        actor=world.actor(world.ops), email="new.ops@vendor.test", role=StaffRole.MARKETING
    )
    client = Client()
    assert client.post(f"/invitations/{token}/", accept_form()).status_code == 302
    user = User.objects.get(email="new.ops@vendor.test")
    assert user.staff_role == StaffRole.MARKETING
    assert not user.memberships.exists()
    assert client.get("/")["Location"] == "/dashboard/"
    assert Event.objects.filter(verb="staff.joined", target_id=user.pk).exists()


def test_an_invitation_is_single_use(world):
    invitation, token = invite(world)
    assert Client().post(f"/invitations/{token}/", accept_form()).status_code == 302
    accepted = snapshot(invitation)
    users, memberships, events = User.objects.count(), Membership.objects.count(), Event.objects.count()

    second = Client().post(
        f"/invitations/{token}/", accept_form(full_name="Someone Else", password="another-Passw0rd-99")
    )
    assert second.status_code == 410
    assert b"already been accepted" in second.content
    assert User.objects.count() == users and Membership.objects.count() == memberships
    assert Event.objects.count() == events
    assert snapshot(invitation) == accepted
    assert User.objects.get(email="new.rep@alpha.test").check_password(NEW_PASSWORD)
    # the service refuses too
    with pytest.raises(ValidationError, match="already been used"):
        invitation_accept(raw_token=token, full_name="X", password="another-Passw0rd-99")


def _assert_nothing_created(invitation, before, users, events):
    assert snapshot(invitation) == before
    assert User.objects.count() == users
    assert not User.objects.filter(email=invitation.email).exists()
    assert not Membership.objects.filter(user__email=invitation.email).exists()
    assert Event.objects.count() == events


def test_an_expired_invitation_cannot_be_used(world):
    invitation, token = invite(world)
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    before, users, events = snapshot(invitation), User.objects.count(), Event.objects.count()

    page = Client().get(f"/invitations/{token}/")
    assert page.status_code == 410
    assert b"It has expired" in page.content
    assert b'name="password1"' not in page.content
    response = Client().post(f"/invitations/{token}/", accept_form())
    assert response.status_code == 410
    _assert_nothing_created(invitation, before, users, events)
    with pytest.raises(ValidationError, match="expired"):
        invitation_accept(raw_token=token, full_name="X", password=NEW_PASSWORD)
    _assert_nothing_created(invitation, before, users, events)


def test_a_revoked_invitation_cannot_be_used(world, login):
    invitation, token = invite(world)
    login(world.admin_a).post(f"/my/invitations/{invitation.public_id}/revoke/")
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    before, users, events = snapshot(invitation), User.objects.count(), Event.objects.count()

    page = Client().get(f"/invitations/{token}/")
    assert page.status_code == 410
    assert b"It has been withdrawn" in page.content
    assert Client().post(f"/invitations/{token}/", accept_form()).status_code == 410
    _assert_nothing_created(invitation, before, users, events)
    with pytest.raises(ValidationError, match="withdrawn"):
        invitation_accept(raw_token=token, full_name="X", password=NEW_PASSWORD)
    _assert_nothing_created(invitation, before, users, events)


def test_an_unknown_token_shows_the_invalid_page(world):
    invite(world)
    response = Client().post("/invitations/not-a-real-token/", accept_form())
    assert response.status_code == 404
    assert b"The link is not valid" in response.content
    assert not User.objects.filter(email="new.rep@alpha.test").exists()


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short1!", b"This password is too short"),
        ("password123", b"This password is too common"),
        ("8402916573", b"This password is entirely numeric"),
        ("new.rep@alpha.test", b"too similar to the email"),
    ],
)
def test_a_weak_password_is_rejected_and_nothing_is_created(world, password, message):
    invitation, token = invite(world)
    before, users, events = snapshot(invitation), User.objects.count(), Event.objects.count()
    client = Client()
    response = client.post(f"/invitations/{token}/", accept_form(password=password))
    assert response.status_code == 200
    assert message in response.content
    _assert_nothing_created(invitation, before, users, events)
    assert "_auth_user_id" not in client.session


def test_mismatched_passwords_are_rejected(world):
    invitation, token = invite(world)
    before, users, events = snapshot(invitation), User.objects.count(), Event.objects.count()
    response = Client().post(f"/invitations/{token}/", accept_form(password2="something-Else-99"))
    assert response.status_code == 200
    assert b"The two passwords differ." in response.content
    _assert_nothing_created(invitation, before, users, events)


def test_existing_user_must_be_signed_in_as_themselves_to_accept(world, login):
    """A person already at Alpha joins Bravo: no new account, no password change, only a membership."""
    invitation, token = invite(
        world, actor_user=world.admin_b, partner=world.partner_b, email="rep@alpha.test"
    )
    before, users, events = snapshot(invitation), User.objects.count(), Event.objects.count()
    password_hash = world.rep_a.password

    anonymous = Client()
    page = anonymous.get(f"/invitations/{token}/")
    assert page.status_code == 200
    assert b"You already have an account" in page.content and b'name="password1"' not in page.content
    refused = anonymous.post(
        f"/invitations/{token}/", accept_form(password="hijack-Passw0rd-11"), follow=True
    )
    assert b"Sign in as rep@alpha.test to accept" in refused.content
    wrong_user = login(world.admin_a).post(f"/invitations/{token}/", follow=True)
    assert b"Sign in as rep@alpha.test to accept" in wrong_user.content
    with pytest.raises(ValidationError):
        invitation_accept(raw_token=token, user=None)
    assert snapshot(invitation) == before
    assert User.objects.count() == users and Event.objects.count() == events
    assert not Membership.objects.filter(user=world.rep_a, partner=world.partner_b).exists()

    client = login(world.rep_a)
    response = client.post(f"/invitations/{token}/")
    assert response.status_code == 302
    assert User.objects.count() == users
    world.rep_a.refresh_from_db()
    assert world.rep_a.password == password_hash
    assert Membership.objects.get(user=world.rep_a, partner=world.partner_b).role == PartnerRole.REP
    assert Membership.objects.filter(user=world.rep_a, is_active=True).count() == 2
    invitation.refresh_from_db()
    assert invitation.accepted_user == world.rep_a
    # after accepting they act for the partner that invited them
    assert client.get("/").wsgi_request.actor.partner == world.partner_b


def test_a_staff_invitation_cannot_be_claimed_by_an_existing_partner_account(world, login):
    """The staff role would silently not be granted: refuse instead of marking the invitation used."""
    invitation, token = invitation_create_for_staff(
        actor=world.actor(world.ops), email="late@example.test", role=StaffRole.CAM
    )
    # meanwhile the same person joined a partner through a partner invitation
    _partner_invitation, partner_token = invite(world, email="late@example.test")
    Client().post(f"/invitations/{partner_token}/", accept_form())
    user = User.objects.get(email="late@example.test")
    before, events = snapshot(invitation), Event.objects.count()

    with pytest.raises(ValidationError):
        invitation_accept(raw_token=token, user=user)
    response = login(user).post(f"/invitations/{token}/", follow=True)
    assert response.status_code == 200
    assert snapshot(invitation) == before
    assert Event.objects.count() == events
    user.refresh_from_db()
    assert user.staff_role == ""


def test_a_partner_invitation_cannot_be_claimed_by_a_staff_account(world):
    invitation, token = invite(world, email="future.staff@example.test")
    # the address became a staff account after the partner invitation went out
    staff = User.objects.create_user("future.staff@example.test", PASSWORD, staff_role=StaffRole.CAM)
    before = snapshot(invitation)
    with pytest.raises(ValidationError):
        invitation_accept(raw_token=token, user=staff)
    assert snapshot(invitation) == before
    assert not Membership.objects.filter(user=staff).exists()
