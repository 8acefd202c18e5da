"""The widget registry: apps register their cards, the pages only lay out what the viewer may see, and every
figure on a card links to the list it counts, filtered the same way."""

from datetime import timedelta

import pytest
from django.urls import resolve
from django.utils import timezone, translation

from catalog.models import Product, ProductFamily
from core.actor import ANONYMOUS
from dashboard.widgets import (
    PAGES,
    PARTNER,
    PARTNER_HOME,
    STAFF,
    STAFF_HOME,
    Widget,
    register_widget,
    registered_widgets,
    widgets_for,
)
from deals.services import registration_create, registration_reject, registration_submit
from partners.choices import PartnerStatus
from partners.models import Partner
from recruitment.models import Prospect
from recruitment.services import application_submit

pytestmark = pytest.mark.django_db

# Every card of the staff dashboard before it left core, and the ones deals added (the queue, the key
# figures, the pipeline charts and the protections ending soon).
STAFF_CARDS = {
    "partners.by_status",
    "recruitment.applications_waiting",
    "partners.onboarding",
    "partners.my_portfolio",
    "recruitment.my_next_steps",
    "deals.awaiting_decision",
    "deals.key_figures",
    "deals.pipeline_by_quarter",
    "deals.pipeline_by_stage",
    "deals.expiring",
    "leads.staff_leads",
    "health.reviews",
}


def _registration(world, customer: str, days_ago: int):
    family, _ = ProductFamily.objects.get_or_create(name="Bikes")
    product, _ = Product.objects.get_or_create(
        sku="B-1", defaults={"name": "Bike", "family": family, "list_price": "1000.00"}
    )
    registration, _created = registration_create(
        actor=world.actor(world.rep_a),
        data={
            "customer_name": customer,
            "customer_domain": f"{customer.lower().replace(' ', '-')}.example",
            "customer_country": "DE",
            "currency": "USD",
            "expected_close_date": timezone.localdate() + timedelta(days=30),
        },
        lines=[{"product_id": product, "quantity": 1}],
    )
    registration = registration_submit(actor=world.actor(world.rep_a), registration=registration)
    type(registration).objects.filter(pk=registration.pk).update(
        submitted_at=timezone.now() - timedelta(days=days_ago)
    )
    return registration


@pytest.fixture
def busy(world):
    """Something on every card: partners onboarding and at risk, an application, a due prospect step and
    two registrations awaiting a decision."""
    Partner.objects.filter(pk=world.partner_b.pk).update(status=PartnerStatus.ONBOARDING)
    Partner.objects.filter(pk=world.reseller.pk).update(status=PartnerStatus.AT_RISK)
    application_submit(
        actor=ANONYMOUS,
        data={
            "company_name": "Nordic Gear",
            "web_domain": "nordic-gear.example",
            "country": "SE",
            "region": "europe",
            "partner_type": "reseller",
            "contact_name": "Anna Berg",
            "contact_email": "anna@nordic-gear.example",
            "motivation": "Outdoor equipment.",
            "sells_competing": False,
        },
        ip="203.0.113.5",
    )
    Prospect.objects.create(
        company_name="Baltic Bikes",
        partner_type="dealer",
        source="trade_show",
        owner=world.cam,
        next_step="Call back",
        next_step_date=timezone.localdate() + timedelta(days=2),
    )
    newer = _registration(world, "Contoso Cycling", days_ago=1)
    older = _registration(world, "Fabrikam Bikes", days_ago=5)
    decided = _registration(world, "Northwind Traders", days_ago=9)  # decided: not awaiting
    registration_reject(actor=world.actor(world.cam), registration=decided, reason="Not a fit.")
    return {"older": older, "newer": newer}


def test_every_card_of_the_old_dashboard_is_registered_and_staff_only():
    staff_home = {w.name for w in registered_widgets(STAFF_HOME)}
    assert staff_home >= STAFF_CARDS
    assert all(w.audience == STAFF for w in registered_widgets(STAFF_HOME))


def test_staff_home_lays_out_the_cards(world, busy, login):
    page = login(world.cam).get("/dashboard/")
    assert page.status_code == 200
    assert {w.name for w in page.context["widgets"]} == STAFF_CARDS
    content = page.content.decode()
    for title in ("Partners by status", "Applications awaiting review", "Partners in onboarding"):
        assert title in content
    for text in ("My portfolio", "My next steps (7 days)", "Deal registrations awaiting a decision"):
        assert text in content
    assert "Nordic Gear" in content and "Baltic Bikes" in content and "Bravo Trading" in content


def test_awaiting_decision_lists_the_oldest_first(world, busy, login):
    content = login(world.chief).get("/dashboard/").content.decode()
    assert content.index("Fabrikam Bikes") < content.index("Contoso Cycling")
    assert "Northwind Traders" not in content
    assert "/deals/pipeline/?status=submitted" in content


