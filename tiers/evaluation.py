"""The tier evaluation: every member of a program against the program's criteria, in a few set-based queries.

`plan()` is the one definition of what an evaluation decides. It computes each metric the criteria name for
all members at once (one grouped query per metric, parameter and window; metrics built on the same
aggregate share it), finds each member's qualified tier — the highest tier whose requirements all hold, else
the program's lowest — and decides:

- qualified higher than its tier: **up** at once;
- qualified lower: a **warning** first (the partner's admins and its CAM are told; the progress page says
  "at risk of moving down to Silver on <date>"), and **down** only when the grace period (the program's
  `TierPolicy.grace_days`) is over and it still does not qualify — to the tier it qualifies for then;
  while the warning runs it is **at risk**; qualifying again lifts the warning (**lifted**);
- an override in force (`TierOverride`, a tier set by hand until a day) **holds** the member: nothing moves
  and no one is warned until the day after its end, when the member is evaluated as usual.

`evaluate()` applies a plan: every tier change through `programs.services.memberships_set_tiers` with the
explanation as its reason ("Gold: won revenue 1,200,000 USD of 1,000,000; certified people 4 of 3"), the
warnings, the notifications, one `TierAssessment` per member and day (the values, the qualified tier, the
decision) and the `EvaluationRun`, in one transaction under the program's policy row lock. Running it again
the same day decides from the state the first run left, so it changes nothing more (a warning is not issued
twice, a member moved up stays). `simulate()` runs `plan()` for a draft and writes nothing: the same code,
so what it shows is what publishing and evaluating would do.
"""

from __future__ import annotations

import contextvars
import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_noop

from core.actor import Actor, system_actor
from core.events import record_event
from notifications.messages import InLanguages
from notifications.services import notify
from partners.choices import Tier
from programs.models import TIER_RANK, PartnerProgram, ProgramMembership, ProgramStatus
from programs.services import memberships_set_tiers
from tiers import explain, metrics
from tiers.errors import TierErrorCode
from tiers.explain import Check, Spec
from tiers.metrics import MetricUnavailable
from tiers.models import (
    CHANGES,
    CriteriaVersion,
    Decision,
    DowngradeWarning,
    EvaluationRun,
    RunTrigger,
    TierAssessment,
    TierOverride,
    TierPolicy,
    WarningStatus,
)

# Below this many members the metrics are asked for the members alone; above, for every partner (one scan
# either way, without a long IN list).
ASK_ALL_FROM = 500

# Set while the engine (or an override) changes a tier: the reaction to tier changes made by hand elsewhere
# (`hold_manual_change`) leaves these alone.
_engine_writing: contextvars.ContextVar[bool] = contextvars.ContextVar("tiers_engine_writing", default=False)


@contextmanager
def engine_writing() -> Iterator[None]:
    token = _engine_writing.set(True)
    try:
        yield
    finally:
        _engine_writing.reset(token)


def is_engine_writing() -> bool:
    return _engine_writing.get()


# --- what the engine reads ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class WarningState:
    id: int
    to_tier: str
    warned_on: dt.date
    downgrade_on: dt.date


@dataclass(frozen=True)
class OverrideState:
    id: int
    tier: str
    ends_on: dt.date


@dataclass(frozen=True)
class MemberState:
    membership_id: int
    partner_id: int
    partner_name: str
    partner_public_id: Any
    tier: str
    warning: WarningState | None = None
    override: OverrideState | None = None


def ladder(program: PartnerProgram) -> list[str]:
    """The program's tiers, lowest first (every tier when it lists none)."""
    tiers = {row.tier for row in program.tiers.all()} or set(Tier.values)
    return sorted(tiers, key=TIER_RANK.__getitem__)


def criteria_specs(criteria: CriteriaVersion) -> list[Spec]:
    return [Spec.of(r) for r in criteria.requirements.order_by("id")]


