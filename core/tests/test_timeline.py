"""Events read as sentences in the reader's language (`core.timeline`): every verb has one, values by their
labels, links only to objects the reader may open, staff notes stay internal."""

import csv
import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from core.events import EVENT_LABELS, EVENT_SENTENCES, EVENT_TEXTS, record_event
from core.models import Event
from core.timeline import EventNarrator, event_entries
from notifications.messages import message_parts

pytestmark = pytest.mark.django_db

_VERB = re.compile(r'"([a-z_]+\.[a-z_]+)"')


def _recorded_verbs_in_code() -> set[str]:
    """Every verb the services name when they record an event (`verb="…"`, also `"a" if x else "b"`)."""
    verbs: set[str] = set()
    for path in Path(settings.BASE_DIR).glob("*/*.py"):
        if path.parts[-2] in {".venv", "var"} or path.name.startswith("test"):
            continue
        text = path.read_text()
        for match in re.finditer(r"verb=([^\n]+)", text):
            verbs.update(_VERB.findall(match.group(1)))
        for match in re.finditer(r'_record\(\s*actor,\s*\w+,\s*"([a-z_]+\.[a-z_]+)"', text):
            verbs.add(match.group(1))
    return verbs


def test_every_verb_has_a_sentence():
    in_code = _recorded_verbs_in_code()
    assert {"deal_registration.submitted", "partner.status_changed", "member.reactivated"} <= in_code
    # notification verbs (notifications.services.notify), never recorded as events
    in_code -= {
        "deal_registration.deadline_soon",
        "onboarding.ready_for_activation",
        "ledger.unbalanced",
        "tier_up.draft_ready",
        "engagement.to_accept",
    }
    assert not in_code - set(EVENT_SENTENCES), "verbs recorded without a sentence"
    assert not set(EVENT_LABELS) - set(EVENT_SENTENCES), "verbs with a label but no sentence"
    # The transitions record f"deal_registration.{status}".
    from deals.models import DealRegistration

    for status in DealRegistration.Status.values:
        if status not in ("draft", "submitted"):
            assert f"deal_registration.{status}" in EVENT_SENTENCES


@pytest.mark.parametrize("language", ["en", "ru"])
def test_every_verb_in_the_demo_reads_as_a_sentence(demo, language):
    from accounts.models import User
    from core.actor import build_actor

    readers = [build_actor(User.objects.get(email=e)) for e in ("chief@kanal.demo", "admin@bikestore.demo")]
    verbs = set(Event.objects.values_list("verb", flat=True))
    assert len(verbs) > 15
    with translation.override(language):
        for reader in readers:
            for verb in verbs:
                events = Event.objects.visible_to(reader).filter(verb=verb).select_related("actor")[:30]
                for entry in event_entries(events, actor=reader):
                    assert not entry.fallback, (verb, entry.text)
                    assert "%(" not in entry.text and "\x02" not in entry.text
                    for label, _old, _new in entry.details:
                        assert "_" not in label, (verb, label)  # a raw key would show its underscores


def test_a_sentence_names_who_did_what_to_which_object(world):
    from partners.services import partner_change_status

    world.cam.full_name = "Ben Carter"
    world.cam.save()
    partner_change_status(actor=world.actor(world.chief), partner=world.partner_a, to_status="at_risk")
    event = Event.objects.filter(verb="partner.status_changed").latest("id")
    event.actor = world.cam
    event.actor_label = world.cam.email
    event.save()
    staff = world.actor(world.chief)
    with translation.override("en"):
        (entry,) = event_entries([event], actor=staff)
    assert entry.text == "Ben Carter changed the status of Alpha Systems from Active to At risk"
    assert f'<a href="/partners/{world.partner_a.public_id}/">Alpha Systems</a>' in entry.html
    assert entry.details == []  # both values are in the sentence
    with translation.override("ru"):
        (entry,) = event_entries([event], actor=staff)
    assert entry.text == "Ben Carter: статус партнера Alpha Systems изменен с «Активный» на «В зоне риска»"


