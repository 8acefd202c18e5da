"""Direct accounts and deals: validation, duplicates, match keys, permissions and events."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core.models import Event
from core.testing import snapshot
from direct.models import DirectAccount, DirectDeal
from direct.services import (
    account_create,
    account_delete,
    account_update,
    deal_close,
    deal_create,
    deal_update,
)

pytestmark = pytest.mark.django_db


def test_create_normalises_and_maintains_keys(world, account):
    assert account.web_domain == "contoso.example"
    assert account.name_key == "contoso"
    assert account.legal_name_key == "contoso"
    assert account.tax_id_key == "GB123456"
    assert account.annual_revenue == Decimal("1250000.50")
    event = Event.objects.get(verb="direct_account.created")
    assert event.after["annual_revenue"] == "1250000.50"
    assert event.after["owner"] == world.cam.email
    assert event.partner is None


def test_update_refreshes_keys_and_records_before_after(world, account):
    account_update(
        actor=world.actor(world.ops),
        account=account,
        data={"name": "Fabrikam Inc.", "tax_id": "de-999", "annual_revenue": "10"},
    )
    account.refresh_from_db()
    assert (account.name_key, account.tax_id_key) == ("fabrikam", "DE999")
    event = Event.objects.get(verb="direct_account.updated")
    assert event.before["annual_revenue"] == "1250000.50"
    assert event.after["annual_revenue"] == "10.00"
    assert event.after["name"] == "Fabrikam Inc."


def test_unchanged_update_records_nothing(world, account):
    before = Event.objects.count()
    account_update(actor=world.actor(world.ops), account=account, data={"name": "Contoso Ltd"})
    assert Event.objects.count() == before


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", "  "),
        ("web_domain", "not a domain"),
        ("tax_id", "12$34"),
        ("country", "XX"),
        ("region", "mars"),
        ("segment", "huge"),
        ("annual_revenue", "-5"),
        ("annual_revenue", 1.5),
        ("currency", "ZZZ"),
        ("employees", "many"),
    ],
)
def test_create_refuses_invalid_fields(world, field, value):
    data = {"name": "Valid Co", field: value}
    with pytest.raises(ValidationError) as exc:
        account_create(actor=world.actor(world.chief), data=data)
    assert field in exc.value.message_dict
    assert not DirectAccount.objects.exists()


def test_owner_must_be_staff(world):
    with pytest.raises(ValidationError) as exc:
        account_create(actor=world.actor(world.chief), data={"name": "X", "owner": world.admin_a})
    assert "owner" in exc.value.message_dict


def test_duplicate_domain_or_tax_id_is_refused_naming_the_existing_account(world, account):
    events = Event.objects.count()
    for data in ({"name": "Other", "web_domain": "CONTOSO.example"}, {"name": "Other", "tax_id": "gb123456"}):
        with pytest.raises(ValidationError) as exc:
            account_create(actor=world.actor(world.chief), data=data)
        assert "Contoso Ltd" in str(exc.value)
    assert DirectAccount.objects.count() == 1
    assert Event.objects.count() == events


def test_update_cannot_take_another_accounts_domain(world, account):
    other = account_create(
        actor=world.actor(world.chief), data={"name": "Other", "web_domain": "other.example"}
    )
    with pytest.raises(ValidationError):
        account_update(actor=world.actor(world.chief), account=other, data={"web_domain": "contoso.example"})


@pytest.mark.parametrize("role", ["cam", "marketing", "admin_a", "rep_a"])
def test_refused_writes_change_nothing(world, account, deal, role):
    actor = world.actor(getattr(world, role))
    rows = (DirectAccount.objects.count(), DirectDeal.objects.count(), Event.objects.count())
    account_before, deal_before = snapshot(account), snapshot(deal)
    calls = [
        lambda: account_create(actor=actor, data={"name": "Nope"}),
        lambda: account_update(actor=actor, account=account, data={"name": "Nope"}),
        lambda: account_delete(actor=actor, account=account),
        lambda: deal_create(actor=actor, account=account, data={"name": "Nope", "amount": "1"}),
        lambda: deal_update(actor=actor, deal=deal, data={"amount": "1"}),
        lambda: deal_close(actor=actor, deal=deal, won=True),
    ]
    for call in calls:
        with pytest.raises(PermissionDenied):
            call()
    assert (DirectAccount.objects.count(), DirectDeal.objects.count(), Event.objects.count()) == rows
    assert snapshot(account) == account_before
    assert snapshot(deal) == deal_before


def test_delete_without_deals_deletes_with_deals_deactivates(world, account, deal):
    empty = account_create(actor=world.actor(world.chief), data={"name": "Empty Co"})
    assert account_delete(actor=world.actor(world.ops), account=empty) is True
    assert not DirectAccount.objects.filter(pk=empty.pk).exists()
    assert Event.objects.filter(verb="direct_account.deleted").count() == 1

    assert account_delete(actor=world.actor(world.ops), account=account) is False
    account.refresh_from_db()
    assert account.is_active is False
    assert Event.objects.filter(verb="direct_account.deactivated").count() == 1
    with pytest.raises(ValidationError):
        deal_create(actor=world.actor(world.chief), account=account, data={"name": "New", "amount": "1"})


def test_deal_lifecycle(world, deal):
    assert deal.is_open and deal.amount == Decimal("25000.00")
    created = Event.objects.get(verb="direct_deal.created")
    assert created.after["amount"] == "25000.00"
    deal_update(actor=world.actor(world.chief), deal=deal, data={"stage": "proposal", "amount": "30000"})
    updated = Event.objects.get(verb="direct_deal.updated")
    assert (updated.before["amount"], updated.after["amount"]) == ("25000.00", "30000.00")
    deal = deal_close(actor=world.actor(world.chief), deal=deal, won=True)
    assert (deal.stage, deal.is_open) == ("won", False)
    assert deal.closed_at is not None
    assert Event.objects.filter(verb="direct_deal.closed").count() == 1
    with pytest.raises(ValidationError):
        deal_close(actor=world.actor(world.chief), deal=deal, won=False)
    with pytest.raises(ValidationError):
        deal_update(actor=world.actor(world.chief), deal=deal, data={"amount": "1"})


def test_deal_validation(world, account):
    with pytest.raises(ValidationError) as exc:
        deal_create(
            actor=world.actor(world.chief),
            account=account,
            data={"name": "", "amount": "abc", "stage": "dreaming", "currency": "XYZ"},
        )
    assert set(exc.value.message_dict) == {"name", "amount", "stage", "currency"}
    assert not DirectDeal.objects.exists()


def test_partner_users_see_no_direct_rows(world, account, deal):
    for user in (world.admin_a, world.rep_b, world.dist_admin):
        actor = world.actor(user)
        assert not DirectAccount.objects.visible_to(actor).exists()
        assert not DirectDeal.objects.visible_to(actor).exists()