def published_criteria(program: PartnerProgram) -> CriteriaVersion | None:
    return CriteriaVersion.objects.filter(program=program, status=CriteriaVersion.Status.PUBLISHED).first()


def member_states(program: PartnerProgram, *, partner_ids: Iterable[int] | None = None) -> list[MemberState]:
    """The program's current members with their pending warning and the override in force: three queries."""
    memberships = ProgramMembership.objects.filter(program=program, ended_at__isnull=True)
    if partner_ids is not None:
        memberships = memberships.filter(partner_id__in=list(partner_ids))
    rows = list(
        memberships.order_by("partner__name", "pk").values_list(
            "pk", "partner_id", "partner__name", "partner__public_id", "tier"
        )
    )
    warnings = {
        w.membership_id: WarningState(w.pk, w.to_tier, w.warned_on, w.downgrade_on)
        for w in DowngradeWarning.objects.filter(program=program, status=WarningStatus.PENDING).only(
            "pk", "membership_id", "to_tier", "warned_on", "downgrade_on"
        )
    }
    overrides = {
        o.membership_id: OverrideState(o.pk, o.tier, o.ends_on)
        for o in TierOverride.objects.filter(program=program, ended_at__isnull=True).only(
            "pk", "membership_id", "tier", "ends_on"
        )
    }
    return [
        MemberState(pk, partner_id, name, public_id, tier, warnings.get(pk), overrides.get(pk))
        for pk, partner_id, name, public_id, tier in rows
    ]


def compute_values(
    specs: Iterable[Spec], *, partner_ids: Iterable[int] | None, as_of: dt.date
) -> dict[str, dict[int, Decimal | None]]:
    """{spec key: {partner id: value}} for every distinct metric, parameter and window of `specs`: one call
    of each metric's set-based function. Raises MetricUnavailable when one cannot be computed."""
    ids = None if partner_ids is None else list(partner_ids)
    found: dict[str, dict[int, Decimal | None]] = {}
    with metrics.batch():
        for spec in specs:
            if spec.key in found:
                continue
            metric = metrics.get(spec.metric)
            if metric is None:
                raise MetricUnavailable(
                    translation.gettext("The metric %(metric)s is not available.") % {"metric": spec.metric}
                )
            found[spec.key] = dict(metric.values(ids, as_of, spec.window, spec.parameter))
    return found


def value_of(values: dict[str, dict[int, Decimal | None]], spec: Spec, partner_id: int) -> Decimal | None:
    by_partner = values.get(spec.key, {})
    if partner_id in by_partner:
        return by_partner[partner_id]
    metric = metrics.get(spec.metric)
    return metric.missing if metric is not None else None


def by_tier(specs: Iterable[Spec]) -> dict[str, list[Spec]]:
    grouped: dict[str, list[Spec]] = defaultdict(list)
    for spec in specs:
        grouped[spec.tier].append(spec)
    return dict(grouped)


def checks_for(
    specs: Iterable[Spec], values: dict[str, dict[int, Decimal | None]], partner_id: int
) -> list[Check]:
    return [Check(spec, value_of(values, spec, partner_id)) for spec in specs]


def qualified_tier(tiers: list[str], grouped: dict[str, list[Spec]], checks_of: Any) -> str:
    """The highest tier above the lowest whose requirements (at least one) all hold; else the lowest."""
    for tier in reversed(tiers[1:]):
        specs = grouped.get(tier)
        if specs and all(check.met for check in checks_of(specs)):
            return tier
    return tiers[0]


