import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError

from accounts.testing import make_member
from core.models import Event
from core.roles import PartnerRole
from core.testing import snapshot
from partners.choices import PartnerStatus
from programs.models import AgreementAcceptance, AgreementKind, AgreementVersion, ProgramCharter
from programs.selectors import charter_get, documents_for_partner, has_accepted_current, pending_acceptances
from programs.services import agreement_accept, agreement_publish, charter_update
from programs.tests.helpers import former_rules_text, nothing_accepted, publish

pytestmark = pytest.mark.django_db

TEXT = {
    "title_en": "Partner agreement",
    "title_ru": "Партнёрское соглашение",
    "body_en": "Terms.",
    "body_ru": "Условия.",
    "changes_en": "First version.",
    "changes_ru": "Первая версия.",
}


# --- charter ---


def test_ops_writes_then_edits_the_charter_with_before_and_after(world):
    actor = world.actor(world.ops)
    charter = charter_update(actor=actor, data={"title_en": "Grow with us", "body_en": "We sell together."})
    assert charter_get() == charter and charter.updated_by == world.ops
    charter_update(
        actor=actor,
        data={"title_en": "Grow with us", "body_en": "We win together.", "body_ru": "Побеждаем вместе."},
    )
    charter.refresh_from_db()
    assert charter.body_en == "We win together." and ProgramCharter.objects.count() == 1
    event = Event.objects.filter(verb="charter.updated").order_by("id").last()
    assert event.before == {"body_en": "We sell together.", "body_ru": ""}
    assert event.after == {"body_en": "We win together.", "body_ru": "Побеждаем вместе."}


def test_charter_title_follows_the_language(world):
    from django.utils import translation

    charter = charter_update(
        actor=world.actor(world.ops), data={"title_en": "Join", "title_ru": "Вступайте", "body_en": "Text"}
    )
    with translation.override("ru"):
        assert charter.title == "Вступайте" and charter.body == "Text"  # falls back to English
    with translation.override("en"):
        assert charter.title == "Join"


def test_unchanged_charter_records_no_event(world):
    actor = world.actor(world.ops)
    charter_update(actor=actor, data={"title_en": "T", "body_en": "B"})
    charter_update(actor=actor, data={"title_en": "T", "body_en": "B"})
    assert Event.objects.filter(verb="charter.updated").count() == 1


@pytest.mark.parametrize("who", ["chief", "cam", "marketing", "admin_a", "rep_a"])
def test_only_ops_edits_the_charter(world, who):
    with pytest.raises(PermissionDenied):
        charter_update(actor=world.actor(getattr(world, who)), data={"title_en": "X", "body_en": "Y"})
    assert not ProgramCharter.objects.exists() and not Event.objects.filter(verb="charter.updated").exists()


def test_charter_needs_english_title_and_text(world):
    actor = world.actor(world.ops)
    charter = charter_update(actor=actor, data={"title_en": "T", "body_en": "B"})
    before = snapshot(charter)
    with pytest.raises(ValidationError) as exc:
        charter_update(actor=actor, data={"title_en": "  ", "body_en": ""})
    assert set(exc.value.message_dict) == {"title_en", "body_en"}
    assert snapshot(charter) == before
    assert Event.objects.filter(verb="charter.updated").count() == 1


# --- publishing ---


def test_publish_numbers_versions_per_document(world):
    actor = world.actor(world.ops)
    v1 = agreement_publish(actor=actor, kind=AgreementKind.PARTNER_AGREEMENT, data=TEXT)
    v2 = agreement_publish(actor=actor, kind=AgreementKind.PARTNER_AGREEMENT, data=TEXT)
    assert (v1.version, v2.version) == (1, 2)
    assert v2.published_by == world.ops
    event = Event.objects.filter(verb="agreement.published").order_by("id").last()
    assert event.after == {"kind": "partner_agreement", "version": 2} and event.actor == world.ops
    # The rules of engagement are versioned with their program (engagement), no longer published here.
    with pytest.raises(ValidationError):
        agreement_publish(actor=actor, kind=AgreementKind.RULES_OF_ENGAGEMENT, data=TEXT)
    assert AgreementVersion.objects.count() == 2


def test_publish_retries_when_the_number_was_taken(world, monkeypatch):
    """Two publications racing: this one read a stale maximum, the database refuses the number, it retries."""
    actor = world.actor(world.ops)
    publish()
    publish()  # the competing publisher got number 2 in the meantime
    real_create = AgreementVersion.objects.create
    calls = []

    def racing_create(**kwargs):
        if not calls:
            kwargs["version"] = 2  # as if it had read the maximum before the other commit
        calls.append(kwargs["version"])
        return real_create(**kwargs)

    monkeypatch.setattr(AgreementVersion.objects, "create", racing_create)
    version = agreement_publish(actor=actor, kind=AgreementKind.PARTNER_AGREEMENT, data=TEXT)
    assert calls == [2, 3] and version.version == 3
    assert AgreementVersion.objects.filter(kind=AgreementKind.PARTNER_AGREEMENT).count() == 3
    assert Event.objects.filter(verb="agreement.published", target_id=version.pk).count() == 1


def test_publish_gives_a_clear_error_when_it_keeps_colliding(world, monkeypatch):
    actor = world.actor(world.ops)

    def always_taken(**kwargs):
        raise IntegrityError("one_number_per_version")

    monkeypatch.setattr(AgreementVersion.objects, "create", always_taken)
    with pytest.raises(ValidationError, match="same moment"):
        agreement_publish(actor=actor, kind=AgreementKind.PARTNER_AGREEMENT, data=TEXT)
    assert not Event.objects.filter(verb="agreement.published").exists()


