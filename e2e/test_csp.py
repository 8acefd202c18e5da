"""In Chromium, under the real Content-Security-Policy: staff and a partner walk the main pages, HTMX still
swaps, the data-attribute behaviours still work, the Swagger UI still renders, and the browser reports no
CSP violation anywhere."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.testing import PASSWORD
from catalog.models import Product, ProductFamily
from deals.models import DealRegistration
from e2e.forms import choose

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Runs in every document before its own scripts (Playwright's init scripts are not subject to the page's CSP).
LISTEN_FOR_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (e) => {
  console.error("CSP-VIOLATION " + e.violatedDirective + " " + (e.blockedURI || "inline") + " at "
    + e.documentURI + (e.sample ? " sample=" + e.sample : ""));
});
"""


class Violations:
    """Every CSP violation a browser context reports: the event above, and Chromium's own console errors."""

    def __init__(self, context):
        self.messages: list[str] = []
        context.add_init_script(LISTEN_FOR_VIOLATIONS)
        context.on("console", self._on_console)
        context.on("weberror", lambda error: self.messages.append(f"page error: {error.error}"))

    def _on_console(self, message):
        text = message.text
        if "CSP-VIOLATION" in text or "Content Security Policy" in text:
            self.messages.append(text)

    def assert_none(self, where: str):
        assert not self.messages, f"{where}: {self.messages}"


def open_context(chromium_browser, live_server):
    context = chromium_browser.new_context(base_url=live_server.url, locale="en-US")
    context.set_default_timeout(15000)
    return context, Violations(context)


def sign_in(page, email):
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_load_state()
    assert "/accounts/login/" not in page.url


@pytest.fixture
def product():
    family = ProductFamily.objects.create(name="Road bikes")
    return Product.objects.create(
        sku="RB-1", name="Road bike", family=family, list_price="1200.00", channel_eligibility="both"
    )


def test_partner_pages_work_under_the_policy(chromium_browser, live_server, world, product):
    context, violations = open_context(chromium_browser, live_server)
    page = context.new_page()
    response = page.goto("/accounts/login/")
    assert "script-src 'self' 'nonce-" in response.headers["content-security-policy"]
    sign_in(page, "admin@alpha.test")
    assert "/my/" in page.url
    violations.assert_none("partner login and home")

    # A deal registration: the form page, saved as a draft, then its page.
    page.goto("/deals/new/")
    page.get_by_label("Customer name").fill("Northwind Cycles")
    page.get_by_label("Customer web domain").fill("northwind-cycles.example")
    choose(page, "id_customer_country", "Germany", "DE")
    page.get_by_label("Expected close date").fill((timezone.localdate() + timedelta(days=30)).isoformat())
    choose(page, "id_lines-0-product_id", product.sku, str(product.public_id))
    page.locator("#id_lines-0-quantity").fill("2")
    page.get_by_role("button", name="Save draft").click()
    page.wait_for_url(re.compile(r"/deals/[0-9a-f-]{36}/$"))
    assert DealRegistration.objects.get().customer_name == "Northwind Cycles"
    violations.assert_none("deal registration form and page")

    # The partner's deal list filters through HTMX.
    page.goto("/deals/")
    with page.expect_response(lambda r: r.request.headers.get("hx-request") == "true"):
        # The list's box, not the global search box in the top bar.
        page.locator("main input[type=search]").press_sequentially("nothing-matches-this")
    page.wait_for_url(re.compile(r"q=nothing-matches-this"))
    assert "Northwind Cycles" not in page.locator("#results").inner_text()
    violations.assert_none("deal list filter")

    # The tokens page: the new value is selected on focus by kanal.js, not by an inline handler.
    page.goto("/settings/tokens/")
    page.get_by_label("Token name").fill("CRM sync")
    page.get_by_role("button", name="Create token").click()
    page.wait_for_load_state()
    field = page.get_by_label("New token")
    field.focus()
    selected = page.evaluate(
        "() => document.activeElement.selectionEnd - document.activeElement.selectionStart"
    )
    assert selected == len(field.input_value()) > 30
    violations.assert_none("tokens page")

    # The language switch submits itself (data-autosubmit) and the page comes back in Russian.
    page.goto("/my/")
    page.locator("#language-switch").select_option("ru")
    page.wait_for_load_state()
    page.wait_for_function("() => document.documentElement.lang === 'ru'")
    violations.assert_none("language switch")
    context.close()


