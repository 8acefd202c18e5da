"""In Chromium, under the real CSP: ticking rows on the pipeline enables the bulk bar, the header box ticks
the whole page, and rejecting two registrations with one reason rejects both and says so; the directory asks
for the CAM to assign in its bar."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from deals.models import DealRegistration
from e2e.test_csp import open_context, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _submitted(partner, name):
    return DealRegistration.objects.create(
        partner=partner,
        customer_name=name,
        status="submitted",
        stage="proposal",
        amount=Decimal("1200.00"),
        submitted_at=timezone.now() - timedelta(days=1),
        expected_close_date=timezone.localdate() + timedelta(days=30),
    )


def test_rejecting_two_registrations_from_the_pipeline(chromium_browser, live_server, world):
    first = _submitted(world.partner_a, "Fabrikam Fleet")
    second = _submitted(world.partner_b, "Northwind Traders")
    context, violations = open_context(chromium_browser, live_server)
    page = context.new_page()
    sign_in(page, world.cam.email)
    page.goto("/deals/pipeline/?status=submitted")
    reject = page.locator("details.bulk-action", has_text="Reject")
    assert reject.locator("summary").get_attribute("aria-disabled") == "true"  # nothing ticked yet

    page.locator("[data-select-all]").check()
    assert page.locator('input[form="bulk-form"]:checked').count() == 2
    assert "Selected: 2" in page.locator("[data-bulk-count]").inner_text()

    reject.locator("summary").click()
    reject.get_by_label("Reason").fill("Outside the partner program's territory.")
    reject.get_by_role("button", name="Reject", exact=True).click()
    page.get_by_text("2 registrations rejected.").wait_for()  # the answer, not the page as it stood
    assert "status=submitted" in page.url  # back to the list as it was filtered
    for registration in (first, second):
        registration.refresh_from_db()
        assert registration.status == "rejected"
        assert registration.decision_reason == "Outside the partner program's territory."
    violations.assert_none("pipeline bulk reject")
    context.close()


def test_the_directory_assigns_a_cam_to_the_ticked_partners(chromium_browser, live_server, world):
    context, violations = open_context(chromium_browser, live_server)
    page = context.new_page()
    sign_in(page, world.chief.email)
    page.goto("/partners/?q=alpha")
    page.locator('input[form="bulk-form"]').first.check()
    assign = page.locator("details.bulk-action", has_text="Assign a CAM")
    assign.locator("summary").click()
    assign.locator("select").select_option(str(world.chief.public_id))
    assign.get_by_role("button", name="Assign a CAM", exact=True).click()
    page.get_by_text("1 partner assigned.").wait_for()
    world.partner_a.refresh_from_db()
    assert world.partner_a.cam_id == world.chief.pk
    violations.assert_none("directory bulk assign")
    context.close()
