"""The tier engine's writes: a program's policy, its criteria versions and their requirements, evaluating now,
custom metrics and their values, and overrides by hand. Each checks the actor's permission and the rules,
locks what it changes through the actor's scope and records an event in the same transaction."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from core.actor import Actor
from core.events import record_event, save_changes
from core.scoping import lock_visible
from core.versions import VersionStatus
from partners.models import Partner
from programs.models import PartnerProgram, ProgramMembership
from programs.services import membership_set_tier
from tiers.errors import TierErrorCode as E
from tiers.evaluation import Outcome, engine_writing, evaluate, is_engine_writing, ladder
from tiers.inputs import (
    CriteriaInput,
    CustomMetricInput,
    OverrideInput,
    PolicyInput,
    RequirementInput,
    ValueInput,
)
from tiers.models import (
    CriteriaVersion,
    CustomMetric,
    CustomMetricValue,
    DowngradeWarning,
    Requirement,
    TierOverride,
    TierPolicy,
    WarningStatus,
)
from tiers.rules import CriteriaAction, OverrideAction, draft_exists, require_action

REQUIREMENT_FIELDS = ("tier", "metric", "parameter", "threshold", "window_days")


# --- the program's policy ----------------------------------------------------------------------------------


def policy_of(program: PartnerProgram) -> TierPolicy:
    policy, _created = TierPolicy.objects.get_or_create(program=program)
    return policy


def policy_update(
    *, actor: Actor, program: PartnerProgram, data: Mapping[str, Any] | PolicyInput
) -> TierPolicy:
    actor.require("tiers.manage")
    if not actor.is_staff:
        raise PermissionDenied
    form = data if isinstance(data, PolicyInput) else PolicyInput.from_api(dict(data), partial=True)
    cleaned = form.cleaned()
    with transaction.atomic():
        policy = policy_of(program)
        policy = lock_visible(TierPolicy.objects, actor=actor, pk=policy.pk)
        save_changes(policy, cleaned, actor=actor, verb="tier_policy.updated")
    return policy


# --- criteria versions -------------------------------------------------------------------------------------


def _criteria_values(data: Mapping[str, Any] | CriteriaInput | None) -> dict[str, Any]:
    if isinstance(data, CriteriaInput):
        return {"notes": data.cleaned()["notes"]}
    return CriteriaInput.from_api(dict(data or {}), partial=True).cleaned()


def criteria_create_draft(
    *, actor: Actor, program: PartnerProgram, data: Mapping[str, Any] | CriteriaInput | None = None
) -> CriteriaVersion:
    """A new draft of the program's criteria, copied from its published version (or its latest), with its
    requirements; `data` (notes) applied on top."""
    actor.require("tiers.manage")
    if not actor.is_staff:
        raise PermissionDenied
    cleaned = _criteria_values(data)
    try:
        with transaction.atomic():
            program = lock_visible(PartnerProgram.objects, actor=actor, pk=program.pk)
            versions = CriteriaVersion.objects.visible_to(actor).filter(program=program)
            if versions.filter(status=VersionStatus.DRAFT).exists():
                raise draft_exists()
            source = (
                versions.filter(status=VersionStatus.PUBLISHED).first()
                or versions.order_by("-version").first()
            )
            if source is not None and source.status == VersionStatus.PUBLISHED:
                require_action(actor, source, CriteriaAction.NEW_DRAFT)
            last = versions.aggregate(last=Max("version"))["last"] or 0
            draft = CriteriaVersion.objects.create(
                program=program,
                version=last + 1,
                status=VersionStatus.DRAFT,
                notes=cleaned.get("notes", source.notes if source else ""),
            )
            if source is not None:
                Requirement.objects.bulk_create(
                    Requirement(criteria=draft, **{name: getattr(r, name) for name in REQUIREMENT_FIELDS})
                    for r in source.requirements.order_by("id")
                )
            record_event(
                actor=actor,
                verb="tier_criteria.draft_created",
                target=draft,
                after={
                    "program": program.code,
                    "version": draft.version,
                    "copied_from": source.version if source else None,
                },
            )
    except IntegrityError as exc:  # another draft was started at the same moment
        raise draft_exists() from exc
    return draft


def criteria_update(
    *, actor: Actor, criteria: CriteriaVersion, data: Mapping[str, Any] | CriteriaInput
) -> CriteriaVersion:
    actor.require("tiers.manage")
    cleaned = _criteria_values(data)
    with transaction.atomic():
        criteria = lock_visible(CriteriaVersion.objects, actor=actor, pk=criteria.pk)
        require_action(actor, criteria, CriteriaAction.EDIT)
        save_changes(criteria, cleaned, actor=actor, verb="tier_criteria.draft_updated")
    return criteria


def criteria_publish(*, actor: Actor, criteria: CriteriaVersion) -> CriteriaVersion:
    """Publish a draft: the program's published version is retired in the same transaction. The next
    evaluation reads the new one."""
    actor.require("tiers.manage")
    try:
        with transaction.atomic():
            criteria = lock_visible(CriteriaVersion.objects, actor=actor, pk=criteria.pk)
            require_action(actor, criteria, CriteriaAction.PUBLISH)
            for previous in CriteriaVersion.objects.select_for_update().filter(
                program_id=criteria.program_id, status=VersionStatus.PUBLISHED
            ):
                previous.status = VersionStatus.RETIRED
                previous.save(update_fields=["status", "updated_at"])
                record_event(
                    actor=actor,
                    verb="tier_criteria.retired",
                    target=previous,
                    before={"status": VersionStatus.PUBLISHED},
                    after={"status": VersionStatus.RETIRED, "replaced_by": criteria.version},
                )
            criteria.status = VersionStatus.PUBLISHED
            criteria.published_at = timezone.now()
            criteria.published_by = actor.user
            criteria.save(update_fields=["status", "published_at", "published_by", "updated_at"])
            record_event(
                actor=actor,
                verb="tier_criteria.published",
                target=criteria,
                before={"status": VersionStatus.DRAFT},
                after={"status": VersionStatus.PUBLISHED, "requirement_count": criteria.requirements.count()},
            )
    except IntegrityError as exc:
        raise ValidationError(
            _("Another version was published at the same moment. Reload and try again."),
            code=E.PUBLISH_CONFLICT,
        ) from exc
    return criteria


def _requirement_values(data: Mapping[str, Any] | RequirementInput) -> dict[str, Any]:
    return RequirementInput.bind(data).cleaned()


def _check_requirement(
    criteria: CriteriaVersion, values: dict[str, Any], *, exclude: int | None = None
) -> None:
    """The tier is one of the program's above its lowest, and the tier has no other requirement on the same
    metric (and parameter)."""
    tiers = ladder(criteria.program)
    tier = values["tier"]
    if tier not in tiers:
        raise ValidationError(
            {
                "tier": ValidationError(
                    _("%(program)s has no such tier.") % {"program": criteria.program},
                    code=E.TIER_NOT_IN_PROGRAM,
                )
            }
        )
    if tier == tiers[0]:
        raise ValidationError(
            {
                "tier": ValidationError(
                    _("Every member starts at the lowest tier: it has no requirements."), code=E.LOWEST_TIER
                )
            }
        )
    same = criteria.requirements.filter(tier=tier, metric=values["metric"], parameter=values["parameter"])
    if exclude is not None:
        same = same.exclude(pk=exclude)
    if same.exists():
        raise ValidationError(
            {
                "metric": ValidationError(
                    _("This tier already has a requirement on this metric: change that one."),
                    code=E.DUPLICATE_REQUIREMENT,
                )
            }
        )


def _requirement_event(requirement: Requirement) -> dict[str, Any]:
    return {name: getattr(requirement, name) for name in REQUIREMENT_FIELDS} | {
        "requirement": str(requirement)
    }


def requirement_create(
    *, actor: Actor, criteria: CriteriaVersion, data: Mapping[str, Any] | RequirementInput
) -> Requirement:
    actor.require("tiers.manage")
    values = _requirement_values(data)
    with transaction.atomic():
        criteria = lock_visible(
            CriteriaVersion.objects.select_related("program"), actor=actor, pk=criteria.pk
        )
        require_action(actor, criteria, CriteriaAction.EDIT)
        _check_requirement(criteria, values)
        requirement = Requirement.objects.create(criteria=criteria, **values)
        record_event(
            actor=actor,
            verb="tier_criteria.requirement_added",
            target=criteria,
            after=_requirement_event(requirement),
        )
    return requirement


def requirement_update(
    *, actor: Actor, requirement: Requirement, data: Mapping[str, Any] | RequirementInput
) -> Requirement:
    """Replace a requirement's fields (every field; missing ones take their defaults)."""
    actor.require("tiers.manage")
    values = _requirement_values(data)
    with transaction.atomic():
        criteria = lock_visible(
            CriteriaVersion.objects.select_related("program"), actor=actor, pk=requirement.criteria_id
        )
        require_action(actor, criteria, CriteriaAction.EDIT)
        requirement = lock_visible(Requirement.objects, actor=actor, pk=requirement.pk)
        _check_requirement(criteria, values, exclude=requirement.pk)
        before = _requirement_event(requirement)
        for name, value in values.items():
            setattr(requirement, name, value)
        after = _requirement_event(requirement)
        if before == after:
            return requirement
        requirement.save()
        changed = {k for k in after if before[k] != after[k]} | {"requirement"}
        record_event(
            actor=actor,
            verb="tier_criteria.requirement_updated",
            target=criteria,
            before={k: before[k] for k in changed},
            after={k: after[k] for k in changed},
        )
    return requirement


