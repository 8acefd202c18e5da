"""Writes for the rules of engagement: drafts, their rules, publishing. Channel chief and operations only.

A published rule set never changes: editing starts a new draft copied from the published one, and
publishing the draft retires the previous set — one published and at most one draft at any time."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django_countries import countries as country_names

from core.events import changes, record_event
from core.money import parse_amount, parse_currency
from core.scoping import lock_visible
from engagement.choices import Segment
from engagement.errors import EngagementErrorCode as E
from engagement.models import (
    MAX_DAYS,
    MIN_DAYS,
    Outcome,
    ProductCondition,
    Rule,
    RuleSet,
    RuleSetStatus,
    TieBreaker,
)
from engagement.rules import RuleSetAction, draft_exists, require_action
from partners.choices import Region, Tier

RULESET_FIELDS = (
    "default_protection_days",
    "tier_protection_days",
    "tie_breaker",
    "named_accounts_direct",
    "notes",
)
RULE_FIELDS = (
    "label",
    "product_eligibility",
    "segments",
    "min_employees",
    "max_employees",
    "min_revenue",
    "max_revenue",
    "countries",
    "regions",
    "min_amount",
    "max_amount",
    "currency",
    "outcome",
    "protection_days",
)
COPIED_RULE_FIELDS = RULE_FIELDS + ("position",)


def _require_manage(actor) -> None:
    if not actor.can("engagement.manage"):
        raise PermissionDenied


# --- cleaning -------------------------------------------------------------------------------------------


class _Errors:
    def __init__(self):
        self.errors: dict[str, list[str]] = {}

    def __call__(self, name: str, message: str) -> None:
        self.errors.setdefault(name, []).append(message)

    def raise_if_any(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)


def _days(value, name: str, fail, *, optional: bool) -> int | None:
    if value in (None, "") and optional:
        return None
    try:
        if isinstance(value, (bool, float)):
            raise TypeError
        days = int(value)
    except (TypeError, ValueError):
        fail(name, _("Enter a whole number of days."))
        return None
    if not MIN_DAYS <= days <= MAX_DAYS:
        fail(name, _("Protection lasts %(min)s to %(max)s days.") % {"min": MIN_DAYS, "max": MAX_DAYS})
        return None
    return days


def _clean_ruleset(data: dict[str, Any]) -> dict[str, Any]:
    fail = _Errors()
    cleaned: dict[str, Any] = {}
    if "default_protection_days" in data:
        cleaned["default_protection_days"] = _days(
            data["default_protection_days"], "default_protection_days", fail, optional=False
        )
    if "tier_protection_days" in data:
        raw = data["tier_protection_days"] or {}
        tiers: dict[str, int] = {}
        if not isinstance(raw, dict):
            fail("tier_protection_days", _("Give the days per tier as a mapping of tier to days."))
        else:
            for tier, days in raw.items():
                if tier not in Tier.values:
                    fail(
                        "tier_protection_days",
                        _("Unknown tier %(tier)s; choose from: %(values)s.")
                        % {"tier": tier, "values": ", ".join(Tier.values)},
                    )
                    continue
                value = _days(days, "tier_protection_days", fail, optional=True)
                if value is not None:
                    tiers[tier] = value
        cleaned["tier_protection_days"] = {t: tiers[t] for t in Tier.values if t in tiers}
    if "tie_breaker" in data:
        if data["tie_breaker"] not in TieBreaker.values:
            fail("tie_breaker", _("Choose one of: %(values)s.") % {"values": ", ".join(TieBreaker.values)})
        cleaned["tie_breaker"] = data["tie_breaker"]
    if "named_accounts_direct" in data:
        if not isinstance(data["named_accounts_direct"], bool):
            fail("named_accounts_direct", _("Write true or false."))
        cleaned["named_accounts_direct"] = data["named_accounts_direct"]
    if "notes" in data:
        cleaned["notes"] = (data["notes"] or "").strip()
    fail.raise_if_any()
    return cleaned


def _choice_list(value, name: str, allowed, fail, what: str) -> list[str]:
    if value in (None, ""):
        return []
    if isinstance(value, str):
        value = value.replace(";", ",").split(",")
    if not isinstance(value, (list, tuple)):
        fail(name, _("Give a list."))
        return []
    items = list(dict.fromkeys(str(v).strip() for v in value if str(v).strip()))
    unknown = [v for v in items if v not in allowed]
    if unknown:
        fail(
            name,
            _("Unknown %(what)s: %(unknown)s. Choose from: %(values)s.")
            % {"what": what, "unknown": ", ".join(unknown), "values": ", ".join(allowed)},
        )
    return items


def _bound(data, name: str, fail, *, kind: str):
    value = data.get(name)
    if value in (None, ""):
        return None
    if kind == "int":
        try:
            if isinstance(value, (bool, float)):
                raise TypeError
            number = int(value)
        except (TypeError, ValueError):
            fail(name, _("Enter a whole number."))
            return None
        if number < 0:
            fail(name, _("The number cannot be negative."))
            return None
        return number
    try:
        return parse_amount(value)
    except ValidationError as exc:
        fail(name, exc.messages[0])
        return None


def _clean_rule(data: dict[str, Any]) -> dict[str, Any]:
    """A rule's full set of fields (missing ones take their defaults)."""
    fail = _Errors()
    cleaned: dict[str, Any] = {"label": (data.get("label") or "").strip()}
    if len(cleaned["label"]) > 120:
        fail("label", _("The label may have at most 120 characters."))
    eligibility = data.get("product_eligibility") or ProductCondition.ANY
    if eligibility not in ProductCondition.values:
        fail(
            "product_eligibility",
            _("Choose one of: %(values)s.") % {"values": ", ".join(ProductCondition.values)},
        )
    cleaned["product_eligibility"] = eligibility
    cleaned["segments"] = _choice_list(data.get("segments"), "segments", Segment.values, fail, _("segment"))
    cleaned["regions"] = _choice_list(data.get("regions"), "regions", Region.values, fail, _("region"))
    raw_countries = data.get("countries")
    if isinstance(raw_countries, str):
        raw_countries = raw_countries.upper()
    elif isinstance(raw_countries, (list, tuple)):
        raw_countries = [str(c).upper() for c in raw_countries]
    codes = [code for code, _name in country_names]
    countries = _choice_list(raw_countries, "countries", set(codes), fail, _("country code"))
    if "countries" in fail.errors:  # listing all 249 codes helps no one
        fail.errors["countries"] = [
            _("Unknown country code: %(unknown)s. Use two-letter ISO codes such as DE, FR, US.")
            % {"unknown": ", ".join(c for c in countries if c not in codes)}
        ]
    cleaned["countries"] = countries
    for low, high, kind in (
        ("min_employees", "max_employees", "int"),
        ("min_revenue", "max_revenue", "amount"),
        ("min_amount", "max_amount", "amount"),
    ):
        cleaned[low] = _bound(data, low, fail, kind=kind)
        cleaned[high] = _bound(data, high, fail, kind=kind)
        if cleaned[low] is not None and cleaned[high] is not None and cleaned[low] > cleaned[high]:
            fail(high, _("The upper limit must not be below the lower limit."))
    for name in ("min_revenue", "max_revenue"):
        if cleaned[name] is not None and len(cleaned[name].as_tuple().digits) > 16:
            fail(name, _("The amount is too large."))
    try:
        cleaned["currency"] = parse_currency(data.get("currency") or "USD")
    except ValidationError as exc:
        fail("currency", exc.messages[0])
    outcome = data.get("outcome")
    if outcome not in Outcome.values:
        fail("outcome", _("Choose one of: %(values)s.") % {"values": ", ".join(Outcome.values)})
    cleaned["outcome"] = outcome
    cleaned["protection_days"] = _days(data.get("protection_days"), "protection_days", fail, optional=True)
    if cleaned["protection_days"] is not None and outcome == Outcome.DIRECT:
        fail("protection_days", _("Deals that go to direct sales have no channel protection."))
    fail.raise_if_any()
    return cleaned


