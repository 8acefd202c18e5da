"""In Chromium, under the real CSP, a tier that runs itself: the partner closes a deal as won, which takes its
won revenue past silver's threshold; ops evaluates the program's tiers, which promotes the partner at once;
the partner's price list now shows its silver prices; and marketing finds the congratulation draft waiting on
its home, ready to publish."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from deals.models import DealRegistration
from e2e.test_csp import open_context, sign_in
from programs.models import PartnerProgram, ProgramMembership, ProgramTier
from recognition.models import TierUpDraft
from tiers.tests.helpers import WON, criteria, join, win

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def road_bike(db):
    from catalog.models import Product, ProductFamily

    family = ProductFamily.objects.create(name="Road bikes")
    return Product.objects.create(
        sku="RB-150", name="Road-150", family=family, list_price="3474.06", channel_eligibility="channel_only"
    )


def test_a_win_promotes_the_partner_changes_its_prices_and_drafts_the_announcement(
    chromium_browser, live_server, world, road_bike
):
    program = PartnerProgram.objects.get(is_default=True)
    ProgramTier.objects.filter(program=program, tier="silver").update(catalog_discount=Decimal("10"))
    membership = join(world.partner_a)  # registered: list prices
    join(world.partner_b)
    criteria([("silver", WON, "", "100000")])
    win(world.partner_a, "60000", days_ago=20)
    open_deal = DealRegistration.objects.create(
        partner=world.partner_a,
        customer_name="Fabrikam Fleet",
        customer_domain="fabrikam.example",
        amount=Decimal("45000"),
        currency="USD",
        status="approved",
        submitted_at=timezone.now(),
        protected_until=timezone.localdate() + timedelta(days=60),
    )
    context, violations = open_context(chromium_browser, live_server)
    page = context.new_page()

    # Before: list prices, and silver is 40,000 of won revenue away.
    sign_in(page, world.admin_a.email)
    page.goto("/catalog/partner/")
    assert "3474.06 USD" in page.locator("main").inner_text()
    assert "3126.65" not in page.content()

    # The partner closes its deal as won for 45,000: 105,000 won in the last year.
    page.goto(f"/deals/{open_deal.public_id}/")
    page.get_by_label("Outcome").select_option("won")
    page.get_by_label("Amount won").fill("45000")
    page.get_by_role("button", name="Close", exact=True).click()
    page.get_by_text("Won amount", exact=True).wait_for()
    open_deal.refresh_from_db()
    assert open_deal.status == "won" and open_deal.won_amount == Decimal("45000.00")
    context.clear_cookies()

    # Ops evaluates the program now rather than waiting for the night: the partner moves up at once.
    sign_in(page, world.ops.email)
    page.goto("/tiers/")
    page.get_by_role("button", name="Evaluate now").click()
    page.wait_for_load_state()
    membership.refresh_from_db()
    world.partner_a.refresh_from_db()
    assert membership.tier == "silver" and world.partner_a.tier == "silver"
    assert ProgramMembership.objects.get(partner=world.partner_b, program=program).tier == "registered"
    context.clear_cookies()

    # The partner's price list shows its silver prices (3474.06 less 10 %), and its progress says why.
    sign_in(page, world.admin_a.email)
    page.goto("/catalog/partner/")
    catalogue = page.locator("main").inner_text()
    assert "3126.65 USD" in catalogue and "10 % discount of your tier" in catalogue
    page.goto("/my/tiers/")
    assert "Silver" in page.locator("main").inner_text()
    context.clear_cookies()

    # Marketing finds the congratulation draft on its home; it opens as a draft, not yet published.
    draft = TierUpDraft.objects.get(partner=world.partner_a)
    assert (draft.tier_before, draft.tier_after) == ("registered", "silver")
    sign_in(page, world.marketing.email)
    page.goto("/dashboard/")
    card = page.locator("article", has_text="New tiers to announce")
    card.get_by_role("link", name=world.partner_a.name).click()
    page.wait_for_url(f"**/announcements/{draft.announcement.public_id}/")
    assert draft.announcement.status == "draft"
    assert world.partner_a.name in page.locator("main").inner_text()
    violations.assert_none("the tier journey")
    context.close()