def test_values_read_in_the_readers_language(world):
    from onboarding.models import ChecklistStep

    step = ChecklistStep.objects.create(partner_type="reseller", position=1, title_en="Upload logo")
    record_event(
        actor=world.actor(world.admin_a),
        verb="onboarding.step_completed",
        target=step,
        partner=world.partner_a,
        before={"state": "todo"},
        after={"state": "done"},
    )
    record_event(
        actor=world.actor(world.chief),
        verb="partner.updated",
        target=world.partner_a,
        partner=world.partner_a,
        before={"verticals": [], "country": "DE", "cam": None},
        after={"verticals": ["sports", "retail"], "country": "AT", "cam": world.cam},
    )
    from programs.models import AgreementVersion

    version = AgreementVersion.objects.create(
        kind="partner_agreement", version=1, title_en="Terms", body_en="Terms", published_by=world.ops
    )
    record_event(
        actor=world.actor(world.admin_a),
        verb="agreement.accepted",
        target=version,
        partner=world.partner_a,
        after={"kind": "partner_agreement", "version": 1, "ip_address": "10.0.0.1"},
    )
    events = list(Event.objects.order_by("id").select_related("actor"))[-3:]
    staff = world.actor(world.chief)
    with translation.override("en"):
        onboarding, profile, agreement = event_entries(events, actor=staff)
    assert onboarding.text.endswith("completed the onboarding step “Upload logo”")
    assert onboarding.details == []  # "State: todo → done" is what the sentence says
    assert ("Verticals", "—", "Sports and outdoor, Retail") in profile.details
    assert ("Country", "Germany", "Austria") in profile.details
    assert ("Channel account manager", "—", "Cam Manager") in profile.details
    assert ("IP address", None, "10.0.0.1") in agreement.details
    with translation.override("ru"):
        onboarding, profile, agreement = event_entries(events, actor=staff)
    assert ("Отрасли", "—", "Спорт и активный отдых, Розничная торговля") in profile.details
    assert ("Страна", "Германия", "Австрия") in profile.details
    assert ("IP-адрес", None, "10.0.0.1") in agreement.details


def test_yes_no_dates_and_amounts_are_written_for_the_reader(world):
    record_event(
        actor=world.actor(world.ops),
        verb="catalog.product_updated",
        target=world.partner_a,  # any object: the kinds below come from the values
        before={"is_active": True},
        after={"is_active": False},
    )
    event = Event.objects.latest("id")
    with translation.override("ru"):
        (entry,) = event_entries([event], actor=world.actor(world.ops))
    assert entry.details[0][1:] == ("Да", "Нет")


@pytest.mark.parametrize(("days", "words"), [(1, "1 день"), (3, "3 дня"), (5, "5 дней"), (21, "21 день")])
def test_day_counts_take_russian_plural_forms(world, days, words):
    from deals.models import DealRegistration

    registration = DealRegistration.objects.create(
        partner=world.partner_a, registered_by=world.rep_a, customer_name="Amgen", customer_country="US"
    )
    event = record_event(
        actor=world.actor(world.rep_a),
        verb="deal_registration.extension_requested",
        target=registration,
        partner=world.partner_a,
        after={"days": days, "reason": "Budget"},
    )
    with translation.override("ru"):
        (entry,) = event_entries([event], actor=world.actor(world.rep_a))
    assert entry.text.endswith(f"на {words}")
    assert ("Причина", None, "Budget") in entry.details
    with translation.override("en"):
        (entry,) = event_entries([event], actor=world.actor(world.rep_a))
    assert entry.text.endswith(f"by {days} day" + ("" if days == 1 else "s"))


def test_partner_users_get_links_only_to_what_they_may_open(world):
    from deals.models import DealRegistration

    mine = DealRegistration.objects.create(
        partner=world.partner_a, registered_by=world.rep_a, customer_name="Amgen", customer_country="US"
    )
    theirs = DealRegistration.objects.create(
        partner=world.partner_b, registered_by=world.rep_b, customer_name="Bravo Co", customer_country="US"
    )
    events = [
        record_event(actor=world.actor(world.rep_a), verb="deal_registration.created", target=mine),
        record_event(actor=world.actor(world.rep_b), verb="deal_registration.created", target=theirs),
        record_event(
            actor=world.actor(world.chief),
            verb="partner.updated",
            target=world.partner_a,
            after={"city": "X"},
        ),
        record_event(
            actor=world.actor(world.chief),
            verb="partner.updated",
            target=world.partner_b,
            after={"city": "Y"},
        ),
    ]
    with translation.override("en"):
        own, other, own_partner, other_partner = event_entries(events, actor=world.actor(world.admin_a))
    assert f'href="/deals/{mine.public_id}/"' in own.html
    assert "href" not in other.html and "Bravo Co" in other.html  # not theirs to open
    assert 'href="/my/profile/"' in own_partner.html  # their own company: the portal profile
    assert "href" not in other_partner.html
    staff = event_entries(events[2:], actor=world.actor(world.chief))
    assert all('href="/partners/' in entry.html for entry in staff)


def test_object_names_and_values_are_escaped(world):
    world.partner_a.name = "<b>Alpha</b>"
    world.partner_a.save()
    event = record_event(
        actor=world.actor(world.chief),
        verb="partner.status_changed",
        target=world.partner_a,
        partner=world.partner_a,
        before={"status": "<i>x</i>"},
        after={"status": "active"},
    )
    (entry,) = event_entries([event], actor=world.actor(world.chief))
    assert "<b>" not in entry.html and "&lt;b&gt;Alpha&lt;/b&gt;" in entry.html
    assert "<i>" not in entry.html


def test_staff_notes_stay_internal(world):
    event = record_event(
        actor=world.actor(world.cam),
        verb="partner.status_changed",
        target=world.partner_a,
        partner=world.partner_a,
        before={"status": "onboarding"},
        after={"status": "active"},
        note="Internal: churn risk",
    )
    (partner_view,) = event_entries([event], actor=world.actor(world.admin_a))
    (staff_view,) = event_entries([event], actor=world.actor(world.chief))
    assert partner_view.note == "" and staff_view.note == "Internal: churn risk"


