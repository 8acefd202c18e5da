"""The API checked against its own OpenAPI schema with schemathesis (`make apicheck`, CI on PostgreSQL).

`run_apicheck(user, ids)` loads /api/openapi.json from the app in-process (WSGI, nothing listens on a
port), generates valid-by-schema requests for every operation with Hypothesis (seeded, bounded: deterministic
and a few minutes on two cores) and checks each answer:

- not_a_server_error: no 5xx;
- response_schema_conformance: every body matches the documented schema of its status;
- status_code_conformance: every status is documented for the operation;
- declared_limits_respected (ours): a request valid by the schema is never refused with a code that a
  schema can express (required, max_length, invalid_choice, min_value, unknown_field…, `core.errors.
  SCHEMA_CODES`). That is schemathesis' positive data acceptance narrowed to what the schema promises:
  business rules (a state transition, a duplicate, an unknown user) may still refuse with their own codes.

`APICHECK_MAX_EXAMPLES` (20 per operation), `APICHECK_SEED` and `APICHECK_PATHS` (path prefixes) tune a run.
Path ids are drawn half of the time from objects that exist (`seed_objects`), so operations get past 404.
Every example runs inside a savepoint that is rolled back after it: destructive operations (revoking the
token in use, deactivating a member, publishing a draft) never change what later examples see, so none is
excluded and the order does not matter.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import timedelta

from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from django.utils import timezone

from core.errors import SCHEMA_CODES

MAX_EXAMPLES = int(os.environ.get("APICHECK_MAX_EXAMPLES", "20"))
SEED = int(os.environ.get("APICHECK_SEED", "7"))
# Only operations under these path prefixes (comma-separated), e.g. APICHECK_PATHS=/api/deals
PATHS = tuple(p for p in os.environ.get("APICHECK_PATHS", "").split(",") if p)


# --- the data every run starts from -------------------------------------------------------------------------


def seed_objects(world) -> dict[str, list[str]]:
    """Objects of every kind the API addresses by path id; returns path parameter name -> public ids."""
    from accounts.models import Membership
    from accounts.services import invitation_create_for_partner, invitation_create_for_staff
    from catalog.models import Product, ProductFamily
    from core.actor import ANONYMOUS
    from deals.services import (
        extension_request,
        registration_approve,
        registration_create,
        registration_submit,
    )
    from direct.services import account_create, deal_create
    from engagement.models import Rule, RuleSet
    from engagement.testing import world_accepts
    from notifications.services import notify
    from onboarding.models import ChecklistStep
    from programs.models import AgreementVersion, ProgramCharter
    from recruitment.models import Prospect, RecruitmentTargets
    from recruitment.services import application_submit

    chief, rep = world.actor(world.chief), world.actor(world.rep_a)
    bikes = ProductFamily.objects.create(name="Bikes")
    road = Product.objects.create(
        sku="RB-150", name="Road-150", family=bikes, list_price="3474.06", channel_eligibility="channel_only"
    )
    touring = Product.objects.create(
        sku="TB-2000", name="Touring-2000", family=bikes, list_price="1208.24", channel_eligibility="both"
    )
    account = account_create(
        actor=chief, data={"name": "Contoso Ltd", "web_domain": "contoso.example", "owner": world.cam}
    )
    direct_deal = deal_create(actor=chief, account=account, data={"name": "Fleet", "amount": "25000"})
    published = RuleSet.objects.create(version=1, status="published", published_at=timezone.now())
    Rule.objects.create(ruleset=published, position=1, label="Enterprise", segments=["enterprise"])
    draft = RuleSet.objects.create(version=2, status="draft")
    rule = Rule.objects.create(ruleset=draft, position=1, label="Public sector", segments=["public_sector"])
    world_accepts(world)  # partners accept the rules in force before they submit
    ProgramCharter.objects.create(title_en="Join us", body_en="The program.")
    version = AgreementVersion.objects.create(
        kind="partner_agreement", version=1, title_en="Partner agreement", body_en="Terms."
    )
    step = ChecklistStep.objects.create(partner_type="reseller", position=99, title_en="Kick-off call")
    RecruitmentTargets.objects.create(regions=["europe"], verticals=["retail"], partner_types=["reseller"])
    application = application_submit(
        actor=ANONYMOUS,
        data={
            "company_name": "Nordic Gear",
            "web_domain": "nordic-gear.example",
            "country": "SE",
            "region": "europe",
            "partner_type": "reseller",
            "contact_name": "Anna Berg",
            "contact_email": "anna@nordic-gear.example",
            "motivation": "Outdoor equipment across Scandinavia.",
            "sells_competing": False,
        },
        ip="203.0.113.5",
    )
    prospect = Prospect.objects.create(
        company_name="Baltic Bikes", partner_type="dealer", source="trade_show", owner=world.cam
    )
    close = timezone.localdate() + timedelta(days=30)

    def register(name: str):
        registration, _created = registration_create(
            actor=rep,
            data={
                "customer_name": name,
                "customer_domain": f"{name.lower()}.example",
                "expected_close_date": close,
            },
            lines=[{"product_id": road, "quantity": 2}, {"product_id": touring, "quantity": 1}],
        )
        return registration

    a_draft = register("Fabrikam")
    submitted = registration_submit(actor=rep, registration=register("Northwind"))
    approved = registration_approve(
        actor=world.actor(world.cam),
        registration=registration_submit(actor=rep, registration=register("Tailspin")),
    )
    extension = extension_request(actor=rep, registration=approved, days=10, reason="Budget moved")
    invitation, _raw = invitation_create_for_partner(
        actor=world.actor(world.admin_a),
        partner=world.partner_a,
        email="new@alpha.test",
        role="rep",
        send=False,
    )
    staff_invitation, _raw = invitation_create_for_staff(
        actor=world.actor(world.ops), email="new@vendor.test", role="cam", send=False
    )
    notes = notify(
        users=[world.admin_a, world.chief],
        verb="test",
        message="Product family %(name)s created.",
        params={"name": "Bikes"},
    )
    member = Membership.objects.get(user=world.rep_a)
    from collateral.services import template_create
    from collateral.testing import FLYER_EN, published_template

    flyer = published_template(world.actor(world.marketing), source_en=FLYER_EN)
    collateral_draft = template_create(
        actor=world.actor(world.marketing), data={"title_en": "Draft flyer", "source_en": FLYER_EN}
    )
    course, lesson, attempt, award = _learning_objects(world)
    from campaigns.services import kit_create, launch_create
    from campaigns.testing import published_kit

    kit = published_kit(world.actor(world.marketing))
    kit_draft = kit_create(actor=world.actor(world.marketing), data={"title_en": "Draft kit"})
    launch, _created = launch_create(actor=world.actor(world.admin_a), kit=kit)
    transaction, batch = _ledger_objects(world)
    program, incentive_rule, target, accrual, dispute = _incentive_objects(world, road)
    from funds.services import request_create
    from funds.testing import allocate, approved_request, claim_for, request_values, this_period_budget

    marketing, admin_a = world.actor(world.marketing), world.actor(world.admin_a)
    fund_budget = this_period_budget(marketing)
    allocation = allocate(marketing, fund_budget, world.partner_a)
    funded = approved_request(admin_a, marketing)
    fund_claim = claim_for(admin_a, funded)
    asked = request_create(actor=admin_a, data=request_values(title="Waiting webinar"))
    from health.models import RiskReview
    from offboarding.services import offboarding_start

    review = RiskReview.objects.create(partner=world.partner_a, cam=world.cam, note="Quiet for a quarter")
    offboarding = offboarding_start(
        actor=world.actor(world.chief),
        partner=world.partner_b,
        data={"reason": "Stopped selling", "access_ends_on": close},
    )
    ids = {
        "partner_id": [world.partner_a, world.reseller],
        "member_id": [member],
        "invitation_id": [invitation, staff_invitation],
        "product_id": [road, touring],
        "account_id": [account],
        "deal_id": [direct_deal],
        "ruleset_id": [draft, published],
        "rule_id": [rule],
        "notification_id": notes,
        "step_id": [step],
        "version_id": [version],
        "application_id": [application],
        "prospect_id": [prospect],
        "registration_id": [a_draft, submitted, approved],
        "extension_id": [extension],
        "template_id": [flyer, collateral_draft],
        "course_id": [course],
        "lesson_id": [lesson],
        "attempt_id": [attempt],
        "award_id": [award],
        "kit_id": [kit, kit_draft],
        "launch_id": [launch],
        "transaction_id": [transaction],
        "batch_id": [batch],
        "program_id": [program],
        "incentive_rule_id": [incentive_rule],
        "target_id": [target],
        "accrual_id": [accrual],
        "dispute_id": [dispute],
        "budget_id": [fund_budget],
        "allocation_id": [allocation],
        "request_id": [funded, asked],
        "claim_id": [fund_claim],
        "review_id": [review],
        "offboarding_id": [offboarding],
    }
    return {name: [str(obj.public_id) for obj in objects] for name, objects in ids.items()}


def _incentive_objects(world, product):
    """An active commission that accrued on partner A's won deal, its rule, a target and A's dispute."""
    from deals.models import DealLine, DealRegistration
    from incentives.accrual import run_accrual
    from incentives.models import Accrual
    from incentives.services import dispute_raise, program_activate, program_create, rule_add, target_set

    ops = world.actor(world.ops)
    program = program_create(
        actor=ops,
        data={
            "name_en": "Reseller commission",
            "starts_on": (timezone.localdate() - timedelta(days=30)).isoformat(),
        },
    )
    incentive_rule = rule_add(actor=ops, program=program, data={"basis": "percent", "rate": "5"})
    program_activate(actor=ops, program=program)
    won = DealRegistration.objects.create(
        partner=world.partner_a,
        customer_name="Won Co",
        status="won",
        amount="100.00",
        won_amount="100.00",
        closed_at=timezone.now() - timedelta(minutes=5),
    )
    DealLine.objects.create(registration=won, product=product, quantity=1, unit_price="100.00")
    run_accrual(actor=ops, cutoff=timezone.now())
    target = target_set(
        actor=ops,
        data={
            "program_id": str(program.public_id),
            "partner_id": str(world.partner_a.public_id),
            "period": "FY2026-Q4",
            "amount": "1000",
        },
    )
    dispute = dispute_raise(
        actor=world.actor(world.admin_a),
        data={"kind": "wrong_amount", "registration_id": str(won.public_id), "reason": "Too little."},
    )
    return program, incentive_rule, target, Accrual.objects.get(program=program), dispute


# --- the run ------------------------------------------------------------------------------------------------


def declared_limits_respected(ctx, response, case):
    """A valid-by-schema request refused for a limit the schema could have declared: the schema lies."""
    if response.status_code != 422:
        return None
    try:
        errors = response.json().get("errors", [])
    except ValueError:
        return None
    broken = [e for e in errors if e.get("code") in SCHEMA_CODES]
    if broken:
        raise AssertionError(
            "A request valid by the schema was refused for a limit the schema does not declare: "
            + "; ".join(f"{e.get('field')}: {e.get('code')} ({e.get('message')})" for e in broken)
        )
    return None


@dataclass
class Report:
    operations: int = 0
    examples: int = 0
    failures: list[str] = field(default_factory=list)
    succeeded: set[str] = field(default_factory=set)  # operations that answered 2xx at least once


def run_apicheck(*, token: str, ids: dict[str, list[str]], max_examples: int = MAX_EXAMPLES) -> Report:
    """Every operation, `max_examples` valid requests each, authenticated with `token`."""
    import schemathesis
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

    checks = [
        not_a_server_error,
        response_schema_conformance,
        status_code_conformance,
        declared_limits_respected,
    ]
    report = Report()
    # The request runs inside the test's transaction: keep Django from closing the connection around it,
    # as its test client does.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        schema = schemathesis.openapi.from_wsgi("/api/openapi.json", WSGIHandler())
        operations = sorted(
            (result.ok() for result in schema.get_all_operations()),  # type: ignore[union-attr]
            key=lambda op: (op.path, op.method),
        )
        for operation in operations:
            if PATHS and not operation.path.startswith(PATHS):
                continue
            report.operations += 1
            check = _example_test(
                _strategy(operation, ids), {"Authorization": f"Bearer {token}"}, checks, report, max_examples
            )
            try:
                check()
            except (Exception, BaseExceptionGroup) as exc:  # one operation's failure must not hide others'
                report.failures.append(f"{operation.method.upper()} {operation.path}\n{exc}")
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    return report


def _example_test(strategy, headers: dict, checks: list, report: Report, max_examples: int):
    """One operation's Hypothesis test: each example in a savepoint that is rolled back after it."""
    from hypothesis import HealthCheck, Phase, given, seed, settings

    @seed(SEED)
    @settings(
        max_examples=max_examples,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
        report_multiple_bugs=False,
    )
    @given(case=strategy)
    def check(case):
        report.examples += 1
        savepoint = transaction.savepoint()
        try:
            response = case.call_and_validate(headers=headers, checks=checks)
            if response.status_code < 300:
                report.succeeded.add(f"{case.method} {case.operation.path}")
        finally:
            transaction.savepoint_rollback(savepoint)

    return check


