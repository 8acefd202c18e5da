"""In Chromium, under the real CSP, a campaign's whole way: the partner launches a kit the vendor published,
a visitor follows the partner's short link /r/<code> to the landing page (which sets no cookie of its own),
fills its form, and the lead is offered to that partner, with its attribution shown to the partner and to its
CAM on the launch page."""

import pytest

from campaigns.models import Launch
from campaigns.testing import published_kit
from e2e.test_csp import open_context, sign_in
from leads.models import Lead, LeadAssignment
from referrals.clicks import COOKIE
from referrals.models import Attribution

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36"
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_launch_share_capture_attribute(chromium_browser, live_server, world):
    published_kit(world.actor(world.marketing))
    context, violations = open_context(chromium_browser, live_server)
    page = context.new_page()

    # The partner launches the kit and gets its texts, filled with its own details, and its links.
    sign_in(page, world.admin_a.email)
    page.goto("/campaigns/")
    page.get_by_role("link", name="Spring bikes").click()
    page.get_by_role("button", name="Launch this campaign").click()
    page.get_by_role("heading", name="Your links").wait_for()
    launch = Launch.objects.select_related("link", "partner__campaign_slug", "kit").get()
    assert launch.partner == world.partner_a
    assert page.locator("#short-url").input_value().endswith(f"/r/{launch.link.code}")
    assert "Spring rides with Alpha Systems" in page.content()
    context.clear_cookies()

    # A visitor follows the short link: the redirect sets the attribution cookie, the landing page nothing.
    # (headless Chromium names itself in its user agent, which referrals counts as a bot's click)
    visitor = chromium_browser.new_context(base_url=live_server.url, locale="en-US", user_agent=BROWSER)
    visitor.set_default_timeout(15000)
    landing = visitor.new_page()
    seen: list[str] = []
    landing.on(
        "response", lambda r: seen.append(r.headers.get("set-cookie") or "") if "/p/" in r.url else None
    )
    landing.goto(f"/r/{launch.link.code}")
    assert landing.url.split("?")[0].endswith(launch.landing_path)
    landing.get_by_role("heading", name="Spring bikes").wait_for()
    assert "Alpha Systems" in landing.content() and "Bravo" not in landing.content()
    assert [c["name"] for c in visitor.cookies()] == [COOKIE]
    landing.locator("#id_company_name").fill("Contoso Cycling")
    landing.locator("#id_contact_name").fill("Vera Visitor")
    landing.locator("#id_contact_email").fill("vera@contoso.example")
    landing.get_by_role("button", name="Send").click()
    landing.get_by_role("heading", name="Thank you").wait_for()
    assert not any(seen), seen  # neither the page nor its form's answer set a cookie
    assert [c["name"] for c in visitor.cookies()] == [COOKIE]
    visitor.close()

    lead = Lead.objects.get(company_name="Contoso Cycling")
    assert lead.partner == world.partner_a and lead.source == "landing_page"
    assert LeadAssignment.objects.filter(lead=lead, partner=world.partner_a).exists()
    attribution = Attribution.objects.get(lead=lead)
    assert attribution.status == "attributed" and attribution.click is not None

    # The partner sees the lead offered to it, and where it came from.
    sign_in(page, world.admin_a.email)
    page.goto("/leads/")
    assert "Contoso Cycling" in page.content()
    page.goto(f"/campaigns/launches/{launch.public_id}/")
    assert "Contoso Cycling" in page.content() and "Attributed" in page.content()
    context.clear_cookies()

    # So does its CAM: the lead with its attribution on the launch page, and the lead's own page.
    sign_in(page, world.cam.email)
    page.goto(f"/campaigns/launches/{launch.public_id}/")
    assert "Contoso Cycling" in page.content() and "Campaign landing page" in page.content()
    page.get_by_role("link", name="Contoso Cycling").click()
    page.get_by_role("heading", name="Contoso Cycling").wait_for()
    assert "Alpha Systems" in page.content()
    violations.assert_none("the campaign journey")
    context.close()
