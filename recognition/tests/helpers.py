"""Builders for recognition tests: won deals and certifications on given days, leaderboards read afresh."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from itertools import count

from django.utils import timezone

from accounts.testing import make_partner
from deals.models import DealRegistration
from learning.models import Certification, CertificationAward
from ledger.models import ExchangeRate
from recognition.boards import leaderboard

_numbers = count(1)


def moment(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12)))


def won(partner, amount, *, on: dt.date | None = None, currency: str = "USD", won_amount=None, refunded="0"):
    """A won registration of `partner` closed on `on` (today by default)."""
    return DealRegistration.objects.create(
        partner=partner,
        customer_name=f"Customer {next(_numbers)}",
        status="won",
        amount=Decimal(str(amount)),
        currency=currency,
        won_amount=None if won_amount is None else Decimal(str(won_amount)),
        refunded_amount=Decimal(refunded),
        closed_at=moment(on or timezone.localdate()),
    )


def certify(partner, user, *, on: dt.date | None = None, revoked: bool = False) -> CertificationAward:
    certification, _created = Certification.objects.get_or_create(title_en="Sales certified")
    return CertificationAward.objects.create(
        user=user,
        partner=partner,
        certification=certification,
        awarded_at=moment(on or timezone.localdate()),
        revoked_at=timezone.now() if revoked else None,
    )


def rate(currency: str, value: str, *, quote: str = "USD", since: dt.date | None = None) -> None:
    ExchangeRate.objects.create(
        currency=currency, quote_currency=quote, rate=Decimal(value), valid_from=since or dt.date(2000, 1, 1)
    )


def board(**options):
    return leaderboard(fresh=True, **options)


def ranks(result) -> dict[str, int | None]:
    """partner name -> rank on a board."""
    return {p.standing.name: p.rank for p in result.places}


def partners(n: int, prefix: str = "Partner", **extra) -> list:
    return [make_partner(f"{prefix} {i:03d}", **extra) for i in range(n)]
