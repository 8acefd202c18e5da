"""CAM territories: the assignment rule, the service that sets them, the staff page and the API."""

import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.testing import make_partner, make_user
from core.models import Event
from core.roles import StaffRole
from partners.choices import CamBasis, PartnerStatus, Region
from partners.models import Territory
from partners.services import territories_set
from partners.territories import cam_proposal

pytestmark = pytest.mark.django_db

JSON = "application/json"
PAGE = "/partners/territories/"
API = "/api/territories"


def cam(email: str, name: str, *, role: str = StaffRole.CAM):
    return make_user(email, staff_role=role, full_name=name)


def hold(user, *places: str):
    """Give `user` territories: region values or two-letter country codes."""
    for place in places:
        if place in Region.values:
            Territory.objects.create(user=user, region=place)
        else:
            Territory.objects.create(user=user, country=place)


def give_partners(user, n: int, status: str = PartnerStatus.ACTIVE):
    for i in range(n):
        make_partner(f"{user.full_name} {status} {i}", cam=user, status=status)


def territory_rows(user) -> list[tuple[str, str]]:
    return sorted((t.region, t.country.code or "") for t in Territory.objects.filter(user=user))


# --- the rule -------------------------------------------------------------------------------------------


def test_country_beats_region(world):
    katrin, claire = cam("katrin@vendor.test", "Katrin Vogel"), cam("claire@vendor.test", "Claire Dubois")
    hold(katrin, "DE")
    hold(claire, "europe")
    proposal = cam_proposal(actor=world.actor(world.cam), country="DE", region="europe")
    assert proposal.cam == katrin and proposal.basis == CamBasis.COUNTRY
    assert proposal.reason == "Territory: Germany"


def test_region_when_no_one_holds_the_country(world):
    katrin, claire = cam("katrin@vendor.test", "Katrin Vogel"), cam("claire@vendor.test", "Claire Dubois")
    hold(katrin, "DE")
    hold(claire, "europe")
    proposal = cam_proposal(actor=world.actor(world.cam), country="nl", region="europe")
    assert proposal.cam == claire and proposal.basis == CamBasis.REGION
    assert proposal.reason == "Territory: Europe" and proposal.country == "NL"


def test_no_territory_covers_the_place(world):
    hold(cam("katrin@vendor.test", "Katrin Vogel"), "DE", "europe")
    proposal = cam_proposal(actor=world.actor(world.cam), country="BR", region="latin_america")
    assert proposal.cam is None and proposal.basis == CamBasis.NONE
    assert proposal.reason == "No territory covers Brazil"


def test_fewest_live_partners_wins_then_the_name(world):
    busy, idle = cam("busy@vendor.test", "Aaron Busy"), cam("idle@vendor.test", "Zoe Idle")
    hold(busy, "DE")
    hold(idle, "DE")
    give_partners(busy, 2)
    give_partners(idle, 1, PartnerStatus.ONBOARDING)
    give_partners(idle, 3, PartnerStatus.OFFBOARDED)  # not live: does not count
    actor = world.actor(world.chief)
    proposal = cam_proposal(actor=actor, country="DE", region="europe")
    assert proposal.cam == idle and proposal.candidates == 2 and proposal.load == 1
    give_partners(busy, 1, PartnerStatus.OFFBOARDED)
    give_partners(idle, 1, PartnerStatus.AT_RISK)  # 2 each now: the name decides
    assert cam_proposal(actor=actor, country="DE", region="europe").cam == busy


def test_inactive_and_former_cams_are_never_picked(world):
    gone, moved = cam("gone@vendor.test", "Anna Gone"), cam("moved@vendor.test", "Bert Moved")
    hold(gone, "DE")
    hold(moved, "DE")
    gone.is_active = False
    gone.save()
    moved.staff_role = StaffRole.MARKETING
    moved.save()
    proposal = cam_proposal(actor=world.actor(world.chief), country="DE", region="europe")
    assert proposal.cam is None and proposal.basis == CamBasis.NONE


def test_the_chief_may_hold_a_territory(world):
    hold(world.chief, "apac")
    proposal = cam_proposal(actor=world.actor(world.cam), country="SG", region="apac")
    assert proposal.cam == world.chief and proposal.reason == "Territory: Asia Pacific"


# --- setting territories --------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["ops", "chief"])
def test_ops_and_chief_set_territories_with_an_event(world, who):
    actor = world.actor(getattr(world, who))
    territories_set(
        actor=actor, user=world.cam, data={"regions": ["europe"], "countries": ["de", "FR", "DE"]}
    )
    assert territory_rows(world.cam) == [("", "DE"), ("", "FR"), ("europe", "")]
    territories_set(actor=actor, user=world.cam, data={"regions": ["europe"], "countries": ["FR", "AT"]})
    assert territory_rows(world.cam) == [("", "AT"), ("", "FR"), ("europe", "")]
    events = Event.objects.filter(verb="territories.changed", target_id=world.cam.pk).order_by("id")
    assert [(e.before, e.after) for e in events] == [
        ({"regions": [], "countries": []}, {"regions": ["europe"], "countries": ["DE", "FR"]}),
        ({"countries": ["DE", "FR"]}, {"countries": ["AT", "FR"]}),
    ]
    territories_set(
        actor=actor, user=world.cam, data={"regions": ["europe"], "countries": ["AT", "FR"]}
    )  # no change
    assert Event.objects.filter(verb="territories.changed").count() == 2


