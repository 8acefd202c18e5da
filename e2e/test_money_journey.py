"""In Chromium, under the real CSP, market development funds all the way to the bank: the partner requests
funds for an activity, channel marketing approves part of them with a note, the partner claims after the
activity with its invoice and proof, marketing approves the claim, the partner sees it owed on its statement,
and ops pays it in a payout batch, after which the statement shows it paid and nothing is payable twice."""

from decimal import Decimal

import pytest

from e2e.test_csp import open_context, sign_in
from funds.models import FundClaim, FundRequest
from funds.testing import PDF, PNG, activity_days, allocate, this_period_budget
from ledger.check import check_books
from ledger.models import LedgerAccount, PayoutBatch, Settlement
from ledger.selectors import balance

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_request_approve_in_part_claim_with_proof_pay(chromium_browser, live_server, world):
    budget = this_period_budget(world.actor(world.marketing))
    allocate(world.actor(world.marketing), budget, world.partner_a, amount="8000.00")
    starts, ends = activity_days()
    context, violations = open_context(chromium_browser, live_server)
    page = context.new_page()

    # The partner asks for 3,000 of a 4,000 webinar.
    sign_in(page, world.admin_a.email)
    page.goto("/funds/requests/new/")
    page.locator("#id_activity_type").select_option("webinar")
    page.locator("#id_title").fill("Fleet buyers webinar")
    page.locator("#id_plan").fill("Two sessions for fleet buyers, each followed up by our reps.")
    page.locator("#id_starts_on").fill(starts.isoformat())
    page.locator("#id_ends_on").fill(ends.isoformat())
    page.locator("#id_expected_leads").fill("20")
    page.locator("#id_expected_revenue").fill("60000")
    page.locator("#id_cost").fill("4000")
    page.locator("#id_amount").fill("3000")
    page.get_by_role("button", name="Send the request").click()
    page.get_by_role("heading", name="Fleet buyers webinar").wait_for()
    request = FundRequest.objects.get(title="Fleet buyers webinar")
    assert request.partner == world.partner_a and request.amount == Decimal("3000.00")
    assert page.locator("#activity-code").inner_text() == request.code
    context.clear_cookies()

    # Channel marketing approves 2,500 of it, saying why.
    sign_in(page, world.marketing.email)
    page.goto(f"/funds/requests/{request.public_id}/")
    decision = page.locator("#decision")
    decision.get_by_label("Amount approved").fill("2500")
    decision.get_by_label("Note to the partner").fill("The second session is on us next quarter.")
    decision.get_by_role("button", name="Approve").click()
    page.get_by_text("in part").wait_for()
    request.refresh_from_db()
    assert request.status == "approved" and request.approved_amount == Decimal("2500.00")
    context.clear_cookies()

    # After the webinar the partner claims 2,500 with its invoice and a photo of it taking place.
    sign_in(page, world.admin_a.email)
    page.goto(f"/funds/requests/{request.public_id}/")
    assert "The second session is on us next quarter." in page.content()
    page.get_by_role("button", name="Claim the funds").click()
    page.locator("#id_amount").fill("2500")
    page.locator("#id_actual_cost").fill("4200")
    page.locator("#id_invoice_number").fill("INV-2026-0417")
    page.locator("#id_invoice_date").fill(ends.isoformat())
    page.locator("#id_attendees").fill("42")
    page.locator("#id_invoice_file").set_input_files(
        {"name": "invoice.pdf", "mimeType": "application/pdf", "buffer": PDF + b"%journey"}
    )
    page.locator("#id_proof_file").set_input_files(
        {"name": "webinar.png", "mimeType": "image/png", "buffer": PNG + b"journey"}
    )
    page.get_by_role("button", name="Send the claim").click()
    page.get_by_role("heading", name="Claim INV-2026-0417").wait_for()
    claim = FundClaim.objects.get(invoice_number="INV-2026-0417")
    assert claim.status == "submitted" and claim.files.count() == 2
    assert page.get_by_role("link", name="invoice.pdf").is_visible()
    context.clear_cookies()

    # Marketing approves the claim: it becomes payable to the partner.
    sign_in(page, world.marketing.email)
    page.goto(f"/funds/claims/{claim.public_id}/")
    page.locator("#decision").get_by_role("button", name="Approve").click()
    page.locator(".badge", has_text="Approved").first.wait_for()
    claim.refresh_from_db()
    assert claim.status == "approved" and claim.approved_amount == Decimal("2500.00")
    context.clear_cookies()

    # The partner opens this month's statement: the claim is owed to it.
    sign_in(page, world.admin_a.email)
    page.goto("/money/statements/")
    page.get_by_role("button", name="Open the statement").click()
    page.get_by_role("heading", name="USD").wait_for()
    payable = page.locator("article", has=page.get_by_role("heading", name="Fund claims payable"))
    owed_row = payable.get_by_role("row", name="INV-2026-0417")
    assert owed_row.get_by_role("cell").nth(2).inner_text() == "2,500.00"
    assert payable.locator("tfoot").get_by_role("cell").last.inner_text() == "2,500.00"
    context.clear_cookies()

    # Ops puts what is payable in USD in a batch, approves it and marks it paid.
    sign_in(page, world.ops.email)
    page.goto("/money/payouts/new/")
    page.locator("#id_currency").select_option("USD")
    page.get_by_role("button", name="Create the batch").click()
    page.get_by_role("button", name="Approve").click()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Mark paid").click()
    page.locator(".badge", has_text="Paid").first.wait_for()
    batch = PayoutBatch.objects.get()
    assert batch.status == "paid" and batch.total == Decimal("2500.00")
    assert batch.lines.get().partner == world.partner_a
    assert Settlement.objects.filter(line__batch=batch).count() >= 1
    owed = balance(
        actor=world.actor(world.ops),
        partner=world.partner_a,
        account=LedgerAccount.MDF_PAYABLE,
        currency="USD",
    )
    assert owed == 0  # paid: nothing of it is owed any more
    context.clear_cookies()

    # The partner's statement now shows the payout, and the books balance.
    sign_in(page, world.admin_a.email)
    page.goto("/money/statements/")
    page.get_by_role("button", name="Open the statement").click()
    page.get_by_role("heading", name="USD").wait_for()
    payable = page.locator("article", has=page.get_by_role("heading", name="Fund claims payable"))
    payout = payable.get_by_role("row", name=f"Payout {batch}")
    assert payout.get_by_role("cell").nth(2).inner_text() == "-2,500.00"
    assert payable.locator("tfoot").get_by_role("cell").last.inner_text() == "0.00"
    assert check_books().balanced
    violations.assert_none("the money journey")
