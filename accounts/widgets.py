"""The team panels: on the partner home, on the staff partner page (with pending invitations and the
invite form) and on a distributor's reseller page."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from accounts.inputs import InviteInput
from accounts.selectors import pending_invitations_for_partner, team_for_partner
from dashboard.widgets import (
    MAIN,
    PARTNER,
    PARTNER_HOME,
    PARTNER_PAGE,
    RESELLER_PAGE,
    SIDE,
    Widget,
    register_widget,
)


@register_widget
class MyTeam(Widget):
    name = "accounts.my_team"
    title = _("Team")
    page = PARTNER_HOME
    audience = PARTNER
    column = SIDE
    order = 10
    template_name = "accounts/widgets/my_team.html"

    def get_context(self) -> dict:
        return {"team": team_for_partner(actor=self.actor, partner=self.actor.partner).filter(is_active=True)}


@register_widget
class PartnerTeam(Widget):
    name = "accounts.partner_team"
    title = _("Team")
    page = PARTNER_PAGE
    permission = "partners.view_directory"
    column = MAIN
    order = 20
    template_name = "accounts/widgets/partner_team.html"

    def get_context(self) -> dict:
        return {
            "team": team_for_partner(actor=self.actor, partner=self.obj),
            "invitations": pending_invitations_for_partner(actor=self.actor, partner=self.obj),
            "invite_form": InviteInput(),
        }


@register_widget
class ResellerTeam(Widget):
    name = "accounts.reseller_team"
    title = _("Team")
    page = RESELLER_PAGE
    audience = PARTNER
    column = MAIN
    order = 20
    template_name = "accounts/widgets/reseller_team.html"

    def get_context(self) -> dict:
        return {"team": team_for_partner(actor=self.actor, partner=self.obj).filter(is_active=True)}
