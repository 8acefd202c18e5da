"""Each person's choice per kind (in the app and by email / in the app only / off), and messages rendered for
the reader: their language, their plural forms, their date format."""

import datetime

import pytest
from django.core import mail
from django.utils import translation
from django.utils.translation import gettext_noop, ngettext_lazy

from core.testing import snapshot
from deals.notify import EXTENSION_REQUESTED
from notifications.kinds import Audience, Channel, all_kinds, kind_for
from notifications.messages import message_parts, render_message
from notifications.models import Notification, NotificationPreference
from notifications.selectors import kinds_for, preferences_for
from notifications.services import Email, notify, preferences_update

pytestmark = pytest.mark.django_db

VERB = "deal_registration.approved"  # a registered kind meant for partner users
MESSAGE = gettext_noop("Deal registration rejected: %(customer)s")


@pytest.fixture(autouse=True)
def _send_emails_at_once(monkeypatch):
    from types import SimpleNamespace

    import core.emails

    monkeypatch.setattr(core.emails, "transaction", SimpleNamespace(on_commit=lambda fn, **kw: fn()))


def _tell(*users, verb=VERB, message=MESSAGE, params=None):
    return notify(
        users=users,
        verb=verb,
        message=message,
        params=params or {"customer": "Contoso"},
        link="/deals/",
        email=Email(template="deals/email/notice.txt"),
    )


def _prefer(user, channel, verb=VERB):
    NotificationPreference.objects.update_or_create(user=user, kind=verb, defaults={"channel": channel})


# ---- the kinds ---------------------------------------------------------------------------------------------


def test_the_apps_register_their_kinds_for_the_right_side(world):
    verbs = {kind.verb for kind in all_kinds()}
    assert {
        "deal_registration.submitted",
        "deal_registration.approved",
        "deal_registration.extension_requested",
        "agreement.published",
        "onboarding.ready_for_activation",
    } <= verbs
    staff = {k.verb for k in kinds_for(actor=world.actor(world.cam))}
    rep = {k.verb for k in kinds_for(actor=world.actor(world.rep_a))}
    admin = {k.verb for k in kinds_for(actor=world.actor(world.admin_a))}
    assert "deal_registration.submitted" in staff and "deal_registration.submitted" not in rep
    assert "deal_registration.approved" in rep and "deal_registration.approved" not in staff
    assert "agreement.published" in admin and "agreement.published" not in rep
    assert kind_for("deal_registration.expired").audiences == {Audience.STAFF, Audience.PARTNER}


def test_everyone_starts_with_the_app_and_email(world):
    assert set(preferences_for(actor=world.actor(world.rep_a)).values()) == {Channel.EMAIL}


# ---- notify respects the choice ----------------------------------------------------------------------------


def test_default_is_in_the_app_and_by_email(world):
    (n,) = _tell(world.rep_a)
    assert n.user == world.rep_a
    assert [m.to for m in mail.outbox] == [[world.rep_a.email]]
    assert mail.outbox[0].subject.endswith("Deal registration rejected: Contoso")


def test_off_means_no_notification_and_no_email(world):
    _prefer(world.rep_a, Channel.OFF)
    assert _tell(world.rep_a) == []
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_in_app_only_means_no_email(world):
    _prefer(world.rep_a, Channel.IN_APP)
    (n,) = _tell(world.rep_a)
    assert n.user == world.rep_a and Notification.objects.count() == 1
    assert mail.outbox == []


def test_each_recipient_gets_what_they_chose(world):
    _prefer(world.rep_a, Channel.OFF)
    _prefer(world.admin_a, Channel.IN_APP)
    created = _tell(world.rep_a, world.admin_a, world.admin_b)
    assert {n.user for n in created} == {world.admin_a, world.admin_b}
    assert [m.to for m in mail.outbox] == [[world.admin_b.email]]


def test_a_choice_for_another_kind_does_not_count(world):
    _prefer(world.rep_a, Channel.OFF, verb="deal_registration.rejected")
    assert len(_tell(world.rep_a)) == 1 and len(mail.outbox) == 1


def test_preferences_update_refuses_a_kind_of_the_other_side_and_changes_nothing(world):
    from django.core.exceptions import ValidationError

    actor = world.actor(world.rep_a)
    preferences_update(actor=actor, channels={VERB: Channel.IN_APP})
    row = NotificationPreference.objects.get(user=world.rep_a, kind=VERB)
    before = snapshot(row)
    for channels in (
        {VERB: Channel.OFF, "deal_registration.submitted": Channel.OFF},  # a staff kind
        {VERB: "carrier-pigeon"},
        {"no.such.kind": Channel.OFF},
    ):
        with pytest.raises(ValidationError):
            preferences_update(actor=actor, channels=channels)
    assert snapshot(row) == before
    assert NotificationPreference.objects.count() == 1


