"""The role home pages: each role's widgets, the deal figures and charts, and the promise that every number
links to the list that produced it (following the link shows exactly as many rows as the number counts)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from accounts.testing import make_user
from core.roles import StaffRole
from dashboard.widgets import PARTNER_HOME, STAFF_HOME, widgets_for
from deals.filters import quarter_key
from deals.models import DealRegistration, ExtensionRequest
from deals.selectors import registration_list

pytestmark = pytest.mark.django_db

STAFF = ["chief", "cam", "ops", "marketing"]
PARTNERS = ["admin_a", "rep_a", "admin_b", "dist_admin", "reseller_admin"]


def _reg(partner, customer, status, *, amount="1000.00", currency="USD", days_ago=3, **extra):
    now = timezone.now()
    values = {
        "partner": partner,
        "customer_name": customer,
        "status": status,
        "amount": Decimal(amount),
        "currency": currency,
        "stage": extra.pop("stage", "proposal"),
        "expected_close_date": extra.pop("close", timezone.localdate() + timedelta(days=60)),
    }
    if status != "draft":
        values["submitted_at"] = now - timedelta(days=days_ago)
    if status in ("approved", "rejected", "appealed", "won", "lost", "expired"):
        values["decided_at"] = now - timedelta(days=days_ago - 1)
    if status in ("won", "lost"):
        values["closed_at"] = now - timedelta(days=1)
    return DealRegistration.objects.create(**(values | extra))


@pytest.fixture
def pipeline(world):
    """Registrations in every state for partners A and B and the distributor's reseller; a second CAM holds
    partner B, so the first CAM's portfolio is A, the distributor and the reseller."""
    other_cam = make_user("cam2@vendor.test", staff_role=StaffRole.CAM, full_name="Other Cam")
    type(world.partner_b).objects.filter(pk=world.partner_b.pk).update(cam=other_cam)
    today = timezone.localdate()
    a, b, r = world.partner_a, world.partner_b, world.reseller
    rows = {
        "a_submitted_old": _reg(a, "Old Submitted", "submitted", days_ago=9),
        "a_submitted_new": _reg(a, "New Submitted", "submitted", days_ago=2, stage="commit"),
        "a_approved_soon": _reg(a, "Ends Soon", "approved", protected_until=today + timedelta(days=14)),
        "a_approved_today": _reg(a, "Ends Today", "approved", protected_until=today),
        "a_approved_later": _reg(a, "Ends Later", "approved", protected_until=today + timedelta(days=15)),
        "a_approved_past": _reg(a, "Ended", "approved", protected_until=today - timedelta(days=1)),
        "a_appealed": _reg(a, "Appealed", "appealed", amount="500.00"),
        "a_won": _reg(a, "Won", "won", won_amount=Decimal("1200.00")),
        "a_lost": _reg(a, "Lost", "lost"),
        "a_draft": _reg(a, "A Draft", "draft"),
        "a_eur": _reg(a, "Euro Deal", "submitted", currency="EUR", amount="700.00", close=None),
        "b_submitted": _reg(b, "Bravo Submitted", "submitted", amount="9000.00"),
        "b_approved_soon": _reg(b, "Bravo Ends Soon", "approved", protected_until=today + timedelta(days=3)),
        "b_won": _reg(b, "Bravo Won", "won", amount="4000.00"),
        "r_submitted": _reg(r, "Reseller Submitted", "submitted", registered_via=world.distributor),
        "r_draft": _reg(r, "Reseller Draft", "draft"),
    }
    ExtensionRequest.objects.create(
        registration=rows["a_approved_soon"], requested_by=world.rep_a, days=30, reason="More time"
    )
    return rows


def _home(user) -> str:
    return "/dashboard/" if user.staff_role else "/my/"


def _figures_and_points(world, user):
    actor = world.actor(user)
    page = STAFF_HOME if actor.is_staff else PARTNER_HOME
    for widget in widgets_for(actor=actor, page=page):
        for figure in widget.figures():
            yield widget.name, figure.url, figure.value
        chart = widget.chart()
        if chart is not None:
            for series in chart.series:
                for point in series.points:
                    if point is not None:
                        yield widget.name, point.url, point.count


@pytest.mark.parametrize("persona", STAFF + PARTNERS)
def test_every_number_and_bar_on_a_home_links_to_a_list_of_exactly_its_rows(world, pipeline, login, persona):
    user = getattr(world, persona)
    client = login(user)
    numbers = list(_figures_and_points(world, user))
    assert numbers
    for name, url, count in numbers:
        page = client.get(url)
        assert page.status_code == 200, (name, url)
        assert page.context["total"] == count, (name, url, count)
    assert any(count > 0 for _, _, count in numbers)