# --- rule sets ------------------------------------------------------------------------------------------


def ruleset_create_draft(*, actor, data: dict[str, Any] | None = None) -> RuleSet:
    """A new draft, copied from the published set (or the latest version), with `data` applied on top."""
    _require_manage(actor)
    cleaned = _clean_ruleset({k: v for k, v in (data or {}).items() if k in RULESET_FIELDS})
    try:
        with transaction.atomic():
            if RuleSet.objects.filter(status=RuleSetStatus.DRAFT).exists():
                raise draft_exists()
            visible = RuleSet.objects.visible_to(actor)
            source = (
                visible.filter(status=RuleSetStatus.PUBLISHED).first() or visible.order_by("-version").first()
            )
            if source is not None and source.status == RuleSetStatus.PUBLISHED:
                source = lock_visible(RuleSet.objects, actor=actor, pk=source.pk)
                require_action(actor, source, RuleSetAction.NEW_DRAFT)
            values = {name: getattr(source, name) for name in RULESET_FIELDS} if source else {}
            values |= cleaned
            last = RuleSet.objects.aggregate(last=Max("version"))["last"] or 0
            draft = RuleSet.objects.create(version=last + 1, status=RuleSetStatus.DRAFT, **values)
            if source is not None:
                Rule.objects.bulk_create(
                    Rule(ruleset=draft, **{n: getattr(rule, n) for n in COPIED_RULE_FIELDS})
                    for rule in source.rules.order_by("position", "id")
                )
            record_event(
                actor=actor,
                verb="engagement.draft_created",
                target=draft,
                after={"version": draft.version, "copied_from": source.version if source else None} | cleaned,
            )
    except IntegrityError as exc:  # another draft was created at the same moment
        raise draft_exists() from exc
    return draft