def decide(
    state: MemberState, qualified: str, *, as_of: dt.date, grace_days: int
) -> tuple[Decision, str, dt.date | None]:
    """(decision, tier after, day it moves down) for one member: the rules in the module's docstring."""
    if state.override is not None and state.override.ends_on >= as_of:
        return Decision.HELD, state.tier, None
    current, target = TIER_RANK[state.tier], TIER_RANK[qualified]
    if target > current:
        return Decision.UP, qualified, None
    if target == current:
        return (Decision.LIFTED if state.warning else Decision.UNCHANGED), state.tier, None
    if state.warning is None:
        downgrade_on = as_of + dt.timedelta(days=grace_days)
        if downgrade_on <= as_of:
            return Decision.DOWN, qualified, None
        return Decision.WARNED, state.tier, downgrade_on
    if as_of >= state.warning.downgrade_on:
        return Decision.DOWN, qualified, None
    return Decision.AT_RISK, state.tier, state.warning.downgrade_on


# --- the plan ----------------------------------------------------------------------------------------------


@dataclass
class MemberPlan:
    state: MemberState
    qualified: str
    decision: Decision
    tier_after: str
    downgrade_on: dt.date | None
    checks: dict[str, list[Check]]  # per tier with requirements

    @property
    def moves(self) -> bool:
        return self.tier_after != self.state.tier

    @property
    def tier_label(self) -> str:
        return explain.tier_label(self.state.tier)

    @property
    def qualified_label(self) -> str:
        return explain.tier_label(self.qualified)

    @property
    def deciding(self) -> list[Check]:
        """The values that decided: the requirements of the tier it moves to (up), of the tier it stands to
        lose (down, warned, at risk), else of the tier it holds or the next one."""
        if self.decision == Decision.UP:
            return self.checks.get(self.tier_after, [])
        if self.decision in (Decision.DOWN, Decision.WARNED, Decision.AT_RISK):
            return [c for c in self.checks.get(self.state.tier, []) if not c.met] or self.checks.get(
                self.state.tier, []
            )
        return self.checks.get(self.qualified, [])

    def values_json(self) -> dict[str, str | None]:
        out: dict[str, str | None] = {}
        for checks in self.checks.values():
            for check in checks:
                out[check.spec.key] = None if check.value is None else format(check.value, "f")
        return out

    def reason(self) -> str:
        """Why the tier changes, in the site's language (kept as the tier change's reason)."""
        with translation.override(settings.LANGUAGE_CODE):
            if self.decision == Decision.UP:
                return explain.reason_up(self.tier_after, self.deciding)
            warned_on = self.state.warning.warned_on if self.state.warning else None
            return explain.reason_down(self.state.tier, self.tier_after, warned_on, self.deciding)


@dataclass
class Plan:
    program: PartnerProgram
    criteria: CriteriaVersion
    as_of: dt.date
    grace_days: int
    tiers: list[str]
    specs: list[Spec]
    members: list[MemberPlan] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        found = Counter(m.decision.value for m in self.members)
        return {decision: found.get(decision, 0) for decision in Decision.values}

    @property
    def moving_up(self) -> int:
        return sum(1 for m in self.members if TIER_RANK[m.qualified] > TIER_RANK[m.state.tier])

    @property
    def moving_down(self) -> int:
        """Members that qualify below their tier (warned now, or moved down when their grace is over)."""
        return sum(
            1
            for m in self.members
            if m.decision != Decision.HELD and TIER_RANK[m.qualified] < TIER_RANK[m.state.tier]
        )

    @property
    def unchanged(self) -> int:
        return len(self.members) - self.moving_up - self.moving_down


def plan(
    program: PartnerProgram,
    criteria: CriteriaVersion,
    *,
    as_of: dt.date,
    grace_days: int,
    states: list[MemberState],
) -> Plan:
    """What an evaluation of `states` against `criteria` decides (writes nothing)."""
    specs = criteria_specs(criteria)
    tiers = ladder(program)
    result = Plan(program, criteria, as_of, grace_days, tiers, specs)
    if not states:
        return result
    partner_ids = None if len(states) >= ASK_ALL_FROM else [s.partner_id for s in states]
    values = compute_values(specs, partner_ids=partner_ids, as_of=as_of)
    grouped = by_tier(specs)
    for state in states:
        checks = {
            tier: checks_for(tier_specs, values, state.partner_id) for tier, tier_specs in grouped.items()
        }
        qualified = qualified_tier(tiers, grouped, lambda tier_specs, c=checks: c[tier_specs[0].tier])
        decision, tier_after, downgrade_on = decide(state, qualified, as_of=as_of, grace_days=grace_days)
        result.members.append(MemberPlan(state, qualified, decision, tier_after, downgrade_on, checks))
    return result


