"""Writes for the program: the charter, publishing agreement versions and partners accepting them; partner
programs, their tiers' benefits and their members (who joins and leaves, a tier set by hand or by the tier
evaluation)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from core.actor import Actor, system_actor
from core.events import apply_changes, record_event, save_changes
from core.roles import PartnerRole
from core.scoping import lock_visible
from notifications.services import Email, notify
from partners.choices import Tier
from partners.models import Partner
from programs.errors import ProgramErrorCode as E
from programs.inputs import (
    CharterInput,
    MemberAddInput,
    MemberEndInput,
    MemberTierInput,
    ProgramInput,
    TierInput,
    VersionInput,
)
from programs.models import (
    PUBLISHED_KINDS,
    TIER_RANK,
    AgreementAcceptance,
    AgreementKind,
    AgreementVersion,
    PartnerProgram,
    ProgramCharter,
    ProgramMembership,
    ProgramStatus,
    ProgramTier,
)
from programs.rules import PartnerProgramAction, ProgramMembershipAction, require_action

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
        if version.kind not in PUBLISHED_KINDS:
            raise ValidationError(
                _("This text is no longer accepted: accept the rules of engagement of your program instead."),
                code=E.NOT_PUBLISHED_KIND,
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


# --- memberships and tiers ----------------------------------------------------------------------------------


def _sync_partner_tier(partner_id: int) -> None:
    """`Partner.tier` is the highest tier of the partner's current memberships (unchanged without one)."""
    tiers = ProgramMembership.objects.filter(partner_id=partner_id, ended_at__isnull=True).values_list(
        "tier", flat=True
    )
    if tiers:
        best = max(tiers, key=TIER_RANK.__getitem__)
        Partner.objects.filter(pk=partner_id).exclude(tier=best).update(tier=best, updated_at=timezone.now())


def membership_join(
    *, actor: Actor, program: PartnerProgram, partner: Partner, tier: str = Tier.REGISTERED
) -> ProgramMembership:
    """`partner` joins `program` (again, when it had left): once per program; joining twice changes
    nothing."""
    actor.require("program.configure")
    if program.status != ProgramStatus.ACTIVE:
        raise ValidationError(_("%(program)s is retired.") % {"program": program}, code=E.RETIRED)
    if not program.admits(partner.partner_type):
        raise ValidationError(
            _("%(program)s is not for a partner of type %(type)s.")
            % {"program": program, "type": partner.get_partner_type_display()},
            code=E.NOT_ADMITTED,
        )
    with transaction.atomic():
        membership, created = ProgramMembership.objects.select_for_update().get_or_create(
            program=program, partner=partner, defaults={"tier": tier}
        )
        if not created and membership.ended_at is None:
            return membership
        if not created:
            membership.ended_at = None
            membership.joined_at = timezone.now()
            membership.save(update_fields=["ended_at", "joined_at", "updated_at"])
        record_event(
            actor=actor,
            verb="program_membership.joined",
            target=membership,
            partner=partner,
            after={"program": program.code, "tier": membership.tier},
        )
        _sync_partner_tier(partner.pk)
    return membership


def membership_end(*, actor: Actor, membership: ProgramMembership, reason: str = "") -> ProgramMembership:
    """The partner leaves the program (its tier there no longer counts); leaving twice changes nothing."""
    actor.require("program.configure")
    with transaction.atomic():
        membership = lock_visible(ProgramMembership.objects, actor=actor, pk=membership.pk)
        if membership.ended_at is not None:
            return membership
        membership.ended_at = timezone.now()
        membership.save(update_fields=["ended_at", "updated_at"])
        record_event(
            actor=actor,
            verb="program_membership.ended",
            target=membership,
            partner=membership.partner,
            before={"program": membership.program.code, "tier": membership.tier},
            note=reason,
        )
        _sync_partner_tier(membership.partner_id)
    return membership


