"""The deal registration state machine: which status may follow which. Services check every change here."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from deals.models import RegistrationStatus as S

ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    S.DRAFT: frozenset({S.SUBMITTED}),
    S.SUBMITTED: frozenset({S.APPROVED, S.REJECTED}),
    S.APPROVED: frozenset({S.WON, S.LOST, S.EXPIRED}),
    S.REJECTED: frozenset({S.APPEALED}),
    S.APPEALED: frozenset({S.APPROVED, S.REJECTED}),
    S.WON: frozenset(),
    S.LOST: frozenset(),
    S.EXPIRED: frozenset(),
}


def can_transition(from_status: str, to_status: str) -> bool:
    return to_status in ALLOWED_TRANSITIONS.get(from_status, frozenset())


def check_transition(from_status: str, to_status: str) -> None:
    if not can_transition(from_status, to_status):
        raise ValidationError(
            {
                "status": _("A registration that is %(current)s cannot become %(target)s.")
                % {"current": S(from_status).label, "target": S(to_status).label}
            }
        )
