"""Attribution of new leads: the credited click under the model and window, the exclusions with their reason,
and what an attributed lead does (it is offered to its partner)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from leads.models import Lead, LeadAssignment
from leads.services import lead_create
from referrals.models import Attribution, Click
from referrals.services import capture_lead

FORM = {"company_name": "Northwind Cycles", "contact_email": "ann@northwind.example", "country": "DE"}


def _visit(client, link, **headers):
    response = client.get(f"/r/{link.code}", HTTP_USER_AGENT="Mozilla/5.0 Firefox/130", **headers)
    return response.cookies["kanal_ref"].value


def test_a_lead_after_a_click_is_credited_to_the_links_partner_and_offered_to_it(client, world, link_a):
    visitor = _visit(client, link_a)
    lead, attribution = capture_lead(data=FORM, visitor=visitor)
    assert attribution is not None and attribution.counts
    assert (attribution.partner, attribution.link, attribution.source) == (world.partner_a, link_a, "link")
    assert attribution.click == Click.objects.get() and attribution.model == "last_touch"
    lead.refresh_from_db()
    assert (lead.partner, lead.status, lead.destination) == (world.partner_a, "new", "channel")
    offer = LeadAssignment.objects.get(lead=lead)
    assert offer.method == "brought" and offer.explanation[0]["code"] == "brought"


@pytest.mark.parametrize(("model", "winner"), [("last_touch", "b"), ("first_touch", "a")])
def test_the_attribution_model_picks_the_first_or_the_last_click(
    client, world, link_a, link_b, configure, model, winner
):
    configure(attribution_model=model)
    visitor = _visit(client, link_a)
    Click.objects.update(clicked_at=timezone.now() - timedelta(days=3))
    _visit(client, link_b)
    _lead, attribution = capture_lead(data=FORM, visitor=visitor)
    assert attribution.partner == (world.partner_a if winner == "a" else world.partner_b)


def test_a_click_older_than_the_window_earns_nothing(client, world, link_a, configure):
    configure(window_days=30)
    visitor = _visit(client, link_a)
    Click.objects.update(clicked_at=timezone.now() - timedelta(days=31))
    lead, attribution = capture_lead(data=FORM, visitor=visitor)
    assert attribution is None and not Attribution.objects.exists()
    lead.refresh_from_db()
    assert lead.partner is None  # routed like any other lead (no rules published: it waits)


def test_a_lead_that_is_the_partner_itself_is_not_credited(client, world, link_a):
    visitor = _visit(client, link_a)
    own = FORM | {"contact_email": "someone@alphasystems.example"}  # the partner's own web domain
    lead, attribution = capture_lead(data=own, visitor=visitor)
    assert not attribution.counts and attribution.reason == "self_referral"
    assert attribution.detail["why"] == "own_domain"
    lead.refresh_from_db()
    assert lead.partner is None  # not offered to the partner that "referred" itself


def test_one_of_the_partners_own_people_is_not_credited(client, world, link_a):
    visitor = _visit(client, link_a)
    _lead, attribution = capture_lead(data=FORM | {"contact_email": "rep@alpha.test"}, visitor=visitor)
    assert attribution.reason == "self_referral" and attribution.detail["why"] == "own_person"


def test_a_customer_the_vendor_already_has_is_not_credited(client, world, link_a):
    from direct.services import account_create

    account_create(
        actor=world.actor(world.ops),
        data={"name": "Northwind Cycles GmbH", "web_domain": "northwind.example", "country": "DE"},
    )
    visitor = _visit(client, link_a)
    _lead, attribution = capture_lead(data=FORM | {"domain": "northwind.example"}, visitor=visitor)
    assert not attribution.counts and attribution.reason == "existing_customer"
    assert attribution.detail["record"] == "direct_account"


def test_a_bot_click_or_a_flood_earns_nothing(client, world, link_a, configure):
    bot = client.get(f"/r/{link_a.code}", HTTP_USER_AGENT="python-requests/2.32").cookies["kanal_ref"].value
    _lead, attribution = capture_lead(data=FORM, visitor=bot)
    assert attribution.reason == "bot"
    configure(client_clicks_per_minute=2)
    from django.test import Client

    flooder = Client()
    for _ in range(4):
        visitor = _visit(flooder, link_a, REMOTE_ADDR="198.51.100.20")
    _lead, attribution = capture_lead(data=FORM | {"company_name": "Flood Co"}, visitor=visitor)
    assert attribution.reason == "flood"


def test_a_landing_page_credits_its_own_partner_without_a_click(world, link_a):
    lead, attribution = capture_lead(data=FORM, partner=world.partner_a, link=link_a, page="/p/alpha/spring/")
    assert attribution.counts and attribution.source == "landing_page" and attribution.click is None
    assert lead.source == "landing_page"


def test_a_partners_referral_is_credited_and_an_existing_customer_is_not(world):
    from direct.services import account_create

    lead, _created = lead_create(
        actor=world.actor(world.rep_a), data={"company_name": "Fresh Prospect"}, source="referral"
    )
    attribution = Attribution.objects.get(lead=lead)
    assert (
        attribution.counts
        and attribution.source == "referral_form"
        and attribution.partner == world.partner_a
    )
    account_create(actor=world.actor(world.ops), data={"name": "Contoso Direct", "country": "DE"})
    known, _created = lead_create(
        actor=world.actor(world.rep_a), data={"company_name": "Contoso Direct"}, source="referral"
    )
    excluded = Attribution.objects.get(lead=known)
    assert not excluded.counts and excluded.reason == "existing_customer"
    assert Lead.objects.get(pk=known.pk).partner == world.partner_a  # still the partner's own lead to work


def test_a_partner_never_reads_another_partners_attributions(world, link_a, link_b):
    capture_lead(data=FORM, partner=world.partner_b, link=link_b)
    assert not Attribution.objects.visible_to(world.actor(world.rep_a)).exists()
    assert Attribution.objects.visible_to(world.actor(world.rep_b)).count() == 1
