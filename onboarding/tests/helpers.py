"""Builders for onboarding tests."""

from core.actor import system_actor
from onboarding.models import ChecklistStep, StepKind
from onboarding.services import checklist_install_defaults
from partners.choices import PartnerStatus


class Checklist:
    """The default checklist of a type, by role: agreement, profile, team, kickoff (CAM confirms),
    training (no confirmation), first_deal (CAM confirms)."""

    def __init__(self, steps: list[ChecklistStep]):
        self.steps = steps
        self.agreement, self.profile, self.team, self.kickoff, self.training, self.first_deal = steps

    @property
    def manual(self) -> list[ChecklistStep]:
        return [s for s in self.steps if s.kind == StepKind.MANUAL]


def install(partner_type: str = "reseller") -> Checklist:
    return Checklist(checklist_install_defaults(actor=system_actor(), partner_type=partner_type))


def complete_profile(partner) -> None:
    partner.legal_name = f"{partner.name} GmbH"
    partner.tax_id = "DE123456789"
    partner.verticals = ["retail"]
    partner.save()


def start_onboarding(partner):
    partner.status = PartnerStatus.ONBOARDING
    partner.save()
    return partner
