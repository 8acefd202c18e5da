"""Who may do what next in recruitment: the prospect pipeline's stages and `allowed_actions`.

`allowed_actions(actor, obj)` (an application or a prospect) is the one rule behind the page's buttons, the
API's `actions` and the services' checks (`require_action` on the row they locked): an action is offered only
when it can succeed. A refusal is `PermissionDenied` (the role) or a coded `ValidationError` (the state).
"""

from __future__ import annotations

from enum import StrEnum

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.utils.translation import gettext as _

from core.rules import ActionRules, ModelRules
from recruitment.errors import RecruitmentErrorCode as E
from recruitment.models import Application, ApplicationStatus, Prospect
from recruitment.models import ProspectStage as S

OPEN_STAGES: tuple[str, ...] = (S.NEW, S.CONTACTED, S.QUALIFIED, S.NEGOTIATING)
FINAL_STAGES: tuple[str, ...] = (S.CONVERTED, S.LOST)

# Converted is reached only through prospect_convert; lost may be reopened as new.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    **{stage: tuple(s for s in (*OPEN_STAGES, S.LOST) if s != stage) for stage in OPEN_STAGES},
    S.LOST: (S.NEW,),
    S.CONVERTED: (),
}

# What an application needs that a prospect may still lack.
CONVERT_REQUIRED = (
    "company_name",
    "web_domain",
    "contact_name",
    "contact_email",
    "region",
    "country",
    "partner_type",
)


def allowed_next(stage: str) -> tuple[str, ...]:
    return TRANSITIONS.get(stage, ())


def is_open(stage: str) -> bool:
    return stage in OPEN_STAGES


class ApplicationAction(StrEnum):
    APPROVE = "approve"
    REJECT = "reject"


class ProspectAction(StrEnum):
    EDIT = "edit"
    MOVE = "move"  # to one of allowed_next(stage)
    CONVERT = "convert"


def application_refusal(actor, application: Application, action: ApplicationAction) -> Exception | None:
    """Why `actor` may not approve or reject `application` now, or None when it can go ahead."""
    if not actor.can("recruitment.review"):
        return PermissionDenied()
    if application.status != ApplicationStatus.SUBMITTED:
        return ValidationError(
            _("This application has already been decided (%(status)s).")
            % {"status": application.get_status_display()},
            code=E.ALREADY_DECIDED,
        )
    return None


def missing_for_conversion(prospect: Prospect) -> list[str]:
    """Labels of the fields a prospect still needs before it can become an application."""
    return [_label(name) for name in CONVERT_REQUIRED if not getattr(prospect, name)]


def _label(name: str) -> str:
    field = Prospect._meta.get_field(name)
    return str(field.verbose_name) if isinstance(field, models.Field) else name


def stage_refusal(prospect: Prospect, stage: str) -> ValidationError | None:
    """Why `prospect` may not move to `stage`, or None."""
    if stage == S.CONVERTED:
        return ValidationError(
            {
                "stage": ValidationError(
                    _("Use “Convert to applicant” to convert a prospect."), code=E.CONVERT_BY_ACTION
                )
            }
        )
    if stage not in allowed_next(prospect.stage):
        return ValidationError(
            {
                "stage": ValidationError(
                    _("A prospect cannot move from %(from)s to %(to)s.")
                    % {"from": prospect.get_stage_display(), "to": S(stage).label},
                    code=E.INVALID_TRANSITION,
                )
            }
        )
    return None


def prospect_refusal(actor, prospect: Prospect, action: ProspectAction) -> Exception | None:
    """Why `actor` may not take `action` on `prospect` now, or None when it can go ahead."""
    if not actor.can("recruitment.manage_prospects"):
        return PermissionDenied()
    if prospect.stage == S.CONVERTED:
        message = (
            _("This prospect has already been converted.")
            if action == ProspectAction.CONVERT
            else _("A converted prospect can no longer be edited; work on its application.")
        )
        return ValidationError(message, code=E.CONVERTED)
    if action == ProspectAction.CONVERT:
        if prospect.stage not in OPEN_STAGES:
            return ValidationError(
                _("A lost prospect must be reopened before it can be converted."), code=E.LOST
            )
        if missing := missing_for_conversion(prospect):
            return ValidationError(
                _("Before converting, fill in: %(fields)s.") % {"fields": ", ".join(missing)},
                code=E.INCOMPLETE,
            )
    return None


RULES = ModelRules(
    {
        Application: ActionRules(ApplicationAction, application_refusal),
        Prospect: ActionRules(ProspectAction, prospect_refusal),
    }
)
allowed_actions = RULES.allowed  # the actions `actor` may take on an application or a prospect now
require_action = RULES.require