def test_staff_pages_and_api_docs_work_under_the_policy(chromium_browser, live_server, world):
    context, violations = open_context(chromium_browser, live_server)
    page = context.new_page()
    sign_in(page, "cam@vendor.test")
    assert "/dashboard/" in page.url
    violations.assert_none("staff login and dashboard")

    # The partner directory filters as you type (HTMX swaps #results and pushes the URL).
    page.goto("/partners/")
    results = page.locator("#results")
    assert "Bravo Trading" in results.inner_text()
    with page.expect_response(lambda r: r.request.headers.get("hx-request") == "true"):
        page.get_by_label("Search").press_sequentially("Alpha")
    page.wait_for_url(re.compile(r"q=Alpha"))
    page.wait_for_function("() => !document.querySelector('#results').innerText.includes('Bravo Trading')")
    assert "Alpha Systems" in results.inner_text()
    assert page.locator("style").count() == 0  # htmx injected no indicator styles
    violations.assert_none("partner directory filter")

    # The pipeline's "More filters" fetches its controls when opened; choosing one filters the list.
    page.goto("/deals/pipeline/")
    assert page.locator("select[name=currency]").count() == 0
    with page.expect_response(lambda r: "filters=more" in r.url):
        page.get_by_text("More filters").click()
    with page.expect_response(lambda r: "currency=EUR" in r.url):
        page.locator("select[name=currency]").select_option("EUR")
    page.wait_for_url(re.compile(r"currency=EUR"))
    page.reload()  # the filter now set shows among the others, chosen
    assert page.locator("select[name=currency]").input_value() == "EUR"
    assert page.locator(".more-filters").count() == 0
    page.goto(f"/partners/{world.partner_a.public_id}/")
    violations.assert_none("pipeline and partner page")

    # Two-factor set-up: allauth's page with the QR code (a data: image).
    page.goto(reverse("mfa_activate_totp"))
    if "/reauthenticate/" in page.url:  # allauth asks for the password again first
        page.get_by_label("Password").fill(PASSWORD)
        page.locator("main button[type=submit]").click()
        page.wait_for_url(re.compile(r"/totp/activate"))
    qr = page.locator("img[src^='data:image/svg+xml']")
    qr.wait_for()
    assert page.evaluate("(img) => img.complete && img.naturalWidth > 0", qr.element_handle())
    violations.assert_none("two-factor set-up")

    # Swagger UI renders the API and its operations under its own policy.
    response = page.goto("/api/docs")
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    page.locator(".swagger-ui .info .title").wait_for()
    assert "Kanal API" in page.locator(".swagger-ui .info .title").inner_text()
    # Open "Who the request acts as", try it out with the session: the answer is rendered, highlighted.
    page.get_by_text("Who the request acts as").click()
    page.get_by_role("button", name="Try it out").click()
    page.get_by_role("button", name="Execute").click()
    page.locator(".live-responses-table .response-col_status").first.wait_for()
    assert "cam@vendor.test" in page.locator(".live-responses-table").inner_text()
    violations.assert_none("/api/docs")
    context.close()


def test_the_check_can_fail(chromium_browser, live_server, world):
    """An inline script without the nonce is refused and reported: the listener above sees violations."""
    context, violations = open_context(chromium_browser, live_server)
    page = context.new_page()
    page.goto("/accounts/login/")
    page.evaluate(
        """() => {
          const styled = document.createElement("div");
          styled.setAttribute("style", "color: red");
          document.body.appendChild(styled);
          const button = document.createElement("button");
          button.setAttribute("onclick", "window.clicked = 1");
          document.body.appendChild(button);
          button.click();
        }"""
    )
    page.wait_for_timeout(300)
    assert violations.messages
    assert page.evaluate("() => window.clicked") is None
    context.close()
