"""The partner lifecycle: which status may follow which, and the guards other apps add to a transition."""

from collections.abc import Callable

from django.utils.translation import gettext_lazy as _

from partners.choices import PartnerStatus as S

TRANSITIONS: dict[str, tuple[str, ...]] = {
    S.PROSPECT: (S.APPLICANT, S.OFFBOARDED),
    S.APPLICANT: (S.ONBOARDING, S.OFFBOARDED),
    S.ONBOARDING: (S.ACTIVE, S.OFFBOARDED),
    S.ACTIVE: (S.AT_RISK, S.OFFBOARDED),
    S.AT_RISK: (S.ACTIVE, S.OFFBOARDED),
    S.OFFBOARDED: (S.ONBOARDING,),
}

TRANSITION_LABELS = {
    S.APPLICANT: _("Mark as applicant"),
    S.ONBOARDING: _("Start onboarding"),
    S.ACTIVE: _("Activate"),
    S.AT_RISK: _("Flag as at risk"),
    S.OFFBOARDED: _("Offboard"),
}


def allowed_next(status: str) -> tuple[str, ...]:
    return TRANSITIONS.get(status, ())


# Apps above partners add conditions to a transition from their AppConfig.ready() (onboarding: a partner
# is activated only once its onboarding is complete). A guard raises ValidationError to refuse; it runs
# inside the status change's transaction, with the partner row locked.
TransitionGuard = Callable[..., None]  # guard(*, actor, partner, to_status) -> None
_guards: list[TransitionGuard] = []


def register_transition_guard(guard: TransitionGuard) -> None:
    if guard not in _guards:
        _guards.append(guard)


def check_transition(*, actor, partner, to_status: str) -> None:
    for guard in _guards:
        guard(actor=actor, partner=partner, to_status=to_status)
