"""The team panels: on the partner home, on the staff partner page (with pending invitations and the
invite form) and on a distributor's reseller page."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from accounts.inputs import InviteInput
from accounts.selectors import pending_invitations_for_partner, team_for_partner
from dashboard.widgets import (
    SIDE,
    PartnerHomeWidget,
    PartnerPageWidget,
    ResellerPageWidget,
    Widget,
    register_widget,
)


class _ActiveTeam(Widget):
    """The active members of the page's partner."""

    title = _("Team")
    order = 20

    def get_context(self) -> dict:
        return {"team": team_for_partner(actor=self.actor, partner=self.partner()).filter(is_active=True)}


@register_widget
class MyTeam(_ActiveTeam, PartnerHomeWidget):
    name = "accounts.my_team"
    column = SIDE
    order = 10


@register_widget
class PartnerTeam(PartnerPageWidget):
    """Every member, active or not, with the pending invitations and the invite form."""

    name = "accounts.partner_team"
    tab = "team"
    title = _("Team")
    order = 20

    def get_context(self) -> dict:
        return {
            "team": team_for_partner(actor=self.actor, partner=self.obj),
            "invitations": pending_invitations_for_partner(actor=self.actor, partner=self.obj),
            "invite_form": InviteInput(),
        }


@register_widget
class ResellerTeam(_ActiveTeam, ResellerPageWidget):
    name = "accounts.reseller_team"
