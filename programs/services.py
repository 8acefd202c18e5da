"""Writes for the program: the charter, publishing agreement versions, and partners accepting them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from core.actor import Actor
from core.events import apply_changes, record_event
from core.roles import PartnerRole
from core.scoping import lock_visible
from notifications.services import Email, notify
from programs.inputs import CharterInput, VersionInput
from programs.models import AgreementAcceptance, AgreementKind, AgreementVersion, ProgramCharter

PUBLISH_ATTEMPTS = 3


def charter_update(*, actor: Actor, data: Mapping[str, Any] | CharterInput) -> ProgramCharter:
    """Create or edit the single program charter row: the page sends every field, the API may send some."""
    actor.require("program.configure")
    form = data if isinstance(data, CharterInput) else CharterInput.from_api(dict(data), partial=True)
    cleaned = {name: value.strip() for name, value in form.cleaned().items()}
    with transaction.atomic():
        charter = ProgramCharter.objects.visible_to(actor).select_for_update().order_by("id").first()

        def value(name: str) -> str:
            return cleaned[name] if name in cleaned else (getattr(charter, name) if charter else "")

        missing = {name: _("This field is required.") for name in ("title_en", "body_en") if not value(name)}
        if missing:
            raise ValidationError(missing)
        if charter is None:
            charter = ProgramCharter.objects.create(updated_by=actor.user, **cleaned)
            record_event(actor=actor, verb="charter.updated", target=charter, after=cleaned)
            return charter
        before, after = apply_changes(charter, cleaned)
        if not after:
            return charter
        charter.updated_by = actor.user
        charter.save()
        record_event(actor=actor, verb="charter.updated", target=charter, before=before, after=after)
    return charter


def agreement_publish(
    *, actor: Actor, data: Mapping[str, Any] | VersionInput, kind: str | None = None, notify: bool = True
) -> AgreementVersion:
    """Publish the next version of a document: number = previous + 1. Published text never changes.

    Two publications racing for the same number hit the unique constraint; the loser retries with the next
    number, and after a few collisions gives up with a clear error instead of a 500.
    """
    actor.require("program.configure")
    if isinstance(data, VersionInput):
        form = data
    else:
        form = VersionInput.from_api(dict(data) | ({"kind": kind} if kind is not None else {}))
    cleaned = {name: value.strip() for name, value in form.cleaned().items()}
    kind = cleaned.pop("kind")
    for _attempt in range(PUBLISH_ATTEMPTS):
        try:
            with transaction.atomic():
                last = AgreementVersion.objects.filter(kind=kind).aggregate(n=Max("version"))["n"] or 0
                version = AgreementVersion.objects.create(
                    kind=kind, version=last + 1, published_by=actor.user, **cleaned
                )
                record_event(
                    actor=actor,
                    verb="agreement.published",
                    target=version,
                    after={"kind": kind, "version": version.version},
                    note=cleaned.get("changes_en", ""),
                )
                if notify:
                    _notify_partner_admins(version)
            return version
        except IntegrityError:
            continue
    raise ValidationError(
        _(
            "Another version of this document was published at the same moment. "
            "Reload the page and publish again."
        )
    )


def _notify_partner_admins(version: AgreementVersion) -> None:
    """Every admin of a partner that is still in the program must accept the new version: told in the app
    and, as each chose, by email."""
    from accounts.models import Membership
    from partners.choices import PartnerStatus

    admins = (
        Membership.objects.filter(role=PartnerRole.ADMIN, is_active=True, user__is_active=True)
        .exclude(partner__status=PartnerStatus.OFFBOARDED)
        .select_related("user", "partner")
        .order_by("partner__name", "user__email")
    )
    by_partner: dict[int, list[Any]] = {}
    for membership in admins:
        by_partner.setdefault(membership.partner_id, []).append(membership)
    document = AgreementKind(version.kind).label
    for memberships in by_partner.values():
        partner = memberships[0].partner
        notify(
            users=[m.user for m in memberships],
            verb="agreement.published",
            message=gettext_noop("New version %(n)s of the %(document)s to accept"),
            params={"n": version.version, "document": document},
            link=reverse("programs:agreements_mine"),
            partner=partner,
            email=Email(
                template="programs/email/agreement_published.txt",
                subject=gettext_lazy("New version of the %(document)s to accept"),
                subject_params={"document": document},
                context={"version": version, "partner": partner},
            ),
        )


def agreement_accept(
    *, actor: Actor, version: AgreementVersion, ip_address: str | None = None
) -> AgreementAcceptance:
    """A partner admin accepts the current version of a document for their own partner."""
    if not actor.can("program.accept_agreement") or actor.partner is None:
        raise PermissionDenied
    partner = actor.partner
    from partners.models import Partner

    with transaction.atomic():
        # One acceptance at a time per partner.
        partner = lock_visible(Partner.objects, actor=actor, pk=partner.pk)
        current = (
            AgreementVersion.objects.visible_to(actor).filter(kind=version.kind).order_by("-version").first()
        )
        if current is None or current.pk != version.pk:
            raise ValidationError(
                _("Version %(old)s is no longer current; read and accept version %(new)s instead.")
                % {"old": version.version, "new": current.version if current else "?"}
            )
        if AgreementAcceptance.objects.visible_to(actor).filter(version=version, partner=partner).exists():
            raise ValidationError(
                _("%(partner)s has already accepted this version.") % {"partner": partner.name}
            )
        acceptance = AgreementAcceptance.objects.create(
            version=version,
            partner=partner,
            accepted_by=actor.user,
            ip_address=ip_address or None,
        )
        record_event(
            actor=actor,
            verb="agreement.accepted",
            target=version,
            partner=partner,
            after={"kind": version.kind, "version": version.version, "ip_address": ip_address or ""},
        )
    return acceptance
