"""Onboarding's reactions to other apps' events, subscribed in `OnboardingConfig.ready()`.

Three automatic steps follow data that other apps own: the profile (partners), the team (accounts) and the
partner agreement (programs). When one of their events completes a partner's onboarding, the CAM hears
that the partner can be activated (`onboarding_notify_if_ready`), exactly as when a manual step finishes it.

"Completes" means: 100 % now, less before this event. Each reaction reconstructs the progress before the
event from the event itself (every other input is unchanged within it): the profile from the recorded
before-values, the team with one active member fewer, the agreement as not yet accepted. Activation is
guarded here too: a partner still onboarding is activated only at 100 % (`activation_guard`).
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import replace

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.actor import system_actor
from onboarding.models import StepKind
from onboarding.selectors import PROFILE_FIELDS, Progress, onboarding_progress, team_size
from onboarding.services import AWAITING_ACTIVATION, onboarding_notify_if_ready
from partners.choices import PartnerStatus
from programs.models import AgreementKind

PROFILE_VERB = "partner.updated"
TEAM_VERB = "member.joined"
AGREEMENT_VERB = "agreement.accepted"

# The partner fields onboarding's progress reads: the checklist follows the type, the profile step the rest.
_PROGRESS_FIELDS = ("partner_type", *PROFILE_FIELDS, "verticals")


def _assuming(progress: Progress, kind: str, done: bool) -> Progress:
    """`progress` with the automatic steps of `kind` taken as done (or not)."""
    state = "done" if done else "todo"
    return Progress(
        [replace(s, state=state) if s.automatic and s.step.kind == kind else s for s in progress.steps]
    )


def _react(event, before: Callable[[object, Progress], Progress | None]) -> None:
    partner = event.partner
    if partner is None or partner.status not in AWAITING_ACTIVATION:
        return
    actor = system_actor()
    now = onboarding_progress(actor=actor, partner=partner)
    if now.percent < 100:
        return
    previous = before(actor, now)
    if previous is not None:
        onboarding_notify_if_ready(actor=actor, partner=partner, before_percent=previous.percent)


def profile_changed(event) -> None:
    def before(actor, now):
        changed = [name for name in _PROGRESS_FIELDS if name in event.before or name in event.after]
        if not changed:
            return None
        earlier = copy.copy(event.partner)
        for name in changed:
            setattr(earlier, name, event.before.get(name))
        return onboarding_progress(actor=actor, partner=earlier)

    _react(event, before)


def member_joined(event) -> None:
    def before(actor, now):
        return _assuming(now, StepKind.TEAM, team_size(actor=actor, partner=event.partner) - 1 >= 2)

    _react(event, before)


def agreement_accepted(event) -> None:
    def before(actor, now):
        if event.after.get("kind") != AgreementKind.PARTNER_AGREEMENT:
            return None  # another document: the agreement step did not change
        return _assuming(now, StepKind.AGREEMENT, False)

    _react(event, before)


def activation_guard(*, actor, partner, to_status: str) -> None:
    """partners.rules guard: a partner still onboarding is activated only once every step is done."""
    if to_status != PartnerStatus.ACTIVE or partner.status != PartnerStatus.ONBOARDING:
        return
    progress = onboarding_progress(actor=actor, partner=partner)
    if progress.percent < 100:
        raise ValidationError(
            {
                "status": _(
                    "Onboarding is %(percent)s%% complete; every step must be done before activation."
                )
                % {"percent": progress.percent}
            }
        )
