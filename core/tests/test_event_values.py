"""Event values go through one serialiser (`core.events.event_value`) inside `record_event`.

The golden values below were recorded by each app's services before the per-app `display` helpers were
removed: the timelines read exactly as they did. The one deliberate difference: partners and recruitment
recorded a user (CAM, prospect owner) by display name, everywhere else by email; now it is email
everywhere (`test_users_are_recorded_by_email`).
"""

import datetime
import enum
from decimal import Decimal

import pytest
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy
from django_countries.fields import Country

from catalog.models import ProductFamily
from catalog.services import product_create, product_update
from core.events import describe_changes, event_value, record_event
from core.models import Event
from deals.services import registration_create, registration_submit
from direct.services import account_create, account_update, deal_create
from engagement.services import rule_create, ruleset_create_draft
from partners.services import partner_update
from recruitment.services import prospect_create, prospect_update

pytestmark = pytest.mark.django_db


class Colour(models.TextChoices):
    RED = "red", "Red"


class Size(models.IntegerChoices):
    SMALL = 1, "Small"


class Plain(enum.Enum):
    A = "a"


def test_the_serialiser_by_type(world):
    day = datetime.date(2025, 3, 1)
    moment = datetime.datetime(2025, 3, 1, 9, 30, tzinfo=datetime.UTC)
    assert event_value(None) is None
    assert event_value(True) is True
    assert event_value(3) == 3 and event_value(1.5) == 1.5
    assert event_value("x") == "x"
    assert event_value(Decimal("1250.50")) == "1250.50"
    assert event_value(Decimal("1E+2")) == "100"  # never exponent notation
    assert event_value(day) == "2025-03-01"
    assert event_value(moment) == "2025-03-01T09:30:00+00:00"
    assert event_value(Country("DE")) == "DE" and event_value(Country("")) == ""
    assert event_value(world.cam) == "cam@vendor.test"
    assert event_value(world.partner_a) == "Alpha Systems"
    assert event_value(Colour.RED) == "red" and type(event_value(Colour.RED)) is str
    assert event_value(Size.SMALL) == 1 and type(event_value(Size.SMALL)) is int
    assert event_value(Plain.A) == "a"
    with translation.override("en"):
        assert event_value(gettext_lazy("Active")) == "Active"
    assert event_value([Decimal("1.00"), [day], (Colour.RED,)]) == ["1.00", ["2025-03-01"], ["red"]]
    assert event_value({"when": day, "who": world.cam}) == {"when": "2025-03-01", "who": "cam@vendor.test"}
    assert event_value({1, 2}) in ([1, 2], [2, 1])


def test_record_event_serialises_before_and_after(world):
    event = record_event(
        actor=world.actor(world.cam),
        verb="partner.updated",
        target=world.partner_a,
        partner=world.partner_a,
        before={"cam": None, "country": Country("DE")},
        after={"cam": world.cam, "country": Country("AT")},
    )
    event.refresh_from_db()
    assert event.before == {"cam": None, "country": "DE"}
    assert event.after == {"cam": "cam@vendor.test", "country": "AT"}


def _event(verb):
    return Event.objects.filter(verb=verb).latest("id")


def test_catalog_values_read_as_before(world):
    family = ProductFamily.objects.create(name="Bikes")
    ops = world.actor(world.ops)
    product = product_create(
        actor=ops,
        data={
            "sku": "B-1",
            "name": "Bike",
            "family": family,
            "list_price": "1 234,5",
            "currency": "eur",
            "channel_eligibility": "channel_only",
        },
    )
    assert _event("catalog.product_created").after == {
        "sku": "B-1",
        "name": "Bike",
        "family": "Bikes",
        "list_price": "1234.50",
        "currency": "EUR",
        "channel_eligibility": "channel_only",
        "is_active": True,
    }
    product_update(actor=ops, product=product, data={"list_price": "99"})
    event = _event("catalog.product_updated")
    assert (event.before, event.after) == ({"list_price": "1234.50"}, {"list_price": "99.00"})


def test_direct_values_read_as_before(world):
    chief = world.actor(world.chief)
    account = account_create(
        actor=chief,
        data={
            "name": "Contoso Ltd",
            "web_domain": "contoso.example",
            "country": "GB",
            "segment": "enterprise",
            "annual_revenue": "1250000.5",
            "currency": "GBP",
            "employees": 900,
            "owner": world.cam,
            "is_named_account": True,
        },
    )
    assert _event("direct_account.created").after == {
        "name": "Contoso Ltd",
        "web_domain": "contoso.example",
        "country": "GB",
        "region": "europe",  # follows from the country
        "segment": "enterprise",
        "annual_revenue": "1250000.50",
        "currency": "GBP",
        "employees": 900,
        "owner": "cam@vendor.test",
        "is_named_account": True,
    }
    account_update(actor=chief, account=account, data={"country": "IE", "owner": world.chief})
    event = _event("direct_account.updated")
    assert event.before == {"country": "GB", "owner": "cam@vendor.test"}
    assert event.after == {"country": "IE", "owner": "chief@vendor.test"}
    deal_create(
        actor=chief,
        account=account,
        data={"name": "Fleet", "amount": "90000", "expected_close_date": datetime.date(2031, 1, 2)},
    )
    after = _event("direct_deal.created").after
    assert after["account"] == "Contoso Ltd"
    assert after["amount"] == "90000.00"
    assert after["expected_close_date"] == "2031-01-02"