def grace_of(program: PartnerProgram) -> int:
    policy = TierPolicy.objects.filter(program=program).first()
    return policy.grace_days if policy else TierPolicy._meta.get_field("grace_days").default


def simulate(criteria: CriteriaVersion, *, as_of: dt.date | None = None) -> Plan:
    """The evaluation of `criteria` (a draft, typically) over the program's members today, written nowhere."""
    program = criteria.program
    return plan(
        program,
        criteria,
        as_of=as_of or timezone.localdate(),
        grace_days=grace_of(program),
        states=member_states(program),
    )


# --- applying a plan ---------------------------------------------------------------------------------------


@dataclass
class Outcome:
    run: EvaluationRun | None
    plan: Plan | None
    problem: str = ""  # why nothing was evaluated
    code: str = ""  # … as a stable code


def evaluate(
    program: PartnerProgram,
    *,
    actor: Actor | None = None,
    as_of: dt.date | None = None,
) -> Outcome:
    """Evaluate the program's members against its published criteria and apply the plan (see the module's
    docstring). `actor`: the person who asked (ops' "evaluate now"), None for the nightly job; the changes
    themselves are the engine's (the system). Without published criteria, or when a metric cannot be
    computed, nothing changes and the outcome says why."""
    as_of = as_of or timezone.localdate()
    person = actor.user if actor is not None else None
    with transaction.atomic():
        policy, _created = TierPolicy.objects.get_or_create(program=program)
        policy = TierPolicy.objects.select_for_update().get(
            pk=policy.pk
        )  # one evaluation per program at a time
        criteria = published_criteria(program)
        if criteria is None:
            problem = translation.gettext("%(program)s has no published tier criteria.") % {
                "program": program
            }
            return Outcome(None, None, problem, TierErrorCode.NO_CRITERIA)
        states = member_states(program)
        try:
            found = plan(program, criteria, as_of=as_of, grace_days=policy.grace_days, states=states)
        except MetricUnavailable as exc:
            return Outcome(None, None, str(exc), TierErrorCode.METRIC_UNAVAILABLE)
        run = EvaluationRun.objects.create(
            program=program,
            criteria=criteria,
            run_on=as_of,
            trigger=RunTrigger.MANUAL if actor is not None else RunTrigger.SCHEDULE,
            started_by=person,
            members=len(found.members),
            counts=found.counts,
        )
        _apply(found, run)
        run.finished_at = timezone.now()
        run.save(update_fields=["finished_at", "updated_at"])
        record_event(
            actor=actor or system_actor(),
            verb="tier_evaluation.completed",
            target=run,
            after={"program": program.code, "version": criteria.version, "members": run.members}
            | {k: v for k, v in found.counts.items() if v},
        )
    return Outcome(run, found)


