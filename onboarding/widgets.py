"""Onboarding's panels: progress on the partner home, the checklist on the staff partner page and on a
distributor's reseller page, and the checklists per partner type on the program page."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from dashboard.widgets import (
    MAIN,
    PARTNER,
    PARTNER_HOME,
    PARTNER_PAGE,
    PROGRAM_PAGE,
    RESELLER_PAGE,
    SIDE,
    Widget,
    register_widget,
)
from onboarding.selectors import checklist_summary, onboarding_progress


class _Progress(Widget):
    title = _("Onboarding")

    def partner(self):
        return self.obj

    def get_context(self) -> dict:
        return {"progress": onboarding_progress(actor=self.actor, partner=self.partner())}


@register_widget
class MyOnboarding(_Progress):
    name = "onboarding.mine"
    page = PARTNER_HOME
    audience = PARTNER
    column = MAIN
    order = 10
    template_name = "onboarding/widgets/mine.html"

    def partner(self):
        return self.actor.partner


@register_widget
class PartnerOnboarding(_Progress):
    name = "onboarding.partner"
    page = PARTNER_PAGE
    permission = "partners.view_directory"
    column = MAIN
    order = 10
    template_name = "onboarding/widgets/partner.html"


@register_widget
class ResellerOnboarding(_Progress):
    name = "onboarding.reseller"
    page = RESELLER_PAGE
    audience = PARTNER
    column = MAIN
    order = 10
    template_name = "onboarding/widgets/reseller.html"


@register_widget
class Checklists(Widget):
    name = "onboarding.checklists"
    title = _("Onboarding checklists")
    page = PROGRAM_PAGE
    column = SIDE
    order = 10
    template_name = "onboarding/widgets/checklists.html"

    def get_context(self) -> dict:
        return {"checklists": checklist_summary(actor=self.actor)}