@pytest.mark.parametrize("who", ["cam", "marketing", "admin_a"])
def test_others_cannot_set_territories(world, who):
    hold(world.cam, "DE")
    with pytest.raises(PermissionDenied):
        territories_set(
            actor=world.actor(getattr(world, who)),
            user=world.cam,
            data={"regions": ["europe"], "countries": []},
        )
    assert territory_rows(world.cam) == [("", "DE")]
    assert not Event.objects.filter(verb="territories.changed").exists()


def test_unknown_places_and_non_cams_are_refused(world):
    hold(world.cam, "DE")
    actor = world.actor(world.ops)
    with pytest.raises(ValidationError) as exc:
        territories_set(actor=actor, user=world.cam, data={"regions": ["mars"], "countries": ["XX"]})
    assert set(exc.value.message_dict) == {"regions", "countries"}
    with pytest.raises(ValidationError):
        territories_set(actor=actor, user=world.marketing, data={"regions": ["europe"], "countries": []})
    inactive = cam("gone@vendor.test", "Anna Gone")
    inactive.is_active = False
    inactive.save()
    with pytest.raises(ValidationError):
        territories_set(actor=actor, user=inactive, data={"regions": ["europe"], "countries": []})
    assert territory_rows(world.cam) == [("", "DE")]
    assert not Territory.objects.exclude(user=world.cam).exists()
    assert not Event.objects.filter(verb="territories.changed").exists()


# --- the page -------------------------------------------------------------------------------------------


def test_every_staff_member_sees_the_territories(world, login):
    hold(world.cam, "DE", "europe")
    give_partners(world.chief, 1)
    for user in world.staff:
        response = login(user).get(PAGE)
        assert response.status_code == 200
        body = response.content.decode()
        assert "Cam Manager" in body and "Germany" in body and "Europe" in body
        assert "Chief Channel" in body and "Latin America" in body  # nobody holds it
        editable = f"/partners/territories/{world.cam.public_id}/" in body
        assert editable == (user in (world.ops, world.chief))


def test_ops_edit_territories_through_the_page(world, login):
    client = login(world.ops)
    url = f"/partners/territories/{world.cam.public_id}/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"regions": ["cis"], "countries": ["DE", "AT"]})
    assert response.status_code == 302
    assert territory_rows(world.cam) == [("", "AT"), ("", "DE"), ("cis", "")]
    response = client.post(url, {"regions": ["mars"], "countries": ["DE"]})
    assert response.status_code == 200 and "errorlist" in response.content.decode()
    assert territory_rows(world.cam) == [("", "AT"), ("", "DE"), ("cis", "")]


def test_a_cam_cannot_edit_territories_and_non_cams_have_none(world, login):
    hold(world.cam, "DE")
    url = f"/partners/territories/{world.cam.public_id}/"
    assert login(world.cam).post(url, {"regions": ["europe"]}).status_code == 403
    assert login(world.marketing).get(url).status_code == 403
    assert login(world.ops).get(f"/partners/territories/{world.marketing.public_id}/").status_code == 404
    assert territory_rows(world.cam) == [("", "DE")]


def test_partner_users_cannot_see_or_change_territories(world, login):
    hold(world.cam, "DE")
    for user in (world.admin_a, world.rep_a):
        client = login(user)
        assert client.get(PAGE).status_code == 403
        url = f"/partners/territories/{world.cam.public_id}/"
        assert client.get(url).status_code == 403
        assert client.post(url, {"regions": ["europe"], "countries": ["FR"]}).status_code == 403
    assert territory_rows(world.cam) == [("", "DE")]


# --- the API --------------------------------------------------------------------------------------------


def put(client, user, body):
    return client.put(f"{API}/{user.public_id}", json.dumps(body), content_type=JSON)


def test_api_lists_and_sets_territories(world, api_client):
    hold(world.cam, "DE")
    rows = {r["email"]: r for r in api_client(world.marketing).get(API).json()["items"]}
    assert set(rows) == {"cam@vendor.test", "chief@vendor.test"}
    assert rows["cam@vendor.test"]["countries"] == ["DE"] and rows["cam@vendor.test"]["regions"] == []
    assert rows["cam@vendor.test"]["live_partners"] == 4  # the world's partners
    response = put(api_client(world.chief), world.cam, {"regions": ["europe", "cis"], "countries": ["fr"]})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["regions"] == ["europe", "cis"] and body["countries"] == ["FR"]
    assert territory_rows(world.cam) == [("", "FR"), ("cis", ""), ("europe", "")]


def test_api_refuses_bad_input_and_changes_nothing(world, api_client):
    hold(world.cam, "DE")
    client = api_client(world.ops)
    response = put(client, world.cam, {"regions": ["mars"], "countries": []})
    assert response.status_code == 422 and "regions" in response.content.decode()
    response = put(client, world.cam, {"regions": [], "countries": ["XX"]})
    assert response.status_code == 422 and "countries" in response.content.decode()
    response = put(client, world.cam, {"regions": [], "countries": [], "users": ["everyone"]})
    assert response.status_code == 422
    assert put(client, world.marketing, {"regions": [], "countries": []}).status_code == 404
    assert put(api_client(world.cam), world.cam, {"regions": [], "countries": []}).status_code == 403
    assert territory_rows(world.cam) == [("", "DE")]
    assert not Event.objects.filter(verb="territories.changed").exists()


def test_api_partner_users_cannot_see_or_change_territories(world, api_client):
    hold(world.cam, "DE")
    for user in (world.admin_a, world.rep_a):
        client = api_client(user)
        assert client.get(API).status_code == 403
        assert put(client, world.cam, {"regions": ["europe"], "countries": []}).status_code == 403
    assert territory_rows(world.cam) == [("", "DE")]
