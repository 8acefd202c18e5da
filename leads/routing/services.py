"""Writes of lead distribution: the routing rules (versioned like the rules of engagement), routing leads
through them, hand assignment, the partner's answer (accept, decline), and the acceptance SLA (reminders,
lapses, reassignment).

A published rule set never changes: editing starts a new draft copied from the published one, and publishing
the draft retires the previous set — one published and at most one draft at any time.

A lead offered to a partner waits for its answer until `accept_by` (the hours of the partner's tier in the
published rules). Declined, or not answered in time, it goes to the next eligible partner — never back to one
that declined it or let it lapse — or, with nobody left, stays unrouted with the reason in a `lead.unrouted`
event (staff only). Every offer is a `LeadAssignment` with its explanation.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from core.actor import Actor, system_actor
from core.events import event_value, record_event, subscribers
from core.models import Event
from core.scoping import get_visible_or_404
from leads.errors import LeadErrorCode as E
from leads.models import (
    AssignmentMethod,
    AssignmentOutcome,
    DeclineReason,
    Destination,
    Lead,
    LeadAssignment,
    LeadStatus,
    RoutingRule,
    RoutingRuleSet,
    RoutingStatus,
)
from leads.models.lead import OPEN_STATUSES
from leads.routing.engine import REFUSED_OUTCOMES, ROUTABLE_STATUSES, Decision, Router, lead_facts
from leads.routing.explain import item
from leads.routing.inputs import DeclineInput
from leads.routing.rules import VERSIONS
from leads.routing.writes import id_list, insert_rows, update_rows
from leads.rules import LeadAction
from leads.rules import require_action as require_lead_action

logger = logging.getLogger(__name__)


class Stopwatch:
    """Where a routing run's time goes (logged at debug level: the benchmark prints it)."""

    def __init__(self) -> None:
        self.laps: dict[str, float] = {}
        self._last = time.perf_counter()

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.laps[name] = self.laps.get(name, 0.0) + now - self._last
        self._last = now

    def __str__(self) -> str:
        return ", ".join(f"{name} {seconds:.2f} s" for name, seconds in self.laps.items())


# A reminder goes out once, when this share of the time to accept is left.
REMIND_WHEN_LEFT = 0.25
FALLBACK_SLA_HOURS = RoutingRuleSet._meta.get_field("default_sla_hours").get_default()
BATCH = 1000


# --- the routing rules' versions (`core.versions`) ------------------------------------------------------

ruleset_create_draft = VERSIONS.create_draft
ruleset_update = VERSIONS.update
ruleset_publish = VERSIONS.publish
rule_create = VERSIONS.rule_create
rule_update = VERSIONS.rule_update
rule_delete = VERSIONS.rule_delete
rule_move = VERSIONS.rule_move


# --- routing --------------------------------------------------------------------------------------------


def published_ruleset() -> RoutingRuleSet | None:
    """The rules in force (with their rules), or None."""
    rules = Prefetch("rules", queryset=RoutingRule.objects.order_by("position", "id"))
    return RoutingRuleSet.objects.filter(status=RoutingStatus.PUBLISHED).prefetch_related(rules).first()


@dataclass
class RoutingOutcome:
    """What a routing run did: the decisions, and the offers it made."""

    decisions: list[Decision] = field(default_factory=list)
    assignment_ids: list[int] = field(default_factory=list)
    skipped: int = 0  # leads the actor may not route (closed ones)

    @property
    def routed(self) -> int:
        return sum(1 for d in self.decisions if d.destination == Destination.CHANNEL)

    @property
    def direct(self) -> int:
        return sum(1 for d in self.decisions if d.destination == Destination.DIRECT)

    @property
    def unrouted(self) -> int:
        return sum(1 for d in self.decisions if d.destination == Destination.UNROUTED)


ROUTING_READS = (
    "public_id",
    "company_name",
    "region",
    "country",
    "vertical",
    "attributes",
    "partner",
    "status",
    "destination",
    "assigned_at",
    "accept_by",
    "accepted_at",
    "reminded_at",
)


