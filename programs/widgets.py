"""The program's panels: agreements still to accept and the company's programs with its tiers on the partner
home; agreements accepted and program memberships on the staff partner page."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from dashboard.widgets import MAIN, PARTNER, PARTNER_HOME, PARTNER_PAGE, SIDE, TOP, Widget, register_widget
from programs.selectors import acceptances_for_partner, memberships_of, pending_acceptances, standings_of


@register_widget
class PendingAgreements(Widget):
    name = "programs.pending_agreements"
    title = _("Action needed")
    page = PARTNER_HOME
    audience = PARTNER
    column = TOP
    order = 20
    template_name = "programs/widgets/pending_agreements.html"

    def _pending(self):
        if not hasattr(self, "_found"):
            self._found = pending_acceptances(actor=self.actor, partner=self.actor.partner)
        return self._found

    def is_shown(self) -> bool:
        return bool(self._pending())

    def get_context(self) -> dict:
        return {"pending_agreements": self._pending()}


@register_widget
class AgreementsAccepted(Widget):
    name = "programs.agreements_accepted"
    tab = "agreements"
    title = _("Agreements accepted")
    page = PARTNER_PAGE
    permission = "partners.view_directory"
    column = MAIN
    order = 30
    template_name = "programs/widgets/agreements_accepted.html"

    def get_context(self) -> dict:
        return {"acceptances": acceptances_for_partner(actor=self.actor, partner=self.obj)}


@register_widget
class MyPrograms(Widget):
    name = "programs.my_programs"
    title = _("Your programs")
    page = PARTNER_HOME
    audience = PARTNER
    permission = "program.view"
    column = SIDE
    order = 15

    def _standings(self):
        if not hasattr(self, "_found"):
            self._found = standings_of(actor=self.actor, partner=self.actor.partner)
        return self._found

    def is_shown(self) -> bool:
        return bool(self._standings())

    def get_context(self) -> dict:
        return {"standings": self._standings()}


@register_widget
class ProgramMemberships(Widget):
    name = "programs.memberships"
    title = _("Programs")
    page = PARTNER_PAGE
    permission = "program.view"
    column = SIDE
    order = 20

    def get_context(self) -> dict:
        return {"memberships": list(memberships_of(actor=self.actor, partner=self.obj)[:20])}
