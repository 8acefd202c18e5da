"""In Chromium, under the real CSP: the bell opens its dropdown (loaded by HTMX when it opens), mark-all-read
empties the count without leaving the page, and the browser reports no CSP violation."""

import pytest
from django.utils.translation import gettext_noop

from e2e.test_csp import open_context, sign_in
from notifications.services import notify

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_bell_dropdown_and_mark_all_read(chromium_browser, live_server, world):
    for name in ("Bikes", "Helmets"):
        notify(
            users=[world.admin_a],
            verb="test.event",
            message=gettext_noop("Product family %(name)s created."),
            params={"name": name},
            link="/catalog/partner/",
        )
    notify(users=[world.admin_b], verb="test.event", message="Someone else's", link="/")
    context, violations = open_context(chromium_browser, live_server)
    page = context.new_page()
    sign_in(page, world.admin_a.email)
    bell = page.locator("#notification-bell")
    assert bell.get_attribute("aria-label") == "Notifications: 2 unread"
    assert page.locator("#notification-panel").is_hidden()
    bell.click()
    panel = page.locator("#notification-panel")
    panel.get_by_text("Product family Helmets created.").wait_for()
    assert panel.get_by_text("Someone else").count() == 0
    url = page.url
    panel.get_by_role("button", name="Mark all as read").click()
    page.locator("#notification-bell[aria-label='Notifications: 0 unread']").wait_for()
    assert page.url == url and panel.get_by_role("button", name="Mark all as read").count() == 0
    assert page.locator(".notification-count").count() == 0
    violations.assert_none("bell dropdown")
    context.close()