def membership_set_tier(
    *, actor: Actor, membership: ProgramMembership, tier: str, reason: str = ""
) -> ProgramMembership:
    """Move a member to `tier` (by hand, or by the tier evaluation with its explanation as `reason`), and
    `Partner.tier` with it. The same tier again changes nothing and records nothing."""
    actor.require("program.configure")
    if tier not in TIER_RANK:
        raise ValidationError(_("%(tier)s is not a tier.") % {"tier": tier}, code=E.UNKNOWN_TIER)
    with transaction.atomic():
        membership = lock_visible(ProgramMembership.objects, actor=actor, pk=membership.pk)
        if membership.ended_at is not None:
            raise ValidationError(_("The partner has left this program."), code=E.MEMBERSHIP_ENDED)
        if membership.tier == tier:
            return membership
        before = membership.tier
        membership.tier = tier
        membership.tier_since = timezone.now()
        membership.save(update_fields=["tier", "tier_since", "updated_at"])
        record_event(
            actor=actor,
            verb="program_membership.tier_changed",
            target=membership,
            partner=membership.partner,
            before={"tier": before},
            after={"tier": tier, "program": membership.program.code},
            note=reason,
        )
        _sync_partner_tier(membership.partner_id)
    return membership


def memberships_set_tiers(*, actor: Actor, moves: list[tuple[int, str, str]]) -> list[ProgramMembership]:
    """`membership_set_tier` for many members at once (the tier engine's evaluation): `moves` are (membership
    id, tier, reason). The same rules and the same events, one per member moved, with the rows locked, written
    and `Partner.tier` synced in a few statements whatever their number. Refused as a whole (nothing written)
    when a tier is unknown or a member has left its program; a member already at its tier is left out."""
    actor.require("program.configure")
    if not moves:
        return []
    wanted = {pk: (tier, reason) for pk, tier, reason in moves}
    unknown = sorted({tier for tier, _reason in wanted.values() if tier not in TIER_RANK})
    if unknown:
        raise ValidationError(_("%(tier)s is not a tier.") % {"tier": unknown[0]}, code=E.UNKNOWN_TIER)
    with transaction.atomic():
        locked = list(
            ProgramMembership.objects.visible_to(actor)
            .select_related("partner", "program")
            .select_for_update(of=("self",))
            .filter(pk__in=wanted)
            .order_by("pk")
        )
        if len(locked) != len(wanted):
            raise PermissionDenied
        if any(membership.ended_at is not None for membership in locked):
            raise ValidationError(_("The partner has left this program."), code=E.MEMBERSHIP_ENDED)
        moved = [m for m in locked if m.tier != wanted[m.pk][0]]
        now = timezone.now()
        for tier in {wanted[m.pk][0] for m in moved}:
            ProgramMembership.objects.filter(pk__in=[m.pk for m in moved if wanted[m.pk][0] == tier]).update(
                tier=tier, tier_since=now, updated_at=now
            )
        for membership in moved:
            before, (tier, reason) = membership.tier, wanted[membership.pk]
            membership.tier, membership.tier_since, membership.updated_at = tier, now, now
            record_event(
                actor=actor,
                verb="program_membership.tier_changed",
                target=membership,
                partner=membership.partner,
                before={"tier": before},
                after={"tier": tier, "program": membership.program.code},
                note=reason,
            )
        _sync_partner_tiers({m.partner_id for m in moved})
    return moved


def _sync_partner_tiers(partner_ids: set[int]) -> None:
    """`_sync_partner_tier` for many partners: their current tiers read in one query, one UPDATE per tier."""
    best: dict[int, str] = {}
    for partner_id, tier in ProgramMembership.objects.filter(
        partner_id__in=partner_ids, ended_at__isnull=True
    ).values_list("partner_id", "tier"):
        if partner_id not in best or TIER_RANK[tier] > TIER_RANK[best[partner_id]]:
            best[partner_id] = tier
    now = timezone.now()
    for tier in set(best.values()):
        Partner.objects.filter(pk__in=[pk for pk, t in best.items() if t == tier]).exclude(tier=tier).update(
            tier=tier, updated_at=now
        )


# Statuses of a partner that has joined the partner network (not a prospect or an applicant any more).
JOINED_STATUSES = ("onboarding", "active", "at_risk")


