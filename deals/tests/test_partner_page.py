"""Deals' panels on the staff partner page: the key figures of the overview and the deals tab."""

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from deals.models import DealRegistration, RegistrationStatus
from deals.selectors import partner_deal_figures

pytestmark = pytest.mark.django_db


def page(partner, tab: str = "") -> str:
    return f"/partners/{partner.public_id}/" + (f"?tab={tab}" if tab else "")


def _close(registration, status, won_amount=None):
    DealRegistration.objects.filter(pk=registration.pk).update(status=status, won_amount=won_amount)


def test_figures_count_only_this_partners_registrations(world, submitted, products):
    figures = partner_deal_figures(actor=world.actor(world.cam), partner=world.partner_a)
    assert figures.open_pipeline == {"USD": submitted.amount} and figures.awaiting_decision == 1
    assert figures.won_revenue == {} and figures.win_rate is None and figures.total == 1
    assert partner_deal_figures(actor=world.actor(world.cam), partner=world.partner_b).total == 0


def test_won_revenue_and_win_rate_come_from_closed_registrations(world, submitted, draft):
    _close(submitted, RegistrationStatus.WON, Decimal("900.00"))
    lost = DealRegistration.objects.create(
        partner=world.partner_a,
        customer_name="Lost Co",
        status=RegistrationStatus.LOST,
        amount=5,
        currency="EUR",
    )
    figures = partner_deal_figures(actor=world.actor(world.cam), partner=world.partner_a)
    assert figures.won_revenue == {"USD": Decimal("900.00")} and (figures.won, figures.lost) == (1, 1)
    assert figures.win_rate == 50 and figures.open_pipeline == {} and figures.awaiting_decision == 0
    assert lost.currency == "EUR" and figures.total == 2


def test_the_overview_shows_the_figures_linking_to_the_filtered_pipeline(world, login, submitted):
    client = login(world.cam)
    body = client.get(page(world.partner_a)).content.decode()
    awaiting = f"/deals/pipeline/?partner={world.partner_a.public_id}&amp;status=submitted"
    assert "Open pipeline" in body and "Win rate" in body and awaiting in body
    listed = client.get(awaiting.replace("&amp;", "&"))
    assert listed.status_code == 200 and submitted.customer_name in listed.content.decode()
    empty = client.get(page(world.partner_b)).content.decode()
    assert (
        "No pipeline, revenue or win rate yet." in empty
        and f"/deals/pipeline/?partner={world.partner_b.public_id}" not in empty
    )


def test_the_deals_tab_lists_the_partners_registrations_only(world, login, submitted):
    body = login(world.marketing).get(page(world.partner_a, "deals")).content.decode()
    assert f"/deals/{submitted.public_id}/" in body and 'aria-selected="true"' in body
    other = login(world.cam).get(page(world.partner_b, "deals")).content.decode()
    assert f"/deals/{submitted.public_id}/" not in other and "has registered no deals yet" in other


def test_a_tab_through_htmx_is_only_the_tabs_fragment_and_an_unknown_tab_is_the_overview(
    world, login, submitted
):
    client = login(world.cam)
    fragment = client.get(page(world.partner_a, "team"), headers={"HX-Request": "true"}).content.decode()
    assert fragment.lstrip().startswith('<div id="partner-tabs">') and "<html" not in fragment
    assert 'id="tab-team"' in fragment and "admin@alpha.test" in fragment
    unknown = client.get(page(world.partner_a, "nonsense")).content.decode()
    assert re.search(r'id="tab-overview"[^>]*aria-selected="true"', unknown)
    assert not re.search(r'id="tab-team"[^>]*aria-selected="true"', unknown)


def test_partner_users_cannot_open_the_staff_partner_page(world, login):
    assert login(world.admin_a).get(page(world.partner_a, "deals")).status_code == 403
    assert Client().get(page(world.partner_a)).status_code == 302


def test_the_partner_page_keeps_its_query_budget_as_registrations_grow(
    world, login, submitted, django_assert_max_num_queries
):
    client = login(world.cam)
    counts = {}
    for tab in ("", "deals", "activity"):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(page(world.partner_a, tab)).status_code == 200
        counts[tab] = len(queries)
    for i in range(15):
        DealRegistration.objects.create(
            partner=world.partner_a,
            customer_name=f"Customer {i}",
            status=RegistrationStatus.SUBMITTED,
            amount=10,
        )
    for tab, count in counts.items():
        with django_assert_max_num_queries(count):
            client.get(page(world.partner_a, tab))
    assert max(counts.values()) <= 25, counts
