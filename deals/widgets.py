"""Deals' card on the staff home (registrations awaiting a decision, oldest first) and its panels on the staff
partner page (key figures, the deals tab)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from dashboard.widgets import MAIN, STAFF_HOME, TOP, Figure, PartnerPageWidget, Widget, register_widget
from deals.models import RegistrationStatus
from deals.selectors import partner_deal_figures, partner_registrations, registration_list


@register_widget
class AwaitingDecision(Widget):
    name = "deals.awaiting_decision"
    title = _("Deal registrations awaiting a decision")
    page = STAFF_HOME
    permission = "deals.view_pipeline"
    column = MAIN
    order = 10
    template_name = "deals/widgets/awaiting_decision.html"

    def _submitted(self):
        return registration_list(actor=self.actor, filters={"status": RegistrationStatus.SUBMITTED})

    def figures(self) -> list[Figure]:
        url = f"{reverse('deals:pipeline')}?{urlencode({'status': RegistrationStatus.SUBMITTED})}"
        count = self._submitted().count()
        label = ngettext("registration submitted", "registrations submitted", count)
        return [Figure(label, count, url)]

    def get_context(self) -> dict:
        return {"oldest_submitted": self._submitted().order_by("submitted_at", "id")[:5]}


# --- the staff partner page (dashboard.widgets.PARTNER_PAGE): key figures on the overview, the deals tab ---


def _pipeline_url(partner, **filters: str) -> str:
    return f"{reverse('deals:pipeline')}?{urlencode({'partner': str(partner.public_id), **filters})}"


@register_widget
class PartnerDealFigures(PartnerPageWidget):
    """Open pipeline, won revenue, win rate and registrations awaiting a decision, each linking to the
    pipeline filtered to this partner (and the status that produced it)."""

    name = "deals.partner_figures"
    title = _("Key figures")
    permission = "deals.view_pipeline"
    column = TOP
    order = 5

    def get_context(self) -> dict:
        figures = partner_deal_figures(actor=self.actor, partner=self.obj)
        partner = self.obj
        return {
            "deal_figures": figures,
            "pipeline_url": _pipeline_url(partner),
            "won_url": _pipeline_url(partner, status=RegistrationStatus.WON),
            "awaiting_url": _pipeline_url(partner, status=RegistrationStatus.SUBMITTED),
        }


@register_widget
class PartnerRegistrations(PartnerPageWidget):
    """The deals tab: the partner's latest registrations."""

    name = "deals.partner_registrations"
    title = _("Deal registrations")
    permission = "deals.view_pipeline"
    tab = "deals"
    order = 10

    def get_context(self) -> dict:
        return {
            "registrations": partner_registrations(actor=self.actor, partner=self.obj),
            "pipeline_url": _pipeline_url(self.obj),
        }