def _learning_objects(world):
    """A published course (a lesson, a quiz of one question) partner A's rep has passed: an attempt and an
    award."""
    from learning.models import CertificationAward
    from learning.services import attempt_start, attempt_submit, lesson_mark_done
    from learning.testing import answers, make_certification, make_course

    course = make_course("Selling the Road-150", lessons=1, questions=1, passing_score=100)
    make_certification(course)
    rep = world.actor(world.rep_a)
    lesson = course.lessons.get()
    lesson_mark_done(actor=rep, lesson=lesson)
    attempt = attempt_start(actor=rep, course=course)
    attempt_submit(actor=rep, attempt=attempt, answers=answers(attempt))
    return course, lesson, attempt, CertificationAward.objects.get(user=world.rep_a)


def _ledger_objects(world):
    """A rate, partner A's earnings (a transaction) and a payout batch of them in review."""
    from decimal import Decimal

    from ledger.models import ExchangeRate
    from ledger.posting import Posting, book, move
    from ledger.services import batch_create

    ExchangeRate.objects.create(
        currency="EUR", quote_currency="USD", valid_from=timezone.localdate(), rate=Decimal("1.08")
    )
    transaction = book(
        Posting(
            key="apicheck:commission",
            kind="accrual",
            partner=world.partner_a,
            legs=move(Decimal("80.00"), "EUR", debit="incentive_expense", credit="earnings_payable"),
            description="Commission",
        ),
        actor=world.actor(world.ops),
    ).transaction
    return transaction, batch_create(actor=world.actor(world.ops), data={"currency": "EUR"})


def _strategy(operation, ids: dict[str, list[str]]):
    from hypothesis import strategies as st

    names = [p.name for p in operation.path_parameters]
    generated = operation.as_strategy()
    if not names or any(name not in ids for name in names):
        return generated
    known = st.fixed_dictionaries({name: st.sampled_from(ids[name]) for name in names}).flatmap(
        lambda values: operation.as_strategy(path_parameters=values)
    )
    return st.one_of(known, generated)