def requirement_delete(*, actor: Actor, requirement: Requirement) -> None:
    actor.require("tiers.manage")
    with transaction.atomic():
        criteria = lock_visible(CriteriaVersion.objects, actor=actor, pk=requirement.criteria_id)
        require_action(actor, criteria, CriteriaAction.EDIT)
        requirement = lock_visible(Requirement.objects, actor=actor, pk=requirement.pk)
        gone = _requirement_event(requirement)
        requirement.delete()
        record_event(actor=actor, verb="tier_criteria.requirement_deleted", target=criteria, before=gone)


# --- evaluating ------------------------------------------------------------------------------------------


def evaluate_now(*, actor: Actor, program: PartnerProgram) -> Outcome:
    """Ops' "evaluate now": the same evaluation as the night's, at once. Refused, with the reason, when the
    program has no published criteria or a metric cannot be computed (nothing changes then)."""
    actor.require("tiers.manage")
    if not actor.is_staff:
        raise PermissionDenied
    outcome = evaluate(program, actor=actor)
    if outcome.run is None:
        raise ValidationError(outcome.problem, code=outcome.code)
    return outcome


# --- custom metrics ----------------------------------------------------------------------------------------


def _require_manager(actor: Actor) -> None:
    actor.require("tiers.manage")
    if not actor.is_staff:
        raise PermissionDenied


