"""The program's panels: agreements still to accept on the partner home, agreements accepted on the staff
partner page."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from dashboard.widgets import MAIN, PARTNER, PARTNER_HOME, PARTNER_PAGE, TOP, Widget, register_widget
from programs.selectors import acceptances_for_partner, pending_acceptances


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