def test_an_unknown_verb_still_reads(world):
    event = record_event(actor=None, verb="nobody.registered_this", target=world.partner_a)
    (entry,) = event_entries([event], actor=world.actor(world.chief))
    assert entry.fallback and entry.text == "The system: nobody.registered_this — Alpha Systems"


def test_a_page_of_events_costs_the_same_queries_however_long(world):
    from partners.services import partner_update

    def count(n):
        for i in range(n):
            partner_update(actor=world.actor(world.ops), partner=world.partner_a, data={"city": f"C{i}"})
        events = Event.objects.filter(partner=world.partner_a).select_related("actor")
        with CaptureQueriesContext(connection) as ctx:
            EventNarrator(world.actor(world.chief)).entries(events)
        return len(ctx.captured_queries)

    few = count(2)
    assert count(20) == few


def test_timelines_and_audit_log_show_sentences(world, login):
    from partners.services import partner_change_status

    partner_change_status(actor=world.actor(world.chief), partner=world.partner_a, to_status="at_risk")
    page = login(world.chief).get(f"/partners/{world.partner_a.public_id}/").content.decode()
    assert "changed the status of" in page and "from Active to At risk" in page
    client = login(world.chief)
    client.cookies["django_language"] = "ru"
    audit = client.get("/audit/").content.decode()
    assert "изменен с «Активный» на «В зоне риска»" in audit
    export = b"".join(client.get("/audit/export/").streaming_content).decode()
    rows = list(csv.DictReader(io.StringIO(export)))
    assert any("статус партнера Alpha Systems изменен" in row["summary"] for row in rows)
    home = login(world.admin_a).get("/my/").content.decode()
    assert "changed the status of" in home and f"/partners/{world.partner_a.public_id}/" not in home


# --- Russian: who, then what happened (no «одобрил(а)», and the same for the system) ----------------------

_GENDER_SPLIT = re.compile(r"\w\((?:а|ась|ла|ло|и)\)")


def _russian_forms(sentence) -> list[str]:
    """The Russian sentence (each plural form of it)."""
    message_id, plural, _count = message_parts(sentence)
    with translation.override("ru"):
        if plural:
            return [translation.ngettext(message_id, plural, n) for n in (1, 2, 5)]
        return [translation.gettext(message_id)]


def test_russian_event_sentences_name_the_actor_first_and_need_no_gender():
    """Russian past-tense verbs agree with the person's gender, which Kanal does not know: a sentence reads
    «Анна Смирнова: регистрация сделки с Contoso одобрена» (the participle agrees with the object), so it
    reads the same for a person and for «Система»."""
    checked = 0
    for verb, text in EVENT_TEXTS.items():
        english = message_parts(text.sentence)[0]
        for russian in _russian_forms(text.sentence):
            assert russian != english, (verb, "untranslated")
            assert not _GENDER_SPLIT.search(russian), (verb, russian)
            if english.startswith("%(actor)s "):
                assert russian.startswith("%(actor)s: "), (verb, russian)
                checked += 1
    assert checked > 50


def test_no_russian_message_splits_a_word_by_gender():
    import gettext

    with (Path(settings.BASE_DIR) / "locale/ru/LC_MESSAGES/django.mo").open("rb") as handle:
        catalog = gettext.GNUTranslations(handle)._catalog  # type: ignore[attr-defined]
    split = {key: value for key, value in catalog.items() if _GENDER_SPLIT.search(value)}
    assert split == {}


def test_what_the_system_did_reads_as_naturally_as_what_a_person_did(world, login, api_client):
    """A scheduled job or the demo seeding acts as nobody: «Система: …», never «Система обновил(а) …»."""
    from core.actor import system_actor
    from partners.services import partner_change_status, partner_update

    partner_update(actor=system_actor(), partner=world.partner_a, data={"city": "Hamburg"})
    world.chief.full_name = "Anna Smirnova"
    world.chief.save()
    partner_change_status(actor=world.actor(world.chief), partner=world.partner_a, to_status="at_risk")
    system = "Система: профиль компании Alpha Systems обновлен"
    person = "Anna Smirnova: статус партнера Alpha Systems изменен с «Активный» на «В зоне риска»"

    client = login(world.chief)
    client.cookies["django_language"] = "ru"
    page = client.get(f"/partners/{world.partner_a.public_id}/", {"tab": "history"}).content.decode()
    audit = client.get("/audit/").content.decode()
    for body in (page, audit):
        text = re.sub(r"<[^>]+>", "", body)
        assert system in text and person in text

    api = api_client(world.chief)
    events = api.get("/api/events", headers={"Accept-Language": "ru"}).json()["items"]
    texts = {e["text"] for e in events}
    assert system in texts and person in texts
