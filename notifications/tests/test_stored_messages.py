"""Every notification shows its dates and counts in the reader's language, whenever it was written: new ones
keep a date as a date and a count as a number (`notifications.messages`); ones stored before that kept text
("2026-11-30", "7 days") and are rewritten by migration 0003."""

import datetime
import importlib
import re

import pytest
from django.core import mail
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils.translation import gettext_noop

from accounts.testing import make_user
from deals.notify import EXTENSION_REQUESTED
from notifications.models import Notification
from notifications.services import Email, notify

BEFORE = [("notifications", "0002_preferences_and_plurals")]
fix = importlib.import_module("notifications.migrations.0003_stored_dates_and_counts")

APPROVED = "Deal registration approved: %(customer)s, protected until %(until)s"
OLD_EXTENSION = "%(partner)s asks to extend the protection of %(customer)s by %(days)s days"
HX = {"HX-Request": "true"}
RU = {"Accept-Language": "ru"}
EN = {"Accept-Language": "en"}

APPROVED_RU = "Регистрация сделки одобрена: Contoso, защищена до 30 ноября 2026 г."
APPROVED_EN = "Deal registration approved: Contoso, protected until Nov. 30, 2026"
EXTENSION_RU = "Alpha просит продлить защиту клиента Contoso на 3 дня"
EXTENSION_EN = "Alpha asks to extend the protection of Contoso by 3 days"


def _text(body: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", body))


def _seen_everywhere(client, api, *, headers):
    """What the reader sees on the list page, in the bell's dropdown and through the API."""
    page = _text(client.get("/notifications/", headers=headers).content.decode())
    menu = _text(client.get("/notifications/menu/", headers=HX | headers).content.decode())
    listed = api.get("/api/notifications", headers=headers).json()["items"]
    return page, menu, {item["message"] for item in listed}


@pytest.mark.django_db(transaction=True)
def test_notifications_stored_with_text_dates_and_counts_read_in_each_readers_language(login, api_client):
    user = make_user("rep@alpha.test")
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    try:
        Old = executor.loader.project_state(BEFORE).apps.get_model("notifications", "Notification")
        # As deals/notify.py wrote them: every parameter `str()`-ed, the count in a message without plurals.
        approved = Old.objects.create(
            user_id=user.pk,
            verb="deal_registration.approved",
            message_id=APPROVED,
            params={"customer": "Contoso", "partner": "Alpha", "until": "2026-11-30"},
        )
        asked = Old.objects.create(
            user_id=user.pk,
            verb="deal_registration.extension_requested",
            message_id=OLD_EXTENSION,
            params={"customer": "Contoso", "partner": "Alpha", "days": "3"},
        )
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())

    approved, asked = Notification.objects.get(pk=approved.pk), Notification.objects.get(pk=asked.pk)
    assert approved.params["until"] == {"$date": "2026-11-30"}
    assert approved.params["customer"] == "Contoso"
    assert (asked.message_id, asked.message_plural, asked.count_param) == fix.EXTENSION
    assert asked.params["days"] == 3

    client, api = login(user), api_client(user)
    for headers, expected in ((RU, {APPROVED_RU, EXTENSION_RU}), (EN, {APPROVED_EN, EXTENSION_EN})):
        page, menu, listed = _seen_everywhere(client, api, headers=headers)
        for text in expected:
            assert text in page and text in menu, text
        assert expected <= listed
    assert "2026-11-30" not in page + menu


def test_only_what_is_certainly_a_date_or_the_old_count_changes():
    assert fix.current_form("%(customer)s", "", "", {"customer": "2026-11-30"}) is None  # a name stays
    assert fix.current_form("%(until)s", "", "", {"until": "2026-02-30"}) is None  # no such day
    assert fix.current_form("%(until)s", "", "", {"until": "2026-11-30 10:00"}) is None
    assert fix.current_form("%(until)s", "", "", {"until": {"$date": "2026-11-30"}}) is None  # today's form
    assert fix.current_form(*fix.EXTENSION, {"days": 3}) is None
    assert fix.current_form("%(n)s items", "", "", {"n": "3"}) is None  # no plural: the text is what it says
    assert fix.current_form(OLD_EXTENSION, "", "", {"days": "7"}) == (*fix.EXTENSION, {"days": 7})
    changed = fix.current_form(APPROVED, "", "", {"until": "2026-11-30"})
    assert changed is not None and fix.current_form(*changed) is None  # twice is once


@pytest.fixture
def _emails_at_once(monkeypatch):
    from types import SimpleNamespace

    import core.emails

    monkeypatch.setattr(core.emails, "transaction", SimpleNamespace(on_commit=lambda fn, **kw: fn()))


@pytest.mark.django_db
def test_a_new_notification_reads_in_each_readers_language_everywhere(
    world, login, api_client, _emails_at_once
):
    world.rep_a.language = "ru"
    world.rep_a.save()
    email = Email(template="deals/email/notice.txt")
    notify(
        users=[world.rep_a],
        verb="deal_registration.approved",
        message=gettext_noop(APPROVED),
        params={"customer": "Contoso", "until": datetime.date(2026, 11, 30)},
        email=email,
    )
    notify(
        users=[world.rep_a],
        verb="deal_registration.extension_requested",
        message=EXTENSION_REQUESTED,
        params={"customer": "Contoso", "partner": "Alpha", "days": 3},
        email=email,
    )
    client, api = login(world.rep_a), api_client(world.rep_a)
    for headers, expected in ((RU, {APPROVED_RU, EXTENSION_RU}), (EN, {APPROVED_EN, EXTENSION_EN})):
        page, menu, listed = _seen_everywhere(client, api, headers=headers)
        for text in expected:
            assert text in page and text in menu, text
        assert expected <= listed
    bodies = " ".join(m.subject + " " + m.body for m in mail.outbox)
    assert APPROVED_RU in bodies and EXTENSION_RU in bodies and "2026-11-30" not in bodies
