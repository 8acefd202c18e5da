"""Team management by partner admins (and staff through the API), and acting for one of several partners."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.models import Membership
from accounts.services import membership_change_role, membership_set_active
from accounts.testing import make_member
from core.actor import SESSION_PARTNER_KEY, build_actor
from core.models import Event
from core.roles import PartnerRole
from core.testing import items, snapshot
from partners.choices import PartnerStatus
from partners.models import Partner

pytestmark = pytest.mark.django_db


def membership(user, partner=None):
    qs = Membership.objects.filter(user=user)
    return qs.get(partner=partner) if partner else qs.get()


def role_url(m):
    return f"/my/team/{m.public_id}/role/"


def active_url(m):
    return f"/my/team/{m.public_id}/active/"


def test_team_page_shows_the_team_and_manage_controls_to_the_admin(world, login):
    page = login(world.admin_a).get("/my/team/")
    assert page.status_code == 200
    assert b"rep@alpha.test" in page.content and b"admin@alpha.test" in page.content
    assert b"admin@bravo.test" not in page.content
    rep = membership(world.rep_a)
    assert active_url(rep).encode() in page.content and role_url(rep).encode() in page.content
    # no deactivate button on one's own row
    assert active_url(membership(world.admin_a)).encode() not in page.content


def test_rep_sees_the_team_without_controls(world, login):
    page = login(world.rep_a).get("/my/team/")
    assert page.status_code == 200
    assert b"admin@alpha.test" in page.content
    assert role_url(membership(world.rep_a)).encode() not in page.content
    assert b"/active/" not in page.content


def test_admin_changes_a_reps_role(world, login):
    rep = membership(world.rep_a)
    response = login(world.admin_a).post(role_url(rep), {"role": PartnerRole.ADMIN})
    assert response.status_code == 302 and response["Location"] == "/my/team/"
    rep.refresh_from_db()
    assert rep.role == PartnerRole.ADMIN
    event = Event.objects.get(verb="member.role_changed")
    assert event.actor == world.admin_a and event.partner == world.partner_a
    assert event.target_id == world.rep_a.pk
    assert (event.before, event.after) == ({"role": "rep"}, {"role": "admin"})
    # the promoted rep now has admin rights
    assert build_actor(world.rep_a).can("partners.manage_own_team")


def test_changing_to_the_same_role_records_nothing(world, login):
    rep = membership(world.rep_a)
    login(world.admin_a).post(role_url(rep), {"role": PartnerRole.REP})
    assert not Event.objects.exists()


def test_an_unknown_role_is_refused(world, login):
    rep = membership(world.rep_a)
    before = snapshot(rep)
    response = login(world.admin_a).post(role_url(rep), {"role": "owner"}, follow=True)
    assert b"Choose a valid partner role." in response.content
    assert snapshot(rep) == before
    with pytest.raises(ValidationError):
        membership_change_role(actor=build_actor(world.admin_a), membership=rep, role="owner")
    assert snapshot(rep) == before
    assert not Event.objects.exists()


def test_admin_deactivates_and_reactivates_a_member(world, login):
    rep = membership(world.rep_a)
    client = login(world.admin_a)
    response = client.post(active_url(rep), {"active": "0"})
    assert response.status_code == 302
    rep.refresh_from_db()
    assert rep.is_active is False
    deactivated = Event.objects.get(verb="member.deactivated")
    assert (deactivated.before, deactivated.after) == ({"active": True}, {"active": False})
    assert deactivated.actor == world.admin_a and deactivated.partner == world.partner_a

    client.post(active_url(rep), {"active": "1"})
    rep.refresh_from_db()
    assert rep.is_active is True
    assert Event.objects.filter(verb="member.reactivated", actor=world.admin_a).count() == 1
    assert build_actor(world.rep_a).partner == world.partner_a


def test_admin_cannot_deactivate_themselves(world, login):
    make_member(world.partner_a, "second.admin@alpha.test", PartnerRole.ADMIN)  # not the last admin
    mine = membership(world.admin_a)
    before = snapshot(mine)
    response = login(world.admin_a).post(active_url(mine), {"active": "0"}, follow=True)
    assert b"You cannot deactivate yourself." in response.content
    assert snapshot(mine) == before
    assert not Event.objects.exists()


def test_the_last_active_admin_cannot_be_demoted_or_deactivated(world, login):
    mine = membership(world.admin_a)
    before = snapshot(mine)
    client = login(world.admin_a)
    response = client.post(role_url(mine), {"role": PartnerRole.REP}, follow=True)
    assert b"A partner needs at least one active admin." in response.content
    assert snapshot(mine) == before
    # staff may manage any team, but not leave a partner without an admin either
    cam = build_actor(world.cam)
    with pytest.raises(ValidationError, match="at least one active admin"):
        membership_change_role(actor=cam, membership=mine, role=PartnerRole.REP)
    with pytest.raises(ValidationError, match="at least one active admin"):
        membership_set_active(actor=cam, membership=mine, active=False)
    assert snapshot(mine) == before
    assert not Event.objects.exists()


def test_a_deactivated_admin_does_not_count_as_an_active_admin(world):
    other = make_member(world.partner_a, "second.admin@alpha.test", PartnerRole.ADMIN)
    Membership.objects.filter(user=other).update(is_active=False)
    mine = membership(world.admin_a)
    before = snapshot(mine)
    with pytest.raises(ValidationError):
        membership_change_role(actor=build_actor(world.cam), membership=mine, role=PartnerRole.REP)
    assert snapshot(mine) == before


def test_a_repeated_change_from_a_stale_page_records_nothing_more(world):
    rep = membership(world.rep_a)
    stale = Membership.objects.get(pk=rep.pk)  # a second tab, loaded before the first change
    admin = build_actor(world.admin_a)
    membership_set_active(actor=admin, membership=rep, active=False)
    membership_change_role(actor=admin, membership=Membership.objects.get(pk=rep.pk), role=PartnerRole.ADMIN)
    membership_set_active(actor=admin, membership=stale, active=False)
    membership_change_role(actor=admin, membership=stale, role=PartnerRole.ADMIN)
    assert Event.objects.filter(verb="member.deactivated").count() == 1
    assert Event.objects.filter(verb="member.role_changed").count() == 1


def test_with_two_admins_one_may_step_down(world, login):
    make_member(world.partner_a, "second.admin@alpha.test", PartnerRole.ADMIN)
    mine = membership(world.admin_a)
    login(world.admin_a).post(role_url(mine), {"role": PartnerRole.REP})
    mine.refresh_from_db()
    assert mine.role == PartnerRole.REP


def test_rep_cannot_manage_the_team(world, login):
    admin = membership(world.admin_a)
    rep = membership(world.rep_a)
    snapshots = {m.pk: snapshot(m) for m in (admin, rep)}
    client = login(world.rep_a)
    assert client.post(role_url(admin), {"role": PartnerRole.REP}).status_code == 403
    assert client.post(role_url(rep), {"role": PartnerRole.ADMIN}).status_code == 403
    assert client.post(active_url(admin), {"active": "0"}).status_code == 403
    for m in (admin, rep):
        assert snapshot(m) == snapshots[m.pk]
    actor = build_actor(world.rep_a)
    with pytest.raises(PermissionDenied):
        membership_change_role(actor=actor, membership=rep, role=PartnerRole.ADMIN)
    with pytest.raises(PermissionDenied):
        membership_set_active(actor=actor, membership=admin, active=False)
    for m in (admin, rep):
        assert snapshot(m) == snapshots[m.pk]
    assert not Event.objects.exists()


def test_admin_of_a_cannot_touch_bs_memberships(world, login):
    theirs = membership(world.rep_b)
    before = snapshot(theirs)
    client = login(world.admin_a)
    assert client.post(role_url(theirs), {"role": PartnerRole.ADMIN}).status_code == 404
    assert client.post(active_url(theirs), {"active": "0"}).status_code == 404
    with pytest.raises(PermissionDenied):
        membership_set_active(actor=build_actor(world.admin_a), membership=theirs, active=False)
    assert snapshot(theirs) == before
    assert not Event.objects.exists()


def test_distributor_admin_cannot_manage_its_resellers_team(world, login):
    theirs = membership(world.reseller_admin)
    before = snapshot(theirs)
    # the portal team pages only address the admin's own partner
    assert login(world.dist_admin).post(role_url(theirs), {"role": PartnerRole.REP}).status_code == 404
    assert snapshot(theirs) == before


def test_a_deactivated_member_loses_partner_access(world, login):
    client = login(world.rep_a)
    assert client.get("/my/").status_code == 200
    membership_set_active(actor=build_actor(world.admin_a), membership=membership(world.rep_a), active=False)

    actor = build_actor(world.rep_a)
    assert actor.is_authenticated and actor.partner is None and not actor.is_partner
    assert actor.visible_partner_ids == frozenset()
    home = client.get("/")
    assert home.status_code == 403
    assert b"Your account has no active partner" in home.content
    assert client.get("/my/").status_code == 403
    assert client.get("/my/team/").status_code == 403


def test_switching_between_two_partners(world, login):
    Membership.objects.create(user=world.rep_a, partner=world.partner_b, role=PartnerRole.REP)
    client = login(world.rep_a)
    assert client.get("/my/").wsgi_request.actor.partner == world.partner_a
    assert b"Act for Bravo Trading" in client.get("/my/").content

    response = client.post(f"/my/switch/{world.partner_b.public_id}/")
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.session[SESSION_PARTNER_KEY] == world.partner_b.pk
    page = client.get("/my/")
    assert page.wsgi_request.actor.partner == world.partner_b
    assert page.context["partner"] == world.partner_b
    assert client.get("/api/me").json()["partner_id"] == str(world.partner_b.public_id)

    client.post(f"/my/switch/{world.partner_a.public_id}/")
    assert client.get("/my/").wsgi_request.actor.partner == world.partner_a


def test_the_partner_switcher_lists_active_companies_without_a_query_each(world, login):
    """The user menu offers the other companies from the memberships the actor already loaded."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    Membership.objects.create(user=world.rep_a, partner=world.partner_b, role=PartnerRole.REP)
    client = login(world.rep_a)
    client.get("/my/profile/")  # the first page after signing in does one-off work (the language)
    with CaptureQueriesContext(connection) as one:
        client.get("/my/profile/")
    Membership.objects.create(user=world.rep_a, partner=world.distributor, role=PartnerRole.REP)
    Membership.objects.create(user=world.rep_a, partner=world.reseller, role=PartnerRole.REP, is_active=False)
    with CaptureQueriesContext(connection) as three:
        page = client.get("/my/profile/")
    assert b"Act for Bravo Trading" in page.content and b"Act for Delta Distribution" in page.content
    assert b"Act for Rho Retail" not in page.content  # an inactive membership
    assert b"Act for Alpha" not in page.content  # the company acted for now
    assert len(three) == len(one)