@pytest.mark.parametrize("who", ["chief", "cam", "marketing", "admin_a"])
def test_only_ops_publishes(world, who):
    with pytest.raises(PermissionDenied):
        agreement_publish(
            actor=world.actor(getattr(world, who)), kind=AgreementKind.PARTNER_AGREEMENT, data=TEXT
        )
    assert not AgreementVersion.objects.exists()


def test_publish_validates_and_writes_nothing(world):
    with pytest.raises(ValidationError) as exc:
        agreement_publish(actor=world.actor(world.ops), kind="nda", data={"title_en": "", "body_en": ""})
    assert "kind" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        agreement_publish(
            actor=world.actor(world.ops),
            kind=AgreementKind.PARTNER_AGREEMENT,
            data={"title_en": "x" * 201, "body_en": " "},
        )
    assert set(exc.value.message_dict) == {"title_en", "body_en"}
    assert not AgreementVersion.objects.exists() and not Event.objects.exists()


def test_publish_emails_admins_of_partners_still_in_the_program(world, django_capture_on_commit_callbacks):
    world.partner_b.status = PartnerStatus.OFFBOARDED
    world.partner_b.save()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        agreement_publish(actor=world.actor(world.ops), kind=AgreementKind.PARTNER_AGREEMENT, data=TEXT)
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == ["admin@alpha.test", "admin@delta.test", "admin@rho.test"]  # no reps, no offboarded
    assert "/my/agreements/" in mail.outbox[0].body and "version 1" in mail.outbox[0].body


def test_refused_publish_sends_no_email(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(PermissionDenied):
        agreement_publish(actor=world.actor(world.cam), kind=AgreementKind.PARTNER_AGREEMENT, data=TEXT)
    assert callbacks == [] and mail.outbox == []


# --- accepting ---


def test_partner_admin_accepts_the_current_version(world):
    version = publish()
    acceptance = agreement_accept(actor=world.actor(world.admin_a), version=version, ip_address="203.0.113.7")
    assert acceptance.partner == world.partner_a and acceptance.accepted_by == world.admin_a
    assert acceptance.ip_address == "203.0.113.7"
    event = Event.objects.get(verb="agreement.accepted")
    assert event.partner == world.partner_a and event.after["version"] == 1
    assert has_accepted_current(actor=world.actor(world.cam), partner=world.partner_a)
    assert not has_accepted_current(actor=world.actor(world.cam), partner=world.partner_b)


def test_an_old_version_cannot_be_accepted(world):
    old = publish()
    publish(title="Partner agreement 2")
    with pytest.raises(ValidationError, match="no longer current"):
        agreement_accept(actor=world.actor(world.admin_a), version=old)
    assert nothing_accepted()


def test_accepting_twice_is_a_clear_error(world):
    version = publish()
    actor = world.actor(world.admin_a)
    agreement_accept(actor=actor, version=version)
    with pytest.raises(ValidationError, match="already accepted"):
        agreement_accept(actor=actor, version=version)
    assert AgreementAcceptance.objects.count() == 1
    assert Event.objects.filter(verb="agreement.accepted").count() == 1


def test_a_new_version_must_be_accepted_again(world):
    actor = world.actor(world.admin_a)
    v1 = publish()
    former_rules_text()  # accepted or not, it is no longer asked for
    agreement_accept(actor=actor, version=v1)
    assert pending_acceptances(actor=actor, partner=world.partner_a) == []
    v2 = publish(title="Partner agreement v2")
    assert pending_acceptances(actor=actor, partner=world.partner_a) == [v2]
    assert not has_accepted_current(actor=actor, partner=world.partner_a)
    docs = documents_for_partner(actor=actor, partner=world.partner_a)
    assert [(d.version, d.accepted) for d in docs] == [(v2, False)]
    agreement_accept(actor=actor, version=v2)
    assert pending_acceptances(actor=actor, partner=world.partner_a) == []


@pytest.mark.parametrize("who", ["rep_a", "cam", "chief", "ops"])
def test_reps_and_staff_cannot_accept(world, who):
    version = publish()
    with pytest.raises(PermissionDenied):
        agreement_accept(actor=world.actor(getattr(world, who)), version=version)
    assert nothing_accepted()


def test_distributor_admin_accepts_only_for_its_own_partner(world):
    version = publish()
    agreement_accept(actor=world.actor(world.dist_admin), version=version)
    assert list(AgreementAcceptance.objects.values_list("partner", flat=True)) == [world.distributor.pk]


def test_admin_of_two_partners_accepts_for_the_one_they_act_for(world):
    from core.actor import build_actor

    make_member(world.partner_b, "both@alpha.test", PartnerRole.ADMIN)
    from accounts.models import Membership, User

    both = User.objects.get(email="both@alpha.test")
    Membership.objects.create(user=both, partner=world.partner_a, role=PartnerRole.ADMIN)
    version = publish()
    agreement_accept(actor=build_actor(both, requested_partner_id=world.partner_a.pk), version=version)
    assert AgreementAcceptance.objects.get().partner == world.partner_a


def test_published_versions_are_immutable(world):
    version = publish(body="Original")
    version.body_en = "Rewritten"
    with pytest.raises(ValueError):
        version.save()
    version.refresh_from_db()
    assert version.body_en == "Original"
