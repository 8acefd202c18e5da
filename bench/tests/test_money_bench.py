"""The money benchmark at a small size, on the test database: the data it writes, the run against the bare
SQL aggregate (the same totals), a rerun that books nothing, balanced books, and the figures file's keys."""

import json

import pytest

from bench.money import run as bench
from deals.models import DealLine, DealRegistration
from incentives.models import Accrual
from leads.models import Lead
from referrals.models import Attribution

pytestmark = pytest.mark.django_db


def test_a_small_run_matches_the_bare_sql_books_once_and_balances(tmp_path, monkeypatch):
    result = bench.measure(registrations=600, partners=12, log=lambda *_: None)
    figures = result["figures"]
    assert set(figures) == set(bench.FIELDS)
    assert figures["registrations"] == 600 == DealRegistration.objects.filter(status="won").count()
    assert DealLine.objects.count() == sum(1 + g % 3 for g in range(1, 601))
    assert Lead.objects.count() == 60 and Attribution.objects.filter(status="attributed").count() == 30
    assert result["differences"] == []
    assert result["payees"] == len(
        set(Accrual.objects.filter(amount__gt=0).values_list("partner_id", "currency"))
    )
    assert figures["rerun_new_entries"] == 0 and figures["balanced"] is True
    assert figures["run_s"] > 0 and figures["bare_sql_s"] > 0
    # Every line's registration has the amount of its lines.
    registration = DealRegistration.objects.order_by("pk").first()
    assert registration.amount == sum(line.quantity * line.unit_price for line in registration.lines.all())
    # What main() writes: exactly the six figures.
    monkeypatch.setattr(bench, "OUT", tmp_path)
    (tmp_path / "money.json").write_text(json.dumps(figures))
    assert list(json.loads((tmp_path / "money.json").read_text())) == list(bench.FIELDS)