def _figure(world, user, widget_name, label_part):
    actor = world.actor(user)
    page = STAFF_HOME if actor.is_staff else PARTNER_HOME
    widget = next(w for w in widgets_for(actor=actor, page=page) if w.name == widget_name)
    return next(f for f in widget.figures() if label_part in str(f.label))


def test_the_chiefs_queue_counts_the_whole_channel_and_appeals(world, pipeline):
    submitted = _figure(world, world.chief, "deals.awaiting_decision", "submitted")
    assert submitted.value == 5  # A's three (one in EUR), B's, the reseller's; never drafts
    assert _figure(world, world.chief, "deals.awaiting_decision", "appeal").value == 1
    assert _figure(world, world.chief, "deals.awaiting_decision", "extension").value == 1


def test_a_cam_sees_their_own_portfolio(world, pipeline):
    submitted = _figure(world, world.cam, "deals.awaiting_decision", "submitted")
    assert submitted.value == 4  # partner B belongs to the other CAM
    assert f"cam={world.cam.public_id}" in submitted.url
    names = {w.name for w in widgets_for(actor=world.actor(world.cam), page=STAFF_HOME)}
    queue = next(w for w in widgets_for(actor=world.actor(world.cam), page=STAFF_HOME) if w.name in names)
    assert queue
    labels = [str(f.label) for f in _queue(world, world.cam).figures()]
    assert not any("appeal" in label for label in labels)  # appeals are the chief's
    expiring = _figure(world, world.cam, "deals.expiring", "protection")
    assert expiring.value == 2  # A's: ends today and in 14 days (B's is the other CAM's; 15 days is later)


def _queue(world, user):
    return next(
        w
        for w in widgets_for(actor=world.actor(user), page=STAFF_HOME)
        if w.name == "deals.awaiting_decision"
    )


def test_operations_and_marketing_see_the_pipeline_but_no_decision_work(world, pipeline):
    for user in (world.ops, world.marketing):
        labels = [str(f.label) for f in _queue(world, user).figures()]
        assert labels == ["registrations submitted"]
        names = {w.name for w in widgets_for(actor=world.actor(user), page=STAFF_HOME)}
        assert {"deals.key_figures", "deals.pipeline_by_quarter", "deals.pipeline_by_stage"} <= names
        assert "partners.my_portfolio" not in names


def test_key_figures(world, pipeline):
    widget = next(
        w
        for w in widgets_for(actor=world.actor(world.chief), page=STAFF_HOME)
        if w.name == "deals.key_figures"
    )
    figures = {str(f.label).split(" (")[0]: f for f in widget.figures()}
    by_text = {f.text: f for f in widget.figures()}
    # open: submitted, approved (protected or not), appealed; per currency, never converted
    open_usd = sum(
        r.amount
        for r in pipeline.values()
        if r.status in ("submitted", "approved", "appealed") and r.currency == "USD"
    )
    assert f"USD {open_usd:,.0f}" in by_text
    assert by_text[f"USD {open_usd:,.0f}"].value == 10
    assert "EUR 700" in by_text
    # won: won_amount when recorded, else the amount
    assert "USD 5,200" in by_text and by_text["USD 5,200"].value == 2
    assert figures["win rate"].text == "67%" and figures["win rate"].value == 3
    assert figures["average time to decision"].text == "1 day"


def test_a_partner_counts_only_its_company(world, pipeline):
    widget = next(
        w
        for w in widgets_for(actor=world.actor(world.admin_b), page=PARTNER_HOME)
        if w.name == "deals.my_key_figures"
    )
    texts = [f.text for f in widget.figures()]
    assert "USD 10,000" in texts  # B's submitted 9000 and approved 1000: nothing of A's
    needing = next(
        w
        for w in widgets_for(actor=world.actor(world.admin_b), page=PARTNER_HOME)
        if w.name == "deals.needing_action"
    )
    assert [f.value for f in needing.figures()] == [0, 1]


def test_a_distributor_counts_its_resellers_registrations(world, pipeline):
    needing = next(
        w
        for w in widgets_for(actor=world.actor(world.dist_admin), page=PARTNER_HOME)
        if w.name == "deals.needing_action"
    )
    drafts = needing.figures()[0]
    assert drafts.value == 1  # the reseller's draft
    assert needing.get_context()["drafts"][0].customer_name == "Reseller Draft"
    # the reseller does not see the distributor's other resellers or the distributor: only its own
    assert (
        registration_list(actor=world.actor(world.reseller_admin), filters={"status": "draft"}).count() == 1
    )


def test_the_pipeline_chart_groups_by_quarter_and_currency(world, pipeline):
    widget = next(
        w
        for w in widgets_for(actor=world.actor(world.chief), page=STAFF_HOME)
        if w.name == "deals.pipeline_by_quarter"
    )
    chart = widget.chart()
    assert [s.name for s in chart.series] == ["EUR", "USD"]
    usd = dict(zip(chart.categories, chart.series[1].points, strict=True))
    quarter = quarter_key(timezone.localdate() + timedelta(days=60))
    label = f"Q{quarter[-1]} {quarter[:4]}"
    assert usd[label].count == 10
    eur = dict(zip(chart.categories, chart.series[0].points, strict=True))
    assert eur["No close date"].count == 1 and eur["No close date"].text == "EUR 700"
    assert "close_quarter=none" in eur["No close date"].url


