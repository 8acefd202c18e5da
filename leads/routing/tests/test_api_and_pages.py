"""The routing API and pages: versions, simulation (writes nothing), offers and their isolation."""

import pytest
from django.urls import reverse

from core.models import Event
from core.testing import error_codes, items
from leads.models import Lead, LeadAssignment, RoutingRuleSet
from leads.routing.services import route_lead

pytestmark = pytest.mark.django_db

API = "/api/leads/routing"


@pytest.fixture
def rules(make_ruleset):
    return make_ruleset({"name": "Europe", "capacity": 2})


def test_versions_api_shape_of_engagement(world, api_client):
    ops = api_client(world.ops)
    created = ops.post(f"{API}/versions", {"default_capacity": 5}, content_type="application/json")
    assert created.status_code == 201, created.content
    version = created.json()
    assert (version["status"], version["default_capacity"], version["actions"]) == (
        "draft",
        5,
        ["edit", "publish"],
    )
    rule = {
        "name": "Retail",
        "lead_verticals": ["retail"],
        "territory": "country",
        "direct": False,
        "partner_verticals": False,
    }
    added = ops.post(f"{API}/versions/{version['id']}/rules", rule, content_type="application/json")
    assert added.status_code == 201, added.content
    assert added.json()["rules"][0]["goes_to"] == "active partners: in the lead's country"
    bad = ops.post(
        f"{API}/versions/{version['id']}/rules", rule | {"territory": "moon"}, content_type="application/json"
    )
    assert bad.status_code == 422
    second = ops.post(
        f"{API}/versions/{version['id']}/rules", rule | {"name": "Second"}, content_type="application/json"
    ).json()["rules"][1]
    moved = ops.post(f"{API}/rules/{second['id']}/move", {"offset": -1}, content_type="application/json")
    assert [r["name"] for r in moved.json()["rules"]] == ["Second", "Retail"]
    wrong = ops.post(f"{API}/rules/{second['id']}/move", {"offset": 2}, content_type="application/json")
    assert wrong.status_code == 422
    published = ops.post(f"{API}/versions/{version['id']}/publish")
    assert published.json()["status"] == "published" and published.json()["actions"] == ["new_draft"]
    rule_id = published.json()["rules"][0]["id"]
    frozen = ops.put(f"{API}/rules/{rule_id}", rule, content_type="application/json")
    assert frozen.status_code == 422 and error_codes(frozen) == {None: "not_draft"}
    assert [v["version"] for v in items(ops.get(f"{API}/versions"))] == [1]
    assert [r["name"] for r in published.json()["rules"]] == ["Second", "Retail"]
    assert api_client(world.cam).get(f"{API}/versions/{version['id']}").status_code == 200
    assert api_client(world.cam).post(f"{API}/versions/{version['id']}/new-draft").status_code == 403
    assert api_client(world.admin_a).get(f"{API}/versions").status_code == 403


def test_simulation_writes_nothing_and_shows_the_distribution(
    world, rules, make_ruleset, make_lead, api_client
):
    draft = make_ruleset({"name": "Anywhere", "territory": "any"}, status="draft")
    for n in range(5):
        make_lead(company_name=f"Lead {n}")
    ops = api_client(world.ops)
    counts = (Lead.objects.count(), LeadAssignment.objects.count(), Event.objects.count())
    snapshot = list(Lead.objects.values_list("destination", "partner_id", "status").order_by("pk"))
    answer = ops.post(
        f"{API}/simulate", {"selection": "latest", "limit": 500}, content_type="application/json"
    )
    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert body["version"] == draft.version and body["total"] == 5 and body["routed"] == 5
    assert sum(row["count"] for row in body["partners"]) == 5
    assert all(row["why"] for row in body["partners"])
    published = ops.post(
        f"{API}/simulate",
        {"selection": "latest", "limit": 500, "version_id": str(rules.public_id)},
        content_type="application/json",
    )
    assert published.json()["unrouted"] == 0 and published.json()["routed"] == 5  # Europe: 3 partners × 2
    assert (Lead.objects.count(), LeadAssignment.objects.count(), Event.objects.count()) == counts
    assert list(Lead.objects.values_list("destination", "partner_id", "status").order_by("pk")) == snapshot
    from django.test import Client

    client = Client()
    client.force_login(world.ops)
    html = client.post(
        reverse("leads:routing_simulate", args=[draft.public_id]),
        {"selection": "latest", "limit": 10, "days": 30},
    )
    assert html.status_code == 200 and b"To partners: 5." in html.content
    assert (Lead.objects.count(), LeadAssignment.objects.count(), Event.objects.count()) == counts
    assert (
        ops.post(f"{API}/simulate", {"selection": "all"}, content_type="application/json").status_code == 422
    )