def test_switching_to_a_partner_one_does_not_belong_to_is_404(world, login):
    client = login(world.rep_a)
    for partner in (world.partner_b, world.distributor):
        assert client.post(f"/my/switch/{partner.public_id}/").status_code == 404
    assert SESSION_PARTNER_KEY not in client.session
    assert client.get("/my/").wsgi_request.actor.partner == world.partner_a


def test_switching_to_a_deactivated_membership_is_404(world, login):
    Membership.objects.create(
        user=world.rep_a, partner=world.partner_b, role=PartnerRole.REP, is_active=False
    )
    client = login(world.rep_a)
    assert client.post(f"/my/switch/{world.partner_b.public_id}/").status_code == 404
    # even a stale session key does not reach the deactivated partner
    session = client.session
    session[SESSION_PARTNER_KEY] = world.partner_b.pk
    session.save()
    assert client.get("/my/").wsgi_request.actor.partner == world.partner_a


def test_switching_to_an_offboarded_partner_is_404(world, login):
    Membership.objects.create(user=world.rep_a, partner=world.partner_b, role=PartnerRole.REP)
    Partner.objects.filter(pk=world.partner_b.pk).update(status=PartnerStatus.OFFBOARDED)
    client = login(world.rep_a)
    assert client.post(f"/my/switch/{world.partner_b.public_id}/").status_code == 404
    assert SESSION_PARTNER_KEY not in client.session
    assert client.get("/my/").status_code == 200


