"""Deal registrations: drafts, validation, every transition allowed and refused, events and emails."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from core.models import Event
from core.testing import snapshot
from deals.models import DealLine, DealRegistration
from deals.rules import ALLOWED_TRANSITIONS, can_transition
from deals.services import (
    registration_approve,
    registration_close,
    registration_create,
    registration_reject,
    registration_submit,
    registration_update,
    registrations_expire,
)
from deals.tests.conftest import draft_data

pytestmark = pytest.mark.django_db

S = DealRegistration.Status


def test_create_draft_normalises_prices_and_keys(world, draft, products):
    assert draft.status == S.DRAFT
    assert draft.partner == world.partner_a and draft.registered_by == world.rep_a
    assert draft.registered_via is None
    assert draft.customer_domain == "contoso-cycling.example"
    assert draft.contact_email == "carla@contoso-cycling.example"
    assert draft.name_key == "contoso cycling"
    assert draft.tax_id_key == "DE123456"
    assert draft.amount == Decimal("3501.00")  # 3 × 1000.00 + 2 × 250.50 list prices
    assert [(ln.product.sku, ln.quantity) for ln in draft.lines.all()] == [("RB-1", 3), ("RB-2", 2)]
    event = Event.objects.get(verb="deal_registration.created")
    assert event.partner == world.partner_a
    assert event.after["amount"] == "3501.00"
    assert event.after["products"] == ["RB-1 × 3 @ 1000.00", "RB-2 × 2 @ 250.50"]


def test_explicit_unit_price(world, products):
    registration, _ = registration_create(
        actor=world.actor(world.admin_a),
        data=draft_data(),
        lines=[{"product_id": str(products["usd"].public_id), "quantity": 2, "unit_price": "899,50"}],
    )
    assert registration.amount == Decimal("1799.00")


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ({"product_id": "eur", "quantity": 1}, "priced in EUR but this registration is in USD"),
        ({"product_id": "direct", "quantity": 1}, "choose an active product the channel may sell"),
        ({"product_id": "inactive", "quantity": 1}, "choose an active product the channel may sell"),
        ({"product_id": "usd", "quantity": 0}, "quantity must be a whole number"),
        ({"product_id": "usd", "quantity": 1, "unit_price": "-1"}, "cannot be negative"),
    ],
)
def test_line_validation(world, products, line, message):
    line = line | {"product_id": products[line["product_id"]]}
    with pytest.raises(ValidationError) as exc:
        registration_create(actor=world.actor(world.rep_a), data=draft_data(), lines=[line])
    assert [key.split(".")[0] for key in exc.value.message_dict] == ["lines"]
    assert message.lower() in str(exc.value.message_dict).lower()
    assert (
        not DealRegistration.objects.exists() and not Event.objects.filter(verb__startswith="deal").exists()
    )


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("customer_domain", "not a domain"),
        ("contact_email", "nope"),
        ("customer_country", "XX"),
        ("currency", "XYZ"),
        ("stage", "won"),
        ("expected_close_date", "31/12/2026"),
        ("customer_tax_id", "12$34"),
    ],
)
def test_field_validation(world, products, field, value):
    with pytest.raises(ValidationError) as exc:
        registration_create(actor=world.actor(world.rep_a), data=draft_data(**{field: value}))
    assert field in exc.value.message_dict
    assert not DealRegistration.objects.exists()


def test_only_partner_users_register(world, products):
    for user in (world.chief, world.cam, world.ops):
        with pytest.raises(PermissionDenied):
            registration_create(actor=world.actor(user), data=draft_data())
    assert not DealRegistration.objects.exists()


def test_update_draft_replaces_lines_and_records_changes(world, draft, products):
    registration_update(
        actor=world.actor(world.admin_a),
        registration=draft,
        data={"customer_name": "Contoso Bikes Ltd", "stage": "negotiation"},
        lines=[{"product_id": products["usd"], "quantity": 1}],
    )
    draft.refresh_from_db()
    assert draft.amount == Decimal("1000.00") and draft.lines.count() == 1
    assert draft.name_key == "contoso bikes"
    event = Event.objects.get(verb="deal_registration.updated")
    assert event.before["amount"] == "3501.00" and event.after["amount"] == "1000.00"
    assert event.after["stage"] == "negotiation"


def test_unchanged_update_records_nothing(world, draft):
    count = Event.objects.count()
    registration_update(actor=world.actor(world.rep_a), registration=draft, data={"stage": "proposal"})
    assert Event.objects.count() == count


def test_currency_change_rechecks_existing_lines(world, draft):
    before = snapshot(draft)
    with pytest.raises(ValidationError) as exc:
        registration_update(actor=world.actor(world.rep_a), registration=draft, data={"currency": "EUR"})
    assert "priced in USD" in str(exc.value)
    assert snapshot(draft) == before


# --- transitions -----------------------------------------------------------------------------------------


def test_transition_table_is_complete():
    assert set(ALLOWED_TRANSITIONS) == set(S.values)
    assert can_transition(S.DRAFT, S.SUBMITTED)
    assert not can_transition(S.DRAFT, S.APPROVED)
    assert not can_transition(S.REJECTED, S.SUBMITTED)


def test_submit_notifies_the_cam(world, submitted):
    assert submitted.status == S.SUBMITTED and submitted.submitted_at is not None
    assert Event.objects.filter(verb="deal_registration.submitted", partner=world.partner_a).count() == 1
    assert [m.to for m in mail.outbox] == [[world.cam.email]]
    assert "Alpha Systems" in mail.outbox[0].subject


def test_approve_protects_and_notifies_the_registrant(world, approved, settings):
    assert approved.status == S.APPROVED
    assert approved.decided_by == world.cam and approved.decided_at is not None
    assert approved.protected_until == timezone.localdate() + timedelta(days=90)
    event = Event.objects.get(verb="deal_registration.approved")
    assert event.before == {"status": "submitted"}
    assert event.after["protected_until"] == approved.protected_until.isoformat()
    assert mail.outbox[-1].to == [world.rep_a.email]
    assert "approved" in mail.outbox[-1].subject


def test_protection_days_come_from_settings(world, submitted, settings):
    settings.DEAL_PROTECTION_DAYS = 30
    registration = registration_approve(actor=world.actor(world.chief), registration=submitted)
    assert registration.protected_until == timezone.localdate() + timedelta(days=30)


def test_reject_requires_a_reason(world, submitted):
    before, events, emails = snapshot(submitted), Event.objects.count(), len(mail.outbox)
    with pytest.raises(ValidationError):
        registration_reject(actor=world.actor(world.cam), registration=submitted, reason="  ")
    assert (snapshot(submitted), Event.objects.count(), len(mail.outbox)) == (before, events, emails)
    registration = registration_reject(
        actor=world.actor(world.cam), registration=submitted, reason="The customer buys direct."
    )
    assert registration.status == S.REJECTED
    assert registration.decision_reason == "The customer buys direct."
    assert mail.outbox[-1].to == [world.rep_a.email] and "rejected" in mail.outbox[-1].subject


def test_close_won_and_lost(world, approved):
    won = registration_close(
        actor=world.actor(world.admin_a), registration=approved, won=True, won_amount="3400"
    )
    assert won.status == S.WON and won.won_amount == Decimal("3400.00") and won.closed_at is not None
    assert Event.objects.get(verb="deal_registration.won").after == {"status": "won", "won_amount": "3400.00"}


def test_staff_may_close_as_lost(world, approved):
    lost = registration_close(
        actor=world.actor(world.cam), registration=approved, won=False, lost_reason="Budget cut"
    )
    assert lost.status == S.LOST and lost.lost_reason == "Budget cut"


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"won": True}, "won_amount"),
        ({"won": True, "won_amount": "0"}, "won_amount"),
        ({"won": False}, "lost_reason"),
    ],
)
def test_close_validation(world, approved, kwargs, field):
    before, events = snapshot(approved), Event.objects.count()
    with pytest.raises(ValidationError) as exc:
        registration_close(actor=world.actor(world.rep_a), registration=approved, **kwargs)
    assert field in exc.value.message_dict
    assert (snapshot(approved), Event.objects.count()) == (before, events)


def _refused(registration, call, error=ValidationError):
    before, events, emails = snapshot(registration), Event.objects.count(), len(mail.outbox)
    with pytest.raises(error):
        call()
    assert snapshot(registration) == before
    assert Event.objects.count() == events
    assert len(mail.outbox) == emails


@pytest.mark.parametrize("state", ["draft", "submitted", "approved"])
def test_refused_transitions_change_nothing(world, request, state):
    registration = request.getfixturevalue(state)
    cam, rep = world.actor(world.cam), world.actor(world.rep_a)
    attempts = {
        S.SUBMITTED: lambda: registration_submit(actor=rep, registration=registration),
        S.APPROVED: lambda: registration_approve(actor=cam, registration=registration),
        S.REJECTED: lambda: registration_reject(actor=cam, registration=registration, reason="No"),
        S.WON: lambda: registration_close(actor=rep, registration=registration, won=True, won_amount="1"),
        S.LOST: lambda: registration_close(actor=rep, registration=registration, won=False, lost_reason="x"),
    }
    for target, call in attempts.items():
        if not can_transition(registration.status, target):
            # Staff cannot even see a draft (404); every other refusal is a ValidationError.
            _refused(registration, call, error=(ValidationError, Http404))


@pytest.mark.parametrize("state", ["rejected", "won", "lost", "expired"])
def test_final_states_refuse_everything(world, submitted, state):
    if state == "rejected":
        registration = registration_reject(actor=world.actor(world.cam), registration=submitted, reason="No")
    else:
        registration_approve(actor=world.actor(world.cam), registration=submitted)
        DealRegistration.objects.filter(pk=submitted.pk).update(status=state)
        registration = DealRegistration.objects.get(pk=submitted.pk)
    cam, rep = world.actor(world.cam), world.actor(world.rep_a)
    _refused(registration, lambda: registration_submit(actor=rep, registration=registration))
    _refused(registration, lambda: registration_approve(actor=cam, registration=registration))
    _refused(
        registration,
        lambda: registration_close(actor=rep, registration=registration, won=True, won_amount="1"),
    )
    _refused(
        registration, lambda: registration_update(actor=rep, registration=registration, data={"notes": "x"})
    )


def test_wrong_roles_are_refused(world, draft, submitted):
    _refused(
        submitted,
        lambda: registration_approve(actor=world.actor(world.rep_a), registration=submitted),
        PermissionDenied,
    )
    for user in (world.marketing, world.ops, world.admin_a):
        _refused(
            submitted,
            lambda u=user: registration_reject(actor=world.actor(u), registration=submitted, reason="x"),
            PermissionDenied,
        )
    _refused(
        submitted,
        lambda: registration_close(
            actor=world.actor(world.ops), registration=submitted, won=False, lost_reason="x"
        ),
        PermissionDenied,
    )


def test_submit_validation(world, products):
    registration, _ = registration_create(
        actor=world.actor(world.rep_a),
        data={"customer_name": " ", "expected_close_date": timezone.localdate()},
    )
    with pytest.raises(ValidationError) as exc:
        registration_submit(actor=world.actor(world.rep_a), registration=registration)
    assert set(exc.value.message_dict) == {"customer_name", "customer_domain", "lines", "expected_close_date"}
    registration.refresh_from_db()
    assert registration.status == S.DRAFT and not mail.outbox


def test_submit_refuses_zero_amount(world, products):
    registration, _ = registration_create(
        actor=world.actor(world.rep_a),
        data=draft_data(customer_tax_id=""),
        lines=[{"product_id": products["usd"], "quantity": 1, "unit_price": "0"}],
    )
    _refused(
        registration, lambda: registration_submit(actor=world.actor(world.rep_a), registration=registration)
    )


# --- distributor on behalf of its reseller ------------------------------------------------------------


def test_distributor_registers_for_its_reseller(world, products):
    registration, _ = registration_create(
        actor=world.actor(world.dist_admin),
        data=draft_data(),
        lines=[{"product_id": products["usd"], "quantity": 1}],
        partner=world.reseller,
    )
    assert registration.partner == world.reseller and registration.registered_via == world.distributor
    visible = DealRegistration.objects.visible_to(world.actor(world.dist_admin))
    assert registration in visible
    assert registration in DealRegistration.objects.visible_to(world.actor(world.reseller_admin))
    assert (
        Event.objects.get(verb="deal_registration.created").after["registered_via"] == world.distributor.name
    )
    registration_submit(actor=world.actor(world.dist_admin), registration=registration)


def test_reseller_cannot_act_for_its_distributor(world, products):
    with pytest.raises(ValidationError):
        registration_create(
            actor=world.actor(world.reseller_admin), data=draft_data(), partner=world.distributor
        )
    own, _ = registration_create(actor=world.actor(world.dist_admin), data=draft_data())
    assert own not in DealRegistration.objects.visible_to(world.actor(world.reseller_admin))


def test_partner_cannot_register_for_another_partner(world, products):
    with pytest.raises(ValidationError):
        registration_create(actor=world.actor(world.admin_a), data=draft_data(), partner=world.partner_b)
    assert not DealRegistration.objects.exists()


# --- idempotency --------------------------------------------------------------------------------------


def test_idempotency_key_returns_the_original(world, products):
    actor = world.actor(world.rep_a)
    first, created = registration_create(actor=actor, data=draft_data(), idempotency_key="abc-1")
    again, created_again = registration_create(
        actor=actor, data=draft_data(customer_name="Other"), idempotency_key="abc-1"
    )
    assert created and not created_again and again.pk == first.pk
    other, created_b = registration_create(
        actor=world.actor(world.rep_b), data=draft_data(), idempotency_key="abc-1"
    )
    assert created_b and other.pk != first.pk
    registration_create(actor=actor, data=draft_data())
    registration_create(actor=actor, data=draft_data())
    assert DealRegistration.objects.filter(partner=world.partner_a).count() == 3
    assert Event.objects.filter(verb="deal_registration.created").count() == 4


# --- expiry -------------------------------------------------------------------------------------------


def test_expiry_is_idempotent(world, approved, draft):
    after_end = approved.protected_until + timedelta(days=1)
    assert registrations_expire(today=approved.protected_until) == 0
    emails = len(mail.outbox)
    assert registrations_expire(today=after_end) == 1
    approved.refresh_from_db()
    assert approved.status == S.EXPIRED
    event = Event.objects.get(verb="deal_registration.expired")
    assert event.actor is None and event.before["protected_until"] == approved.protected_until.isoformat()
    # The registrant and the partner's CAM hear of it.
    assert sorted(m.to[0] for m in mail.outbox[emails:]) == sorted([world.rep_a.email, world.cam.email])
    assert registrations_expire(today=after_end) == 0
    assert Event.objects.filter(verb="deal_registration.expired").count() == 1
    assert len(mail.outbox) == emails + 2


def test_expiry_task_and_command(world, approved):
    from django.core.management import call_command

    from deals.tasks import expire_registrations

    DealRegistration.objects.filter(pk=approved.pk).update(
        protected_until=timezone.localdate() - timedelta(days=1)
    )
    assert expire_registrations.enqueue().return_value == 1
    call_command("expire_registrations")
    assert Event.objects.filter(verb="deal_registration.expired").count() == 1


def test_lines_are_scoped(world, draft):
    assert DealLine.objects.visible_to(world.actor(world.admin_b)).count() == 0
    assert DealLine.objects.visible_to(world.actor(world.admin_a)).count() == 2
