"""The partner lifecycle: which status may follow which."""

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
