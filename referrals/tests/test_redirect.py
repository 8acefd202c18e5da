"""`/r/<code>` as an anonymous visitor meets it, the facts the referral benchmark (bench/referrals) relies on:
a 302 to the approved destination with the link's UTM parameters, the attribution cookie and no other (no
session, no csrftoken), one committed click per 302; nothing recorded for an unknown or switched-off link, nor
for a HEAD (link previews)."""

from urllib.parse import parse_qsl, urlsplit

import pytest
from django.test import Client
from django.urls import reverse

from partners.choices import PartnerStatus
from referrals.clicks import COOKIE
from referrals.models import AgentClass, Click, ReferralLink
from referrals.selectors import forget_settings, referral_settings

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"


@pytest.fixture
def link(world, approved):
    """A link of partner A to the approved vendor site (conftest: `approved`), made as the benchmark makes its
    own: straight into the table, with a page's own query and three UTM parameters."""
    return ReferralLink.objects.create(
        partner=world.partner_a,
        code="Abc12345",
        name="Spring",
        destination="https://www.vendor.example/pricing/?plan=pro",
        utm_source="alpha",
        utm_medium="referral",
        utm_campaign="spring",
    )


def follow(code: str, *, method: str = "get", client: Client | None = None):
    client = client or Client(
        headers={
            "User-Agent": BROWSER,
            "Accept-Language": "de-AT,de;q=0.9",
            "Referer": "https://blog.example/x",
        }
    )
    return getattr(client, method)(reverse("referrals_short:follow", args=[code]))


def test_an_anonymous_visitor_is_sent_on_with_the_utm_parameters_and_only_the_attribution_cookie(link):
    response = follow(link.code)

    assert response.status_code == 302
    target = urlsplit(response["Location"])
    assert (target.scheme, target.netloc, target.path) == ("https", "www.vendor.example", "/pricing/")
    assert dict(parse_qsl(target.query)) == {
        "plan": "pro",
        "utm_source": "alpha",
        "utm_medium": "referral",
        "utm_campaign": "spring",
    }
    assert set(response.cookies) == {COOKIE}  # no session, no csrftoken
    cookie = response.cookies[COOKIE]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert cookie["max-age"] == referral_settings(fresh=True).window_days * 86400
    assert response["Cache-Control"] == "no-store"

    click = Click.objects.get()
    assert (click.link_id, click.partner_id, click.visitor) == (link.pk, link.partner_id, cookie.value)
    assert (click.agent, click.country, click.referrer_host, click.flag) == (
        AgentClass.BROWSER,
        "AT",
        "blog.example",
        "",
    )
    assert click.ip_hash and "127.0.0.1" not in click.ip_hash


def test_a_returning_visitor_keeps_its_token(link):
    client = Client(headers={"User-Agent": BROWSER})
    first = follow(link.code, client=client)
    second = follow(link.code, client=client)
    assert first.cookies[COOKIE].value == second.cookies[COOKIE].value
    assert set(Click.objects.values_list("visitor", flat=True)) == {first.cookies[COOKIE].value}
    assert Click.objects.count() == 2


def test_a_bot_is_sent_on_and_its_click_flagged(link):
    response = follow(link.code, client=Client(headers={"User-Agent": "curl/8.5.0"}))
    assert response.status_code == 302
    assert Click.objects.get().flag == "bot"


@pytest.mark.parametrize("case", ["unknown", "inactive", "offboarded_partner", "destination_not_approved"])
def test_a_link_that_leads_nowhere_is_404_and_records_no_click(link, case):
    code = link.code
    if case == "unknown":
        code = "Nope0000"
    elif case == "inactive":
        ReferralLink.objects.filter(pk=link.pk).update(active=False)
    elif case == "offboarded_partner":
        link.partner.status = PartnerStatus.OFFBOARDED
        link.partner.save(update_fields=["status"])
    else:
        settings = referral_settings(fresh=True)
        settings.allowed_hosts = ["other.example"]
        settings.save(update_fields=["allowed_hosts"])
        forget_settings()

    response = follow(code)

    assert response.status_code == 404
    assert COOKIE not in response.cookies
    assert not Click.objects.exists()


def test_head_is_answered_without_a_click(link):
    response = follow(link.code, method="head")
    assert response.status_code == 302
    assert not Click.objects.exists()


def test_only_get_and_head(link):
    assert follow(link.code, method="post").status_code == 405
    assert not Click.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_on_postgresql_each_302_follows_a_committed_click_and_the_connection_is_left_as_it_was(world):
    """The click's own transaction relaxes its commit (`synchronous_commit` off) and nothing after it: the
    connection serves later requests' writes as configured."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("synchronous_commit is PostgreSQL's")
    import psycopg

    settings = referral_settings(fresh=True)
    settings.allowed_hosts = ["vendor.example"]
    settings.save(update_fields=["allowed_hosts"])
    forget_settings()
    link = ReferralLink.objects.create(
        partner=world.partner_a, code="Pg123456", name="Pg", destination="https://vendor.example/"
    )
    response = follow(link.code)
    assert response.status_code == 302
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        assert cursor.fetchone()[0] == "on"
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    with psycopg.connect(**params) as other:  # another session sees the row: it is committed
        row = other.execute("SELECT visitor FROM referrals_click WHERE link_id = %s", [link.pk]).fetchone()
    assert row == (response.cookies[COOKIE].value,)

    # The one-statement form, for a connection configured with server-side binding (one statement a query).
    from django.utils import timezone

    from referrals.services import _CLICK_COLUMNS, _insert_click_sql

    values = {"link_id": link.pk, "partner_id": link.partner_id, "clicked_at": timezone.now()}
    values |= {"visitor": "server-side", "ip_hash": "x", "referrer_host": "", "country": ""}
    values |= {"agent": "other", "flag": ""}
    connection.ensure_connection()
    with psycopg.Cursor(connection.connection) as server_side:
        server_side.execute(
            _insert_click_sql(server_side_binding=True), [values[name] for name in _CLICK_COLUMNS]
        )
        server_side.execute("SHOW synchronous_commit")
        assert server_side.fetchone() == ("on",)
    assert Click.objects.filter(visitor="server-side").count() == 1
