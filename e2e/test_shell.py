"""The app shell in Chromium: the sidebar collapses on wide screens (and stays so on the next page), opens as
a drawer on phones (keyboard included), the partner page's tabs swap through htmx, pages follow the system's
dark setting, and no page of the shell is wider than a phone."""

import pytest

from accounts.testing import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 768}


def _context(chromium_browser, live_server, viewport, **options):
    context = chromium_browser.new_context(
        base_url=live_server.url, locale="en-US", viewport=viewport, **options
    )
    context.set_default_timeout(15000)
    return context


def sign_in(page, email):
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_load_state()
    assert "/accounts/login/" not in page.url


def document_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_the_sidebar_collapses_on_desktop_and_the_next_page_remembers(chromium_browser, live_server, world):
    context = _context(chromium_browser, live_server, DESKTOP)
    page = context.new_page()
    sign_in(page, world.cam.email)
    page.goto("/partners/")
    toggle = page.locator("#nav-toggle")
    sidebar = page.locator("#sidebar")
    assert (
        toggle.get_attribute("aria-expanded") == "true" and toggle.get_attribute("aria-controls") == "sidebar"
    )
    wide = sidebar.bounding_box()["width"]
    assert page.get_by_role("navigation", name="Main").get_by_text("Partners", exact=True).first.is_visible()
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "false"
    assert sidebar.bounding_box()["width"] < wide / 2  # icons only
    page.goto("/deals/pipeline/")  # the server renders the collapsed sidebar from the cookie
    assert "sidebar-collapsed" in page.locator("body").get_attribute("class")
    assert page.locator("#nav-toggle").get_attribute("aria-expanded") == "false"
    page.locator("#nav-toggle").click()
    assert "sidebar-collapsed" not in page.locator("body").get_attribute("class")
    context.close()


def test_on_a_phone_the_sidebar_is_a_drawer_that_works_with_the_keyboard(
    chromium_browser, live_server, world
):
    context = _context(chromium_browser, live_server, PHONE)
    page = context.new_page()
    sign_in(page, world.admin_a.email)
    page.goto("/deals/")
    toggle = page.locator("#nav-toggle")
    sidebar = page.locator("#sidebar")
    assert not sidebar.is_visible() and toggle.get_attribute("aria-expanded") == "false"
    toggle.focus()
    page.keyboard.press("Enter")
    sidebar.locator("a").first.wait_for(state="visible")
    assert toggle.get_attribute("aria-expanded") == "true"
    assert page.evaluate("document.getElementById('sidebar').contains(document.activeElement)")
    page.keyboard.press("Escape")
    page.wait_for_function("!document.body.classList.contains('nav-open')")
    assert toggle.get_attribute("aria-expanded") == "false"
    assert page.evaluate("document.activeElement.id") == "nav-toggle"
    # a link in the drawer goes to its page
    toggle.click()
    sidebar.get_by_role("link", name="Team").click()
    page.wait_for_url("**/my/team/")
    assert document_width(page) <= PHONE["width"]
    context.close()


def test_partner_page_tabs_swap_through_htmx_and_keep_the_url(chromium_browser, live_server, world):
    context = _context(chromium_browser, live_server, DESKTOP)
    page = context.new_page()
    sign_in(page, world.cam.email)
    page.goto(f"/partners/{world.partner_a.public_id}/")
    assert page.get_by_role("tab", name="Overview").get_attribute("aria-selected") == "true"
    page.evaluate("window.notReloaded = true")
    with page.expect_response(lambda r: r.request.headers.get("hx-request") == "true"):
        page.get_by_role("tab", name="Team").click()
    page.get_by_role("tab", name="Team", selected=True).wait_for()
    assert page.url.endswith("?tab=team")
    assert page.evaluate("window.notReloaded") is True  # swapped, not loaded
    assert "admin@alpha.test" in page.get_by_role("tabpanel").inner_text()
    page.keyboard.press("ArrowRight")
    assert page.evaluate("document.activeElement.id") == "tab-onboarding"
    page.go_back()
    page.get_by_role("tab", name="Overview", selected=True).wait_for()
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_pages_follow_the_system_theme_and_fit_a_phone(chromium_browser, live_server, world, scheme):
    context = _context(chromium_browser, live_server, PHONE, color_scheme=scheme)
    page = context.new_page()
    sign_in(page, world.cam.email)
    for url in (f"/partners/{world.partner_a.public_id}/", "/partners/", "/deals/pipeline/", "/nowhere/"):
        page.goto(url)
        assert document_width(page) <= PHONE["width"], url
    background = page.evaluate("getComputedStyle(document.documentElement).backgroundColor")
    channels = [int(c) for c in background[background.index("(") + 1 : background.index(")")].split(",")[:3]]
    assert (sum(channels) / 3 < 80) == (scheme == "dark"), background
    context.close()
