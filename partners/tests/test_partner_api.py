"""The partners API (/api/partners…): scoping, profile updates, creation and the lifecycle."""

import pytest
from django.utils import translation

from accounts.testing import make_partner
from core.actor import build_actor
from core.models import Event
from core.testing import error_codes, error_fields, items, snapshot
from partners.choices import PartnerStatus, PartnerType, Tier
from partners.models import Partner

pytestmark = pytest.mark.django_db

JSON = "application/json"


def names(response) -> set[str]:
    return {p["name"] for p in items(response)}


def url(partner, suffix=""):
    return f"/api/partners/{partner.public_id}{suffix}"


# --- reading ------------------------------------------------------------------------------------


def test_staff_list_all_partners(world, api_client):
    for user in world.staff:
        assert names(api_client(user).get("/api/partners")) == {
            "Alpha Systems",
            "Bravo Trading",
            "Delta Distribution",
            "Rho Retail",
        }


def test_staff_list_with_filters(world, api_client):
    world.partner_b.cam = world.chief
    world.partner_b.status = PartnerStatus.AT_RISK
    world.partner_b.save()
    unassigned = make_partner("Orphan Works", cam=None, status=PartnerStatus.PROSPECT)
    client = api_client(world.cam)

    assert names(client.get("/api/partners?q=bravo")) == {"Bravo Trading"}
    assert names(client.get("/api/partners?status=at_risk")) == {"Bravo Trading"}
    assert names(client.get("/api/partners?partner_type=distributor")) == {"Delta Distribution"}
    assert names(client.get("/api/partners?region=north_america")) == {"Bravo Trading"}
    assert names(client.get(f"/api/partners?cam={world.chief.public_id}")) == {"Bravo Trading"}
    assert names(client.get("/api/partners?cam=none")) == {unassigned.name}
    assert names(client.get("/api/partners?status=active&partner_type=retailer")) == {"Rho Retail"}
    ordered = [p["name"] for p in items(client.get("/api/partners?sort=-name"))]
    assert ordered == sorted(ordered, reverse=True)
    page = client.get("/api/partners?sort=name&limit=2&offset=1").json()
    assert [p["name"] for p in page["items"]] == ["Bravo Trading", "Delta Distribution"]
    assert page["count"] == 5


def test_list_rejects_bad_paging_and_cam(world, api_client):
    client = api_client(world.cam)
    for query in ("limit=0", "limit=501", "offset=-1", "cam=not-a-uuid", "sort=bogus", "status=bogus"):
        response = client.get(f"/api/partners?{query}")
        assert response.status_code == 422, query
        assert error_fields(response) == {query.split("=")[0]}, query


def test_an_unknown_manager_is_refused_with_its_own_code(world, api_client):
    response = api_client(world.cam).get("/api/partners?cam=ffffffff-ffff-ffff-ffff-ffffffffffff")
    assert response.status_code == 422
    assert error_codes(response) == {"cam": "unknown_manager"}


def test_partner_users_list_only_their_own(world, api_client):
    assert names(api_client(world.admin_a).get("/api/partners")) == {"Alpha Systems"}
    assert names(api_client(world.rep_b).get("/api/partners")) == {"Bravo Trading"}
    # a distributor sees its reseller too, never the other way round
    assert names(api_client(world.dist_admin).get("/api/partners")) == {"Delta Distribution", "Rho Retail"}
    assert names(api_client(world.reseller_admin).get("/api/partners")) == {"Rho Retail"}
    # filters cannot widen the scope
    assert names(api_client(world.admin_a).get("/api/partners?q=bravo")) == set()


def test_get_one_partner(world, api_client):
    response = api_client(world.admin_a).get(url(world.partner_a))
    assert response.status_code == 200
    body = response.json()
    assert body["id"] == str(world.partner_a.public_id)
    assert body["name"] == "Alpha Systems" and body["cam_email"] == "cam@vendor.test"
    assert body["distributor_id"] is None
    reseller = api_client(world.dist_admin).get(url(world.reseller)).json()
    assert reseller["distributor_id"] == str(world.distributor.public_id)


def test_another_partners_id_is_404(world, api_client):
    assert api_client(world.admin_a).get(url(world.partner_b)).status_code == 404
    assert api_client(world.rep_b).get(url(world.partner_a)).status_code == 404
    assert api_client(world.reseller_admin).get(url(world.distributor)).status_code == 404
    assert api_client(world.dist_admin).get(url(world.partner_a)).status_code == 404
    assert api_client(world.cam).get("/api/partners/00000000-0000-0000-0000-000000000000").status_code == 404


# --- updating -----------------------------------------------------------------------------------


