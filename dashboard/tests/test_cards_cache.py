"""The home pages' cards are kept per viewer until the data changes (dashboard/cache.py): a visit after any
recorded change sees it, each viewer, language and day has its own, and 0 seconds turns the cache off."""

import re
from datetime import date, timedelta
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.models import Event
from dashboard.cache import cards_key
from deals.services import registration_create

pytestmark = pytest.mark.django_db


def _queries(client, path: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        page = client.get(path)
    assert page.status_code == 200
    return len(queries), page.content.decode()


def _register(world, customer: str):
    registration, _created = registration_create(
        actor=world.actor(world.rep_a),
        data={
            "customer_name": customer,
            "customer_domain": "kept-cards.example",
            "customer_country": "DE",
            "expected_close_date": timezone.localdate() + timedelta(days=30),
        },
    )
    return registration


def _without_nonces(html: str) -> str:
    """The page without what the shell makes for each request (CSP nonces, the masked CSRF token)."""
    html = re.sub(r'(nonce="|X-CSRFToken": ")[^"]*"', "", html)
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)


@pytest.mark.parametrize("path, persona", [("/my/", "admin_a"), ("/dashboard/", "cam")])
def test_a_second_visit_serves_the_kept_cards_without_their_queries(world, login, settings, path, persona):
    client = login(getattr(world, persona))
    settings.HOME_CARDS_CACHE_SECONDS = 0
    _queries(client, path)
    built, built_html = _queries(client, path)
    settings.HOME_CARDS_CACHE_SECONDS = 60
    _queries(client, path)
    kept, kept_html = _queries(client, path)
    assert _without_nonces(kept_html) == _without_nonces(built_html)
    assert kept <= built - 4  # the cards' reads are gone; the session, actor, shell and event head remain


@pytest.mark.parametrize(
    "path, persona", [("/my/", "admin_a"), ("/my/", "dist_admin"), ("/dashboard/", "chief")]
)
def test_kept_cards_hold_nothing_made_for_one_request(world, login, path, persona):
    """A CSRF token or a CSP nonce is valid for one request or session: a card must not carry one."""
    from dashboard.views import PARTNER_HOME, STAFF_HOME, _cards

    client = login(getattr(world, persona))
    page = client.get(path)
    cards = str(_cards(page.wsgi_request, PARTNER_HOME if path == "/my/" else STAFF_HOME))
    assert cards and "nonce=" not in cards and "csrfmiddlewaretoken" not in cards


def test_a_recorded_change_shows_on_the_next_visit(world, login):
    client = login(world.admin_a)
    assert "Kept Cards GmbH" not in client.get("/my/").content.decode()
    _register(world, "Kept Cards GmbH")  # records deal_registration.created
    assert "Kept Cards GmbH" in client.get("/my/").content.decode()


def test_each_viewer_has_their_own_cards(world, login):
    alpha = login(world.admin_a).get("/my/").content.decode()
    bravo = login(world.admin_b).get("/my/").content.decode()
    assert "Alpha Systems" in alpha and "Alpha Systems" not in bravo
    assert _without_nonces(login(world.admin_a).get("/my/").content.decode()) == _without_nonces(alpha)


def test_each_language_has_its_own_cards(world, login):
    client = login(world.admin_a)
    english = client.get("/my/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    client.cookies["django_language"] = "ru"
    russian = client.get("/my/").content.decode()
    assert russian != english
    assert "Недавние действия" in russian or "Команда" in russian


def test_the_key_names_the_viewer_the_language_and_the_day(world, rf):
    from core.actor import build_actor

    def key(user, day: date, language: str = "en") -> str:
        request = rf.get("/my/")
        request.user = user
        request.actor = build_actor(user)
        with mock.patch("dashboard.cache.timezone.localdate", return_value=day):
            from django.utils import translation

            with translation.override(language):
                return cards_key(request, "partner_home")

    today = date(2026, 11, 28)
    assert key(world.admin_a, today) == key(world.admin_a, today)
    assert key(world.admin_a, today) != key(world.admin_a, today + timedelta(days=1))
    assert key(world.admin_a, today) != key(world.rep_a, today)
    assert key(world.admin_a, today) != key(world.admin_a, today, "ru")


def test_no_seconds_no_cache(world, login, settings):
    settings.HOME_CARDS_CACHE_SECONDS = 0
    client = login(world.admin_a)
    _queries(client, "/my/")
    assert "Kept Cards GmbH" not in client.get("/my/").content.decode()
    registration = _register(world, "Kept Cards GmbH")
    Event.objects.filter(target_id=registration.pk).delete()  # a change no event names: still seen at once
    assert "Kept Cards GmbH" in client.get("/my/").content.decode()


def test_an_event_committed_after_a_later_one_still_renews_the_cards(world):
    """On PostgreSQL two transactions may commit out of id order: the later-committed, lower id must move the
    version although the newest id stays the same."""
    from core.events import events_version

    _register(world, "First Commit Ltd")
    _register(world, "Second Commit Ltd")
    lower, newest = Event.objects.order_by("-id")[1], Event.objects.order_by("-id")[0]
    values = {f.attname: getattr(lower, f.attname) for f in Event._meta.concrete_fields}
    lower.delete()  # as if its transaction had not committed yet
    before = events_version()
    Event.objects.create(**values)  # ... and now it has, under its earlier id
    after = events_version()
    assert before[0] == after[0] == newest.pk
    assert after != before