def _apply(found: Plan, run: EvaluationRun) -> None:
    actor = system_actor()
    as_of = found.as_of
    told: dict[Decision, list[MemberPlan]] = defaultdict(list)
    new_warnings: list[DowngradeWarning] = []
    lifted: list[int] = []
    applied: list[int] = []
    moves: list[tuple[int, str, str]] = []
    with engine_writing():
        for member in found.members:
            state = member.state
            if member.decision in (Decision.UP, Decision.DOWN):
                moves.append((state.membership_id, member.tier_after, member.reason()))
                told[member.decision].append(member)
                if state.warning is not None:
                    (applied if member.decision == Decision.DOWN else lifted).append(state.warning.id)
            elif member.decision == Decision.WARNED:
                new_warnings.append(
                    DowngradeWarning(
                        membership_id=state.membership_id,
                        partner_id=state.partner_id,
                        program=found.program,
                        from_tier=state.tier,
                        to_tier=member.qualified,
                        warned_on=as_of,
                        downgrade_on=member.downgrade_on or as_of,
                    )
                )
                told[Decision.WARNED].append(member)
            elif member.decision == Decision.LIFTED and state.warning is not None:
                lifted.append(state.warning.id)
                told[Decision.LIFTED].append(member)
            elif (
                member.decision == Decision.AT_RISK
                and state.warning is not None
                and state.warning.to_tier != member.qualified
            ):
                DowngradeWarning.objects.filter(pk=state.warning.id).update(
                    to_tier=member.qualified, updated_at=timezone.now()
                )
        memberships_set_tiers(actor=actor, moves=moves)  # every move up and down, a few statements in all
    DowngradeWarning.objects.bulk_create(new_warnings, batch_size=500)
    now = timezone.now()
    DowngradeWarning.objects.filter(pk__in=lifted).update(
        status=WarningStatus.LIFTED, closed_on=as_of, updated_at=now
    )
    DowngradeWarning.objects.filter(pk__in=applied).update(
        status=WarningStatus.APPLIED, closed_on=as_of, updated_at=now
    )
    # Overrides whose last day has passed end now: the member was evaluated as usual above.
    TierOverride.objects.filter(program=found.program, ended_at__isnull=True, ends_on__lt=as_of).update(
        ended_at=now, updated_at=now
    )
    _record_warnings(found, new_warnings, told)
    _notify(found, told)
    _write_assessments(found, run)


def _record_warnings(
    found: Plan, created: list[DowngradeWarning], told: dict[Decision, list[MemberPlan]]
) -> None:
    """The events of the warnings issued and lifted (the tier changes record their own): the warnings are
    read back with their partners in one query."""
    actor = system_actor()
    lifted = {m.state.warning.id: m for m in told.get(Decision.LIFTED, []) if m.state.warning}
    ids = [w.pk for w in created] + list(lifted)
    for warning in DowngradeWarning.objects.filter(pk__in=ids).select_related("partner").order_by("pk"):
        if warning.pk in lifted:
            record_event(
                actor=actor,
                verb="tier_warning.lifted",
                target=warning,
                partner=warning.partner,
                before={"status": WarningStatus.PENDING},
                after={"status": WarningStatus.LIFTED, "program": found.program.code},
            )
        else:
            record_event(
                actor=actor,
                verb="tier_warning.issued",
                target=warning,
                partner=warning.partner,
                after={
                    "program": found.program.code,
                    "from_tier": warning.from_tier,
                    "to_tier": warning.to_tier,
                    "downgrade_on": warning.downgrade_on,
                },
            )


# What each decision tells the partner's admins and its CAM.
MESSAGES = {
    Decision.UP: gettext_noop("%(partner)s moved up to %(tier)s in %(program)s"),
    Decision.DOWN: gettext_noop("%(partner)s moved down to %(tier)s in %(program)s"),
    Decision.WARNED: gettext_noop(
        "%(partner)s no longer meets the %(tier)s criteria of %(program)s: it moves down to %(to)s on "
        "%(day)s unless it meets them again"
    ),
    Decision.LIFTED: gettext_noop(
        "%(partner)s meets the %(tier)s criteria of %(program)s again: no move down"
    ),
}
VERBS = {
    Decision.UP: "tiers.moved",
    Decision.DOWN: "tiers.moved",
    Decision.WARNED: "tiers.downgrade_warning",
    Decision.LIFTED: "tiers.warning_lifted",
}


