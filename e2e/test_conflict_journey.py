"""In Chromium: a partner rep registers a customer the vendor keeps for direct sales and sees only that a
conflict is possible; the CAM sees why, cannot approve without explaining, and rejects."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.testing import PASSWORD, make_member, make_partner, make_user
from catalog.models import Product, ProductFamily
from core.roles import PartnerRole, StaffRole
from deals.models import DealRegistration
from direct.services import account_create, deal_create
from e2e.forms import choose

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def setup():
    cam = make_user("cam@vendor.test", staff_role=StaffRole.CAM, full_name="Cam Manager")
    ops = make_user("ops@vendor.test", staff_role=StaffRole.OPS)
    partner = make_partner("Velo Nord", cam=cam)
    make_member(partner, "rep@velonord.example", PartnerRole.REP)
    family = ProductFamily.objects.create(name="Road bikes")
    product = Product.objects.create(
        sku="RB-1", name="Road bike", family=family, list_price="1200.00", channel_eligibility="both"
    )
    from core.actor import build_actor

    account = account_create(
        actor=build_actor(ops),
        data={
            "name": "Contoso Cycling AG",
            "web_domain": "contoso-cycling.example",
            "is_named_account": True,
            "segment": "enterprise",
        },
    )
    deal_create(actor=build_actor(ops), account=account, data={"name": "Contoso fleet", "amount": "90000"})
    return product


def sign_in(page, email):
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_load_state()
    assert "/accounts/login/" not in page.url


def test_conflict_is_flagged_explained_and_decided(page, chromium_browser, live_server, setup):
    # 1. The partner rep registers the customer (another legal form, the same domain) and submits.
    sign_in(page, "rep@velonord.example")
    page.goto("/deals/new/")
    page.get_by_label("Customer name").fill("Contoso Cycling GmbH")
    page.get_by_label("Customer web domain").fill("www.contoso-cycling.example")
    choose(page, "id_customer_country", "Germany", "DE")
    page.get_by_label("Expected close date").fill((timezone.localdate() + timedelta(days=30)).isoformat())
    choose(page, "id_lines-0-product_id", setup.sku, str(setup.public_id))
    page.locator("#id_lines-0-quantity").fill("2")
    # Rows come and go without a fixed number: "Add a product" appends one (vendored kanal.js).
    page.get_by_role("button", name="Add a product").click()
    choose(page, "id_lines-1-product_id", setup.sku, str(setup.public_id))
    page.locator("#id_lines-1-quantity").fill("1")
    assert page.locator("#id_lines-TOTAL_FORMS").input_value() == "2"
    # One step: "Submit for approval" on the form saves and submits.
    page.get_by_role("button", name="Submit for approval").click()
    page.wait_for_url(re.compile(r"/deals/[0-9a-f-]{36}/$"))
    registration = DealRegistration.objects.get()
    assert registration.lines.count() == 2 and str(registration.amount) == "3600.00"
    notice = page.locator("#conflict-check")
    notice.wait_for()
    assert "Possible conflict" in notice.inner_text()
    assert "may already be covered by another registration" in notice.inner_text()
    assert "Contoso Cycling AG" not in page.content() and "Contoso fleet" not in page.content()
    registration.refresh_from_db()
    assert registration.status == "submitted"

    # 2. The CAM opens it, sees why, and cannot approve without a note.
    staff = chromium_browser.new_context(base_url=live_server.url, locale="en-US")
    staff.set_default_timeout(15000)
    cam_page = staff.new_page()
    sign_in(cam_page, "cam@vendor.test")
    cam_page.goto(f"/deals/{registration.public_id}/")
    section = cam_page.locator("#conflict-check").inner_text()
    assert "Contoso Cycling AG" in section
    assert "Named account reserved for direct sales" in section
    assert "Same web domain (contoso-cycling.example)" in section
    cam_page.get_by_role("button", name="Approve", exact=True).click()
    cam_page.wait_for_load_state()
    assert "Explain why you approve despite the possible conflict" in cam_page.content()
    registration.refresh_from_db()
    assert registration.status == "submitted"

    # 3. The CAM rejects with a reason; the page shows the new status.
    cam_page.get_by_label("Reason").fill("Contoso is a named account of the direct team.")
    cam_page.get_by_role("button", name="Reject", exact=True).click()
    cam_page.wait_for_load_state()
    assert "Registration rejected." in cam_page.content()
    assert cam_page.locator(".page-header .badge").inner_text() == "Rejected"
    registration.refresh_from_db()
    assert registration.status == "rejected"
    staff.close()

    # 4. The partner sees the rejection and may appeal it.
    page.reload()
    assert "Contoso is a named account of the direct team." in page.content()
    assert page.get_by_role("button", name="Send the appeal").is_visible()