def test_offers_api_accept_decline_and_isolation(world, rules, make_lead, api_client):
    lead = make_lead()
    route_lead(actor=world.actor(world.cam), lead=lead)
    lead.refresh_from_db()
    assert lead.partner == world.partner_a  # equals in rotation: the first made first
    other = api_client(world.admin_b)
    assert other.get(f"{API}/offers/{lead.public_id}").status_code == 404
    assert other.post(f"{API}/offers/{lead.public_id}/accept").status_code == 404
    mine = api_client(world.admin_a)
    seen = mine.get(f"{API}/offers/{lead.public_id}").json()
    assert len(seen["offers"]) == 1 and seen["offers"][0]["why"].startswith("Europe, Retail")
    assert seen["unrouted_why"] == ""
    declined = mine.post(
        f"{API}/offers/{lead.public_id}/decline",
        {"reason": "poor_fit", "note": ""},
        content_type="application/json",
    )
    assert declined.status_code == 200, declined.content
    assert declined.json()["outcome"] == "declined"
    assert mine.get(f"{API}/offers/{lead.public_id}").status_code == 404  # no longer theirs
    staff = api_client(world.cam).get(f"{API}/offers/{lead.public_id}").json()
    assert [o["outcome"] for o in staff["offers"]] == ["pending", "declined"]
    bad = api_client(world.cam).post(
        f"{API}/offers/{lead.public_id}/assign",
        {"partner": str(world.partner_a.public_id), "reason": "Try again"},
        content_type="application/json",
    )
    assert bad.status_code == 422 and error_codes(bad) == {"partner": "partner_not_eligible"}
    refused = api_client(world.admin_a).post(
        f"{API}/offers/{lead.public_id}/decline", {"reason": "bored"}, content_type="application/json"
    )
    assert refused.status_code in (404, 422)


def test_version_pages(world, rules, login):
    client = login(world.ops)
    listing = client.get(reverse("leads:routing_versions"))
    assert listing.status_code == 200
    page = client.get(reverse("leads:routing_version", args=[rules.public_id]))
    assert page.status_code == 200 and "Europe" in page.content.decode()
    created = client.post(reverse("leads:routing_draft_new"))
    assert created.status_code == 302
    draft = RoutingRuleSet.objects.get(status="draft")
    added = client.post(
        reverse("leads:routing_rule_new", args=[draft.public_id]),
        {"name": "Gold only", "partner_tiers": ["gold"], "territory": "region", "lead_attributes": ""},
    )
    assert added.status_code == 302, added.content.decode()[:2000]
    assert draft.rules.count() == 2
    assert client.get(reverse("leads:routing_version_edit", args=[draft.public_id])).status_code == 200
    assert login(world.admin_a).get(reverse("leads:routing_versions")).status_code == 403
    assert login(world.cam).post(reverse("leads:routing_draft_new")).status_code == 403


def test_offer_pages_decline_assign_accept(world, rules, make_lead, login):
    lead = make_lead()
    route_lead(actor=world.actor(world.cam), lead=lead)
    partner_page = login(world.rep_a)
    form = partner_page.get(reverse("leads:routing_decline", args=[lead.public_id]))
    assert form.status_code == 200 and "Decline the lead Acme" in form.content.decode()
    refused = partner_page.post(reverse("leads:routing_decline", args=[lead.public_id]), {"reason": "bored"})
    assert refused.status_code == 200  # the form again, with the error
    assert LeadAssignment.objects.get(lead=lead, partner=world.partner_a).outcome == "pending"
    assert (
        login(world.admin_b).get(reverse("leads:routing_decline", args=[lead.public_id])).status_code == 404
    )
    done = partner_page.post(
        reverse("leads:routing_decline", args=[lead.public_id]), {"reason": "no_capacity"}
    )
    assert done.status_code == 302
    assert LeadAssignment.objects.get(lead=lead, partner=world.partner_a).outcome == "declined"
    cam_page = login(world.cam)
    assigned = cam_page.post(
        reverse("leads:routing_assign", args=[lead.public_id]),
        {"partner": str(world.partner_b.public_id), "reason": "Knows them"},
    )
    assert assigned.status_code == 302
    lead.refresh_from_db()
    assert lead.partner == world.partner_b
    assert login(world.rep_a).post(reverse("leads:routing_accept", args=[lead.public_id])).status_code == 404
    accepted = login(world.rep_b).post(reverse("leads:routing_accept", args=[lead.public_id]))
    assert accepted.status_code == 302
    lead.refresh_from_db()
    assert lead.status == "accepted"
    assert login(world.rep_b).get(reverse("leads:routing_assign", args=[lead.public_id])).status_code == 403
