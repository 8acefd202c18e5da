"""What the lead list does to several leads at once (core.bulk): each lead's own service, so the lead's rules
decide per row — a lead already answered, one no longer the channel's, a partner that declined it before.

Staff: route through the published rules, assign by hand to one partner (with the reason the partner reads).
Partner users: accept the leads offered to their company."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from core.bulk import BulkAction
from leads.routing.inputs import AssignInput
from leads.routing.selectors import assignable_partners
from leads.routing.services import accept_lead, assign_lead, route_lead


def _route(actor: Any, lead: Any, values: dict[str, Any]) -> None:
    route_lead(actor=actor, lead=lead)


def _assign(actor: Any, lead: Any, values: dict[str, Any]) -> None:
    assign_lead(actor=actor, lead=lead, partner=values["partner"], reason=values["reason"])


def _accept(actor: Any, lead: Any, values: dict[str, Any]) -> None:
    accept_lead(actor=actor, lead=lead)


STAFF_ACTIONS = (
    BulkAction(
        "route",
        _("Route through the rules"),
        run=_route,
        permission="leads.assign",
        done=ngettext_lazy("%(n)s lead routed.", "%(n)s leads routed.", "n"),
    ),
    BulkAction(
        "assign",
        _("Assign to a partner"),
        run=_assign,
        permission="leads.assign",
        done=ngettext_lazy("%(n)s lead assigned.", "%(n)s leads assigned.", "n"),
        input=AssignInput,
        input_options=lambda actor: {
            "partners": assignable_partners(actor=actor) if actor is not None else None
        },
    ),
)
PARTNER_ACTIONS = (
    BulkAction(
        "accept",
        _("Accept"),
        run=_accept,
        permission="leads.work",
        done=ngettext_lazy("%(n)s lead accepted.", "%(n)s leads accepted.", "n"),
    ),
)


def bulk_actions(actor: Any) -> tuple[BulkAction, ...]:
    return STAFF_ACTIONS if actor.is_staff else PARTNER_ACTIONS
