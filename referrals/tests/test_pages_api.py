"""The referral pages and API, in both languages, for a partner and for staff."""

import pytest
from django.utils import translation

from referrals.models import Attribution, ReferralLink
from referrals.services import capture_lead

FORM = {"company_name": "Northwind Cycles", "contact_email": "ann@northwind.example", "country": "DE"}


def _bring(client, link):
    visitor = (
        client.get(f"/r/{link.code}", HTTP_USER_AGENT="Mozilla/5.0 Firefox/130").cookies["kanal_ref"].value
    )
    return capture_lead(data=FORM, visitor=visitor)


@pytest.mark.parametrize("language", ["en", "ru"])
def test_a_partner_reads_its_links_numbers_and_referred_leads(client, login, world, link_a, link_b, language):
    _bring(client, link_a)
    partner = login(world.rep_a)
    partner.cookies["django_language"] = language
    with translation.override(language):
        links = partner.get("/referrals/links/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
        assert "Spring newsletter" in links and "Bravo" not in links
        page = partner.get(f"/referrals/links/{link_a.public_id}/").content.decode()
        assert f"/r/{link_a.code}" in page and "qr.svg" in page
        performance = partner.get("/referrals/").content.decode()
        assert "Bravo" not in performance
        referred = partner.get("/referrals/leads/").content.decode()
        assert "Northwind Cycles" in referred
    qr = partner.get(f"/referrals/links/{link_a.public_id}/qr.svg")
    assert qr.status_code == 200 and qr["Content-Type"] == "image/svg+xml" and b"<svg" in qr.content
    assert partner.get(f"/referrals/links/{link_b.public_id}/").status_code == 404
    assert partner.get(f"/referrals/links/{link_b.public_id}/qr.svg").status_code == 404


def test_the_lead_page_shows_the_chain_to_the_partner_and_the_cam(client, login, world, link_a):
    lead, _attribution = _bring(client, link_a)
    for user in (world.rep_a, world.cam):
        page = login(user).get(f"/leads/{lead.public_id}/").content.decode()
        assert 'id="widget-referrals-lead-chain' in page and "Spring newsletter" in page, user


def test_a_partner_makes_a_link_through_the_page_and_a_refused_one_changes_nothing(login, world, approved):
    partner = login(world.admin_a)
    refused = partner.post("/referrals/links/new/", {"name": "Bad", "destination": "https://evil.example/"})
    assert refused.status_code == 200 and "vendor.example" in refused.content.decode()
    assert not ReferralLink.objects.exists()
    made = partner.post("/referrals/links/new/", {"name": "Good", "destination": "https://vendor.example/x"})
    assert made.status_code == 302 and ReferralLink.objects.get().name == "Good"


def test_staff_see_every_partner_and_keep_the_settings(client, login, world, link_a, link_b):
    _bring(client, link_a)
    staff = login(world.marketing)
    performance = staff.get("/referrals/").content.decode()
    assert "Alpha Systems" in performance and "?q=spring" in performance  # per partner, per UTM campaign
    from referrals.selectors import campaign_numbers, partner_numbers

    (alpha,) = partner_numbers(actor=world.actor(world.marketing))
    assert (alpha["partner"], alpha["clicks"], alpha["leads"], alpha["excluded"]) == (
        world.partner_a,
        1,
        1,
        0,
    )
    assert campaign_numbers(actor=world.actor(world.rep_b)) == []  # partner B sees none of A's campaigns
    links = staff.get("/referrals/links/").content.decode()
    assert "Spring newsletter" in links and "Bravo&#x27;s link" in links
    saved = staff.post(
        "/referrals/settings/",
        {
            "attribution_model": "first_touch",
            "window_days": "30",
            "allowed_hosts_text": "https://www.Vendor.example/\nshop.example",
            "client_clicks_per_minute": "5",
            "link_clicks_per_minute": "100",
        },
    )
    assert saved.status_code == 302
    from referrals.selectors import referral_settings

    settings = referral_settings(fresh=True)
    assert (settings.attribution_model, settings.window_days, settings.allowed_hosts) == (
        "first_touch",
        30,
        ["vendor.example", "shop.example"],
    )
    bad = staff.post("/referrals/settings/", {"attribution_model": "first_touch", "window_days": "0"})
    assert bad.status_code == 200 and referral_settings(fresh=True).window_days == 30
    assert login(world.cam).post("/referrals/settings/", {"window_days": "7"}).status_code in (200, 403)
    assert referral_settings(fresh=True).window_days == 30
    assert login(world.rep_a).get("/referrals/settings/").status_code in (302, 403, 404)


def test_the_api_makes_links_and_reports_numbers_and_chains(client, api_client, world, link_a, approved):
    rep = api_client(world.rep_a)
    made = rep.post(
        "/api/referrals/links",
        {
            "name": "LinkedIn",
            "destination": "https://vendor.example/",
            "utm_source": "linkedin",
            "personal": False,
        },
        content_type="application/json",
    )
    assert made.status_code == 201, made.content
    body = made.json()
    assert body["short_path"].startswith("/r/") and body["actions"] == ["edit", "deactivate"]
    refused = rep.post(
        "/api/referrals/links",
        {"name": "Evil", "destination": "https://evil.example/", "personal": False},
        content_type="application/json",
    )
    assert refused.status_code == 422 and refused.json()["errors"][0]["code"] == "destination_not_allowed"
    assert ReferralLink.objects.count() == 2
    _lead, attribution = _bring(client, link_a)
    stats = rep.get(f"/api/referrals/links/{link_a.public_id}/stats").json()
    assert stats["all_time"]["clicks"] == 1 and stats["all_time"]["leads"] == 1 and len(stats["weeks"]) == 12
    chain = rep.get(f"/api/referrals/attributions/{attribution.public_id}").json()
    assert [step["kind"] for step in chain["chain"]] == ["click", "lead"]
    assert (
        api_client(world.rep_b).get(f"/api/referrals/attributions/{attribution.public_id}").status_code == 404
    )
    assert api_client(world.rep_b).get("/api/referrals/attributions").json()["count"] == 0
    switched = rep.post(f"/api/referrals/links/{link_a.public_id}/deactivate")
    assert switched.json()["active"] is False and switched.json()["actions"] == ["activate"]
    again = rep.post(f"/api/referrals/links/{link_a.public_id}/deactivate")
    assert again.status_code == 422 and again.json()["errors"][0]["code"] == "link_inactive"
    assert rep.get("/api/referrals/settings").status_code == 403
    patched = api_client(world.ops).patch(
        "/api/referrals/settings", {"window_days": 400}, content_type="application/json"
    )
    assert patched.status_code == 422
    assert Attribution.objects.count() == 1


def test_a_won_registration_shows_in_the_numbers_the_chain_and_the_revenue_per_week(
    client, login, api_client, world, link_a
):
    from decimal import Decimal

    from django.utils import timezone

    from deals.models import DealRegistration

    lead, attribution = _bring(client, link_a)
    registration = DealRegistration.objects.create(
        partner=world.partner_a,
        registered_by=world.rep_a,
        customer_name="Northwind Cycles",
        status="won",
        amount=Decimal("1200.00"),
        won_amount=Decimal("1250.50"),
        currency="EUR",
        closed_at=timezone.now(),
    )
    lead.registration = registration
    lead.save(update_fields=["registration"])
    stats = api_client(world.rep_a).get("/api/referrals/stats").json()
    assert stats["all_time"]["won"] == 1 and stats["all_time"]["revenue"] == {"EUR": "1250.50"}
    assert [(w["currency"], w["amount"]) for w in stats["revenue_weeks"]] == [("EUR", "1250.50")]
    chain = api_client(world.cam).get(f"/api/referrals/attributions/{attribution.public_id}").json()
    assert [step["kind"] for step in chain["chain"]] == ["click", "lead", "registration", "won"]
    page = login(world.rep_a).get("/referrals/").content.decode()
    assert "1,250.50" in page and "EUR" in page
    assert api_client(world.rep_b).get("/api/referrals/stats").json()["all_time"]["won"] == 0