def _lock_leads(actor: Actor, pks: Sequence[int]) -> list[Lead]:
    """The leads, re-read through the actor's scope and locked in primary key order."""
    locked: list[Lead] = []
    ordered = sorted(set(pks))
    # What routing reads and writes of a lead; the rest (contact, notes, scores) stays in the database.
    scoped = Lead.objects.visible_to(actor).select_for_update().only(*ROUTING_READS).order_by("pk")
    size = 10 * BATCH if connection.vendor == "postgresql" else BATCH  # SQLite's limit on parameters
    for start in range(0, len(ordered), size):
        locked += list(scoped.filter(pk__in=id_list(ordered[start : start + size])))
    return locked


def route_lead(*, actor: Actor, lead: Lead) -> Decision:
    """Route one lead (again) through the published rules: a pending offer is withdrawn first."""
    outcome = route_leads(actor=actor, leads=[lead])
    if not outcome.decisions:
        # The one lead was refused: say why, as every single-lead service does (or 404: out of scope).
        lead = get_visible_or_404(Lead.objects.visible_to(actor), pk=lead.pk)
        require_lead_action(actor, lead, LeadAction.ASSIGN)
        raise ValidationError(_("This lead cannot be routed now."), code=E.WRONG_STATUS)
    return outcome.decisions[0]


def route_leads(*, actor: Actor, leads: Sequence[Lead]) -> RoutingOutcome:
    """Route many leads through the published rules at once (an import, the "route" bulk action): the rules,
    partners and their performance are read once, counts are kept in memory, and the offers are written in
    bulk. Leads the actor may not route (closed ones) are skipped and counted."""
    actor.require("leads.assign")
    ruleset = published_ruleset()
    if ruleset is None:
        raise ValidationError(_("Publish routing rules first."), code=E.NO_RULES)
    with transaction.atomic():
        locked = _lock_leads(actor, [lead.pk for lead in leads])
        allowed = []
        for lead in locked:
            try:
                require_lead_action(actor, lead, LeadAction.ASSIGN)
            except (PermissionDenied, ValidationError):
                continue
            allowed.append(lead)
        outcome = _route(actor=actor, leads=allowed, ruleset=ruleset, method=AssignmentMethod.RULES)
        outcome.skipped = len(leads) - len(allowed)
    return outcome


def _route(
    *,
    actor: Actor,
    leads: Sequence[Lead],
    ruleset: RoutingRuleSet | None,
    method: str,
    after: str = "",
    now: datetime | None = None,
) -> RoutingOutcome:
    """Decide and write, for locked leads: the one path of every routing (bulk, single, reassignment)."""
    now = now or timezone.now()
    clock = Stopwatch()
    router = Router(ruleset, now=now)
    clock.lap("load")
    facts = lead_facts(leads, with_products=any(rule.products for rule in router.rules))
    if after:
        facts = [replace(f, after=after) for f in facts]
    clock.lap("facts")
    decisions = router.route(facts)
    clock.lap("decide")
    offer_ids = _apply(
        actor=actor, leads=leads, decisions=decisions, ruleset=ruleset, method=method, now=now, clock=clock
    )
    logger.debug("routed %s leads: %s", len(leads), clock)
    return RoutingOutcome(decisions=decisions, assignment_ids=offer_ids)


LEAD_ROUTING_FIELDS = [
    "destination",
    "partner",
    "assigned_at",
    "accept_by",
    "accepted_at",
    "reminded_at",
    "status",
]


