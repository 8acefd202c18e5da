"""The global search box in Chromium, under the real Content-Security-Policy: "/" and Ctrl+K focus it, the
typeahead swaps in through HTMX (scoped to the partner), the arrow keys reach its links, Escape closes it."""

import pytest

from accounts.testing import make_partner
from e2e.test_csp import open_context, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_global_search_box(chromium_browser, live_server, world):
    make_partner("Progressive Sports")  # another partner: not for partner A's users
    context, violations = open_context(chromium_browser, live_server)
    page = context.new_page()
    sign_in(page, world.admin_a.email)
    page.goto("/my/")
    box = page.locator("#global-search")

    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "global-search"
    with page.expect_response(lambda r: r.request.headers.get("hx-request") == "true"):
        page.keyboard.type("alpha systms", delay=20)
    panel = page.locator("#search-typeahead")
    panel.get_by_role("link", name="Alpha Systems").wait_for()
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.closest('#search-typeahead') !== null")
    page.keyboard.press("Escape")
    assert panel.inner_text() == ""

    box.fill("")
    page.locator("h1").first.click()
    page.keyboard.press("Control+k")
    assert page.evaluate("document.activeElement.id") == "global-search"
    with page.expect_response(lambda r: r.request.headers.get("hx-request") == "true"):
        page.keyboard.type("progresive", delay=20)
    page.wait_for_timeout(300)
    assert "Progressive" not in panel.inner_text()

    page.keyboard.press("Enter")  # the full page
    page.wait_for_url("**/search/?q=progresive")
    assert "Nothing found" in page.locator("#results").inner_text()
    violations.assert_none("global search")
    context.close()