def partner_joined_or_left(event: Any) -> None:
    """A partner created as, or moved to, a joined status joins the default program (when it belongs to none);
    an offboarded partner leaves every program. Subscribed to partners' events (programs/apps.py)."""
    partner = event.partner
    status = (event.after or {}).get("status")
    if partner is None or status is None:
        return
    actor = system_actor()
    if status == "offboarded":
        for membership in ProgramMembership.objects.filter(partner=partner, ended_at__isnull=True):
            membership_end(actor=actor, membership=membership, reason=event.note)
        return
    if status not in JOINED_STATUSES:
        return
    current = ProgramMembership.objects.filter(partner=partner, ended_at__isnull=True)
    if current.exists():
        return
    program = PartnerProgram.objects.filter(is_default=True, status=ProgramStatus.ACTIVE).first()
    if program is not None and program.admits(partner.partner_type):
        membership_join(actor=actor, program=program, partner=partner, tier=partner.tier)


def default_program_enrol(*, actor: Actor) -> int:
    """Every partner that has joined the network (onboarding, active, at risk) and belongs to no program joins
    the default program at its tier, in a few statements (seeding, imports); returns how many joined."""
    actor.require("program.configure")
    program = PartnerProgram.objects.filter(is_default=True, status=ProgramStatus.ACTIVE).first()
    if program is None:
        return 0
    current = ProgramMembership.objects.filter(ended_at__isnull=True).values("partner_id")
    partners = Partner.objects.filter(status__in=JOINED_STATUSES).exclude(pk__in=current)
    if program.partner_types:
        partners = partners.filter(partner_type__in=program.partner_types)
    now = timezone.now()
    joined = ProgramMembership.objects.bulk_create(
        [
            ProgramMembership(
                program=program, partner_id=pk, tier=tier, tier_since=activated_at or now, joined_at=now
            )
            for pk, tier, activated_at in partners.values_list("pk", "tier", "activated_at")
        ],
        batch_size=500,
        ignore_conflicts=True,
    )
    return len(joined)


# --- programs, their tiers and members, from the pages and the API ------------------------------------------


def _configure(actor: Actor) -> None:
    actor.require("program.configure")
    if not actor.is_staff:
        raise PermissionDenied


def _clear_default(*, actor: Actor, keep: PartnerProgram | None) -> None:
    """The one default program moves to `keep`: the previous default stops being it (recorded)."""
    others = PartnerProgram.objects.select_for_update().filter(is_default=True)
    if keep is not None and keep.pk is not None:
        others = others.exclude(pk=keep.pk)
    for previous in others:
        save_changes(previous, {"is_default": False}, actor=actor, verb="program.updated")


def program_create(*, actor: Actor, data: Mapping[str, Any] | ProgramInput) -> PartnerProgram:
    """A new program with the four tiers (no benefits yet); made the default, it takes over from the one
    before."""
    _configure(actor)
    cleaned = ProgramInput.bind(data).cleaned()
    with transaction.atomic():
        if cleaned.get("is_default"):
            _clear_default(actor=actor, keep=None)
        program = PartnerProgram.objects.create(**cleaned)
        ProgramTier.objects.bulk_create(ProgramTier(program=program, tier=tier) for tier in Tier.values)
        record_event(actor=actor, verb="program.created", target=program, after=cleaned)
    return program


def program_update(
    *, actor: Actor, program: PartnerProgram, data: Mapping[str, Any] | ProgramInput
) -> PartnerProgram:
    """Change a program's settings: a page sends every field, the API the ones that change. One program is
    always the default: making this one the default takes it from the other; the default stops being it
    only when another one takes over (refused here, with a code)."""
    _configure(actor)
    if isinstance(data, ProgramInput):
        form = data
    else:
        form = ProgramInput.from_api(dict(data), partial=True, instance=program)
    cleaned = form.cleaned()
    with transaction.atomic():
        program = lock_visible(PartnerProgram.objects, actor=actor, pk=program.pk)
        require_action(actor, program, PartnerProgramAction.EDIT)
        if "is_default" in cleaned and cleaned["is_default"] != program.is_default:
            if not cleaned["is_default"]:
                raise ValidationError(
                    {
                        "is_default": ValidationError(
                            _("One program is always the default: make another program the default instead."),
                            code=E.DEFAULT_REQUIRED,
                        )
                    }
                )
            _clear_default(actor=actor, keep=program)
        save_changes(program, cleaned, actor=actor, verb="program.updated")
    return program


