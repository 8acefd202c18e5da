"""Versioned rule sets: the one machinery behind the rules of engagement (`engagement`) and the lead routing
rules (`leads.routing`).

A rule set goes draft → published → retired; one is published and at most one is a draft. A published set
never changes: editing starts a new draft copied from it (its rules too), and publishing the draft retires
the previous set. The rules of a draft are added, changed, deleted and moved; every change records an event
on the rule set, with the rule's own fields.

An app declares its pair of models (`VersionedRuleSet` and a rule model with `ruleset`, `position`), its
inputs, permission, error codes and event verbs once, in a `RuleSetVersions`; its `rules.py` and
`services.py` hand out what that object offers under their usual names.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Generic, TypeVar, cast

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import F, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.actor import Actor
from core.events import (
    EventField,
    EventText,
    apply_changes,
    record_event,
    register_event_fields,
    register_events,
    save_changes,
)
from core.inputs import Input
from core.models import PublicIdModel, choice_field, user_reference
from core.rules import ActionRules
from core.scoping import lock_visible
from core.timeline import field_info

# The steps every versioned rule set records as `<verb_prefix>.<step>`, in the order they are registered.
STEPS = (
    "draft_created",
    "draft_updated",
    "rule_added",
    "rule_updated",
    "rule_deleted",
    "rule_moved",
    "published",
    "retired",
)


class VersionStatus(models.TextChoices):
    DRAFT = "draft", gettext_lazy("Draft")
    PUBLISHED = "published", gettext_lazy("Published")
    RETIRED = "retired", gettext_lazy("Retired")


class VersionAction(StrEnum):
    """What may be done with a version. Each app keeps its own enum of these values (`RuleSetAction`,
    `RoutingAction`): the API documents it under that name."""

    EDIT = "edit"  # the settings and the rules of a draft
    PUBLISH = "publish"
    NEW_DRAFT = "new_draft"  # start a new draft copied from this published version


def version_constraints(prefix: str, group: str = "") -> list[models.BaseConstraint]:
    """One published set and at most one draft, named `<prefix>_one_published` and `<prefix>_one_draft`;
    per `group` (a field, such as engagement's program) when the versions are kept per group, whose
    version numbers are then unique per group (`<prefix>_one_number`)."""
    fields = [group, "status"] if group else ["status"]
    constraints: list[models.BaseConstraint] = [
        models.UniqueConstraint(
            fields=fields, condition=Q(status="published"), name=f"{prefix}_one_published"
        ),
        models.UniqueConstraint(fields=fields, condition=Q(status="draft"), name=f"{prefix}_one_draft"),
    ]
    if group:
        constraints.append(models.UniqueConstraint(fields=[group, "version"], name=f"{prefix}_one_number"))
    return constraints


class VersionedRuleSet(PublicIdModel):
    """A version of a rule set; the app adds its settings, and its rule model points here as `rules`."""

    version = models.PositiveIntegerField(gettext_lazy("version"), unique=True)
    status = choice_field(gettext_lazy("status"), VersionStatus, default=VersionStatus.DRAFT, db_index=True)
    published_at = models.DateTimeField(gettext_lazy("published"), null=True, blank=True)
    published_by = user_reference(gettext_lazy("published by"))

    rules: Any  # the rule model's ForeignKey(related_name="rules")

    class Meta:
        abstract = True
        ordering = ["-version"]

    @property
    def is_draft(self) -> bool:
        return self.status == VersionStatus.DRAFT


class VersionedRule(PublicIdModel):
    """A rule of a version; the app declares its `ruleset` foreign key (related name "rules") and its
    `position` (from 1, in the order the rules apply), kept as each app first wrote them."""

    ruleset_id: int
    position: int

    class Meta:
        abstract = True
        ordering = ["ruleset", "position", "id"]


# --- a draft's settings, some of them per partner tier -----------------------------------------------------


class TierValuesField(forms.Field):
    """A number per partner tier ({tier: number}), as the API sends it; tiers left empty are left out.

    `tiers` are the tier choices, `number_field(label, required=…, help_text=…)` makes the field that checks
    one number (the page shows one per tier, labelled `page_label` % {"tier": …} with `page_help`), and
    `not_a_mapping` refuses anything but a mapping."""

    def __init__(
        self,
        *,
        tiers: Sequence[tuple[str, Any]],
        number_field: Callable[..., forms.Field],
        not_a_mapping: Any,
        page_label: Any,
        page_help: Any,
        api_type: Any,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.tiers, self.number_field, self.not_a_mapping = tiers, number_field, not_a_mapping
        self.page_label, self.page_help, self.api_type = page_label, page_help, api_type

    def page_fields(self) -> dict[str, forms.Field]:
        """The page's field per tier, named `tier_<tier>`."""
        return {
            f"tier_{tier}": self.number_field(
                self.page_label % {"tier": label}, required=False, help_text=self.page_help
            )
            for tier, label in self.tiers
        }

    def to_python(self, value: Any) -> dict[str, int]:
        if value in (None, ""):
            return {}
        if not isinstance(value, dict):
            raise ValidationError(self.not_a_mapping, code="invalid")
        known = [tier for tier, _label in self.tiers]
        numbers: dict[str, int] = {}
        for tier, raw in value.items():
            if tier not in known:
                raise ValidationError(
                    _("Unknown tier %(tier)s; choose from: %(values)s."),
                    code="invalid_choice",
                    params={"tier": tier, "values": ", ".join(known)},
                )
            if raw not in (None, ""):
                numbers[tier] = self.number_field("", required=True).clean(raw)
        return {tier: numbers[tier] for tier in known if tier in numbers}


class TieredSettingsInput(Input):
    """A draft's settings, one of them a number per partner tier (its one `TierValuesField`). The API sends
    only what changes, and the numbers per tier as one mapping (`api=True`); the page sends them all, with
    a number field per tier instead (`tier_<tier>`)."""

    @classmethod
    def _per_tier(cls) -> tuple[str, TierValuesField]:
        fields = cls.base_fields.items()  # type: ignore[attr-defined]
        return next((name, field) for name, field in fields if isinstance(field, TierValuesField))

    def __init__(self, *args: Any, api: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.api = api
        if api:
            return
        name, per_tier = self._per_tier()
        self.fields.pop(name)
        self.fields.update(per_tier.page_fields())

    @classmethod
    def initial_for(cls, ruleset: Any) -> dict[str, Any]:
        initial = {name: getattr(ruleset, name) for name in cls.base_fields}  # type: ignore[attr-defined]
        name, _per_tier = cls._per_tier()
        return initial | {f"tier_{tier}": number for tier, number in (getattr(ruleset, name) or {}).items()}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.api:  # the page: one field per tier
            name, per_tier = self._per_tier()
            tiers = [tier for tier, _label in per_tier.tiers]
            data[name] = {
                tier: data.pop(f"tier_{tier}") for tier in tiers if data.get(f"tier_{tier}") is not None
            }
            for tier in tiers:
                data.pop(f"tier_{tier}", None)
        return data


# --- one app's versioned rule set -----------------------------------------------------------------------


# Type variables spelt out (not `class RuleSetVersions[RuleSetT: …]`): the shared tools that read the code
# (../shared/tools/app_graph.py) parse it with an older Python.
RuleSetT = TypeVar("RuleSetT", bound=VersionedRuleSet)
RuleT = TypeVar("RuleT", bound=VersionedRule)


@dataclass(frozen=True)
class RuleSetVersions(Generic[RuleSetT, RuleT]):  # noqa: UP046
    """One app's versioned rule set: what differs between the apps, and the refusals and writes they share."""

    ruleset_model: type[RuleSetT]
    rule_model: type[RuleT]
    actions: type[StrEnum]  # the app's enum of `VersionAction`'s values
    manage: str  # the permission to change the rules
    staff_only: bool  # refused to partner users whatever their role's permissions say
    verb_prefix: str  # events are `<verb_prefix>.draft_created` …
    codes: Any  # the app's error code enum: NOT_DRAFT, DRAFT_EXISTS, NOT_PUBLISHED, PUBLISH_CONFLICT …
    draft_exists_message: Any  # gettext_lazy: each app names its own rules
    ruleset_input: type[TieredSettingsInput]  # a draft's settings
    rule_input: type[Input]
    ruleset_fields: tuple[str, ...]  # a draft's settings, copied into the next draft
    rule_fields: tuple[str, ...]  # a rule's fields, copied with its position into the next draft
    rule_name: str  # the field that names a rule in its events ("label", "name")
    name_on_update: bool = False  # whether the "rule updated" event names the rule (its sentence does)
    # Versions kept per group (engagement: per partner program): the rule set's foreign key naming the group.
    # One published and one draft per group, numbered per group; a draft starts from its group's published
    # set.
    group_field: str = ""
    # Called inside the publishing transaction with (actor, the published set): engagement asks partners to
    # accept the new version.
    on_publish: Callable[[Actor, Any], None] | None = None

    def group_of(self, ruleset: VersionedRuleSet) -> dict[str, Any]:
        """The lookup of `ruleset`'s group ({} when versions are not grouped)."""
        if not self.group_field:
            return {}
        return {f"{self.group_field}_id": getattr(ruleset, f"{self.group_field}_id")}

    def _group_lookup(self, group: Any) -> dict[str, Any]:
        if not self.group_field:
            return {}
        if group is None:
            raise ValueError(f"{self.ruleset_model.__name__} versions are kept per {self.group_field}.")
        return {self.group_field: group}

    # --- who may do what next ---------------------------------------------------------------------------

    def not_draft(self, ruleset: VersionedRuleSet) -> ValidationError:
        return ValidationError(
            _("Version %(version)s is %(status)s and can no longer change: create a new draft instead.")
            % {"version": ruleset.version, "status": ruleset.get_status_display().lower()},  # type: ignore[attr-defined]
            code=self.codes.NOT_DRAFT,
        )

    def draft_exists(self) -> ValidationError:
        return ValidationError(str(self.draft_exists_message), code=self.codes.DRAFT_EXISTS)

    def refusal(self, actor: Any, ruleset: RuleSetT, action: StrEnum) -> Exception | None:
        """Why `actor` may not take `action` now: PermissionDenied (the role), ValidationError (the state),
        or None when the action can go ahead."""
        if (self.staff_only and not actor.is_staff) or not actor.can(self.manage):
            return PermissionDenied()
        if action in (VersionAction.EDIT, VersionAction.PUBLISH):
            if ruleset.status != VersionStatus.DRAFT:
                return self.not_draft(ruleset)
        elif action == VersionAction.NEW_DRAFT:
            if (
                ruleset.status == VersionStatus.DRAFT
                or self.ruleset_model.objects.filter(
                    status=VersionStatus.DRAFT, **self.group_of(ruleset)
                ).exists()
            ):
                return self.draft_exists()
            if ruleset.status != VersionStatus.PUBLISHED:
                return ValidationError(
                    _("A new draft starts as a copy of the published version."), code=self.codes.NOT_PUBLISHED
                )
        return None

    @property
    def rules(self) -> ActionRules:
        return ActionRules(self.actions, self.refusal)

    def require_action(self, actor: Any, ruleset: RuleSetT, action: str) -> None:
        self.rules.require(actor, ruleset, action)

    # --- values, through the inputs ---------------------------------------------------------------------

    def _ruleset_values(self, data: Mapping[str, Any] | Input | None) -> dict[str, Any]:
        """A draft's settings from its bound input, or raw values of which only those given count."""
        if isinstance(data, Input):
            return data.cleaned()
        return self.ruleset_input.from_api(dict(data or {}), partial=True, api=True).cleaned()

    def _rule_values(self, data: Mapping[str, Any] | Input) -> dict[str, Any]:
        """A rule's full set of fields (missing ones take their defaults)."""
        return self.rule_input.bind(data).cleaned()

    def _require_manager(self, actor: Actor) -> None:
        actor.require(self.manage)
        if self.staff_only and not actor.is_staff:
            raise PermissionDenied

    def _verb(self, step: str) -> str:
        return f"{self.verb_prefix}.{step}"

    # --- rule sets --------------------------------------------------------------------------------------

    def create_draft(
        self, *, actor: Actor, data: Mapping[str, Any] | Input | None = None, group: Any = None
    ) -> RuleSetT:
        """A new draft, copied from the published set (or the latest version), with `data` applied on top;
        in `group` when versions are kept per group (`group_field`)."""
        self._require_manager(actor)
        cleaned = self._ruleset_values(data)
        model = self.ruleset_model
        in_group = self._group_lookup(group)
        try:
            with transaction.atomic():
                if model.objects.filter(status=VersionStatus.DRAFT, **in_group).exists():
                    raise self.draft_exists()
                visible = model.objects.visible_to(actor).filter(**in_group)
                source = (
                    visible.filter(status=VersionStatus.PUBLISHED).first()
                    or visible.order_by("-version").first()
                )
                if source is not None and source.status == VersionStatus.PUBLISHED:
                    source = lock_visible(model.objects, actor=actor, pk=source.pk)
                    self.require_action(actor, source, VersionAction.NEW_DRAFT)
                values = {name: getattr(source, name) for name in self.ruleset_fields} if source else {}
                values |= cleaned | in_group
                last = model.objects.filter(**in_group).aggregate(last=Max("version"))["last"] or 0
                draft = cast(
                    RuleSetT, model.objects.create(version=last + 1, status=VersionStatus.DRAFT, **values)
                )
                if source is not None:
                    copied = (*self.rule_fields, "position")
                    self.rule_model.objects.bulk_create(
                        self.rule_model(ruleset=draft, **{n: getattr(rule, n) for n in copied})
                        for rule in source.rules.order_by("position", "id")
                    )
                record_event(
                    actor=actor,
                    verb=self._verb("draft_created"),
                    target=draft,
                    after={"version": draft.version, "copied_from": source.version if source else None}
                    | cleaned,
                )
        except IntegrityError as exc:  # another draft was created at the same moment
            raise self.draft_exists() from exc
        return draft

    def update(self, *, actor: Actor, ruleset: RuleSetT, data: Mapping[str, Any] | Input) -> RuleSetT:
        actor.require(self.manage)
        cleaned = self._ruleset_values(data)
        with transaction.atomic():
            ruleset = lock_visible(self.ruleset_model.objects, actor=actor, pk=ruleset.pk)
            self.require_action(actor, ruleset, VersionAction.EDIT)
            save_changes(ruleset, cleaned, actor=actor, verb=self._verb("draft_updated"))
        return ruleset

    def publish(self, *, actor: Actor, ruleset: RuleSetT) -> RuleSetT:
        """Publish a draft; the previously published set is retired in the same transaction."""
        actor.require(self.manage)
        model = self.ruleset_model
        try:
            with transaction.atomic():
                ruleset = lock_visible(model.objects, actor=actor, pk=ruleset.pk)
                self.require_action(actor, ruleset, VersionAction.PUBLISH)
                # "One published set" (per group) holds across every row, so the one to retire is looked up
                # unscoped.
                published = model.objects.select_for_update().filter(
                    status=VersionStatus.PUBLISHED, **self.group_of(ruleset)
                )
                for previous in published:
                    previous.status = VersionStatus.RETIRED
                    previous.save(update_fields=["status", "updated_at"])
                    record_event(
                        actor=actor,
                        verb=self._verb("retired"),
                        target=previous,
                        before={"status": VersionStatus.PUBLISHED},
                        after={"status": VersionStatus.RETIRED, "replaced_by": ruleset.version},
                    )
                ruleset.status = VersionStatus.PUBLISHED
                ruleset.published_at = timezone.now()
                ruleset.published_by = actor.user
                ruleset.save(update_fields=["status", "published_at", "published_by", "updated_at"])
                record_event(
                    actor=actor,
                    verb=self._verb("published"),
                    target=ruleset,
                    before={"status": VersionStatus.DRAFT},
                    after={"status": VersionStatus.PUBLISHED, "rule_count": ruleset.rules.count()},
                )
                if self.on_publish is not None:
                    self.on_publish(actor, ruleset)
        except IntegrityError as exc:
            raise ValidationError(
                _("Another version was published at the same moment. Reload and try again."),
                code=self.codes.PUBLISH_CONFLICT,
            ) from exc
        return ruleset

    # --- rules ------------------------------------------------------------------------------------------

    def _locked_draft(self, *, actor: Actor, ruleset_pk: int) -> RuleSetT:
        ruleset = lock_visible(self.ruleset_model.objects, actor=actor, pk=ruleset_pk)
        self.require_action(actor, ruleset, VersionAction.EDIT)
        return ruleset

    def _locked_rule(self, *, actor: Actor, rule: RuleT) -> tuple[RuleSetT, RuleT]:
        """A rule of a draft, locked with its draft (the draft first, as every change of its rules does)."""
        ruleset = self._locked_draft(actor=actor, ruleset_pk=rule.ruleset_id)
        return ruleset, lock_visible(self.rule_model.objects, actor=actor, pk=rule.pk)

    def rule_create(self, *, actor: Actor, ruleset: RuleSetT, data: Mapping[str, Any] | Input) -> RuleT:
        actor.require(self.manage)
        cleaned = self._rule_values(data)
        with transaction.atomic():
            ruleset = self._locked_draft(actor=actor, ruleset_pk=ruleset.pk)
            last = ruleset.rules.aggregate(last=Max("position"))["last"] or 0
            values = {"ruleset": ruleset, "position": last + 1} | cleaned
            rule = cast(RuleT, self.rule_model.objects.create(**values))
            record_event(
                actor=actor,
                verb=self._verb("rule_added"),
                target=ruleset,
                after={"position": rule.position} | cleaned,
            )
        return rule

    def rule_update(self, *, actor: Actor, rule: RuleT, data: Mapping[str, Any] | Input) -> RuleT:
        """Replace a rule's fields (every field; missing ones take their defaults)."""
        actor.require(self.manage)
        cleaned = self._rule_values(data)
        with transaction.atomic():
            ruleset, rule = self._locked_rule(actor=actor, rule=rule)
            before, after = apply_changes(rule, cleaned)
            if not after:
                return rule
            rule.save()
            place = {"position": rule.position}
            named = {self.rule_name: getattr(rule, self.rule_name)} if self.name_on_update else {}
            record_event(
                actor=actor,
                verb=self._verb("rule_updated"),
                target=ruleset,
                before=place | before,
                after=place | named | after,
            )
        return rule

    def rule_delete(self, *, actor: Actor, rule: RuleT) -> None:
        actor.require(self.manage)
        with transaction.atomic():
            ruleset, rule = self._locked_rule(actor=actor, rule=rule)
            position = rule.position
            gone = {"position": position} | {n: getattr(rule, n) for n in self.rule_fields}
            rule.delete()
            ruleset.rules.filter(position__gt=position).update(position=F("position") - 1)
            record_event(actor=actor, verb=self._verb("rule_deleted"), target=ruleset, before=gone)

    def rule_move(self, *, actor: Actor, rule: RuleT, offset: int) -> RuleT:
        """Move a rule up (-1) or down (+1) in its rule set; at either end nothing happens."""
        actor.require(self.manage)
        if offset not in (-1, 1):
            raise ValidationError(
                {
                    "offset": ValidationError(
                        _("Move a rule by one place up (-1) or down (1)."), code=self.codes.INVALID_OFFSET
                    )
                }
            )
        with transaction.atomic():
            ruleset = self._locked_draft(actor=actor, ruleset_pk=rule.ruleset_id)
            rules = list(
                self.rule_model.objects.visible_to(actor)
                .filter(ruleset=ruleset)
                .select_for_update()
                .order_by("position", "id")
            )
            index = next(i for i, r in enumerate(rules) if r.pk == rule.pk)
            target = index + offset
            if not 0 <= target < len(rules):
                return rules[index]
            rules[index], rules[target] = rules[target], rules[index]
            for position, each in enumerate(rules, start=1):
                if each.position != position:
                    each.position = position
                    each.save(update_fields=["position", "updated_at"])
            moved = rules[target]
            record_event(
                actor=actor,
                verb=self._verb("rule_moved"),
                target=ruleset,
                before={"position": index + 1},
                after={"position": target + 1, self.rule_name: getattr(moved, self.rule_name)},
            )
        return moved

    # --- what the events say ----------------------------------------------------------------------------

    def register_events(
        self,
        *,
        labels: Mapping[str, Any],
        rule_sentences: Mapping[str, Any],
        fields: Mapping[str, EventField],
    ) -> None:
        """Register the label of each step (`STEPS`), the sentences of the rule steps (they name a rule by
        the app's `rule_name`) and how the app's own recorded `fields` read (choices, kinds)."""
        sentences = {
            "draft_created": gettext_lazy("%(actor)s started the draft %(target)s"),
            "draft_updated": gettext_lazy("%(actor)s changed the draft %(target)s"),
            "published": gettext_lazy("%(actor)s published %(target)s"),
            "retired": gettext_lazy("%(actor)s retired %(target)s"),
        } | dict(rule_sentences)
        register_events(
            {
                self._verb(step): EventText(
                    labels[step],
                    sentences[step],
                    implied=("status",) if step in ("published", "retired") else (),
                )
                for step in STEPS
            }
        )
        # Rule events are recorded on the rule set, with the rule's own fields.
        ruleset_meta, rule_meta = self.ruleset_model._meta, self.rule_model._meta
        ruleset_fields = {f.name for f in ruleset_meta.get_fields()}
        register_event_fields(
            ruleset_meta.label_lower,
            {
                **{
                    f.name: field_info(rule_meta.label_lower, self.rule_model, f.name)
                    for f in rule_meta.get_fields()
                    if f.name not in ruleset_fields
                },
                **fields,
                "copied_from": EventField(gettext_lazy("copied from version")),
                "rule_count": EventField(gettext_lazy("rules")),
            },
        )
