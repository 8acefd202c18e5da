from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.utils import timezone

from catalog.models import Product, ProductFamily
from deals.services import registration_approve, registration_create, registration_submit


@pytest.fixture(autouse=True)
def _send_emails_at_once(monkeypatch):
    """Test transactions never commit: send queued emails at once (stricter for refusals, which must not
    even queue one)."""
    import core.emails

    monkeypatch.setattr(core.emails, "transaction", SimpleNamespace(on_commit=lambda fn, **kw: fn()))


@pytest.fixture
def products(db):
    family = ProductFamily.objects.create(name="Road bikes")
    make = lambda sku, **kw: Product.objects.create(  # noqa: E731
        sku=sku, name=f"Bike {sku}", family=family, list_price=kw.pop("price", "1000.00"), **kw
    )
    return {
        "usd": make("RB-1", channel_eligibility="both"),
        "channel": make("RB-2", channel_eligibility="channel_only", price="250.50"),
        "eur": make("RB-EU", currency="EUR"),
        "direct": make("RB-D", channel_eligibility="direct_only"),
        "inactive": make("RB-OLD", is_active=False),
    }


def draft_data(**extra):
    return {
        "customer_name": "Contoso Cycling GmbH",
        "customer_domain": "https://www.contoso-cycling.example/shop",
        "customer_tax_id": "DE 123-456",
        "customer_country": "DE",
        "contact_name": "Carla Contoso",
        "contact_email": "Carla@Contoso-Cycling.example",
        "currency": "USD",
        "expected_close_date": timezone.localdate() + timedelta(days=30),
        "stage": "proposal",
    } | extra


@pytest.fixture
def draft(world, products):
    registration, _created = registration_create(
        actor=world.actor(world.rep_a),
        data=draft_data(),
        lines=[
            {"product_id": products["usd"], "quantity": 3},
            {"product_id": products["channel"], "quantity": 2},
        ],
    )
    return registration


@pytest.fixture
def submitted(world, draft):
    return registration_submit(actor=world.actor(world.rep_a), registration=draft)


@pytest.fixture
def approved(world, submitted):
    return registration_approve(actor=world.actor(world.cam), registration=submitted)
