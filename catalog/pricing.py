"""A partner's own prices: the list price less the catalogue discount its program tier gives
(`programs.selectors.tier_benefits`: the best of its current memberships), rounded half up to the cent, in
the product's currency. Read once per page or API answer; the products are priced in memory, so a list costs
one query more whatever its length."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from programs.selectors import benefits_of

CENT = Decimal("0.01")


@dataclass(frozen=True)
class Pricing:
    """Whose prices a list shows and the discount they get (percent off list prices)."""

    partner: Any
    discount: Decimal

    def price(self, list_price: Decimal) -> Decimal:
        return net_price(list_price, self.discount)


def net_price(list_price: Decimal, discount: Decimal) -> Decimal:
    return (list_price * (Decimal(100) - discount) / Decimal(100)).quantize(CENT, rounding=ROUND_HALF_UP)


def pricing_for(partner: Any) -> Pricing:
    return Pricing(partner=partner, discount=benefits_of(partner).catalog_discount)