@pytest.mark.parametrize("persona", ["chief", "cam", "ops", "marketing"])
def test_each_figure_links_to_the_list_it_counts(world, busy, login, persona):
    """Following a figure's link as the same user shows a list of exactly that many rows."""
    user = getattr(world, persona)
    client = login(user)
    figures = [(w, f) for w in widgets_for(actor=world.actor(user), page=STAFF_HOME) for f in w.figures()]
    assert figures
    for widget, figure in figures:
        # a filtered list, or a list that is exactly what it counts (applications waiting, pending downgrades)
        assert "?" in figure.url or resolve(figure.url).url_name in ("applications", "warnings"), (
            widget.name,
            figure.url,
        )
        page = client.get(figure.url)
        assert page.status_code == 200, (widget.name, figure.url)
        assert page.context["total"] == figure.value, (widget.name, figure.url, figure.value)
    assert any(f.value > 0 for _, f in figures)


def test_role_specific_cards(world, busy):
    names = lambda user: {w.name for w in widgets_for(actor=world.actor(user), page=STAFF_HOME)}  # noqa: E731
    assert "partners.my_portfolio" in names(world.cam) and "recruitment.my_next_steps" in names(world.cam)
    # marketing and operations hold no partners and no prospects
    assert "partners.my_portfolio" not in names(world.marketing)
    assert "recruitment.my_next_steps" not in names(world.ops)
    assert "deals.awaiting_decision" in names(world.marketing)
    # The chief may hold partners and prospects; the cards show once they do, not as zeros before.
    assert "partners.my_portfolio" not in names(world.chief)
    assert "recruitment.my_next_steps" not in names(world.chief)
    world.partner_b.cam = world.chief
    world.partner_b.save()
    Prospect.objects.filter(owner=world.cam).update(owner=world.chief)
    assert {"partners.my_portfolio", "recruitment.my_next_steps"} <= names(world.chief)


@pytest.mark.parametrize("persona", ["admin_a", "rep_a", "dist_admin", "reseller_admin"])
def test_a_partner_never_sees_a_staff_widget(world, busy, login, persona):
    user = getattr(world, persona)
    actor = world.actor(user)
    for page in PAGES:
        assert all(w.audience == PARTNER for w in widgets_for(actor=actor, page=page)), page
    for widget in registered_widgets():
        if widget.audience == STAFF:
            assert not widget.visible_to(actor), widget.name
    client = login(user)
    assert client.get("/dashboard/").status_code == 403
    home = client.get("/my/")
    assert home.status_code == 200
    assert {w.name for w in home.context["widgets"]} <= {
        w.name for w in registered_widgets(PARTNER_HOME) if w.audience == PARTNER
    }
    content = home.content.decode()
    for staff_text in (
        "Deal registrations awaiting a decision",
        "Applications awaiting review",
        "Nordic Gear",
    ):
        assert staff_text not in content
    assert "Baltic Bikes" not in content  # a prospect: staff only


def test_staff_do_not_get_partner_widgets(world):
    actor = world.actor(world.chief)
    assert widgets_for(actor=actor, page=PARTNER_HOME) == []


def test_the_partner_home_is_made_of_widgets(world, login):
    page = login(world.dist_admin).get("/my/")
    names = [w.name for w in page.context["widgets"]]
    assert {"partners.summary", "onboarding.mine", "accounts.my_team", "partners.resellers"} <= set(names)
    assert "programs.pending_agreements" not in names  # nothing to accept: not shown


def test_the_staff_partner_page_gets_panels_from_the_apps_above_partners(world, login):
    client = login(world.ops)
    page = f"/partners/{world.partner_a.public_id}/"

    def tab(name: str) -> str:
        return client.get(f"{page}?tab={name}").content.decode()

    assert 'id="onboarding"' in tab("onboarding")  # onboarding
    content = tab("team")
    assert (
        "admin@alpha.test" in content and f"/partners/{world.partner_a.public_id}/invite/" in content
    )  # accounts
    assert "Agreements accepted" in tab("agreements")  # programs


def test_registration_is_checked():
    class Nameless(Widget):
        pass

    with pytest.raises(ValueError):
        register_widget(Nameless)

    class Elsewhere(Widget):
        name = "test.elsewhere"
        page = "nowhere"

    with pytest.raises(ValueError):
        register_widget(Elsewhere)

    class Impostor(Widget):
        name = "deals.awaiting_decision"

    with pytest.raises(ValueError):
        register_widget(Impostor)


def test_cards_read_in_the_viewers_language(world, busy, login):
    client = login(world.cam)
    client.cookies["django_language"] = "ru"
    # The request activates Russian in this thread; override puts the previous language back afterwards.
    with translation.override("en"):
        content = client.get("/dashboard/").content.decode()
    assert "Регистрации сделок, ожидающие решения" in content
    assert "регистрации отправлены" in content  # 2: the Russian plural form for two