def custom_metric_create(*, actor: Actor, data: Mapping[str, Any] | CustomMetricInput) -> CustomMetric:
    _require_manager(actor)
    cleaned = CustomMetricInput.bind(data).cleaned()
    if CustomMetric.objects.filter(code=cleaned["code"]).exists():
        raise ValidationError(
            {"code": ValidationError(_("A custom metric with this code exists."), code="unique")}
        )
    with transaction.atomic():
        try:
            metric = CustomMetric.objects.create(**cleaned)
        except IntegrityError as exc:
            raise ValidationError(
                {"code": ValidationError(_("A custom metric with this code exists."), code="unique")}
            ) from exc
        record_event(actor=actor, verb="custom_metric.created", target=metric, after=cleaned)
    return metric


def custom_metric_update(
    *, actor: Actor, metric: CustomMetric, data: Mapping[str, Any] | CustomMetricInput
) -> CustomMetric:
    """Change a custom metric; its code stays (criteria name it)."""
    _require_manager(actor)
    form = (
        data if isinstance(data, CustomMetricInput) else CustomMetricInput.from_api(dict(data), partial=True)
    )
    cleaned = form.cleaned()
    with transaction.atomic():
        metric = lock_visible(CustomMetric.objects, actor=actor, pk=metric.pk)
        if "code" in cleaned and cleaned["code"] != metric.code:
            raise ValidationError(
                {
                    "code": ValidationError(
                        _("The code of a custom metric does not change: criteria name it."), code="invalid"
                    )
                }
            )
        save_changes(metric, cleaned, actor=actor, verb="custom_metric.updated")
    return metric


def _value_values(
    *, actor: Actor, data: Mapping[str, Any] | ValueInput, partial: bool = False
) -> dict[str, Any]:
    if isinstance(data, ValueInput):
        return data.cleaned()
    return ValueInput.from_api(dict(data), partial=partial, actor=actor).cleaned()