def test_switch_needs_post(world, login):
    Membership.objects.create(user=world.rep_a, partner=world.partner_b, role=PartnerRole.REP)
    client = login(world.rep_a)
    assert client.get(f"/my/switch/{world.partner_b.public_id}/").status_code == 405
    assert SESSION_PARTNER_KEY not in client.session


# --- the same through the API -------------------------------------------------------------------


def test_api_lists_members_in_scope_only(world, api_client):
    client = api_client(world.admin_a)
    members = items(client.get(f"/api/partners/{world.partner_a.public_id}/members"))
    assert {m["email"] for m in members} == {"admin@alpha.test", "rep@alpha.test"}
    assert client.get(f"/api/partners/{world.partner_b.public_id}/members").status_code == 404


def test_api_staff_manages_any_team(world, api_client):
    rep = membership(world.rep_b)
    response = api_client(world.cam).patch(
        f"/api/members/{rep.public_id}", {"role": PartnerRole.ADMIN}, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["role"] == PartnerRole.ADMIN
    rep.refresh_from_db()
    assert rep.role == PartnerRole.ADMIN


def test_api_partner_admin_cannot_patch_another_partners_member(world, api_client):
    theirs = membership(world.rep_b)
    before = snapshot(theirs)
    response = api_client(world.admin_a).patch(
        f"/api/members/{theirs.public_id}", {"is_active": False}, content_type="application/json"
    )
    assert response.status_code == 404
    assert snapshot(theirs) == before


def test_api_rep_cannot_patch_members(world, api_client):
    admin = membership(world.admin_a)
    before = snapshot(admin)
    response = api_client(world.rep_a).patch(
        f"/api/members/{admin.public_id}", {"role": PartnerRole.REP}, content_type="application/json"
    )
    assert response.status_code == 403
    assert snapshot(admin) == before


def test_api_refused_combined_update_changes_nothing(world, api_client):
    """Role and active flag in one PATCH: if the second part is refused, the first must not stick."""
    make_member(world.partner_a, "second.admin@alpha.test", PartnerRole.ADMIN)
    mine = membership(world.admin_a)
    before = snapshot(mine)
    client = api_client(world.admin_a)
    events = Event.objects.count()
    response = client.patch(
        f"/api/members/{mine.public_id}",
        {"role": PartnerRole.REP, "is_active": False},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["detail"] == "You cannot deactivate yourself."
    assert snapshot(mine) == before
    assert Event.objects.count() == events