def _apply(
    *,
    actor: Actor,
    leads: Sequence[Lead],
    decisions: Sequence[Decision],
    ruleset: RoutingRuleSet | None,
    method: str,
    now: datetime,
    clock: Stopwatch | None = None,
) -> list[int]:
    """Write decisions: withdraw pending offers, create the new ones, update the leads, record the events.
    Returns the new offers' primary keys."""
    clock = clock or Stopwatch()
    by_pk = {lead.pk: lead for lead in leads}
    offered = [d.lead.pk for d in decisions if d.lead.pending and d.lead.pk is not None]
    for start in range(0, len(offered), BATCH):
        LeadAssignment.objects.filter(
            lead_id__in=offered[start : start + BATCH], outcome=AssignmentOutcome.PENDING
        ).update(outcome=AssignmentOutcome.WITHDRAWN, decided_at=now, updated_at=now)
    offers: list[dict[str, Any]] = []
    events: list[tuple[str, Lead, int | None, dict[str, Any]]] = []
    user_id = actor.user.pk if actor.user else None
    for decision in decisions:
        lead = by_pk[decision.lead.pk]  # type: ignore[index]
        lead.status = LeadStatus.NEW
        lead.accepted_at = lead.reminded_at = None
        lead.destination = decision.destination
        if decision.destination == Destination.CHANNEL and decision.partner is not None:
            accept_by = now + timedelta(hours=decision.sla_hours or FALLBACK_SLA_HOURS)
            lead.partner_id, lead.assigned_at, lead.accept_by = decision.partner.pk, now, accept_by
            offers.append(
                {
                    "lead_id": lead.pk,
                    "partner_id": decision.partner.pk,
                    "method": method,
                    "assigned_by_id": user_id,
                    "explanation": decision.explanation,
                    "ruleset_id": ruleset.pk if ruleset else None,
                    "accept_by": accept_by,
                }
            )
            after = {"partner": decision.partner.name, "method": method, "accept_by": accept_by}
            events.append(("lead.assigned", lead, decision.partner.pk, after))
        elif decision.destination == Destination.DIRECT:
            lead.partner_id, lead.assigned_at, lead.accept_by = None, now, None
            events.append(("lead.sent_direct", lead, None, {"destination": Destination.DIRECT}))
        else:
            lead.partner_id, lead.assigned_at, lead.accept_by = None, None, None
            after = {"destination": Destination.UNROUTED, "explanation": decision.explanation}
            events.append(("lead.unrouted", lead, None, after))
    clock.lap("prepare")
    offer_ids = insert_rows(LeadAssignment, offers, now=now)
    clock.lap("offers")
    _write_routing(leads, now=now)
    clock.lap("leads")
    _record_many(actor, events, now=now)
    clock.lap("events")
    if offer_ids:
        transaction.on_commit(lambda: _tell_offered(offer_ids))
    return offer_ids


def _write_routing(leads: Sequence[Lead], *, now: datetime) -> None:
    """Save where each lead went (`LEAD_ROUTING_FIELDS`, status new, nothing accepted or reminded yet).

    Django's `bulk_update` writes a CASE per field and row, seconds for ten thousand leads; PostgreSQL takes
    the rows as one JSON document per batch instead (`writes.update_rows`). Elsewhere leads going the same way
    are updated together (SQLite runs in the process: many small statements cost little)."""
    for lead in leads:
        lead.updated_at = now
    if connection.vendor == "postgresql":
        update_rows(
            Lead,
            [
                {
                    "pk": lead.pk,
                    "destination": str(lead.destination),
                    "partner": lead.partner_id,
                    "assigned_at": lead.assigned_at,
                    "accept_by": lead.accept_by,
                    "accepted_at": None,
                    "reminded_at": None,
                    "status": LeadStatus.NEW.value,
                    "updated_at": now,
                }
                for lead in leads
            ],
            fields=[*LEAD_ROUTING_FIELDS, "updated_at"],
        )
        return
    groups: dict[tuple[Any, ...], list[int]] = defaultdict(list)
    for lead in leads:
        groups[(lead.destination, lead.partner_id, lead.assigned_at, lead.accept_by)].append(lead.pk)
    for (destination, partner_id, assigned_at, accept_by), ids in groups.items():
        for start in range(0, len(ids), BATCH):
            Lead.objects.filter(pk__in=ids[start : start + BATCH]).update(
                destination=destination,
                partner_id=partner_id,
                assigned_at=assigned_at,
                accept_by=accept_by,
                accepted_at=None,
                reminded_at=None,
                status=LeadStatus.NEW,
                updated_at=now,
            )


