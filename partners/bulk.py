"""What the partner directory does to several partners at once (core.bulk): each runs the partner's own
service, so the lifecycle's rules (`allowed_actions`) and the guards other apps add decide per partner."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from core.bulk import BulkAction
from partners.inputs import CamAssignInput, StatusInput
from partners.services import partner_change_status, partner_update


def _assign_cam(actor: Any, partner: Any, values: dict[str, Any]) -> None:
    partner_update(actor=actor, partner=partner, data={"cam": values["cam"].public_id})


def _change_status(actor: Any, partner: Any, values: dict[str, Any]) -> None:
    partner_change_status(actor=actor, partner=partner, to_status=values["status"], note=values["note"])


PARTNER_ACTIONS = (
    BulkAction(
        "assign_cam",
        _("Assign a CAM"),
        run=_assign_cam,
        permission="partners.edit",
        done=ngettext_lazy("%(n)s partner assigned.", "%(n)s partners assigned.", "n"),
        input=CamAssignInput,
        input_options=lambda actor: {"actor": actor},
    ),
    BulkAction(
        "change_status",
        _("Change status"),
        run=_change_status,
        permission="partners.change_status",
        done=ngettext_lazy("%(n)s partner changed status.", "%(n)s partners changed status.", "n"),
        input=StatusInput,
    ),
)