def _metric_by_code(code: str) -> CustomMetric:
    metric = CustomMetric.objects.filter(code=code).first()
    if metric is None or not metric.is_active:
        raise ValidationError(
            {"metric": ValidationError(_("This custom metric is not in use."), code=E.METRIC_INACTIVE)}
        )
    return metric


def _duplicate_value() -> ValidationError:
    return ValidationError(
        {
            "period_start": ValidationError(
                _(
                    "This partner already has a value of this metric for a period starting that day: "
                    "change it."
                ),
                code=E.DUPLICATE_VALUE,
            )
        }
    )


def value_create(*, actor: Actor, data: Mapping[str, Any] | ValueInput) -> CustomMetricValue:
    _require_manager(actor)
    cleaned = _value_values(actor=actor, data=data)
    metric = _metric_by_code(cleaned.pop("metric"))
    partner: Partner = cleaned.pop("partner")
    try:
        with transaction.atomic():
            partner = lock_visible(Partner.objects, actor=actor, pk=partner.pk)
            if CustomMetricValue.objects.filter(
                metric=metric, partner=partner, period_start=cleaned["period_start"]
            ).exists():
                raise _duplicate_value()
            entry = CustomMetricValue.objects.create(
                metric=metric, partner=partner, entered_by=actor.user, **cleaned
            )
            record_event(
                actor=actor,
                verb="custom_metric_value.saved",
                target=entry,
                partner=partner,
                after={"metric": metric.code} | cleaned,
            )
    except IntegrityError as exc:
        raise _duplicate_value() from exc
    return entry


def value_update(
    *, actor: Actor, entry: CustomMetricValue, data: Mapping[str, Any] | ValueInput
) -> CustomMetricValue:
    """Correct a value (its period, value, note; its metric and partner stay)."""
    _require_manager(actor)
    cleaned = _value_values(actor=actor, data=data, partial=not isinstance(data, ValueInput))
    with transaction.atomic():
        entry = lock_visible(
            CustomMetricValue.objects.select_related("metric", "partner"), actor=actor, pk=entry.pk
        )
        if (
            cleaned.pop("metric", entry.metric.code) != entry.metric.code
            or cleaned.pop("partner", entry.partner) != entry.partner
        ):
            raise ValidationError(
                _("A value stays with its metric and partner: delete it and enter a new one instead."),
                code="invalid",
            )
        start = cleaned.get("period_start", entry.period_start)
        end = cleaned.get("period_end", entry.period_end)
        if end < start:
            raise ValidationError(
                {
                    "period_end": ValidationError(
                        _("The period ends on or after the day it starts."), code=E.PERIOD_ORDER
                    )
                }
            )
        if (
            CustomMetricValue.objects.filter(metric=entry.metric, partner=entry.partner, period_start=start)
            .exclude(pk=entry.pk)
            .exists()
        ):
            raise _duplicate_value()
        save_changes(entry, cleaned, actor=actor, verb="custom_metric_value.saved", partner=entry.partner)
    return entry


def value_delete(*, actor: Actor, entry: CustomMetricValue) -> None:
    _require_manager(actor)
    with transaction.atomic():
        entry = lock_visible(
            CustomMetricValue.objects.select_related("metric", "partner"), actor=actor, pk=entry.pk
        )
        record_event(
            actor=actor,
            verb="custom_metric_value.deleted",
            target=entry,
            partner=entry.partner,
            before={
                "metric": entry.metric.code,
                "period_start": entry.period_start,
                "period_end": entry.period_end,
                "value": entry.value,
            },
        )
        entry.delete()


# --- overrides by hand ------------------------------------------------------------------------------------


def _current_membership(*, actor: Actor, partner: Partner, program: PartnerProgram) -> ProgramMembership:
    membership = (
        ProgramMembership.objects.visible_to(actor)
        .filter(partner=partner, program=program, ended_at__isnull=True)
        .first()
    )
    if membership is None:
        raise ValidationError(
            _("%(partner)s is not a member of %(program)s.") % {"partner": partner, "program": program},
            code=E.NOT_A_MEMBER,
        )
    return membership


def _end_overrides(membership: ProgramMembership, *, actor: Actor) -> None:
    for override in TierOverride.objects.select_for_update().filter(
        membership=membership, ended_at__isnull=True
    ):
        override.ended_at = timezone.now()
        override.save(update_fields=["ended_at", "updated_at"])
        record_event(
            actor=actor,
            verb="tier_override.ended",
            target=override,
            partner=membership.partner,
            before={"tier": override.tier, "ends_on": override.ends_on},
        )