def _record_many(
    actor: Actor, events: Sequence[tuple[str, Lead, int | None, dict[str, Any]]], *, now: datetime
) -> None:
    """`record_event` for many leads at once: one INSERT per thousand (events nobody subscribes to)."""
    if not events:
        return
    content_type = ContentType.objects.get_for_model(Lead)
    user = actor.user
    rows = []
    for verb, lead, partner_id, after in events:
        if subscribers(verb):
            record_event(
                actor=actor, verb=verb, target=lead, partner=partner_id and lead.partner, after=after
            )
            continue
        rows.append(
            {
                "actor_id": user.pk if user else None,
                "actor_label": user.email if user else "",
                "verb": verb,
                "target_type_id": content_type.pk,
                "target_id": lead.pk,
                "target_label": str(lead)[:300],
                "partner_id": partner_id,
                "before": {},
                "after": {str(k): event_value(v) for k, v in after.items()},
                "public_id": uuid.uuid4(),
            }
        )
    insert_rows(Event, rows, now=now)


def _tell_offered(assignment_ids: list[int]) -> None:
    from leads.routing.tasks import notify_offered

    for start in range(0, len(assignment_ids), BATCH):
        notify_offered.enqueue(assignment_ids[start : start + BATCH])


# --- by hand, and the partner's answer ----------------------------------------------------------------


def _lock_lead(actor: Actor, lead: Lead) -> Lead:
    return get_visible_or_404(Lead.objects.visible_to(actor).select_for_update(), pk=lead.pk)


def _not_eligible(message: str) -> ValidationError:
    return ValidationError({"partner": ValidationError(message, code=E.NOT_ELIGIBLE)})


def assign_lead(*, actor: Actor, lead: Lead, partner: Any, reason: str) -> LeadAssignment:
    """A CAM offers a lead to a partner by hand, saying why. Refused (coded, on `partner`) for a partner that
    may not take leads now, or one that declined this lead or let it lapse."""
    from partners.models import Partner

    actor.require("leads.assign")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"reason": ValidationError(_("Say why you assign this lead by hand."), code="required")}
        )
    now = timezone.now()
    with transaction.atomic():
        lead = _lock_lead(actor, lead)
        require_lead_action(actor, lead, LeadAction.ASSIGN)
        partner = get_visible_or_404(Partner.objects.visible_to(actor), pk=partner.pk)
        if partner.status not in ROUTABLE_STATUSES:
            raise _not_eligible(
                _("%(partner)s is not an active partner and takes no leads.") % {"partner": partner.name}
            )
        if LeadAssignment.objects.filter(lead=lead, partner=partner, outcome__in=REFUSED_OUTCOMES).exists():
            raise _not_eligible(
                _("%(partner)s declined this lead or let it lapse: it is not offered to them again.")
                % {"partner": partner.name}
            )
        if lead.partner_id == partner.pk and lead.destination == Destination.CHANNEL:
            raise ValidationError(
                {
                    "partner": ValidationError(
                        _("The lead is already with this partner."), code=E.ALREADY_OFFERED
                    )
                }
            )
        ruleset = published_ruleset()
        hours = ruleset.sla_hours_for(partner.tier) if ruleset else FALLBACK_SLA_HOURS
        capacity = ruleset.default_capacity if ruleset else None
        open_now = Lead.objects.filter(partner=partner, status__in=OPEN_STATUSES).count()
        by = (actor.user.full_name or actor.user.email) if actor.user else _("the channel team")
        explanation = [item("manual", by=by)]
        if capacity is not None:
            explanation.append(item("capacity", open=open_now + 1, capacity=capacity))
        explanation.append(item("sla", hours=hours))
        LeadAssignment.objects.filter(lead=lead, outcome=AssignmentOutcome.PENDING).update(
            outcome=AssignmentOutcome.WITHDRAWN, decided_at=now, updated_at=now
        )
        accept_by = now + timedelta(hours=hours)
        assignment = LeadAssignment.objects.create(
            lead=lead,
            partner=partner,
            method=AssignmentMethod.MANUAL,
            assigned_by=actor.user,
            reason=reason,
            explanation=explanation,
            ruleset=ruleset,
            accept_by=accept_by,
        )
        # The event is the new partner's to read: it never names who held the lead before.
        before = {"status": lead.status} if lead.status != LeadStatus.NEW else {}
        lead.destination, lead.partner, lead.status = Destination.CHANNEL, partner, LeadStatus.NEW
        lead.assigned_at, lead.accept_by, lead.accepted_at, lead.reminded_at = now, accept_by, None, None
        lead.save(update_fields=[*LEAD_ROUTING_FIELDS, "updated_at"])
        record_event(
            actor=actor,
            verb="lead.assigned",
            target=lead,
            partner=partner,
            before=before,
            after={"partner": partner.name, "method": AssignmentMethod.MANUAL, "accept_by": accept_by},
            note=reason,
        )
        transaction.on_commit(lambda: _tell_offered([assignment.pk]))
    return assignment