def test_deals_values_read_as_before(world):
    rep = world.actor(world.rep_a)
    registration, _created = registration_create(
        actor=rep,
        data={
            "customer_name": "Contoso Cycling GmbH",
            "customer_country": "DE",
            "currency": "USD",
            "expected_close_date": datetime.date(2031, 1, 2),
        },
    )
    after = _event("deal_registration.created").after
    assert after["customer_name"] == "Contoso Cycling GmbH"
    assert after["customer_country"] == "DE"
    assert after["expected_close_date"] == "2031-01-02"
    assert after["partner"] == "Alpha Systems"
    assert after["amount"] == "0.00"
    assert after["products"] == []


def test_deals_transition_values_read_as_before(world):
    from catalog.models import Product

    family = ProductFamily.objects.create(name="Bikes")
    product = Product.objects.create(sku="B-1", name="Bike", family=family, list_price="10.00")
    rep = world.actor(world.rep_a)
    registration, _created = registration_create(
        actor=rep,
        data={
            "customer_name": "Contoso Cycling GmbH",
            "customer_domain": "contoso-cycling.example",
            "customer_country": "DE",
            "currency": "USD",
            "expected_close_date": datetime.date(2031, 1, 2),
        },
        lines=[{"product_id": product, "quantity": 2}],
    )
    registration_submit(actor=rep, registration=registration)
    event = _event("deal_registration.submitted")
    assert event.before == {"status": "draft"}
    assert event.after["status"] == "submitted"


def test_engagement_values_read_as_before(world):
    ops = world.actor(world.ops)
    draft = ruleset_create_draft(actor=ops, data={"tier_protection_days": {"gold": 120}})
    rule_create(
        actor=ops,
        ruleset=draft,
        data={
            "label": "Big",
            "segments": ["enterprise"],
            "countries": ["de"],
            "min_amount": "250000",
            "outcome": "review",
        },
    )
    after = _event("engagement.rule_added").after
    assert after["position"] == 1
    assert after["label"] == "Big"
    assert after["segments"] == ["enterprise"]
    assert after["countries"] == ["DE"]
    assert after["min_amount"] == "250000.00"
    assert after["outcome"] == "review"


def test_partner_values_read_as_before(world):
    partner_update(
        actor=world.actor(world.chief),
        partner=world.partner_a,
        data={"country": "AT", "verticals": ["retail"], "partner_type": "dealer"},
    )
    event = _event("partner.updated")
    assert event.before == {"country": "DE", "verticals": [], "partner_type": "reseller"}
    assert event.after == {"country": "AT", "verticals": ["retail"], "partner_type": "dealer"}
    with translation.override("en"):
        rows = [(str(label), str(b), str(a)) for label, b, a in describe_changes(event)]
    assert sorted(rows) == [
        ("country", "Germany", "Austria"),
        ("partner type", "Value-added reseller", "Dealer"),
        ("verticals", "[]", "['retail']"),
    ]


def test_recruitment_values_read_as_before(world):
    cam = world.actor(world.cam)
    prospect = prospect_create(
        actor=cam,
        data={
            "company_name": "Riga Retail",
            "partner_type": "reseller",
            "source": "referral",
            "country": "LV",
        },
    )
    prospect_update(
        actor=cam, prospect=prospect, data={"country": "EE", "next_step_date": datetime.date(2031, 1, 2)}
    )
    event = _event("prospect.updated")
    assert event.before == {"country": "LV", "next_step_date": None}
    assert event.after == {"country": "EE", "next_step_date": "2031-01-02"}


def test_users_are_recorded_by_email(world):
    partner_update(actor=world.actor(world.chief), partner=world.partner_a, data={"cam": world.chief})
    event = _event("partner.updated")
    assert (event.before, event.after) == ({"cam": "cam@vendor.test"}, {"cam": "chief@vendor.test"})
    cam = world.actor(world.cam)
    prospect = prospect_create(
        actor=cam, data={"company_name": "Riga Retail", "partner_type": "reseller", "source": "referral"}
    )
    prospect_update(actor=cam, prospect=prospect, data={"owner": world.chief})
    event = _event("prospect.updated")
    assert (event.before, event.after) == ({"owner": "cam@vendor.test"}, {"owner": "chief@vendor.test"})
