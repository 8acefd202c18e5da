"""The demo's money: its exchange rates, and the payout run seeding ends with once something is payable."""

from decimal import Decimal

from core.actor import system_actor
from demo.seed_ledger import pay_what_is_payable
from ledger.check import check_books
from ledger.models import ExchangeRate, PayoutBatch
from ledger.rates import RateTable
from ledger.selectors import payable_now
from ledger.tests.conftest import accrue
from partners.models import Partner


def test_the_demo_has_rates_and_pays_what_is_payable(demo):
    assert ExchangeRate.objects.filter(quote_currency="USD").count() == 15
    assert RateTable().has_rate("EUR", "USD") and RateTable().has_rate("USD", "GBP")
    store = Partner.objects.get(memberships__user__email="admin@bikestore.demo")
    before = PayoutBatch.objects.filter(status="paid").count()
    accrue(store, "250.00", currency="USD")
    pay_what_is_payable()
    batch = PayoutBatch.objects.filter(status="paid").order_by("-number").first()
    assert PayoutBatch.objects.filter(status="paid").count() == before + 1
    assert batch.currency == "USD" and batch.total >= Decimal("250.00") and batch.exported_at is not None
    assert not [p for p in payable_now(actor=system_actor()) if p.currency == "USD"]
    assert check_books().balanced