def ruleset_update(*, actor, ruleset: RuleSet, data: dict[str, Any]) -> RuleSet:
    _require_manage(actor)
    cleaned = _clean_ruleset({k: v for k, v in data.items() if k in RULESET_FIELDS})
    with transaction.atomic():
        ruleset = lock_visible(RuleSet.objects, actor=actor, pk=ruleset.pk)
        require_action(actor, ruleset, RuleSetAction.EDIT)
        before, after = changes(ruleset, list(cleaned), cleaned)
        if not after:
            return ruleset
        for name in after:
            setattr(ruleset, name, cleaned[name])
        ruleset.save()
        record_event(actor=actor, verb="engagement.draft_updated", target=ruleset, before=before, after=after)
    return ruleset


def ruleset_publish(*, actor, ruleset: RuleSet) -> RuleSet:
    """Publish a draft; the previously published set is retired in the same transaction."""
    _require_manage(actor)
    try:
        with transaction.atomic():
            ruleset = lock_visible(RuleSet.objects, actor=actor, pk=ruleset.pk)
            require_action(actor, ruleset, RuleSetAction.PUBLISH)
            # "One published set" holds across every row, so the one to retire is looked up unscoped.
            for previous in RuleSet.objects.select_for_update().filter(status=RuleSetStatus.PUBLISHED):
                previous.status = RuleSetStatus.RETIRED
                previous.save(update_fields=["status", "updated_at"])
                record_event(
                    actor=actor,
                    verb="engagement.retired",
                    target=previous,
                    before={"status": RuleSetStatus.PUBLISHED},
                    after={"status": RuleSetStatus.RETIRED, "replaced_by": ruleset.version},
                )
            ruleset.status = RuleSetStatus.PUBLISHED
            ruleset.published_at = timezone.now()
            ruleset.published_by = actor.user
            ruleset.save(update_fields=["status", "published_at", "published_by", "updated_at"])
            record_event(
                actor=actor,
                verb="engagement.published",
                target=ruleset,
                before={"status": RuleSetStatus.DRAFT},
                after={"status": RuleSetStatus.PUBLISHED, "rule_count": ruleset.rules.count()},
            )
    except IntegrityError as exc:
        raise ValidationError(
            _("Another version was published at the same moment. Reload and try again."),
            code=E.PUBLISH_CONFLICT,
        ) from exc
    return ruleset


