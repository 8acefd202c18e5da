"""Onboarding's panels: progress on the partner home, the checklist on the staff partner page and on a
distributor's reseller page, and the checklists per partner type on the program page."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from dashboard.widgets import (
    PartnerHomeWidget,
    PartnerPageWidget,
    ProgramPageWidget,
    ResellerPageWidget,
    Widget,
    register_widget,
)
from onboarding.selectors import checklist_summary, onboarding_progress


class _Progress(Widget):
    """The onboarding progress of the page's partner (first in the main column)."""

    title = _("Onboarding")
    order = 10

    def get_context(self) -> dict:
        return {"progress": onboarding_progress(actor=self.actor, partner=self.partner())}


@register_widget
class MyOnboarding(_Progress, PartnerHomeWidget):
    name = "onboarding.mine"


@register_widget
class PartnerOnboarding(_Progress, PartnerPageWidget):
    name = "onboarding.partner"
    tab = "onboarding"


@register_widget
class ResellerOnboarding(_Progress, ResellerPageWidget):
    name = "onboarding.reseller"


@register_widget
class Checklists(ProgramPageWidget):
    name = "onboarding.checklists"
    title = _("Onboarding checklists")
    order = 10

    def get_context(self) -> dict:
        return {"checklists": checklist_summary(actor=self.actor)}