def _notify(found: Plan, told: dict[Decision, list[MemberPlan]]) -> None:
    """The partner's admins (a link to their progress page) and its CAM (the staff page), one notification
    per decision and partner; who they are is read in two queries for every partner told."""
    from accounts.models import Membership
    from core.roles import PartnerRole
    from partners.models import Partner

    partner_ids = {m.state.partner_id for members in told.values() for m in members}
    if not partner_ids:
        return
    admins: dict[int, list[int]] = defaultdict(list)
    for partner_id, user_id in Membership.objects.filter(
        partner_id__in=partner_ids, role=PartnerRole.ADMIN, is_active=True
    ).values_list("partner_id", "user_id"):
        admins[partner_id].append(user_id)
    cams = {
        pk: cam for pk, cam in Partner.objects.filter(pk__in=partner_ids).values_list("pk", "cam_id") if cam
    }
    if not admins and not cams:
        return
    mine = reverse("tiers:mine")
    program = found.program
    for decision, members in told.items():
        for member in members:
            state = member.state
            params = {
                "partner": state.partner_name,
                "tier": Tier(
                    member.tier_after if decision in (Decision.UP, Decision.DOWN) else state.tier
                ).label,
                "program": InLanguages(en=program.name_en, ru=program.name_ru or program.name_en),
                "to": Tier(member.qualified).label,
                "day": member.downgrade_on or "",
            }
            partner = Partner(pk=state.partner_id, name=state.partner_name)
            notify(
                users=admins.get(state.partner_id, []),
                verb=VERBS[decision],
                message=MESSAGES[decision],
                params=params,
                link=mine,
                partner=partner,
            )
            cam = cams.get(state.partner_id)
            if cam:
                notify(
                    users=[cam],
                    verb=VERBS[decision],
                    message=MESSAGES[decision],
                    params=params,
                    link=reverse("tiers:partner", args=[state.partner_public_id]),
                    partner=partner,
                )


def _write_assessments(found: Plan, run: EvaluationRun) -> None:
    """One row per member and day: a rerun the same day replaces the day's row, keeping the tier the day
    started with and a change an earlier run made that day."""
    today = {
        a.membership_id: a
        for a in TierAssessment.objects.filter(program=found.program, evaluated_on=found.as_of).only(
            "pk", "membership_id", "tier_before", "decision", "downgrade_on"
        )
    }
    rows: list[dict[str, Any]] = []
    now = timezone.now()
    for member in found.members:
        state = member.state
        earlier = today.get(state.membership_id)
        decision, tier_before = member.decision, state.tier
        if earlier is not None:
            tier_before = earlier.tier_before
            if decision not in CHANGES and earlier.decision in CHANGES:
                decision = Decision(earlier.decision)
        rows.append(
            {
                "public_id": _uuid(),
                "created_at": now,
                "updated_at": now,
                "run_id": run.pk,
                "membership_id": state.membership_id,
                "partner_id": state.partner_id,
                "program_id": found.program.pk,
                "criteria_id": found.criteria.pk,
                "evaluated_on": found.as_of,
                "values": member.values_json(),
                "tier_before": tier_before,
                "qualified_tier": member.qualified,
                "tier_after": member.tier_after,
                "decision": decision.value,
                "downgrade_on": member.downgrade_on,
            }
        )
    if today:
        TierAssessment.objects.filter(pk__in=[a.pk for a in today.values()]).delete()
    from core.db import insert_rows

    insert_rows(TierAssessment, rows)


def _uuid() -> Any:
    import uuid

    return uuid.uuid4()


# --- every program ----------------------------------------------------------------------------------------


def evaluate_all(*, as_of: dt.date | None = None) -> list[Outcome]:
    """The nightly job: every active program with published criteria whose policy evaluates daily."""
    outcomes = []
    skipped = set(TierPolicy.objects.filter(evaluate_daily=False).values_list("program_id", flat=True))
    for program in PartnerProgram.objects.filter(
        status=ProgramStatus.ACTIVE, tier_criteria__status=CriteriaVersion.Status.PUBLISHED
    ).exclude(pk__in=skipped):
        outcomes.append(evaluate(program, as_of=as_of))
    return outcomes