def test_partner_admin_updates_own_profile(world, api_client):
    client = api_client(world.admin_a)
    response = client.patch(
        url(world.partner_a),
        {"city": "Munich", "web_domain": "https://www.Alpha-Systems.example/about", "verticals": ["retail"]},
        content_type=JSON,
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["city"] == "Munich" and body["web_domain"] == "alpha-systems.example"

    partner = Partner.objects.get(pk=world.partner_a.pk)
    assert partner.city == "Munich" and partner.verticals == ["retail"]
    event = Event.objects.get(verb="partner.updated")
    assert event.actor == world.admin_a
    assert set(event.after) == {"city", "web_domain", "verticals"}


def test_partner_admin_naming_staff_fields_is_refused_field_by_field_and_nothing_changes(world, api_client):
    client = api_client(world.admin_a)
    before = snapshot(world.partner_a)
    response = client.patch(
        url(world.partner_a),
        {
            # the profile's own fields, not applied either: the body is refused as a whole
            "city": "Munich",
            "verticals": ["retail"],
            # the vendor's fields
            "tier": Tier.PLATINUM,
            "partner_type": PartnerType.DISTRIBUTOR,
            "region": "apac",
            "cam_email": "chief@vendor.test",
            "distributor_id": str(world.distributor.public_id),
        },
        content_type=JSON,
    )
    assert response.status_code == 422, response.content
    body = response.json()
    # the manager and the distributor under the input's names, like their other refusals
    assert error_codes(response) == {
        "tier": "staff_only",
        "partner_type": "staff_only",
        "region": "staff_only",
        "cam": "staff_only",
        "parent": "staff_only",
    }
    assert len(body["errors"]) == 5
    assert body["detail"] == "Only the vendor can change this."
    assert snapshot(world.partner_a) == before
    assert not Event.objects.filter(verb="partner.updated").exists()


def test_partner_admin_naming_a_manager_is_refused_without_looking_the_email_up(world, api_client):
    client = api_client(world.admin_a)
    before = snapshot(world.partner_a)
    # an unknown email and a staff member's email are answered alike: nothing to learn about users
    for email in ("nobody@nowhere.test", "chief@vendor.test", None):
        response = client.patch(url(world.partner_a), {"cam_email": email}, content_type=JSON)
        assert response.status_code == 422, email
        assert response.json()["errors"] == [
            {"field": "cam", "code": "staff_only", "message": "Only the vendor can change this."}
        ]
    assert snapshot(world.partner_a) == before
    assert not Event.objects.filter(verb="partner.updated").exists()


def test_staff_only_refusal_is_translated(world, api_client):
    # The request activates Russian in this thread; override puts the previous language back afterwards.
    with translation.override("en"):
        response = api_client(world.admin_a).patch(
            url(world.partner_a), {"tier": Tier.GOLD}, content_type=JSON, headers={"Accept-Language": "ru"}
        )
    assert response.status_code == 422
    assert response.json()["errors"][0]["code"] == "staff_only"
    assert response.json()["errors"][0]["message"] == "Это может изменить только вендор."


def test_rep_cannot_patch(world, api_client):
    client = api_client(world.rep_a)
    before = snapshot(world.partner_a)
    for payload in ({"city": "Nowhere"}, {"cam_email": "nobody@nowhere.test"}):
        response = client.patch(url(world.partner_a), payload, content_type=JSON)
        assert response.status_code == 403, payload
    assert snapshot(world.partner_a) == before
    assert not Event.objects.filter(verb="partner.updated").exists()


def test_patch_of_another_partner_is_404(world, api_client):
    before = snapshot(world.partner_b)
    response = api_client(world.admin_a).patch(url(world.partner_b), {"city": "X"}, content_type=JSON)
    assert response.status_code == 404
    # a distributor sees its reseller but may not edit it
    reseller_before = snapshot(world.reseller)
    response = api_client(world.dist_admin).patch(url(world.reseller), {"city": "X"}, content_type=JSON)
    assert response.status_code == 403
    assert snapshot(world.partner_b) == before
    assert snapshot(world.reseller) == reseller_before


def test_patch_with_an_invalid_domain_is_422_and_changes_nothing(world, api_client):
    client = api_client(world.admin_a)
    before = snapshot(world.partner_a)
    response = client.patch(
        url(world.partner_a), {"web_domain": "not a domain", "city": "Munich"}, content_type=JSON
    )
    assert response.status_code == 422
    body = response.json()
    assert error_fields(response) == {"web_domain"}
    assert "web domain" in body["detail"]
    assert snapshot(world.partner_a) == before
    assert not Event.objects.filter(verb="partner.updated").exists()


def test_patch_with_several_errors_reports_each(world, api_client):
    before = snapshot(world.partner_a)
    response = api_client(world.cam).patch(
        url(world.partner_a),
        {
            "name": "  ",
            "partner_type": "diamond",
            "verticals": ["knitting"],
            "country": "XX",
        },
        content_type=JSON,
    )
    assert response.status_code == 422
    assert error_codes(response) == {
        "name": "blank",
        "partner_type": "invalid_choice",
        "verticals.0": "invalid_choice",
        "country": "invalid_choice",
    }
    assert snapshot(world.partner_a) == before


@pytest.mark.parametrize("tier", ["gold", None])
def test_staff_cannot_write_the_tier_it_changes_through_programs(world, api_client, tier):
    """The tier is the best of the partner's program memberships: set there, never on the partner."""
    before = snapshot(world.partner_a)
    response = api_client(world.ops).patch(
        url(world.partner_a), {"tier": tier, "city": "Munich"}, content_type=JSON
    )
    assert response.status_code == 422, response.content
    assert error_codes(response) == {"tier": "tier_by_program"}
    assert "program memberships" in response.json()["errors"][0]["message"]
    assert snapshot(world.partner_a) == before
    assert not Event.objects.filter(verb="partner.updated").exists()
    created = api_client(world.ops).post(
        "/api/partners", {"name": "Tiered", "partner_type": "reseller", "tier": "gold"}, content_type=JSON
    )
    assert created.status_code == 422 and error_codes(created) == {"tier": "tier_by_program"}
    assert not Partner.objects.filter(name="Tiered").exists()


def test_the_partner_form_has_no_tier(world, login):
    body = login(world.ops).get(f"/partners/{world.partner_a.public_id}/edit/").content.decode()
    assert 'name="partner_type"' in body and 'name="tier"' not in body


@pytest.mark.parametrize("user", ["ops", "admin_a"])
def test_patch_with_empty_optional_choices_clears_them(world, api_client, user):
    response = api_client(getattr(world, user)).patch(
        url(world.partner_a), {"size": "", "country": ""}, content_type=JSON
    )
    assert response.status_code == 200, response.content
    partner = Partner.objects.get(pk=world.partner_a.pk)
    assert not partner.country.code and partner.size == ""


def test_staff_clears_the_region_with_empty_text_and_null_is_refused(world, api_client):
    before = snapshot(world.partner_a)
    refused = api_client(world.ops).patch(url(world.partner_a), {"region": None}, content_type=JSON)
    assert refused.status_code == 422 and error_codes(refused) == {"region": "null"}
    assert snapshot(world.partner_a) == before
    response = api_client(world.ops).patch(url(world.partner_a), {"region": ""}, content_type=JSON)
    assert response.status_code == 200, response.content
    assert Partner.objects.get(pk=world.partner_a.pk).region == ""


def test_staff_sets_cam_and_distributor(world, api_client):
    response = api_client(world.ops).patch(
        url(world.partner_a),
        {
            "cam_email": "CHIEF@vendor.test",
            "distributor_id": str(world.distributor.public_id),
        },
        content_type=JSON,
    )
    assert response.status_code == 200, response.content
    partner = Partner.objects.get(pk=world.partner_a.pk)
    assert partner.cam == world.chief and partner.parent == world.distributor
    # the distributor's users now see the new reseller
    assert world.partner_a.pk in build_actor(world.dist_admin).visible_partner_ids


def test_staff_cannot_make_a_partner_user_the_cam(world, api_client):
    before = snapshot(world.partner_a)
    response = api_client(world.ops).patch(
        url(world.partner_a), {"cam_email": "admin@bravo.test"}, content_type=JSON
    )
    assert response.status_code == 422
    assert error_fields(response) == {"cam"}
    assert snapshot(world.partner_a) == before


def test_a_reseller_cannot_become_a_distributor_while_under_one(world, api_client):
    """Two-tier only: a partner with a distributor cannot itself turn into a distributor."""
    before = snapshot(world.reseller)
    response = api_client(world.ops).patch(
        url(world.reseller), {"partner_type": PartnerType.DISTRIBUTOR}, content_type=JSON
    )
    assert response.status_code == 422
    assert error_fields(response) == {"parent"}
    assert snapshot(world.reseller) == before


def test_a_distributor_with_resellers_keeps_its_type(world, api_client):
    before = snapshot(world.distributor)
    response = api_client(world.ops).patch(
        url(world.distributor), {"partner_type": PartnerType.DEALER}, content_type=JSON
    )
    assert response.status_code == 422
    assert error_fields(response) == {"partner_type"}
    assert snapshot(world.distributor) == before
    assert world.reseller.pk in build_actor(world.dist_admin).visible_partner_ids


# --- creating -----------------------------------------------------------------------------------


def test_cam_creates_a_partner(world, api_client):
    response = api_client(world.cam).post(
        "/api/partners",
        {
            "name": "Nova Parts",
            "partner_type": PartnerType.DEALER,
            "web_domain": "nova-parts.example",
            "country": "fr",
            "cam_email": "cam@vendor.test",
            "verticals": ["retail", "retail"],
        },
        content_type=JSON,
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == PartnerStatus.PROSPECT and body["country"] == "FR"
    assert body["cam_email"] == "cam@vendor.test"
    partner = Partner.objects.get(public_id=body["id"])
    assert partner.verticals == ["retail"]
    assert Event.objects.filter(verb="partner.created", partner=partner, actor=world.cam).count() == 1


def test_create_needs_the_right_role(world, api_client):
    count = Partner.objects.count()
    payload = {"name": "Nova Parts", "partner_type": PartnerType.DEALER}
    for user in (world.marketing, world.admin_a, world.rep_a):
        response = api_client(user).post("/api/partners", payload, content_type=JSON)
        assert response.status_code == 403, user
    assert Partner.objects.count() == count
    assert not Event.objects.filter(verb="partner.created").exists()


def test_create_with_invalid_data_is_422(world, api_client):
    count = Partner.objects.count()
    response = api_client(world.cam).post(
        "/api/partners", {"name": "Nova", "partner_type": "spaceship"}, content_type=JSON
    )
    assert response.status_code == 422
    assert error_codes(response) == {"partner_type": "invalid_choice"}
    response = api_client(world.cam).post(
        "/api/partners",
        {"name": "Nova", "partner_type": "dealer", "distributor_id": str(world.partner_a.public_id)},
        content_type=JSON,
    )
    assert response.status_code == 422
    assert error_fields(response) == {"parent"}
    assert Partner.objects.count() == count
    missing = api_client(world.cam).post("/api/partners", {"name": "Nova"}, content_type=JSON)
    assert missing.status_code == 422
    assert Partner.objects.count() == count


# --- lifecycle ----------------------------------------------------------------------------------


def test_cam_changes_status(world, api_client):
    response = api_client(world.cam).post(
        url(world.partner_a, "/status"),
        {"status": PartnerStatus.AT_RISK, "note": "No deals this quarter"},
        content_type=JSON,
    )
    assert response.status_code == 200
    assert response.json()["status"] == PartnerStatus.AT_RISK
    event = Event.objects.get(verb="partner.status_changed")
    assert (event.before, event.after, event.note) == (
        {"status": "active"},
        {"status": "at_risk"},
        "No deals this quarter",
    )


@pytest.mark.parametrize(
    ("to_status", "field"),
    [
        (PartnerStatus.PROSPECT, "status"),
        (PartnerStatus.ONBOARDING, "status"),
        ("bogus", "status"),
        (PartnerStatus.OFFBOARDED, "note"),  # offboarding needs a reason
    ],
)
def test_an_illegal_transition_is_422_and_changes_nothing(world, api_client, to_status, field):
    before = snapshot(world.partner_a)
    response = api_client(world.cam).post(
        url(world.partner_a, "/status"), {"status": to_status}, content_type=JSON
    )
    assert response.status_code == 422
    assert error_fields(response) == {field}
    assert snapshot(world.partner_a) == before
    assert not Event.objects.filter(verb="partner.status_changed").exists()


def test_status_change_needs_the_right_role(world, api_client):
    before = snapshot(world.partner_a)
    for user in (world.marketing, world.ops, world.admin_a):
        response = api_client(user).post(
            url(world.partner_a, "/status"), {"status": PartnerStatus.AT_RISK}, content_type=JSON
        )
        assert response.status_code == 403, user
    assert (
        api_client(world.admin_b)
        .post(url(world.partner_a, "/status"), {"status": PartnerStatus.AT_RISK}, content_type=JSON)
        .status_code
        == 404
    )
    assert snapshot(world.partner_a) == before
    assert not Event.objects.filter(verb="partner.status_changed").exists()


# --- timeline -----------------------------------------------------------------------------------


def test_events_are_scoped(world, api_client):
    api_client(world.cam).patch(url(world.partner_a), {"city": "Munich"}, content_type=JSON)
    api_client(world.cam).patch(url(world.partner_b), {"city": "Chicago"}, content_type=JSON)

    mine = api_client(world.rep_a).get(url(world.partner_a, "/events"))
    assert mine.status_code == 200
    verbs = [(e["verb"], e["after"]) for e in items(mine)]
    assert ("partner.updated", {"city": "Munich"}) in verbs
    assert all(e["after"] != {"city": "Chicago"} for e in items(mine))
    assert api_client(world.rep_a).get(url(world.partner_b, "/events")).status_code == 404
    # distributor reads its reseller's timeline; the reseller cannot read the distributor's
    assert api_client(world.dist_admin).get(url(world.reseller, "/events")).status_code == 200
    assert api_client(world.reseller_admin).get(url(world.distributor, "/events")).status_code == 404
    staff = items(api_client(world.marketing).get(url(world.partner_b, "/events")))
    assert [e["after"] for e in staff if e["verb"] == "partner.updated"] == [{"city": "Chicago"}]
