"""The attribution chain as a panel of the lead page and of the registration page (dashboard's page widgets):
who is credited, how the lead came (click → lead → registration → won) and, when not credited, why. Each
reader sees the attribution `visible_to` gives them: a partner its own only."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from dashboard.widgets import LEAD_PAGE, PARTNER, REGISTRATION_PAGE, STAFF, Widget, register_widget
from leads.models import Lead
from referrals.chain import attribution_for, chain_steps, exclusion_text
from referrals.models import Attribution

TEMPLATE = (
    "referrals/widgets/attribution.html"  # the four panels below are one, on two pages for two audiences
)


class _AttributionChain(Widget):
    title = _("Attribution")
    permission = "referrals.view"
    order = 200

    def lead(self) -> Lead | None:
        return self.obj if isinstance(self.obj, Lead) else getattr(self.obj, "lead", None)

    def attribution(self) -> Attribution | None:
        lead = self.lead()
        if lead is None:
            return None
        return self.shared_value(("attribution", lead.pk), lambda: attribution_for(lead, actor=self.actor))

    def is_shown(self) -> bool:
        return self.attribution() is not None

    def get_context(self) -> dict[str, Any]:
        attribution = self.attribution()
        assert attribution is not None
        return {
            "attribution": attribution,
            "steps": chain_steps(attribution, actor=self.actor),
            "exclusion": "" if attribution.counts else exclusion_text(attribution),
        }


@register_widget
class LeadChainForStaff(_AttributionChain):
    template_name = TEMPLATE
    name = "referrals.lead_chain"
    page = LEAD_PAGE
    audience = STAFF


@register_widget
class LeadChainForPartner(_AttributionChain):
    template_name = TEMPLATE
    name = "referrals.lead_chain_partner"
    page = LEAD_PAGE
    audience = PARTNER


@register_widget
class RegistrationChainForStaff(_AttributionChain):
    template_name = TEMPLATE
    name = "referrals.registration_chain"
    page = REGISTRATION_PAGE
    audience = STAFF


@register_widget
class RegistrationChainForPartner(_AttributionChain):
    template_name = TEMPLATE
    name = "referrals.registration_chain_partner"
    page = REGISTRATION_PAGE
    audience = PARTNER
