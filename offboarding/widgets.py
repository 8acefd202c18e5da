"""Offboarding's panel on the staff partner page: the wind-down in progress (or the last one) with its steps
done, or the button that starts one."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy

from dashboard.widgets import SIDE, PartnerPageWidget, register_widget
from offboarding.models import OffboardingStatus
from offboarding.selectors import partner_offboarding
from partners.choices import PartnerStatus


@register_widget
class PartnerWindDown(PartnerPageWidget):
    name = "offboarding.partner"
    title = gettext_lazy("Wind-down")
    permission = "offboarding.view"
    column = SIDE
    order = 16

    def offboarding(self) -> Any:
        return self.shared_value(
            ("offboarding", self.partner().pk),
            lambda: partner_offboarding(actor=self.actor, partner=self.partner()),
        )

    def can_start(self) -> bool:
        current = self.offboarding()
        return (
            self.actor.can("offboarding.manage")
            and (current is None or current.status != OffboardingStatus.IN_PROGRESS)
            and self.partner().status
            in (PartnerStatus.ACTIVE, PartnerStatus.AT_RISK, PartnerStatus.ONBOARDING)
        )

    def is_shown(self) -> bool:
        return self.offboarding() is not None or self.can_start()

    def get_context(self) -> dict[str, Any]:
        return {"offboarding": self.offboarding(), "can_start": self.can_start()}
