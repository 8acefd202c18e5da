"""Small builders for program tests (and onboarding tests that need a published agreement)."""

from core.actor import system_actor
from core.models import Event
from programs.models import AgreementAcceptance, AgreementKind, AgreementVersion
from programs.services import agreement_publish


def publish(
    kind: str = AgreementKind.PARTNER_AGREEMENT,
    *,
    title: str = "Partner agreement",
    body: str = "The terms.",
    actor=None,
    **extra,
) -> AgreementVersion:
    return agreement_publish(
        actor=actor or system_actor(),
        kind=kind,
        data={"title_en": title, "body_en": body, **extra},
        notify=False,
    )


def former_rules_text(*, title: str = "Rules of engagement", version: int = 1) -> AgreementVersion:
    """A version of the free-text rules of engagement, as published before they were versioned per program
    (engagement's rule sets): kept, no longer published."""
    return AgreementVersion.objects.create(
        kind=AgreementKind.RULES_OF_ENGAGEMENT, version=version, title_en=title, body_en="Old rules."
    )


def nothing_accepted() -> bool:
    """No acceptance row and no acceptance event: for "a refused accept changed nothing"."""
    no_event = not Event.objects.filter(verb="agreement.accepted").exists()
    return no_event and not AgreementAcceptance.objects.exists()