def _cancel_warnings(membership: ProgramMembership, *, actor: Actor) -> None:
    for warning in DowngradeWarning.objects.select_for_update().filter(
        membership=membership, status=WarningStatus.PENDING
    ):
        warning.status = WarningStatus.CANCELLED
        warning.closed_on = timezone.localdate()
        warning.save(update_fields=["status", "closed_on", "updated_at"])
        record_event(
            actor=actor,
            verb="tier_warning.cancelled",
            target=warning,
            partner=membership.partner,
            before={"status": WarningStatus.PENDING},
            after={"status": WarningStatus.CANCELLED},
        )


def override_set(
    *, actor: Actor, partner: Partner, program: PartnerProgram, data: Mapping[str, Any] | OverrideInput
) -> TierOverride:
    """Set the partner's tier in the program by hand until a day: the tier changes now (programs' service,
    with the reason), a pending warning is cancelled, an earlier override is replaced, and the evaluation
    leaves the member alone until the day after `ends_on`."""
    actor.require("tiers.override")
    if not actor.is_staff:
        raise PermissionDenied
    cleaned = OverrideInput.bind(data).cleaned()
    with transaction.atomic():
        membership = _current_membership(actor=actor, partner=partner, program=program)
        membership = lock_visible(
            ProgramMembership.objects.select_related("partner", "program"), actor=actor, pk=membership.pk
        )
        if cleaned["tier"] not in ladder(program):
            raise ValidationError(
                {
                    "tier": ValidationError(
                        _("%(program)s has no such tier.") % {"program": program}, code=E.TIER_NOT_IN_PROGRAM
                    )
                }
            )
        _end_overrides(membership, actor=actor)
        _cancel_warnings(membership, actor=actor)
        override = TierOverride.objects.create(
            membership=membership,
            partner=membership.partner,
            program=program,
            tier=cleaned["tier"],
            ends_on=cleaned["ends_on"],
            reason=cleaned["reason"],
            created_by=actor.user,
        )
        with engine_writing():
            membership_set_tier(
                actor=actor, membership=membership, tier=cleaned["tier"], reason=cleaned["reason"]
            )
        record_event(
            actor=actor,
            verb="tier_override.set",
            target=override,
            partner=membership.partner,
            after={"program": program.code, "tier": override.tier, "ends_on": override.ends_on},
            note=cleaned["reason"],
        )
    return override


def override_end(*, actor: Actor, override: TierOverride) -> TierOverride:
    """End an override early: the next evaluation moves the member as its criteria say."""
    actor.require("tiers.override")
    with transaction.atomic():
        override = lock_visible(TierOverride.objects.select_related("partner"), actor=actor, pk=override.pk)
        require_action(actor, override, OverrideAction.END)
        override.ended_at = timezone.now()
        override.save(update_fields=["ended_at", "updated_at"])
        record_event(
            actor=actor,
            verb="tier_override.ended",
            target=override,
            partner=override.partner,
            before={"tier": override.tier, "ends_on": override.ends_on},
        )
    return override


def hold_manual_change(event: Any) -> None:
    """Subscribed to programs' `program_membership.tier_changed`: a tier a person changed by hand through
    programs' own service (not through an override here, nor by the engine) holds like an override until the
    end of the program's grace period from today, so the next night does not undo it."""
    if is_engine_writing() or event.actor_id is None:
        return
    membership = (
        ProgramMembership.objects.select_related("program", "partner").filter(pk=event.target_id).first()
    )
    if membership is None or membership.ended_at is not None:
        return
    from core.actor import system_actor

    actor = system_actor()
    grace = policy_of(membership.program).grace_days
    _end_overrides(membership, actor=actor)
    _cancel_warnings(membership, actor=actor)
    override = TierOverride.objects.create(
        membership=membership,
        partner=membership.partner,
        program=membership.program,
        tier=membership.tier,
        ends_on=timezone.localdate() + timedelta(days=max(grace, 1)),
        reason=event.note or _("Tier changed by hand."),
        created_by=event.actor,
    )
    record_event(
        actor=actor,
        verb="tier_override.set",
        target=override,
        partner=membership.partner,
        after={"program": membership.program.code, "tier": override.tier, "ends_on": override.ends_on},
        note=override.reason,
    )
