"""In Chromium: a company applies (saying which competing products it sells), staff approves, the invited
admin joins, finds its competing products on the company profile, accepts the agreement and completes an
onboarding step."""

import re

import pytest
from django.core import mail

from accounts.models import Membership
from accounts.testing import PASSWORD, make_user
from catalog.models import ProductFamily
from competition.models import CompetingDeclaration, CompetingLine, CompetingVendor
from core.roles import StaffRole
from e2e.forms import choose
from onboarding.models import ChecklistStep, StepCompletion
from partners.models import Partner
from programs.models import AgreementAcceptance, AgreementVersion, ProgramCharter
from recruitment.models import Application

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def program():
    ProgramCharter.objects.create(title_en="Kanal Bikes partner program", body_en="Sell our bikes with us.")
    AgreementVersion.objects.create(
        kind="partner_agreement", version=1, title_en="Partner agreement", body_en="We agree to sell bikes."
    )
    ChecklistStep.objects.create(
        partner_type="reseller", position=1, title_en="Accept the partner agreement", kind="agreement"
    )
    ChecklistStep.objects.create(
        partner_type="reseller", position=2, title_en="Attend the kick-off call", kind="manual"
    )
    vendor = CompetingVendor.objects.create(name="Trek Bicycle Corporation", name_key="trek bicycle")
    line = CompetingLine.objects.create(vendor=vendor, name="Madone", name_key="madone")
    line.families.add(ProductFamily.objects.create(name="Road Bikes"))
    return make_user("cam@vendor.test", staff_role=StaffRole.CAM, full_name="Cam Manager")


def test_apply_approve_join_accept_and_onboard(page, chromium_browser, live_server, program):
    # 1. A prospective partner applies on the public page.
    page.goto("/recruitment/apply/")
    assert "Kanal Bikes partner program" in page.content()
    page.get_by_label("Company name").fill("Velo Nord")
    page.get_by_label("Web domain").fill("velonord.example")
    choose(page, "id_country", "Germany", "DE")
    # The region follows the country: shown, not typed.
    assert page.get_by_label("Region").input_value() == "Europe"
    page.get_by_label("Partner type sought").select_option("reseller")
    page.get_by_label("Your name").fill("Vera Nord")
    page.get_by_label("Email").fill("vera@velonord.example")
    page.get_by_label("Why do you want to partner with us?").fill("We run three bike shops in Hamburg.")
    # It also sells a competitor's road bikes, and says so.
    page.get_by_role("group", name=re.compile("compete with ours")).get_by_label("Yes").check()
    choose(page, "id_competing-0-vendor_id", "Trek", str(CompetingVendor.objects.get().public_id))
    page.locator("#id_competing-0-share").fill("30")  # (Tab left the vendor for the line: come back to it)
    choose(page, "id_competing-0-line_id", "Madone", str(CompetingLine.objects.get().public_id))
    page.get_by_role("button", name="Send application").click()
    page.wait_for_url(re.compile(r"/recruitment/apply/thanks/"))
    application = Application.objects.get(contact_email="vera@velonord.example")
    assert application.status == "submitted"

    # 2. The CAM signs in and approves it.
    staff = chromium_browser.new_context(base_url=live_server.url)
    cam_page = staff.new_page()
    cam_page.goto("/accounts/login/")
    cam_page.get_by_label("Email").fill("cam@vendor.test")
    cam_page.get_by_label("Password").fill(PASSWORD)
    cam_page.get_by_role("button", name="Sign In").click()
    cam_page.wait_for_url(re.compile(r"/dashboard/"))
    cam_page.goto("/recruitment/applications/")
    cam_page.get_by_role("link", name="Velo Nord").first.click()
    cam_page.once("dialog", lambda dialog: dialog.accept())
    cam_page.get_by_role("button", name="Approve").click()
    # The answer (with its message) comes after the commit and the emails it sends: wait for it, not for the
    # page as it stood, or the approval can be read before its invitation is out.
    cam_page.get_by_text("Application approved").first.wait_for()
    application.refresh_from_db()
    assert application.status == "approved"
    partner = Partner.objects.get(name="Velo Nord")
    assert partner.status == "onboarding"
    staff.close()

    # 3. The invited admin follows the emailed link and sets a password.
    invitation_mail = next(
        m for m in mail.outbox if "vera@velonord.example" in m.to and "/invitations/" in m.body
    )
    link = re.search(r"https?://\S+(/invitations/\S+/)", invitation_mail.body).group(1)
    page.goto(link)
    page.locator("#id_full_name").fill("Vera Nord")
    page.locator("#id_password1").fill("Velo-Nord-2026!")
    page.locator("#id_password2").fill("Velo-Nord-2026!")
    page.get_by_role("button", name="Accept invitation").click()
    page.wait_for_url(re.compile(r"/my/"))
    membership = Membership.objects.get(user__email="vera@velonord.example")
    assert membership.partner == partner and membership.role == "admin"
    declaration = CompetingDeclaration.objects.get(partner=partner)
    assert (declaration.line.name, declaration.share) == ("Madone", 30)
    page.goto("/my/profile/")
    assert "Trek Bicycle Corporation Madone" in page.content()
    assert "Answered in the application on" in page.content()

    # 4. She accepts the partner agreement...
    page.goto("/my/agreements/")
    page.get_by_role("button", name=re.compile("Accept on behalf of")).click()
    page.wait_for_load_state()
    assert AgreementAcceptance.objects.filter(partner=partner, version__version=1).exists()

    # 5. ...and completes an onboarding step.
    page.goto("/my/onboarding/")
    page.get_by_role("button", name="Mark as done").click()
    page.wait_for_load_state()
    assert StepCompletion.objects.filter(
        partner=partner, step__title_en="Attend the kick-off call", state="done"
    ).exists()
    page.goto("/my/onboarding/")
    assert "2 of 2 steps done (100%)" in page.content()