def offer_brought_lead(*, lead: Lead, partner: Any, via: str) -> LeadAssignment | None:
    """A new lead the partner's own link or campaign page brought (`via`: its name): offered to that partner,
    not routed, with the time to accept of its tier. None, and nothing written, for a partner that takes no
    leads now: the lead then waits for the routing rules like any other. Inside the creating transaction."""
    if partner.status not in ROUTABLE_STATUSES:
        return None
    now = timezone.now()
    ruleset = published_ruleset()
    hours = ruleset.sla_hours_for(partner.tier) if ruleset else FALLBACK_SLA_HOURS
    accept_by = now + timedelta(hours=hours)
    assignment = LeadAssignment.objects.create(
        lead=lead,
        partner=partner,
        method=AssignmentMethod.BROUGHT,
        explanation=[item("brought", link=via), item("sla", hours=hours)],
        ruleset=ruleset,
        accept_by=accept_by,
    )
    lead.destination, lead.partner, lead.status = Destination.CHANNEL, partner, LeadStatus.NEW
    lead.assigned_at, lead.accept_by = now, accept_by
    lead.save(update_fields=[*LEAD_ROUTING_FIELDS, "updated_at"])
    record_event(
        actor=system_actor(),
        verb="lead.assigned",
        target=lead,
        partner=partner,
        after={"partner": partner.name, "method": AssignmentMethod.BROUGHT, "accept_by": accept_by},
    )
    transaction.on_commit(lambda: _tell_offered([assignment.pk]))
    return assignment


def _pending_assignment(actor: Actor, lead: Lead) -> LeadAssignment:
    assignment = (
        LeadAssignment.objects.visible_to(actor)
        .select_for_update()
        .filter(lead=lead, partner_id=lead.partner_id, outcome=AssignmentOutcome.PENDING)
        .first()
    )
    if assignment is None:
        raise ValidationError(_("This lead is not awaiting your answer."), code=E.NOT_AWAITING)
    return assignment


def accept_lead(*, actor: Actor, lead: Lead) -> Lead:
    """The partner takes the lead it was offered: it is theirs to work."""
    now = timezone.now()
    with transaction.atomic():
        lead = _lock_lead(actor, lead)
        require_lead_action(actor, lead, LeadAction.ACCEPT)
        assignment = _pending_assignment(actor, lead)
        assignment.outcome, assignment.decided_at, assignment.decided_by = (
            AssignmentOutcome.ACCEPTED,
            now,
            actor.user,
        )
        assignment.save(update_fields=["outcome", "decided_at", "decided_by", "updated_at"])
        lead.status, lead.accepted_at = LeadStatus.ACCEPTED, now
        lead.save(update_fields=["status", "accepted_at", "updated_at"])
        record_event(
            actor=actor,
            verb="lead.accepted",
            target=lead,
            partner=lead.partner,
            before={"status": LeadStatus.NEW},
            after={"status": LeadStatus.ACCEPTED},
        )
    return lead


