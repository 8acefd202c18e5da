"""The competing products a partner declares: a panel of the staff partner page and of the partner's own
company profile."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from competition.rules import may_declare
from competition.selectors import declarations_of, disclosure_of
from dashboard.widgets import MAIN, PartnerPageWidget, ProfilePageWidget, register_widget


class _Declarations:
    """What both panels show: the declarations the reader may see and whether the list was confirmed."""

    actor: object
    obj: object

    def get_context(self) -> dict:
        return {
            "declarations": declarations_of(actor=self.actor, partner=self.obj),  # type: ignore[arg-type]
            "disclosure": disclosure_of(actor=self.actor, partner=self.obj),  # type: ignore[arg-type]
        }


@register_widget
class PartnerDeclarations(_Declarations, PartnerPageWidget):
    name = "competition.partner_declarations"
    title = _("Competing products")
    column = MAIN
    order = 40
    template_name = "competition/widgets/declarations.html"


@register_widget
class ProfileDeclarations(_Declarations, ProfilePageWidget):
    name = "competition.profile_declarations"
    title = _("Competing products")
    permission = "competition.view"
    order = 10
    template_name = "competition/widgets/declarations.html"

    def get_context(self) -> dict:
        return super().get_context() | {"manage": True, "may_declare": may_declare(self.actor, self.obj)}
