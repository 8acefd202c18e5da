"""The routing engine: which partner (or direct sales, or nobody) a lead goes to under a version of the rules,
and why. One code path for real routing (`leads.routing.services`) and for simulation
(`leads.routing.simulation`): it reads, never writes.

`Router(ruleset)` loads what it needs once, in a fixed number of queries whatever the number of partners: the
routable partners, their certifications, open leads, last assignment, and their performance (acceptance,
time to accept, conversion by vertical and region, recent declines) as aggregates. `Router.decide(facts)` then
routes one lead in memory and counts the assignment it makes (open leads, rotation), so that a batch routes
as if its leads came one after another.

Rules are tried in order. A rule takes a lead when every lead condition holds; a rule "send to direct sales"
wins at once; otherwise the eligible partners with room are offered it by the routing priority their program
tier gives (higher first: a tier benefit, `programs.selectors.tier_benefits`), then ranked by performance on
leads like this one, smoothed towards the average so a new partner is not starved, and among equals the least
recently assigned goes first (round-robin). A rule with nobody to take the lead leaves it to the next rule.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import connection
from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Max, Q
from django.utils import timezone

from leads.models import (
    AssignmentOutcome,
    Destination,
    Lead,
    LeadAssignment,
    LeadStatus,
    RoutingRule,
    RoutingRuleSet,
    TerritoryMatch,
)
from leads.models.lead import CLOSED_STATUSES, OPEN_STATUSES
from leads.routing.explain import item
from leads.routing.writes import id_list
from partners.choices import PartnerStatus
from programs.selectors import tier_benefits

# Partners that may receive leads: active ones, and those flagged at risk (still under contract and selling; a
# lead may be what brings them back, and their performance ranks them).
ROUTABLE_STATUSES = (PartnerStatus.ACTIVE, PartnerStatus.AT_RISK)

# Partners no lead is offered to although their status would allow it, from apps above leads (offboarding:
# the partners winding down). Each provider returns partner ids; registered from an AppConfig.ready().
_exclusions: list[Callable[[], Iterable[int]]] = []


def register_exclusion(provider: Callable[[], Iterable[int]]) -> None:
    if provider not in _exclusions:
        _exclusions.append(provider)


def excluded_partners() -> set[int]:
    return {pk for provider in _exclusions for pk in provider()}


# Offers a partner answered "no" to, or let lapse: never offered the same lead again.
REFUSED_OUTCOMES = (AssignmentOutcome.DECLINED, AssignmentOutcome.LAPSED)

HISTORY_DAYS = 365  # performance counts the last year
RECENT_DAYS = 30  # "recent declines"
MIN_SAMPLE = 5  # closed leads of a vertical (or region) before "leads like this" means that vertical
PRIOR_WEIGHT = 5.0  # pseudo-observations pulling a small record towards the average
DEFAULT_CONVERSION, DEFAULT_ACCEPTANCE = 0.2, 0.8  # the averages before the instance has any history
TYPICAL_HOURS = 24.0  # time to accept at which the speed score is one half
DECLINE_PENALTY, MAX_DECLINE_PENALTY = 0.05, 0.25
WEIGHTS = {"conversion": 0.55, "acceptance": 0.30, "speed": 0.15}
# Scores closer than this are equal: the rotation decides between them.
SCORE_STEP = 0.02


# --- what the engine reads about leads and partners ---------------------------------------------------------


@dataclass(frozen=True)
class LeadFacts:
    """What routing looks at in a lead. `excluded`: partners that declined it or let it lapse; `held_by`: the
    partner holding it open now (a simulation counts it as released)."""

    pk: int | None
    region: str = ""
    country: str = ""
    vertical: str = ""
    product_ids: frozenset[int] = frozenset()
    attributes: Mapping[str, Any] = field(default_factory=dict)
    excluded: frozenset[int] = frozenset()
    held_by: int | None = None
    pending: bool = False  # an offer awaits an answer (withdrawn when the lead is routed again)
    after: str = ""  # "declined" / "lapsed": offered again after the previous partner's answer


def lead_facts(leads: Sequence[Lead], *, with_products: bool = True) -> list[LeadFacts]:
    """The facts of `leads` in two queries (their products; the partners that refused them, and pending
    offers)."""
    ids = [lead.pk for lead in leads]
    products: dict[int, set[int]] = defaultdict(set)
    excluded: dict[int, set[int]] = defaultdict(set)
    pending: set[int] = set()
    for chunk in _chunks(ids):
        if with_products:
            through = Lead.products.through.objects.filter(lead_id__in=id_list(chunk))
            for lead_id, product_id in through.values_list("lead_id", "product_id"):
                products[lead_id].add(product_id)
        offers = LeadAssignment.objects.filter(
            lead_id__in=id_list(chunk), outcome__in=(*REFUSED_OUTCOMES, AssignmentOutcome.PENDING)
        )
        for lead_id, partner_id, outcome in offers.values_list("lead_id", "partner_id", "outcome"):
            if outcome == AssignmentOutcome.PENDING:
                pending.add(lead_id)
            else:
                excluded[lead_id].add(partner_id)
    return [
        LeadFacts(
            pk=lead.pk,
            region=lead.region or "",
            country=str(lead.country or ""),
            vertical=lead.vertical or "",
            product_ids=frozenset(products.get(lead.pk, ())),
            attributes=lead.attributes or {},
            excluded=frozenset(excluded.get(lead.pk, ())),
            held_by=lead.partner_id if lead.status in OPEN_STATUSES else None,
            pending=lead.pk in pending,
        )
        for lead in leads
    ]


def _chunks(ids: Sequence[int]) -> Iterable[Sequence[int]]:
    size = 10_000 if connection.vendor == "postgresql" else 2000  # SQLite's limit on parameters
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


@dataclass
class PartnerState:
    pk: int
    name: str
    partner_type: str
    tier: str
    region: str
    country: str
    verticals: frozenset[str]
    certifications: frozenset[int] = frozenset()
    open: int = 0  # open leads held now (counted up as the batch assigns)
    rotation: float = 0.0  # when last assigned (a timestamp; 0: never)
    priority: int = 0  # the routing priority its program tier gives (higher: offered first)


@dataclass
class Record:
    """Closed leads and conversions, or recent declines, by vertical, by region, and in all."""

    by_vertical: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    by_region: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    total: list[int] = field(default_factory=lambda: [0, 0])

    def add(self, vertical: str, region: str, first: int, second: int = 0) -> None:
        for counts in (self.by_vertical[vertical or ""], self.by_region[region or ""], self.total):
            counts[0] += first
            counts[1] += second


@dataclass
class Offers:
    accepted: int = 0
    decided: int = 0  # accepted, declined or lapsed
    mean_accept_hours: float | None = None


# --- the rules, compiled ----------------------------------------------------------------------------------


def _number(value: Any) -> Decimal | None:
    if isinstance(value, bool):
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def _comparable(value: Any) -> Any:
    """Numbers compare as numbers, ISO dates as dates, anything else as text."""
    number = _number(value)
    if number is not None:
        return number
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return value
    return str(value).lower() if isinstance(value, bool) else value


def attribute_holds(attributes: Mapping[str, Any], condition: Mapping[str, Any]) -> bool:
    """A custom attribute condition: {"key", "op": eq|in|gte|lte, "value"}. A lead without the attribute, or
    with a value that does not compare, does not meet it."""
    key, op, wanted = str(condition.get("key")), condition.get("op"), condition.get("value")
    if key not in attributes or attributes[key] in (None, ""):
        return False
    actual = attributes[key]
    if op == "in":
        options = wanted if isinstance(wanted, list) else [wanted]
        return any(_equal(actual, option) for option in options)
    if op == "eq":
        return _equal(actual, wanted)
    left, right = _comparable(actual), _comparable(wanted)
    try:
        return left >= right if op == "gte" else left <= right if op == "lte" else False
    except TypeError:
        return False


def _equal(actual: Any, wanted: Any) -> bool:
    if isinstance(actual, bool) or isinstance(wanted, bool):
        return str(actual).lower() == str(wanted).lower()
    left, right = _comparable(actual), _comparable(wanted)
    if type(left) is type(right) and not isinstance(left, str):
        return left == right
    return str(actual).strip().lower() == str(wanted).strip().lower()


@dataclass
class CompiledRule:
    rule: RoutingRule
    index: int
    regions: frozenset[str]
    countries: frozenset[str]
    verticals: frozenset[str]
    products: frozenset[int]
    attributes: list[dict[str, Any]]
    partner_types: frozenset[str]
    tiers: frozenset[str]
    certifications: frozenset[int]
    capacity: int

    @classmethod
    def of(cls, rule: RoutingRule, index: int, default_capacity: int) -> CompiledRule:
        return cls(
            rule=rule,
            index=index,
            regions=frozenset(rule.lead_regions or ()),
            countries=frozenset(c.upper() for c in rule.lead_countries or ()),
            verticals=frozenset(rule.lead_verticals or ()),
            products=frozenset(int(p) for p in rule.lead_products or ()),
            attributes=list(rule.lead_attributes or ()),
            partner_types=frozenset(rule.partner_types or ()),
            tiers=frozenset(rule.partner_tiers or ()),
            certifications=frozenset(int(c) for c in rule.certifications or ()),
            capacity=rule.capacity if rule.capacity is not None else default_capacity,
        )

    def takes(self, lead: LeadFacts) -> bool:
        return (
            (not self.regions or lead.region in self.regions)
            and (not self.countries or lead.country in self.countries)
            and (not self.verticals or lead.vertical in self.verticals)
            and (not self.products or bool(self.products & lead.product_ids))
            and all(attribute_holds(lead.attributes, c) for c in self.attributes)
        )

    def admits(self, partner: PartnerState) -> bool:
        """The partner conditions that do not depend on the lead."""
        return (
            (not self.partner_types or partner.partner_type in self.partner_types)
            and (not self.tiers or partner.tier in self.tiers)
            and self.certifications <= partner.certifications
        )

    def group_key(self, lead: LeadFacts) -> tuple[Any, ...]:
        """Leads with the same key have the same eligible partners, ranked the same way."""
        territory = self.rule.territory
        place = lead.country if territory == TerritoryMatch.COUNTRY else lead.region
        return (self.index, territory, place, lead.region, lead.vertical)


# --- decisions --------------------------------------------------------------------------------------------


@dataclass
class Decision:
    lead: LeadFacts
    destination: str  # Destination
    partner: PartnerState | None = None
    rule: RoutingRule | None = None
    explanation: list[dict[str, Any]] = field(default_factory=list)
    sla_hours: int | None = None

    @property
    def routed(self) -> bool:
        return self.destination != Destination.UNROUTED


@dataclass
class _Candidates:
    """The eligible partners of one rule for one kind of lead: a heap ordered by score bucket (best first),
    then rotation (least recently assigned first). Entries go stale when their partner is assigned elsewhere
    and are refreshed when they surface; a partner without room leaves for good (a batch only adds leads)."""

    heap: list[tuple[int, int, float, int]]
    eligible: int


class Router:
    """Routes leads under one version of the rules; see the module's docstring."""

    def __init__(self, ruleset: RoutingRuleSet | None, *, now: datetime | None = None) -> None:
        self.ruleset = ruleset
        self.now = now or timezone.now()
        self._clock = self.now.timestamp()
        rules = list(ruleset.rules.order_by("position", "id")) if ruleset is not None else []
        default_capacity = ruleset.default_capacity if ruleset is not None else 0
        self.rules = [CompiledRule.of(rule, i, default_capacity) for i, rule in enumerate(rules)]
        self.partners: dict[int, PartnerState] = {}
        self.offers: dict[int, Offers] = {}
        self.closed: dict[int, Record] = defaultdict(Record)
        self.declines: dict[int, Record] = defaultdict(Record)
        self.prior_conversion, self.prior_acceptance = DEFAULT_CONVERSION, DEFAULT_ACCEPTANCE
        self._groups: dict[tuple[Any, ...], _Candidates] = {}
        self._scores: dict[tuple[int, str, str], tuple[float, list[dict[str, Any]]]] = {}
        self._rule_partners: dict[int, list[PartnerState]] = {}
        self.product_names: dict[int, str] = {}
        self.certification_names: dict[int, str] = {}
        if ruleset is not None:
            self._load()

    # --- loading, once ----------------------------------------------------------------------------------

    def _load(self) -> None:
        from catalog.models import Product
        from learning.models import Certification, CertificationAward
        from learning.selectors import valid_q
        from partners.models import Partner

        for pk, name, partner_type, tier, region, country, verticals in (
            Partner.objects.filter(status__in=ROUTABLE_STATUSES)
            .exclude(pk__in=excluded_partners())
            .values_list("pk", "name", "partner_type", "tier", "region", "country", "verticals")
        ):
            self.partners[pk] = PartnerState(
                pk, name, partner_type, tier, region or "", str(country or ""), frozenset(verticals or ())
            )
        # The routing priority of each partner's program tier (one aggregate query for all of them).
        for partner_id, benefits in tier_benefits().items():
            if partner_id in self.partners:
                self.partners[partner_id].priority = benefits.routing_priority
        wanted_certifications = set().union(*(r.certifications for r in self.rules))
        if wanted_certifications:
            held: dict[int, set[int]] = defaultdict(set)
            awards = CertificationAward.objects.filter(
                valid_q(at=self.now), partner__isnull=False, certification_id__in=wanted_certifications
            )
            for partner_id, certification_id in awards.values_list(
                "partner_id", "certification_id"
            ).distinct():
                held[partner_id].add(certification_id)
            for partner_id, certifications in held.items():
                if partner_id in self.partners:
                    self.partners[partner_id].certifications = frozenset(certifications)
            for certification in Certification.objects.filter(pk__in=wanted_certifications):
                self.certification_names[certification.pk] = certification.title
        wanted_products = set().union(*(r.products for r in self.rules))
        if wanted_products:
            self.product_names = dict(
                Product.objects.filter(pk__in=wanted_products).values_list("pk", "name")
            )

        open_leads = Lead.objects.filter(status__in=OPEN_STATUSES, partner__isnull=False)
        for partner_id, count in open_leads.values_list("partner_id").annotate(n=Count("id")):
            if partner_id in self.partners:
                self.partners[partner_id].open = count
        since = self.now - timedelta(days=HISTORY_DAYS)
        accept_time = ExpressionWrapper(F("decided_at") - F("created_at"), output_field=DurationField())
        accepted = Q(outcome=AssignmentOutcome.ACCEPTED)
        offers = (
            LeadAssignment.objects.values("partner_id")
            .annotate(
                last=Max("created_at"),
                accepted=Count("id", filter=accepted & Q(created_at__gte=since)),
                decided=Count(
                    "id",
                    filter=Q(
                        outcome__in=(AssignmentOutcome.ACCEPTED, *REFUSED_OUTCOMES), created_at__gte=since
                    ),
                ),
                accept_time=Avg(accept_time, filter=accepted & Q(created_at__gte=since)),
            )
            .values_list("partner_id", "last", "accepted", "decided", "accept_time")
        )
        all_accepted = all_decided = 0
        for partner_id, last, n_accepted, n_decided, mean in offers:
            all_accepted += n_accepted
            all_decided += n_decided
            if partner_id not in self.partners:
                continue
            self.partners[partner_id].rotation = last.timestamp() if last else 0.0
            hours = _hours(mean)
            self.offers[partner_id] = Offers(n_accepted, n_decided, hours)
        if all_decided:
            self.prior_acceptance = all_accepted / all_decided
        closed = (
            Lead.objects.filter(status__in=CLOSED_STATUSES, partner__isnull=False, closed_at__gte=since)
            .values("partner_id", "vertical", "region")
            .annotate(n=Count("id"), won=Count("id", filter=Q(status=LeadStatus.CONVERTED)))
            .values_list("partner_id", "vertical", "region", "n", "won")
        )
        all_closed = all_won = 0
        for partner_id, vertical, region, n, won in closed:
            all_closed += n
            all_won += won
            self.closed[partner_id].add(vertical, region, n, won)
        if all_closed:
            self.prior_conversion = all_won / all_closed
        recent = (
            LeadAssignment.objects.filter(
                outcome__in=REFUSED_OUTCOMES, decided_at__gte=self.now - timedelta(days=RECENT_DAYS)
            )
            .values("partner_id", "lead__vertical", "lead__region")
            .annotate(n=Count("id"))
            .values_list("partner_id", "lead__vertical", "lead__region", "n")
        )
        for partner_id, vertical, region, n in recent:
            self.declines[partner_id].add(vertical, region, n)

    # --- ranking ----------------------------------------------------------------------------------------

    def performance(self, partner_id: int, vertical: str, region: str) -> tuple[float, list[dict[str, Any]]]:
        """The partner's score for leads of this vertical and region (0–1, higher first) and why."""
        key = (partner_id, vertical, region)
        found = self._scores.get(key)
        if found is not None:
            return found
        why: list[dict[str, Any]] = []
        record = self.closed.get(partner_id)
        basis, closed, won = "prior", 0, 0
        if record is not None:
            for name, counts in (
                ("vertical", record.by_vertical.get(vertical) if vertical else None),
                ("region", record.by_region.get(region) if region else None),
                ("all", record.total),
            ):
                if counts and (counts[0] >= MIN_SAMPLE or (name == "all" and counts[0])):
                    basis, closed, won = name, counts[0], counts[1]
                    break
        conversion = (won + PRIOR_WEIGHT * self.prior_conversion) / (closed + PRIOR_WEIGHT)
        shown = won / closed if closed else self.prior_conversion
        why.append(item("converts", rate=round(100 * shown), basis=basis, closed=closed))
        offers = self.offers.get(partner_id)
        accepted, decided = (offers.accepted, offers.decided) if offers else (0, 0)
        acceptance = (accepted + PRIOR_WEIGHT * self.prior_acceptance) / (decided + PRIOR_WEIGHT)
        if decided:
            why.append(item("accepts", rate=round(100 * accepted / decided)))
        hours = offers.mean_accept_hours if offers else None
        speed = TYPICAL_HOURS / (TYPICAL_HOURS + hours) if hours is not None else 0.5
        if hours is not None:
            why.append(item("speed", hours=max(1, round(hours))))
        declines = self.declines.get(partner_id)
        similar = 0
        if declines is not None:
            counts = declines.by_vertical.get(vertical) if vertical else declines.by_region.get(region)
            similar = counts[0] if counts else 0
        if similar:
            why.append(item("declined_similar", count=similar))
        score = (
            WEIGHTS["conversion"] * conversion
            + WEIGHTS["acceptance"] * acceptance
            + WEIGHTS["speed"] * speed
            - min(MAX_DECLINE_PENALTY, DECLINE_PENALTY * similar)
        )
        self._scores[key] = (score, why)
        return score, why

    def _eligible(self, rule: CompiledRule, lead: LeadFacts) -> list[PartnerState]:
        pool = self._rule_partners.get(rule.index)
        if pool is None:
            pool = self._rule_partners[rule.index] = [p for p in self.partners.values() if rule.admits(p)]
        territory = rule.rule.territory
        if territory == TerritoryMatch.COUNTRY:
            pool = [p for p in pool if lead.country and p.country == lead.country]
        elif territory == TerritoryMatch.REGION:
            pool = [p for p in pool if lead.region and p.region == lead.region]
        if rule.rule.partner_verticals:
            pool = [p for p in pool if lead.vertical and lead.vertical in p.verticals]
        return pool

    def _candidates(self, rule: CompiledRule, lead: LeadFacts) -> _Candidates:
        key = rule.group_key(lead)
        group = self._groups.get(key)
        if group is None:
            eligible = self._eligible(rule, lead)
            heap = [(-p.priority, self._bucket(p, lead), p.rotation, p.pk) for p in eligible]
            heapq.heapify(heap)
            group = self._groups[key] = _Candidates(heap, len(eligible))
        return group

    def _bucket(self, partner: PartnerState, lead: LeadFacts) -> int:
        score, _why = self.performance(partner.pk, lead.vertical, lead.region)
        return -round(score / SCORE_STEP)

    def _pick(self, rule: CompiledRule, lead: LeadFacts) -> tuple[PartnerState | None, dict[str, Any] | None]:
        """The best eligible partner with room for `lead` under `rule`, or why there is none."""
        group = self._candidates(rule, lead)
        if not group.eligible:
            return None, item("no_partner", name=rule.rule.name, position=rule.rule.position)
        heap, aside = group.heap, []
        chosen: PartnerState | None = None
        refused = 0
        while heap:
            priority, bucket, rotation, pk = heap[0]
            partner = self.partners[pk]
            if partner.rotation != rotation:  # assigned since this entry was made: back at its new place
                heapq.heapreplace(heap, (priority, bucket, partner.rotation, pk))
                continue
            if partner.open >= rule.capacity:
                heapq.heappop(heap)
                continue
            if pk in lead.excluded:
                aside.append(heapq.heappop(heap))
                refused += 1
                continue
            chosen = partner
            break
        for entry in aside:
            heapq.heappush(heap, entry)
        if chosen is None:
            if refused:
                return None, item(
                    "all_excluded", name=rule.rule.name, position=rule.rule.position, count=refused
                )
            return None, item(
                "all_full", name=rule.rule.name, position=rule.rule.position, count=group.eligible
            )
        return chosen, None

    def _tied(self, rule: CompiledRule, lead: LeadFacts, chosen: PartnerState) -> bool:
        """Whether another partner with room and the same priority scores the same as the one chosen (the
        rotation chose)."""
        bucket = self._bucket(chosen, lead)
        for entry_priority, entry_bucket, _rotation, pk in self._candidates(rule, lead).heap[:8]:
            partner = self.partners[pk]
            if (
                pk != chosen.pk
                and -entry_priority == chosen.priority
                and entry_bucket == bucket
                and partner.open < rule.capacity
            ):
                return True
        return False

    def _outranks(self, rule: CompiledRule, lead: LeadFacts, chosen: PartnerState) -> bool:
        """Whether the chosen partner's routing priority put it before an eligible partner of a lower one."""
        if chosen.priority <= 0:
            return False
        return any(p.priority < chosen.priority for p in self._eligible(rule, lead))

    # --- deciding ---------------------------------------------------------------------------------------

    def decide(self, lead: LeadFacts) -> Decision:
        """Where `lead` goes, and why. An assignment is counted at once (open leads, rotation)."""
        if self.ruleset is None:
            return Decision(lead, Destination.UNROUTED, explanation=[item("no_rules")])
        failures: list[dict[str, Any]] = []
        for rule in self.rules:
            if not rule.takes(lead):
                continue
            if rule.rule.direct:
                return Decision(
                    lead,
                    Destination.DIRECT,
                    rule=rule.rule,
                    explanation=[self._rule_item(rule), item("direct")],
                )
            partner, failure = self._pick(rule, lead)
            if partner is None:
                failures.append(
                    failure or item("no_partner", name=rule.rule.name, position=rule.rule.position)
                )
                continue
            rotation = self._tied(rule, lead, partner)
            outranks = self._outranks(rule, lead, partner)
            self._count(partner)
            return self._offer(rule, lead, partner, rotation=rotation, priority=outranks)
        return Decision(lead, Destination.UNROUTED, explanation=failures or [item("no_rule_matched")])

    def release(self, leads: Iterable[LeadFacts]) -> None:
        """Count the leads about to be routed again as no longer held by the partner holding them."""
        for lead in leads:
            partner = self.partners.get(lead.held_by) if lead.held_by is not None else None
            if partner is not None:
                partner.open = max(0, partner.open - 1)
        # Groups drop a partner that was full: they are built again, with it, on their next use.
        self._groups.clear()

    def _count(self, partner: PartnerState) -> None:
        partner.open += 1
        self._clock = max(self._clock, partner.rotation) + 1e-3
        partner.rotation = self._clock

    def _rule_item(self, rule: CompiledRule) -> dict[str, Any]:
        return item("rule", name=rule.rule.name, position=rule.rule.position)

    def _offer(
        self, rule: CompiledRule, lead: LeadFacts, partner: PartnerState, *, rotation: bool, priority: bool
    ) -> Decision:
        assert self.ruleset is not None
        why: list[dict[str, Any]] = []
        territory = rule.rule.territory
        if territory == TerritoryMatch.COUNTRY and lead.country:
            why.append(item("country", country=lead.country))
        elif lead.region:
            why.append(item("region", region=lead.region))
        if lead.vertical:
            why.append(item("vertical", vertical=lead.vertical))
        if lead.after:
            why.append(item("reassigned", after=lead.after))
        why.append(self._rule_item(rule))
        if rule.products & lead.product_ids:
            names = sorted(self.product_names.get(p, str(p)) for p in rule.products & lead.product_ids)
            why.append(item("products", products=names))
        for condition in rule.attributes:
            why.append(item("attribute", **condition))
        if rule.certifications:
            names = sorted(self.certification_names.get(c, str(c)) for c in rule.certifications)
            why.append(item("certified", names=names))
        why.append(item("capacity", open=partner.open, capacity=rule.capacity))
        if priority:
            why.append(item("priority", priority=partner.priority, tier=partner.tier))
        _score, performance = self.performance(partner.pk, lead.vertical, lead.region)
        why.extend(performance)
        if rotation:
            why.append(item("rotation"))
        else:
            why.append(item("best_of", count=self._candidates(rule, lead).eligible))
        hours = self.ruleset.sla_hours_for(partner.tier)
        why.append(item("sla", hours=hours))
        return Decision(
            lead, Destination.CHANNEL, partner=partner, rule=rule.rule, explanation=why, sla_hours=hours
        )

    def route(self, leads: Sequence[LeadFacts]) -> list[Decision]:
        """Decide a batch, one lead after another, its leads first released by whoever holds them."""
        self.release(leads)
        return [self.decide(lead) for lead in leads]


def _hours(value: Any) -> float | None:
    if value is None:
        return None
    if isinstance(value, timedelta):
        return value.total_seconds() / 3600
    return float(value) / 3_600_000_000  # SQLite answers an average duration in microseconds