def tier_update(*, actor: Actor, tier: ProgramTier, data: Mapping[str, Any] | TierInput) -> ProgramTier:
    """Change what a tier gives (its benefits apply by themselves from the next read: prices, MDF accruals,
    lead routing, deal protection). Records only what changed."""
    _configure(actor)
    if isinstance(data, TierInput):
        form = data
    else:
        form = TierInput.from_api(dict(data), partial=True, instance=tier)
    cleaned = form.cleaned()
    with transaction.atomic():
        tier = lock_visible(ProgramTier.objects.select_related("program"), actor=actor, pk=tier.pk)
        require_action(actor, tier.program, PartnerProgramAction.EDIT)
        save_changes(tier, cleaned, actor=actor, verb="program_tier.updated")
    return tier


def member_partners(*, actor: Actor, program: PartnerProgram) -> QuerySet[Partner]:
    """The partners that may be added to `program`: joined the network, of a type it admits, not a current
    member."""
    current = ProgramMembership.objects.filter(program=program, ended_at__isnull=True).values("partner_id")
    partners = Partner.objects.visible_to(actor).filter(status__in=JOINED_STATUSES).exclude(pk__in=current)
    if program.partner_types:
        partners = partners.filter(partner_type__in=program.partner_types)
    return partners.order_by("name")


def member_add(
    *, actor: Actor, program: PartnerProgram, data: Mapping[str, Any] | MemberAddInput
) -> ProgramMembership:
    """Add a partner to `program` at a tier (a former member joins again, at its former tier)."""
    _configure(actor)
    choices = Partner.objects.visible_to(actor).filter(status__in=JOINED_STATUSES).order_by("name")
    form = data if isinstance(data, MemberAddInput) else MemberAddInput.bind(data, partners=choices)
    cleaned = form.cleaned()
    partner = cleaned["partner"]
    with transaction.atomic():
        program = lock_visible(PartnerProgram.objects, actor=actor, pk=program.pk)
        require_action(actor, program, PartnerProgramAction.ADD_MEMBER)
        if ProgramMembership.objects.filter(program=program, partner=partner, ended_at__isnull=True).exists():
            raise ValidationError(
                {
                    "partner": ValidationError(
                        _("%(partner)s belongs to %(program)s already.")
                        % {"partner": partner.name, "program": program.name},
                        code=E.ALREADY_MEMBER,
                    )
                }
            )
        try:
            membership = membership_join(actor=actor, program=program, partner=partner, tier=cleaned["tier"])
        except ValidationError as exc:
            raise ValidationError({"partner": exc}) from exc
    return membership


def member_set_tier(
    *, actor: Actor, membership: ProgramMembership, data: Mapping[str, Any] | MemberTierInput
) -> ProgramMembership:
    """A member's tier set by hand, with the reason kept in its history (`membership_set_tier`)."""
    _configure(actor)
    cleaned = MemberTierInput.bind(data).cleaned()
    with transaction.atomic():
        locked = lock_visible(ProgramMembership.objects, actor=actor, pk=membership.pk)
        require_action(actor, locked, ProgramMembershipAction.SET_TIER)
        return membership_set_tier(
            actor=actor, membership=locked, tier=cleaned["tier"], reason=cleaned["reason"].strip()
        )


def member_end(
    *, actor: Actor, membership: ProgramMembership, data: Mapping[str, Any] | MemberEndInput
) -> ProgramMembership:
    """The partner leaves the program, and why (`membership_end`)."""
    _configure(actor)
    cleaned = MemberEndInput.bind(data).cleaned()
    with transaction.atomic():
        locked = lock_visible(ProgramMembership.objects, actor=actor, pk=membership.pk)
        require_action(actor, locked, ProgramMembershipAction.END)
        return membership_end(actor=actor, membership=locked, reason=cleaned["reason"].strip())