# --- rules ----------------------------------------------------------------------------------------------


def _locked_draft(*, actor, ruleset_pk: int) -> RuleSet:
    ruleset = lock_visible(RuleSet.objects, actor=actor, pk=ruleset_pk)
    require_action(actor, ruleset, RuleSetAction.EDIT)
    return ruleset


def rule_create(*, actor, ruleset: RuleSet, data: dict[str, Any]) -> Rule:
    _require_manage(actor)
    cleaned = _clean_rule(data)
    with transaction.atomic():
        ruleset = _locked_draft(actor=actor, ruleset_pk=ruleset.pk)
        last = ruleset.rules.aggregate(last=Max("position"))["last"] or 0
        rule = Rule.objects.create(ruleset=ruleset, position=last + 1, **cleaned)
        record_event(
            actor=actor,
            verb="engagement.rule_added",
            target=ruleset,
            after={"position": rule.position} | cleaned,
        )
    return rule


def rule_update(*, actor, rule: Rule, data: dict[str, Any]) -> Rule:
    """Replace a rule's conditions and outcome (every field; missing ones take their defaults)."""
    _require_manage(actor)
    cleaned = _clean_rule(data)
    with transaction.atomic():
        ruleset = _locked_draft(actor=actor, ruleset_pk=rule.ruleset_id)
        rule = lock_visible(Rule.objects, actor=actor, pk=rule.pk)
        before, after = changes(rule, list(cleaned), cleaned)
        if not after:
            return rule
        for name in after:
            setattr(rule, name, cleaned[name])
        rule.save()
        record_event(
            actor=actor,
            verb="engagement.rule_updated",
            target=ruleset,
            before={"position": rule.position} | before,
            after={"position": rule.position} | after,
        )
    return rule


def rule_delete(*, actor, rule: Rule) -> None:
    _require_manage(actor)
    with transaction.atomic():
        ruleset = _locked_draft(actor=actor, ruleset_pk=rule.ruleset_id)
        rule = lock_visible(Rule.objects, actor=actor, pk=rule.pk)
        gone = {"position": rule.position} | {n: getattr(rule, n) for n in RULE_FIELDS}
        position = rule.position
        rule.delete()
        ruleset.rules.filter(position__gt=position).update(position=F("position") - 1)
        record_event(actor=actor, verb="engagement.rule_deleted", target=ruleset, before=gone)


def rule_move(*, actor, rule: Rule, offset: int) -> Rule:
    """Move a rule up (-1) or down (+1) in its rule set; at either end nothing happens."""
    _require_manage(actor)
    if offset not in (-1, 1):
        raise ValidationError(
            {
                "offset": ValidationError(
                    _("Move a rule by one place up (-1) or down (1)."), code=E.INVALID_OFFSET
                )
            }
        )
    with transaction.atomic():
        ruleset = _locked_draft(actor=actor, ruleset_pk=rule.ruleset_id)
        rules = list(
            Rule.objects.visible_to(actor)
            .filter(ruleset=ruleset)
            .select_for_update()
            .order_by("position", "id")
        )
        index = next(i for i, r in enumerate(rules) if r.pk == rule.pk)
        target = index + offset
        if not 0 <= target < len(rules):
            return rules[index]
        rules[index], rules[target] = rules[target], rules[index]
        for position, item in enumerate(rules, start=1):
            if item.position != position:
                item.position = position
                item.save(update_fields=["position", "updated_at"])
        moved = rules[target]
        record_event(
            actor=actor,
            verb="engagement.rule_moved",
            target=ruleset,
            before={"position": index + 1},
            after={"position": target + 1, "label": moved.label},
        )
    return moved
