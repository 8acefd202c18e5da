"""A registration's notices go out as each person chose, in their own language, with dates in their format."""

import pytest
from django.core import mail
from django.utils import formats, translation

from accounts.models import User
from deals.services import extension_request, registration_approve
from notifications.kinds import Channel
from notifications.models import Notification, NotificationPreference

pytestmark = pytest.mark.django_db


def _prefer(user, verb, channel):
    NotificationPreference.objects.create(user=user, kind=verb, channel=channel)


def test_approval_notice_off_in_app_or_email(world, submitted):
    _prefer(world.rep_a, "deal_registration.approved", Channel.OFF)
    registration_approve(actor=world.actor(world.cam), registration=submitted)
    assert not Notification.objects.filter(user=world.rep_a, verb="deal_registration.approved").exists()
    assert world.rep_a.email not in [m.to[0] for m in mail.outbox]


def test_approval_notice_in_the_app_only(world, submitted):
    _prefer(world.rep_a, "deal_registration.approved", Channel.IN_APP)
    mail.outbox.clear()
    registration_approve(actor=world.actor(world.cam), registration=submitted)
    assert Notification.objects.filter(user=world.rep_a, verb="deal_registration.approved").count() == 1
    assert mail.outbox == []


def test_approval_email_in_the_registrants_language_with_the_date_in_its_format(world, submitted):
    User.objects.filter(pk=world.rep_a.pk).update(language="ru")
    with translation.override("en"):  # the CAM works in English
        approved = registration_approve(actor=world.actor(world.cam), registration=submitted)
    (email,) = [m for m in mail.outbox if m.to == [world.rep_a.email]]
    with translation.override("ru"):
        day = formats.date_format(approved.protected_until, "DATE_FORMAT")
    assert "Регистрация сделки одобрена" in email.subject and day in email.subject
    assert approved.protected_until.isoformat() not in email.subject
    (n,) = Notification.objects.filter(user=world.rep_a)
    with translation.override("en"):
        assert formats.date_format(approved.protected_until, "DATE_FORMAT") in n.text


def test_extension_request_counts_days_in_russian(world, approved):
    User.objects.filter(pk=world.cam.pk).update(language="ru")
    mail.outbox.clear()
    extension_request(actor=world.actor(world.rep_a), registration=approved, days=21, reason="Budget moved")
    (email,) = mail.outbox
    assert email.to == [world.cam.email]
    assert "на 21 день" in email.subject and "дн." not in email.subject
    (n,) = Notification.objects.filter(user=world.cam, verb="deal_registration.extension_requested")
    with translation.override("ru"):
        assert n.text.endswith("на 21 день")
    with translation.override("en"):
        assert n.text.endswith("by 21 days")


@pytest.mark.parametrize(
    ("n", "until", "button"),
    [
        (1, "до 1 дня", "+1 день"),
        (2, "до 2 дней", "+2 дня"),
        (5, "до 5 дней", "+5 дней"),
        (21, "до 21 дня", "+21 день"),
    ],
)
def test_day_limits_and_buttons_take_russian_plural_forms(n, until, button):
    from django.template import Context, Template

    from deals.inputs import ask_for_days

    with translation.override("ru"):
        assert ask_for_days(n) == f"Запросите от 1 {until}."
        rendered = Template(
            "{% load i18n %}{% blocktranslate count n=n %}Approve +{{ n }} day{% plural %}"
            "Approve +{{ n }} days{% endblocktranslate %}"
        ).render(Context({"n": n}))
        assert rendered == f"Одобрить {button}"
    with translation.override("en"):
        assert ask_for_days(n) == ("Ask for 1 to 1 day." if n == 1 else f"Ask for 1 to {n} days.")
