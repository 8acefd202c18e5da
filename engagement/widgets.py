"""The rules of engagement's panels: the rules awaiting acceptance on the partner home, and the versions a
partner accepted on the staff partner page."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from dashboard.widgets import MAIN, PARTNER, PARTNER_HOME, PARTNER_PAGE, TOP, Widget, register_widget
from engagement.selectors import acceptances_for_partner, rules_to_accept


@register_widget
class RulesToAccept(Widget):
    name = "engagement.rules_to_accept"
    title = _("Rules of engagement to accept")
    page = PARTNER_HOME
    audience = PARTNER
    permission = "engagement.view"
    column = TOP
    order = 21
    template_name = "engagement/widgets/rules_to_accept.html"

    def _pending(self):
        if not hasattr(self, "_found"):
            self._found = rules_to_accept(partner=self.actor.partner)
        return self._found

    def is_shown(self) -> bool:
        return self._pending() is not None

    def get_context(self) -> dict:
        return {"pending_rules": self._pending(), "can_accept": self.actor.can("engagement.accept")}


@register_widget
class RulesAccepted(Widget):
    name = "engagement.rules_accepted"
    tab = "agreements"
    title = _("Rules of engagement accepted")
    page = PARTNER_PAGE
    permission = "partners.view_directory"
    column = MAIN
    order = 31
    template_name = "engagement/widgets/rules_accepted.html"

    def get_context(self) -> dict:
        return {"acceptances": acceptances_for_partner(actor=self.actor, partner=self.obj)[:20]}
