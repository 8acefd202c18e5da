"""In Chromium, under the real CSP, a lead's whole way: ops imports a CSV whose proposed mapping sends notes
to the web domain, so the check finds a bad row; ops leaves that column out and imports. The published routing
rules offer the lead to one of two eligible partners with the reason why; that partner declines it, the lead
goes to the other, never back; the second partner accepts it and converts it into a deal registration, which
the conflict check receives as usual."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.testing import make_member, make_partner
from core.actor import build_actor
from core.roles import PartnerRole
from deals.models import DealRegistration
from e2e.forms import choose
from e2e.test_csp import open_context, sign_in
from leads.models import Lead, LeadAssignment
from leads.routing.services import rule_create, ruleset_create_draft, ruleset_publish

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CSV = (
    "Company;Site;Country;Products\n"
    "Contoso Cycling GmbH;contoso-cycling.example;DE;RB-1\n"
    "Beta SARL;see the notes;France;\n"
)


@pytest.fixture
def rules(world):
    ops = build_actor(world.ops)
    draft = ruleset_create_draft(actor=ops, data={"default_sla_hours": 48, "default_capacity": 10})
    rule_create(
        actor=ops,
        ruleset=draft,
        data={
            "name": "Germany",
            "lead_countries": ["DE"],
            "partner_types": ["reseller"],
            "territory": "country",
            "direct": False,
        },
    )
    ruleset_publish(actor=ops, ruleset=draft)


def _lead_page(page, lead):
    page.goto(f"/leads/{lead.public_id}/")
    page.get_by_role("heading", name=lead.company_name).wait_for()


def test_import_route_decline_reassign_accept_convert(chromium_browser, live_server, world, rules, tmp_path):
    from catalog.models import Product, ProductFamily

    Product.objects.create(
        sku="RB-1", name="Road bike", family=ProductFamily.objects.create(name="Bikes"), list_price="1200.00"
    )
    charlie = make_partner("Charlie Cycles", cam=world.cam)  # a second reseller in Germany
    charlie_admin = make_member(charlie, "admin@charlie.test", PartnerRole.ADMIN)
    upload = tmp_path / "leads.csv"
    upload.write_text(CSV, encoding="utf-8")
    context, violations = open_context(chromium_browser, live_server)
    page = context.new_page()

    # Ops imports: the check finds the bad row, ops fixes the mapping and imports.
    sign_in(page, world.ops.email)
    page.goto("/imports/new/leads/")
    page.get_by_label("CSV file").set_input_files(str(upload))
    page.get_by_role("button", name="Upload").click()
    page.get_by_role("heading", name="Which column goes where").wait_for()
    page.get_by_role("button", name="Save and check every row").click()
    page.get_by_role("heading", name="Rows with errors").wait_for()
    assert "see the notes" in page.content() and not Lead.objects.exists()
    choose(page, "id_column_1", "leave out", "")
    page.get_by_role("heading", name="Which column goes where").click()
    page.get_by_role("button", name="Save and check again").click()
    page.get_by_role("button", name="Import 2 rows").click()
    page.get_by_role("heading", name="Imported").wait_for()

    # The German lead was offered to one of the two resellers, with the reason; the French one to nobody.
    lead = Lead.objects.get(company_name="Contoso Cycling GmbH")
    assert lead.status == "new" and lead.partner in (world.partner_a, charlie)
    assert Lead.objects.get(company_name="Beta SARL").partner is None
    first, second = (
        (world.partner_a, charlie) if lead.partner == world.partner_a else (charlie, world.partner_a)
    )
    first_admin, second_admin = (
        (world.admin_a, charlie_admin) if first == world.partner_a else (charlie_admin, world.admin_a)
    )
    context.clear_cookies()

    # The first partner sees why it got the lead, and declines it.
    sign_in(page, first_admin.email)
    _lead_page(page, lead)
    assert "Germany" in page.content()  # the rule that routed it, in the explanation
    page.get_by_role("button", name="Decline").click()
    page.get_by_label("Why not").wait_for()
    page.get_by_label("Why not").select_option("no_capacity")
    page.get_by_role("button", name="Decline").click()
    page.wait_for_url("**/leads/")
    assert page.goto(f"/leads/{lead.public_id}/").status == 404  # no longer theirs
    lead.refresh_from_db()
    assert lead.partner == second and lead.status == "new"
    assert LeadAssignment.objects.get(lead=lead, partner=first).outcome == "declined"
    context.clear_cookies()

    # The second partner accepts and converts it into a registration.
    sign_in(page, second_admin.email)
    _lead_page(page, lead)
    assert (
        "no_capacity" not in page.content() and "No capacity" not in page.content()
    )  # not the other's decline
    page.get_by_role("button", name="Accept").click()
    page.get_by_role("heading", name="Convert into a deal registration").wait_for()
    page.get_by_label("Expected close date").fill((timezone.localdate() + timedelta(days=45)).isoformat())
    # The import left the web domain out; the partner learnt it while working the lead.
    page.get_by_label("Customer's web domain").fill("contoso-cycling.example")
    page.get_by_role("button", name="Convert").click()
    page.wait_for_url("**/deals/**")
    registration = DealRegistration.objects.get()
    lead.refresh_from_db()
    assert lead.status == "converted" and lead.registration == registration
    assert registration.partner == second and registration.status == "submitted"
    assert registration.lines.get().product.sku == "RB-1"
    assert registration.customer_domain == "contoso-cycling.example"
    assert f"/deals/{registration.public_id}/" in page.url
    violations.assert_none("lead journey")
    context.close()