def test_the_home_page_draws_charts_with_a_table_fallback_and_no_inline_script(world, pipeline, login):
    response = login(world.chief).get("/dashboard/")
    content = response.content.decode()
    nonce = response.context["csp_nonce"]
    assert f'<script nonce="{nonce}" src="/static/vendor/chart-4.6.1.umd.min.js" defer></script>' in content
    assert f'<script nonce="{nonce}" src="/static/kanal/charts.js" defer></script>' in content
    assert 'data-chart="widget-deals-pipeline-by-stage-chart"' in content
    assert '<script id="widget-deals-pipeline-by-stage-chart" type="application/json">' in content
    assert 'role="img" aria-label="Open pipeline by stage' in content
    assert "<caption" in content and "Data table" in content


def test_the_partner_home_offers_register_a_deal_first(world, pipeline, login):
    for user in (world.admin_a, world.rep_a):
        page = login(user).get("/my/")
        names = [w.name for w in page.context["widgets"]]
        assert names.index("deals.register") < names.index("partners.summary")
        assert 'href="/deals/new/"' in page.content.decode()


def test_ages_and_days_read_in_russian_plurals(world, pipeline, login):
    client = login(world.chief)
    client.cookies["django_language"] = "ru"
    with translation.override("en"):
        content = client.get("/dashboard/").content.decode()
    assert "9 дней" in content  # the oldest submission's age
    assert "2 дня" in content
    assert "Воронка" in content or "воронка" in content


def test_link_only_filters_show_on_the_list_only_while_they_filter(world, pipeline, login):
    client = login(world.chief)
    plain = client.get("/deals/pipeline/").context["form"]
    assert "close_quarter" not in plain.fields and "extension" not in plain.fields
    filtered = client.get("/deals/pipeline/?extension=pending").context["form"]
    assert "extension" in filtered.fields
    assert client.get("/deals/pipeline/?extension=pending").context["total"] == 1


def test_a_wrong_quarter_is_refused_by_the_api_and_dropped_by_the_page(world, pipeline, login, api_client):
    answer = api_client(world.chief).get("/api/deals/registrations?close_quarter=2026-Q5")
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["field"] == "close_quarter"
    good = api_client(world.chief).get("/api/deals/registrations?close_quarter=none&currency=EUR")
    assert good.status_code == 200 and good.json()["count"] == 1
    page = login(world.chief).get("/deals/pipeline/?close_quarter=2026-Q5")
    assert page.status_code == 200


def test_a_partner_cannot_filter_by_extension_requests(world, pipeline, api_client):
    """Extension requests are the vendor's queue: the filter is staff-only, like the CAM and the partner."""
    answer = api_client(world.admin_a).get("/api/deals/registrations?extension=pending")
    assert answer.status_code == 200
    assert answer.json()["count"] == registration_list(actor=world.actor(world.admin_a)).count()


def _queries(client, path) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("persona", STAFF + ["admin_a", "dist_admin"])
def test_each_home_page_has_a_constant_query_budget(world, pipeline, login, persona):
    user = getattr(world, persona)
    client = login(user)
    path = _home(user)
    _queries(client, path)
    few = _queries(client, path)
    for i in range(6):
        for status in ("submitted", "approved", "won", "draft"):
            _reg(world.partner_a, f"More {status} {i}", status, protected_until=timezone.localdate())
            _reg(
                world.reseller,
                f"Reseller {status} {i}",
                status,
                close=timezone.localdate() + timedelta(days=200 + i * 90),
            )
    assert _queries(client, path) == few
    assert few <= 20, few  # the deal cards count in one query; the partner cards share theirs


def test_on_the_demo_every_home_number_leads_to_its_rows(demo):
    """The same promise on the seeded demo, for every demo login (CAMs with portfolios, a distributor with
    resellers): each figure and bar of their home opens a list of exactly that many rows."""
    from django.test import Client

    from accounts.models import User
    from demo.seeding import demo_logins

    checked = 0
    for login_row in demo_logins():
        user = User.objects.get(email=login_row.email)
        client = Client()
        client.force_login(user)
        assert client.get(_home(user)).status_code == 200, login_row.email
        for name, url, count in _figures_and_points(_DemoWorld(), user):
            assert client.get(url).context["total"] == count, (login_row.email, name, url)
            checked += 1
    assert checked > 50


class _DemoWorld:
    def actor(self, user):
        from core.actor import build_actor

        return build_actor(user)
