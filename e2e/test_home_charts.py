"""In Chromium: the home page draws its charts from the JSON beside them under the real CSP (no violation),
folds the table fallback away once drawn, and a bar is a link to the registrations it stands for."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from deals.models import DealRegistration
from e2e.test_csp import open_context, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("email", ["chief@vendor.test", "admin@alpha.test"])
def test_the_home_draws_charts_whose_bars_open_their_list(chromium_browser, live_server, world, email):
    for stage, amount in (("qualification", "5000.00"), ("commit", "9000.00")):
        DealRegistration.objects.create(
            partner=world.partner_a,
            customer_name=f"Customer {stage}",
            status="submitted",
            stage=stage,
            amount=Decimal(amount),
            submitted_at=timezone.now() - timedelta(days=2),
            expected_close_date=timezone.localdate() + timedelta(days=40),
        )
    context, violations = open_context(chromium_browser, live_server)
    page = context.new_page()
    sign_in(page, email)
    box = page.locator("[data-chart$='pipeline-by-stage-chart']")
    box.wait_for(state="visible")
    assert page.evaluate("() => !!window.Chart")
    table = box.locator("xpath=..").locator("details[data-chart-table]")
    assert table.get_attribute("open") is None  # folded once the chart is drawn
    canvas = box.locator("canvas")
    assert canvas.get_attribute("role") == "img"
    size = canvas.bounding_box()
    assert size["width"] > 100 and size["height"] > 100
    violations.assert_none("home with charts")

    # The "commit" bar is the last of four stages on a horizontal chart: click its middle.
    canvas.scroll_into_view_if_needed()
    found = page.evaluate(
        """() => {
        const chart = Object.values(window.Chart.instances).find(
            (c) => c.canvas.closest("[data-chart$='pipeline-by-stage-chart']"));
        const bar = chart.getDatasetMeta(0).data[3];
        const rect = chart.canvas.getBoundingClientRect();
        return {x: rect.left + (bar.x + bar.base) / 2, y: rect.top + bar.y};
        }"""
    )
    page.mouse.click(found["x"], found["y"])
    page.wait_for_url("**stage=commit**")
    assert "Customer commit" in page.content() and "Customer qualification" not in page.content()
    context.close()