def test_preferences_are_personal(world):
    preferences_update(actor=world.actor(world.rep_a), channels={VERB: Channel.OFF})
    assert preferences_for(actor=world.actor(world.rep_a))[VERB] == Channel.OFF
    assert preferences_for(actor=world.actor(world.admin_a))[VERB] == Channel.EMAIL


# ---- the email's language ----------------------------------------------------------------------------------


def test_email_follows_the_stored_language_not_the_senders(world):
    from accounts.models import User

    User.objects.filter(pk=world.rep_a.pk).update(language="ru")
    User.objects.filter(pk=world.admin_a.pk).update(language="en")
    world.rep_a.refresh_from_db()
    world.admin_a.refresh_from_db()
    with translation.override("en"):
        _tell(world.rep_a)
    with translation.override("ru"):
        _tell(world.admin_a)
    by_person = {m.to[0]: m for m in mail.outbox}
    assert "Регистрация сделки отклонена: Contoso" in by_person[world.rep_a.email].subject
    assert "Регистрация сделки отклонена" in by_person[world.rep_a.email].body
    assert by_person[world.admin_a.email].subject.endswith("Deal registration rejected: Contoso")
    assert "Deal registration rejected: Contoso" in by_person[world.admin_a.email].body


def test_without_a_stored_language_the_email_is_in_the_sites_language(world):
    from accounts.models import User

    User.objects.filter(pk=world.rep_a.pk).update(language="")
    world.rep_a.refresh_from_db()
    with translation.override("ru"):  # the sender's language is not the recipient's
        _tell(world.rep_a)
    assert mail.outbox[0].subject.endswith("Deal registration rejected: Contoso")


# ---- plural forms and dates --------------------------------------------------------------------------------


def test_a_plural_message_is_stored_with_its_count_parameter(world):
    assert message_parts(EXTENSION_REQUESTED) == (
        "%(partner)s asks to extend the protection of %(customer)s by %(days)s day",
        "%(partner)s asks to extend the protection of %(customer)s by %(days)s days",
        "days",
    )
    assert message_parts(gettext_noop("Plain")) == ("Plain", "", "")
    with translation.override("ru"):
        assert message_parts(ngettext_lazy("%(n)s item", "%(n)s items", "n"))[0] == "%(n)s item"


@pytest.mark.parametrize(
    ("days", "english", "russian"),
    [
        (1, "by 1 day", "на 1 день"),
        (2, "by 2 days", "на 2 дня"),
        (5, "by 5 days", "на 5 дней"),
        (11, "by 11 days", "на 11 дней"),
        (21, "by 21 days", "на 21 день"),
        (22, "by 22 days", "на 22 дня"),
    ],
)
def test_day_counts_take_the_readers_plural_form(world, days, english, russian):
    (n,) = notify(
        users=[world.cam],
        verb="deal_registration.extension_requested",
        message=EXTENSION_REQUESTED,
        params={"partner": "Alpha", "customer": "Contoso", "days": days},
    )
    n.refresh_from_db()
    with translation.override("en"):
        assert n.text == f"Alpha asks to extend the protection of Contoso {english}"
    with translation.override("ru"):
        assert n.text == f"Alpha просит продлить защиту клиента Contoso {russian}"
        assert "дн." not in n.text


def test_dates_are_shown_in_the_readers_format(world):
    message = gettext_noop("Deal registration approved: %(customer)s, protected until %(until)s")
    (n,) = notify(
        users=[world.rep_a],
        verb=VERB,
        message=message,
        params={"customer": "Contoso", "until": datetime.date(2026, 12, 1)},
    )
    n.refresh_from_db()
    assert n.params["until"] == {"$date": "2026-12-01"}
    with translation.override("en"):
        assert n.text == "Deal registration approved: Contoso, protected until Dec. 1, 2026"
    with translation.override("ru"):
        assert n.text == "Регистрация сделки одобрена: Contoso, защищена до 1 декабря 2026 г."


def test_a_lazy_label_is_translated_when_read(world):
    from programs.models import AgreementKind

    (n,) = notify(
        users=[world.admin_a],
        verb="agreement.published",
        message=gettext_noop("New version %(n)s of the %(document)s to accept"),
        params={"n": 2, "document": AgreementKind.PARTNER_AGREEMENT.label},
    )
    n.refresh_from_db()
    with translation.override("en"):
        assert n.text == "New version 2 of the Partner agreement to accept"
    with translation.override("ru"):
        assert n.text == "Новая версия 2 документа «Партнерское соглашение» ожидает принятия"


def test_a_plural_message_with_a_bad_count_still_renders():
    assert render_message("%(n)s day", "%(n)s days", "n", {"n": "many"}) == "many day"
    assert render_message("%(n)s day", "%(n)s days", "n", {"other": 1}) == "%(n)s day"
    assert render_message("%(n)s day", "%(n)s days", "n", {"n": "3"}) == "3 days"
