"""Learning's home cards: certifications held and expiring soon (a partner's team, or every partner for
staff). Each figure counts exactly the rows of the team list its link opens (`award_filters`)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.roles import StaffRole
from dashboard.widgets import Figure, PartnerHomeWidget, PartnerPageWidget, Widget, register_widget
from learning.selectors import award_filters, team_awards


class _Certifications(Widget):
    title = _("Certifications")
    permission = "enablement.view"
    order = 60

    def figures(self) -> list[Figure]:
        url = reverse("learning:team")
        return [
            Figure(
                label,
                award_filters(actor=self.actor, data={"state": state}).qs.count(),
                f"{url}?state={state}",
            )
            for state, label in (
                ("valid", _("Valid certifications")),
                ("expiring", _("Expiring within 60 days")),
            )
        ]


@register_widget
class StaffCertifications(_Certifications):
    """Every partner's: for the roles that look at the whole channel (a CAM's cards count their portfolio)."""

    name = "learning.staff_certifications"
    roles = frozenset({StaffRole.CHIEF, StaffRole.MARKETING, StaffRole.OPS})
    template_name = "dashboard/widget.html"


@register_widget
class MyCertifications(_Certifications, PartnerHomeWidget):
    name = "learning.my_certifications"
    template_name = "dashboard/widget.html"


@register_widget
class PartnerCertifications(PartnerPageWidget):
    """The staff partner page's team tab: who at the partner holds which valid certification."""

    name = "learning.partner_certifications"
    tab = "team"
    title = _("Certifications")
    order = 40

    def get_context(self) -> dict:
        return {"awards": team_awards(actor=self.actor).filter(partner=self.obj)[:50]}
