"""Links (made by partners, refused destinations change nothing) and the short link's redirect."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from referrals.clicks import COOKIE, agent_class, country_from_language
from referrals.models import Click, ReferralLink
from referrals.services import link_create, link_set_active, link_update


@pytest.mark.parametrize(
    "destination",
    [
        "https://evil.example/phish",
        "//evil.example/",
        "javascript:alert(1)",
        "https://vendor.example.evil.example/",
        "https://user@vendor.example/",
        "/r/abc",
        "ftp://vendor.example/",
        "",
    ],
)
def test_a_destination_outside_the_approved_sites_is_refused_and_nothing_is_made(
    world, approved, destination
):
    with pytest.raises(ValidationError) as refused:
        link_create(actor=world.actor(world.rep_a), data={"name": "Bad", "destination": destination})
    codes = {e.code for errors in refused.value.error_dict.values() for e in errors}
    assert codes & {"destination_not_allowed", "required"}
    assert not ReferralLink.objects.exists()


def test_a_partner_makes_links_to_the_vendor_and_to_kanal_pages(world, approved):
    actor = world.actor(world.rep_a)
    vendor = link_create(
        actor=actor, data={"name": "Shop", "destination": "https://shop.vendor.example/x", "personal": True}
    )
    landing = link_create(actor=actor, data={"name": "Campaign", "destination": "/p/alpha/spring/"})
    assert vendor.partner == world.partner_a and vendor.owner == world.rep_a
    assert landing.owner is None and len(vendor.code) == 8 and vendor.code != landing.code


def test_staff_do_not_make_links_but_may_switch_one_off(world, link_a):
    with pytest.raises(PermissionDenied):
        link_create(actor=world.actor(world.ops), data={"name": "x", "destination": "/p/a/b/"})
    link_set_active(actor=world.actor(world.marketing), link=link_a, active=False)
    link_a.refresh_from_db()
    assert not link_a.active
    with pytest.raises(PermissionDenied):  # the partner's words are the partner's to change
        link_update(actor=world.actor(world.ops), link=link_a, data={"name": "Renamed"})


def test_another_partner_cannot_touch_a_link(world, link_a):
    from django.http import Http404

    with pytest.raises(Http404):
        link_update(actor=world.actor(world.admin_b), link=link_a, data={"name": "Hijacked"})


def test_a_rep_keeps_its_own_links_and_the_admin_keeps_all(world, link_a, approved):
    other_rep = world.actor(world.rep_a)
    from accounts.testing import make_member

    colleague = make_member(world.partner_a, "colleague@alpha.test")
    with pytest.raises(PermissionDenied):
        link_update(actor=world.actor(colleague), link=link_a, data={"name": "Mine now"})
    link_update(actor=world.actor(world.admin_a), link=link_a, data={"name": "Spring 2027"})
    link_update(actor=other_rep, link=link_a, data={"name": "Spring 2028"})
    link_a.refresh_from_db()
    assert link_a.name == "Spring 2028"


def test_following_a_link_records_a_click_and_redirects_with_the_utm_parameters(client, link_a):
    response = client.get(
        f"/r/{link_a.code}",
        HTTP_USER_AGENT="Mozilla/5.0 (Windows NT 10.0) Chrome/130",
        HTTP_REFERER="https://news.example.org/issue/4",
        HTTP_ACCEPT_LANGUAGE="de-AT,de;q=0.9",
        REMOTE_ADDR="203.0.113.7",
    )
    assert response.status_code == 302
    assert response["Location"] == (
        "https://www.vendor.example/bikes?x=1&utm_source=newsletter&utm_campaign=spring"
    )
    assert set(response.cookies) == {COOKIE}  # no session, no CSRF cookie
    cookie = response.cookies[COOKIE]
    assert cookie["httponly"] and cookie["samesite"] == "Lax" and int(cookie["max-age"]) == 90 * 86400
    click = Click.objects.get()
    assert click.link == link_a and click.partner == link_a.partner and click.visitor == cookie.value
    assert (click.referrer_host, click.country, click.agent, click.flag) == (
        "news.example.org",
        "AT",
        "browser",
        "",
    )
    assert "203.0.113.7" not in click.ip_hash and len(click.ip_hash) == 16
    again = client.get(f"/r/{link_a.code}", REMOTE_ADDR="203.0.113.7")
    assert Click.objects.count() == 2 and Click.objects.filter(ip_hash=click.ip_hash).count() == 2
    assert again.cookies[COOKIE].value == cookie.value  # the same visitor


def test_unknown_inactive_and_no_longer_approved_links_lead_nowhere_and_count_nothing(client, world, link_a):
    assert client.get("/r/nosuchcode").status_code == 404
    link_set_active(actor=world.actor(world.rep_a), link=link_a, active=False)
    assert client.get(f"/r/{link_a.code}").status_code == 404
    link_set_active(actor=world.actor(world.rep_a), link=link_a, active=True)
    from referrals.selectors import forget_settings, referral_settings

    settings = referral_settings(fresh=True)
    settings.allowed_hosts = ["other.example"]
    settings.save()
    forget_settings()
    assert client.get(f"/r/{link_a.code}").status_code == 404
    assert not Click.objects.exists()


def test_an_offboarded_partners_links_stop(client, world, link_a):
    world.partner_a.status = "offboarded"
    world.partner_a.save()
    assert client.get(f"/r/{link_a.code}").status_code == 404


def test_a_head_request_is_answered_without_a_click(client, link_a):
    assert client.head(f"/r/{link_a.code}").status_code == 302
    assert not Click.objects.exists()


def test_bots_and_the_partners_own_clicks_are_flagged(client, login, world, link_a):
    client.get(f"/r/{link_a.code}", HTTP_USER_AGENT="Mozilla/5.0 (compatible; Googlebot/2.1)")
    login(world.admin_a).get(f"/r/{link_a.code}", HTTP_USER_AGENT="Mozilla/5.0 Firefox/130")
    login(world.admin_b).get(f"/r/{link_a.code}", HTTP_USER_AGENT="Mozilla/5.0 Firefox/130")
    assert sorted(Click.objects.values_list("flag", flat=True)) == ["", "bot", "self_referral"]


@pytest.mark.parametrize(
    ("agent", "kind"),
    [
        ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0) Mobile/15E148 Safari", "mobile"),
        ("Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0", "browser"),
        ("curl/8.5.0", "bot"),
        ("python-requests/2.32", "bot"),
        ("facebookexternalhit/1.1", "bot"),
        ("", "bot"),
        ("SomethingElse/1.0", "other"),
    ],
)
def test_client_classes(agent, kind):
    assert agent_class(agent) == kind


@pytest.mark.parametrize(
    ("header", "country"),
    [("de-AT,de;q=0.9", "AT"), ("ru-RU", "RU"), ("en", ""), ("", ""), ("xx-ZZ", ""), ("pt_BR", "BR")],
)
def test_country_from_the_browsers_language(header, country):
    assert country_from_language(header) == country


def test_floods_are_flagged_by_the_periodic_pass(client, link_a, configure):
    from referrals.services import flag_floods

    configure(client_clicks_per_minute=3)
    browser = {"HTTP_USER_AGENT": "Mozilla/5.0 Firefox/130"}  # (no user agent at all reads as a bot)
    for _ in range(6):
        client.get(f"/r/{link_a.code}", REMOTE_ADDR="198.51.100.9", **browser)
    client.get(f"/r/{link_a.code}", REMOTE_ADDR="198.51.100.10", **browser)
    assert flag_floods() == 3
    assert flag_floods() == 0  # idempotent
    from referrals.clicks import ip_hash

    assert Click.objects.get(ip_hash=ip_hash("198.51.100.10")).flag == ""  # another client: no flood
    assert Click.objects.filter(flag="flood", ip_hash=ip_hash("198.51.100.9")).count() == 3
