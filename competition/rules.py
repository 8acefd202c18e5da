"""Who may do what next with a competing vendor, a line and a partner's declaration.

One rule behind the pages' buttons, the API's `actions` and the services' checks (`require_action`, on the
locked row): the list is kept by channel operations, marketing and the chief; a declaration is changed only
by an admin of the partner it belongs to (a distributor's admin does not declare for its resellers, and the
vendor's staff read declarations without changing them). A refusal is PermissionDenied (the role).
"""

from __future__ import annotations

from enum import StrEnum

from django.core.exceptions import PermissionDenied

from competition.models import CompetingDeclaration, CompetingLine, CompetingVendor
from core.rules import ActionRules, ModelRules


class VendorAction(StrEnum):
    EDIT = "edit"
    ADD_LINE = "add_line"


class LineAction(StrEnum):
    EDIT = "edit"


class DeclarationAction(StrEnum):
    EDIT = "edit"
    DELETE = "delete"


def may_declare(actor, partner) -> bool:
    """Whether `actor` keeps the declaration of `partner`: an admin acting for that very company."""
    return (
        actor.is_partner
        and actor.can("competition.declare")
        and partner is not None
        and actor.partner.pk == getattr(partner, "pk", partner)
    )


def _list_refusal(actor, obj, action) -> Exception | None:
    return None if actor.is_staff and actor.can("competition.manage") else PermissionDenied()


def declaration_refusal(actor, declaration: CompetingDeclaration, action) -> Exception | None:
    return None if may_declare(actor, declaration.partner_id) else PermissionDenied()


RULES = ModelRules(
    {
        CompetingVendor: ActionRules(VendorAction, _list_refusal),
        CompetingLine: ActionRules(LineAction, _list_refusal),
        CompetingDeclaration: ActionRules(DeclarationAction, declaration_refusal),
    }
)
allowed_actions = RULES.allowed
require_action = RULES.require