def decline_lead(*, actor: Actor, lead: Lead, reason: str, note: str = "") -> LeadAssignment:
    """The partner turns the lead down, saying why; it goes at once to the next eligible partner (never back
    to this one). Returns the declined offer (the lead is no longer the decliner's to read)."""
    values = DeclineInput.bind({"reason": reason, "note": note}).cleaned()
    now = timezone.now()
    with transaction.atomic():
        lead = _lock_lead(actor, lead)
        require_lead_action(actor, lead, LeadAction.DECLINE)
        assignment = _pending_assignment(actor, lead)
        assignment.outcome, assignment.decided_at, assignment.decided_by = (
            AssignmentOutcome.DECLINED,
            now,
            actor.user,
        )
        assignment.decline_reason, assignment.decline_note = values["reason"], values["note"]
        assignment.save(
            update_fields=[
                "outcome",
                "decided_at",
                "decided_by",
                "decline_reason",
                "decline_note",
                "updated_at",
            ]
        )
        record_event(
            actor=actor,
            verb="lead.declined",
            target=lead,
            partner=lead.partner,
            after={"reason": DeclineReason(values["reason"])},
            note=values["note"],
        )
        _route(
            actor=system_actor(),
            leads=[lead],
            ruleset=published_ruleset(),
            method=AssignmentMethod.REASSIGNED,
            after="declined",
            now=now,
        )
    return assignment


# --- the acceptance SLA -------------------------------------------------------------------------------


def leads_remind(*, now: datetime | None = None) -> int:
    """Remind partners of offers with a quarter of their time left, once per offer (`reminded_at`)."""
    from leads.routing import notify

    now = now or timezone.now()
    waiting = Lead.objects.filter(
        status=LeadStatus.NEW,
        destination=Destination.CHANNEL,
        partner__isnull=False,
        reminded_at__isnull=True,
        assigned_at__isnull=False,
        accept_by__gt=now,
    ).values_list("pk", "assigned_at", "accept_by")
    due = [
        pk
        for pk, assigned, until in waiting
        if assigned and until and until - now <= (until - assigned) * REMIND_WHEN_LEFT
    ]
    reminded = 0
    actor = system_actor()
    for pk in due:
        with transaction.atomic():
            lead = (
                Lead.objects.visible_to(actor)
                .select_for_update(of=("self",))
                .select_related("partner")
                .filter(pk=pk)
                .first()
            )
            if (
                lead is None
                or lead.reminded_at is not None
                or lead.status != LeadStatus.NEW
                or lead.partner is None
            ):
                continue  # answered or reminded since the list was read
            lead.reminded_at = now
            lead.save(update_fields=["reminded_at", "updated_at"])
            notify.reminder(lead)
            reminded += 1
    return reminded


def leads_lapse(*, now: datetime | None = None) -> int:
    """Offers not answered by `accept_by` lapse, and their leads go to the next eligible partner (never back
    to one that declined or let them lapse). Idempotent: a reassigned lead has a new deadline."""
    now = now or timezone.now()
    actor = system_actor()
    overdue = list(
        Lead.objects.filter(
            status=LeadStatus.NEW, destination=Destination.CHANNEL, accept_by__lte=now
        ).values_list("pk", flat=True)
    )
    if not overdue:
        return 0
    lapsed = 0
    for start in range(0, len(overdue), BATCH):
        with transaction.atomic():
            leads = [
                lead
                for lead in _lock_leads(actor, overdue[start : start + BATCH])
                if lead.status == LeadStatus.NEW
                and lead.destination == Destination.CHANNEL
                and lead.accept_by
                and lead.accept_by <= now
            ]
            if not leads:
                continue
            ids = [lead.pk for lead in leads]
            LeadAssignment.objects.filter(lead_id__in=ids, outcome=AssignmentOutcome.PENDING).update(
                outcome=AssignmentOutcome.LAPSED, decided_at=now, updated_at=now
            )
            _record_many(
                actor,
                [("lead.lapsed", lead, lead.partner_id, {"accept_by": lead.accept_by}) for lead in leads],
                now=now,
            )
            _route(
                actor=actor,
                leads=leads,
                ruleset=published_ruleset(),
                method=AssignmentMethod.REASSIGNED,
                after="lapsed",
                now=now,
            )
            lapsed += len(leads)
    return lapsed


def sla_sweep(*, now: datetime | None = None) -> dict[str, int]:
    """The periodic task's work: reminders first, then lapses (both idempotent)."""
    return {"reminded": leads_remind(now=now), "lapsed": leads_lapse(now=now)}
