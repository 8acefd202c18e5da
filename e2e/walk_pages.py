"""What the browser walk (e2e/walk.py) and `make screenshots` open: the demo's personas, the routes left out
(with the reason), and the factories that give each URL argument an object the personas may open.

The walk runs on the seeded demo (`demo.seeding.seed_demo`), so pages show what they show in `make demo`:
hundreds of partners, registrations in every state, charts with data.
"""

from __future__ import annotations

from dataclasses import dataclass
from uuid import uuid4

from e2e.walk import Persona

PERSONAS = (
    Persona("chief", "chief@kanal.demo"),
    Persona("ops", "ops@kanal.demo"),
    Persona("marketing", "marketing@kanal.demo"),
    Persona("cam", "cam@kanal.demo"),
    Persona("partner_admin", "admin@bikestore.demo"),
    Persona("partner_rep", "rep@bikestore.demo"),
    Persona("distributor", "admin@distributor.demo"),
    Persona("anonymous", None),
)
# The reduced matrix walks each page once, as the first of these who reaches it.
REDUCED_ORDER = (
    "chief",
    "partner_admin",
    "distributor",
    "anonymous",
    "ops",
    "cam",
    "marketing",
    "partner_rep",
)

_EXPORT = "a file download (CSV), not a page"
_FRAGMENT = "an HTMX fragment swapped into a page that is walked"

# Route name (or `prefix*`) -> why the walk does not open it. Everything else must be a page for some persona
# or answer every GET with 405 (POST-only).
EXCLUDED: dict[str, str] = {
    "api:*": "the API: JSON, walked by the isolation walk and schemathesis; its docs are the Swagger UI's",
    "home": "redirects to the persona's home page (staff_dashboard, partner_home), which are walked",
    "set_language": "the language switch: a POST that redirects back",
    "notifications:open": "marks the notification read and redirects to its link",
    "notifications:menu": _FRAGMENT,
    "deals:customer_hint": _FRAGMENT,
    # POST runs a bulk action; GET ?form=<key> is the fragment of the bar's menu (e2e/test_bulk.py opens it)
    "partners:bulk": _FRAGMENT,
    "deals:pipeline_bulk": _FRAGMENT,
    "audit_log_export": _EXPORT,
    "file_download": "a download (an attachment) behind a signed link; core/tests/test_files.py opens it",
    "partner_team_export": _EXPORT,
    "partners:export": _EXPORT,
    "recruitment:applications_export": _EXPORT,
    "recruitment:prospects_export": _EXPORT,
    "direct:accounts_export": _EXPORT,
    "direct:deals_export": _EXPORT,
    "catalog:export": _EXPORT,
    "content:export": _EXPORT,
    "content:activity_export": _EXPORT,
    "content:download": "redirects to a signed download link (content/tests/test_pages.py follows it)",
    "deals:export": _EXPORT,
    "deals:pipeline_export": _EXPORT,
    "engagement:versions_export": _EXPORT,
    "programs:members_export": _EXPORT,
    "leads:routing_versions_export": _EXPORT,
    "leads:export": _EXPORT,
    "leads:bulk": _FRAGMENT,
    "referrals:links_export": _EXPORT,
    "referrals:attributions_export": _EXPORT,
    "referrals_short:follow": "a redirect off the site, to the vendor's page (referrals/tests follow it)",
    "referrals:link_qr": "an SVG image of the short link (referrals/tests/test_pages_api.py opens it)",
    "imports:errors_csv": "a CSV download of a dry run's errors (imports/tests/test_pages_api.py opens it)",
    "notifications:export": _EXPORT,
    "announcements:export": _EXPORT,
    "campaigns:export": _EXPORT,
    "ledger:money_export": _EXPORT,
    "ledger:transactions_export": _EXPORT,
    "ledger:rates_export": _EXPORT,
    "ledger:batches_export": _EXPORT,
    "ledger:statement_csv": _EXPORT,
    "incentives:programs_export": _EXPORT,
    "incentives:targets_export": _EXPORT,
    "incentives:earnings_export": _EXPORT,
    "incentives:earning_lines_export": _EXPORT,
    "incentives:disputes_export": _EXPORT,
    "funds:budgets_export": _EXPORT,
    "funds:allocations_export": _EXPORT,
    "funds:requests_export": _EXPORT,
    "funds:claims_export": _EXPORT,
    "health:at_risk_export": _EXPORT,
    "offboarding:export": _EXPORT,
    "competition:vendors_export": _EXPORT,
    "recognition:awards_export": _EXPORT,
    "recognition:grants_export": _EXPORT,
    "tiers:changes_export": _EXPORT,
    "tiers:warnings_export": _EXPORT,
    "tiers:values_export": _EXPORT,
    "mfa_download_recovery_codes": "a text file download",
    "collateral:download": "a PDF download (an attachment); collateral/tests/test_views.py opens it",
    "collateral:preview": "a PDF download (the preview form's target); collateral/tests opens it",
    # allauth's steps that only exist in the middle of a flow the demo personas are not in
    "account_request_reauthentication_code": "reauthentication by emailed code: the personas use a password",
    "account_confirm_reauthentication_code": "reauthentication by emailed code: the personas use a password",
    "account_confirm_login_code": "sign-in by emailed code: only while such a sign-in is pending",
    "account_set_password": "accounts without a password; every persona has one (change_password is walked)",
    "mfa_authenticate": "the second step of signing in, only while a sign-in with TOTP is pending",
    "mfa_reauthenticate": "reauthentication with TOTP: no persona has an authenticator",
    "mfa_deactivate_totp": "needs an authenticator: signing in would then ask the walk for a TOTP code",
    "mfa_view_recovery_codes": "needs an authenticator (see mfa_deactivate_totp)",
    "mfa_generate_recovery_codes": "needs an authenticator (see mfa_deactivate_totp)",
}


def prepare() -> None:
    """The personas have confirmed their email addresses: allauth lets nobody with an unconfirmed one (which
    opening the email page records) set up two-factor authentication, and the walk opens both pages."""
    from allauth.account.models import EmailAddress

    from accounts.models import User

    for user in User.objects.filter(email__in=[p.email for p in PERSONAS if p.email]):
        EmailAddress.objects.update_or_create(
            user=user, email=user.email, defaults={"verified": True, "primary": True}
        )


# Pages allauth shows only after the person confirms their password again (account_reauthenticate, walked).
REAUTHENTICATE = frozenset({"mfa_activate_totp"})


@dataclass
class Cast:
    """The demo objects the factories start from."""

    partner_email: str = "admin@bikestore.demo"
    distributor_email: str = "admin@distributor.demo"
    cam_email: str = "cam@kanal.demo"

    def partner(self):
        from partners.models import Partner

        return Partner.objects.get(memberships__user__email=self.partner_email)

    def user(self, email: str):
        from accounts.models import User

        return User.objects.get(email=email)


def _registration(status: str):
    def make(cast: Cast):
        from deals.models import DealRegistration

        return (
            DealRegistration.objects.filter(partner=cast.partner(), status=status)
            .order_by("created_at")
            .values_list("public_id", flat=True)
            .first()
        )

    return make


def _first(model_path: str, **filters):
    def make(cast: Cast):
        from django.apps import apps

        model = apps.get_model(model_path)
        return model.objects.filter(**filters).order_by("pk").values_list("public_id", flat=True).first()

    return make


def _reseller(cast: Cast):
    from partners.models import Partner

    distributor = Partner.objects.get(memberships__user__email=cast.distributor_email)
    return Partner.objects.filter(parent=distributor).order_by("name").values_list("public_id", flat=True)[0]


def _draft_ruleset(cast: Cast):
    """A draft of the engagement rules (the demo publishes one version and keeps no draft)."""
    from engagement.models import RuleSet
    from engagement.services import ruleset_create_draft

    draft = RuleSet.objects.filter(status="draft").first()
    if draft is None:
        from core.actor import build_actor

        draft = ruleset_create_draft(actor=build_actor(cast.user("chief@kanal.demo")))
    return draft.public_id


def _draft_rule(cast: Cast):
    from engagement.models import Rule

    return Rule.objects.filter(ruleset__public_id=_draft_ruleset(cast)).order_by("position")[0].public_id


def _invitation_token(cast: Cast):
    """A fresh invitation to the partner: the page an invited person opens from the email."""
    from accounts.services import invitation_create_for_partner
    from core.actor import build_actor

    _invitation, raw = invitation_create_for_partner(
        actor=build_actor(cast.user(cast.partner_email)),
        partner=cast.partner(),
        email="invited@bikestore.demo",
        role="rep",
        send=False,
    )
    return raw


def _sales_course(cast: Cast):
    from learning.models import Course

    return Course.objects.get(title_en__startswith="Sales onboarding")


def _rep_attempt(cast: Cast):
    """The Bike Store rep's first (failed) quiz attempt: the taker's own page."""
    from learning.models import Attempt

    return Attempt.objects.filter(user__email="rep@bikestore.demo").order_by("pk")[0].public_id


def _award(cast: Cast):
    from learning.models import CertificationAward

    return CertificationAward.objects.filter(user__email="rep@bikestore.demo").order_by("pk")[0]


def _not_found(cast: Cast):
    return str(uuid4())  # for POST-only routes: they refuse a GET before looking anything up


def _announcement(cast: Cast):
    """A published announcement for every partner (the demo's newsletter): staff and partner users open it."""
    from announcements.models import Announcement

    return (
        Announcement.objects.filter(status="published", partner_types=[], tiers=[], regions=[])
        .order_by("pk")
        .values_list("public_id", flat=True)
        .first()
    )


def _routing_draft(cast: Cast):
    """A draft of the lead routing rules with one rule (made when the demo keeps none)."""
    from core.actor import build_actor
    from leads.models import RoutingRuleSet
    from leads.routing.services import rule_create, ruleset_create_draft

    draft = RoutingRuleSet.objects.filter(status="draft").first()
    if draft is None:
        actor = build_actor(cast.user("chief@kanal.demo"))
        draft = ruleset_create_draft(actor=actor)
        if not draft.rules.exists():
            rule_create(actor=actor, ruleset=draft, data={"name": "Europe", "lead_regions": ["europe"]})
    return draft


def _offered_lead(cast: Cast):
    """A lead offered to the demo partner, awaiting its answer (the decline form, the CAM's assign form)."""
    from datetime import timedelta

    from django.utils import timezone

    from leads.models import Lead, LeadAssignment

    partner = cast.partner()
    lead = Lead.objects.filter(partner=partner, status="new", destination="channel").order_by("pk").first()
    if lead is None:
        accept_by = timezone.now() + timedelta(days=30)
        lead = Lead.objects.create(
            company_name="Walk Cycles", region=partner.region, country=partner.country, partner=partner,
            destination="channel", assigned_at=timezone.now(), accept_by=accept_by,
        )  # fmt: skip
        LeadAssignment.objects.create(lead=lead, partner=partner, accept_by=accept_by)
    return lead.public_id


def _worked_lead(cast: Cast):
    """A lead the demo partner accepted and works (its page shows progress, conversion and notes)."""
    from leads.models import Lead

    rows = Lead.objects.filter(partner=cast.partner(), status__in=["accepted", "contacted", "qualified"])
    return rows.order_by("pk").values_list("public_id", flat=True).first()


def _import_job(cast: Cast):
    """A leads import ops uploaded and mapped, ready for its check (made when the demo keeps none)."""
    from django.core.files.base import ContentFile

    from core.actor import build_actor
    from imports.models import ImportJob
    from imports.services import import_map, import_upload

    job = ImportJob.objects.order_by("pk").first()
    if job is None:
        ops = build_actor(cast.user("ops@kanal.demo"))
        upload = ContentFile(
            b"Company;Web domain;Country\nWalk Cycles;walk-cycles.example;DE\n", name="walk.csv"
        )
        job = import_upload(actor=ops, kind="leads", upload=upload)
        job = import_map(actor=ops, job=job, mapping=job.mapping)
    return job.public_id


def _fund_request(title: str):
    """One of the demo bike store's activities (demo/seed_funds.py), by its title."""

    def make(cast: Cast):
        from funds.models import FundRequest

        return FundRequest.objects.get(partner=cast.partner(), title=title).public_id

    return make


def _fund_claim(cast: Cast):
    """The bike store's webinar claim, awaiting approval and flagged as a possible duplicate."""
    from funds.models import FundClaim

    return FundClaim.objects.get(
        partner=cast.partner(), request__title__startswith="E-bike webinar"
    ).public_id


def _fund_budget(cast: Cast):
    from funds.models import FundBudget

    return FundBudget.objects.get(closed_at__isnull=True).public_id


def _fund_allocation(cast: Cast):
    from funds.models import FundAllocation

    return (
        FundAllocation.objects.filter(partner=cast.partner(), basis="fixed", budget__closed_at__isnull=True)
        .get()
        .public_id
    )


def _demo_launch(cast: Cast):
    """The demo partner's launch of the spring kit (seeded by demo/seed_campaigns.py)."""
    from campaigns.models import Launch

    return Launch.objects.select_related("kit", "partner__campaign_slug").get(partner=cast.partner())


def _demo_transaction(cast: Cast):
    """A ledger transaction of the demo partner: the demo's own when funds or earnings were booked, else a
    commission booked here."""
    from decimal import Decimal

    from core.actor import system_actor
    from ledger.models import LedgerTransaction
    from ledger.posting import Posting, book, move

    found = LedgerTransaction.objects.filter(partner=cast.partner()).order_by("pk").first()
    if found is None:
        found = book(
            Posting(
                key="walk:bike-store-commission",
                kind="accrual",
                partner=cast.partner(),
                legs=move(Decimal("120.00"), "USD", debit="incentive_expense", credit="earnings_payable"),
                description="Referral commission",
            ),
            actor=system_actor(),
        ).transaction
    return found.public_id


def _demo_batch(cast: Cast):
    """The demo's paid payout batch, else one made here of what is payable."""
    from core.actor import build_actor
    from ledger.models import PayoutBatch
    from ledger.selectors import payable_now
    from ledger.services import batch_create

    found = PayoutBatch.objects.order_by("pk").first()
    if found is None:
        _demo_transaction(cast)
        ops = build_actor(cast.user("ops@kanal.demo"))
        found = batch_create(actor=ops, data={"currency": payable_now(actor=ops)[0].currency})
    return found.public_id


def _this_month(cast: Cast) -> str:
    from django.utils import timezone

    return timezone.localdate().strftime("%Y-%m")


def _incentive_program(cast: Cast):
    """The demo's partner commission: active, its rules in force, Bike Store's earnings under it."""
    from incentives.models import IncentiveProgram

    return IncentiveProgram.objects.get(name_en="Partner commission 2026")


def _draft_program(cast: Cast):
    from incentives.models import IncentiveProgram

    return IncentiveProgram.objects.get(name_en="Agent referral bonus").public_id


def _bike_store_accrual(cast: Cast):
    from incentives.models import Accrual

    return Accrual.objects.filter(partner=cast.partner(), person__isnull=True).order_by("pk")[0].public_id


def _bike_store_membership(cast: Cast):
    """The demo partner's membership of the default program (it is also in the service program)."""
    from programs.models import ProgramMembership

    return ProgramMembership.objects.get(partner=cast.partner(), program__is_default=True)


FACTORIES = {
    "vendor_id": _first("competition.CompetingVendor", name="Shimano"),
    "line_id": _first("competition.CompetingLine", vendor__name="Shimano"),
    "declaration_id": _first(
        "competition.CompetingDeclaration", partner__memberships__user__email="admin@bikestore.demo"
    ),
    # tiers: the default program, its draft criteria (v2, the demo's next version) and the ERP sales metric
    "program_code": lambda cast: "partners",
    "criteria_id": _first("tiers.CriteriaVersion", status="draft"),
    ("tiers:criteria", "criteria_id"): _first("tiers.CriteriaVersion", status="published"),
    "requirement_id": _first("tiers.Requirement", criteria__status="draft"),
    "custom_metric_id": _first("tiers.CustomMetric"),
    "metric_value_id": _first("tiers.CustomMetricValue"),
    "override_id": _not_found,
    "partner_program_id": lambda cast: _bike_store_membership(cast).program.public_id,
    "program_tier_id": lambda cast: _bike_store_membership(cast).program.tiers.get(tier="gold").public_id,
    "program_membership_id": lambda cast: _bike_store_membership(cast).public_id,
    "transaction_id": _demo_transaction,
    "batch_id": _demo_batch,
    "period": _this_month,
    "program_id": lambda cast: _incentive_program(cast).public_id,
    ("incentives:program_edit", "program_id"): _draft_program,
    ("incentives:rule_new", "program_id"): _draft_program,
    "incentive_rule_id": lambda cast: _incentive_program(cast).rules.order_by("position")[0].public_id,
    ("incentives:rule_edit", "incentive_rule_id"): _first(
        "incentives.IncentiveRule", program__status="draft"
    ),
    "target_id": _first("incentives.Target"),
    "accrual_id": _bike_store_accrual,
    "dispute_id": _first("incentives.Dispute"),
    "kit_id": lambda cast: _demo_launch(cast).kit.public_id,
    "message_id": lambda cast: _demo_launch(cast).kit.messages.order_by("pk")[0].public_id,
    "launch_id": lambda cast: _demo_launch(cast).public_id,
    "partner_slug": lambda cast: _demo_launch(cast).partner.campaign_slug.slug,
    "kit_slug": lambda cast: _demo_launch(cast).kit.slug,
    "lead_id": _worked_lead,
    "attribute_id": _first("leads.LeadAttribute"),
    "model_id": _first("leads.ScoringModel", status="active"),
    "import_id": _import_job,
    "kind": lambda cast: "leads",
    "announcement_id": _announcement,
    "registration_id": _registration("approved"),
    ("deals:edit", "registration_id"): _registration("draft"),
    "extension_id": _first("deals.ExtensionRequest"),
    "notification_id": _not_found,
    "product_id": _first("catalog.Product", is_active=True, channel_eligibility="both"),
    "asset_id": _first("content.Asset", status="published", partner_types=[], tiers=[], regions=[]),
    "application_id": _first("recruitment.Application", status="submitted"),
    "prospect_id": _first("recruitment.Prospect"),
    "version_id": _first("programs.AgreementVersion"),
    "step_id": _first("onboarding.ChecklistStep"),
    "account_id": _first("direct.DirectAccount"),
    "deal_id": _first("direct.DirectDeal"),
    "partner_id": lambda cast: cast.partner().public_id,
    ("partner_reseller", "partner_id"): _reseller,
    "user_id": lambda cast: cast.user(cast.cam_email).public_id,
    "membership_id": _not_found,
    "member_id": _not_found,
    "invitation_id": _not_found,
    "token_id": _not_found,
    "ruleset_id": _draft_ruleset,
    "routing_version_id": lambda cast: _routing_draft(cast).public_id,
    "routing_rule_id": lambda cast: _routing_draft(cast).rules.order_by("position")[0].public_id,
    ("leads:routing_decline", "lead_id"): _offered_lead,
    ("leads:routing_assign", "lead_id"): _offered_lead,
    "rule_id": _draft_rule,
    "token": _invitation_token,
    "key": lambda cast: "not-a-real-key",
    "uidb36": lambda cast: "1",
    "template_id": _first("collateral.CollateralTemplate", status="published"),
    "language": lambda cast: "en",
    "course_id": lambda cast: _sales_course(cast).public_id,
    "lesson_id": lambda cast: _sales_course(cast).lessons.order_by("position")[0].public_id,
    "question_id": lambda cast: _sales_course(cast).quiz.questions.order_by("position")[0].public_id,
    "attempt_id": _rep_attempt,
    "award_id": lambda cast: _award(cast).public_id,
    "certification_id": _first("learning.Certification"),
    "code": lambda cast: _award(cast).code,
    "link_id": _first("referrals.ReferralLink"),
    "budget_id": _fund_budget,
    "allocation_id": _fund_allocation,
    "request_id": _fund_request("Booth at CityBike Expo"),  # awaiting the chief: the decision form
    ("funds:claim_new", "request_id"): _fund_request("Customer newsletter: spring range"),  # ready to claim
    "claim_id": _fund_claim,
    "review_id": _first("health.RiskReview", status="planned"),  # the demo's recovery plan
    "offboarding_id": _first("offboarding.Offboarding", status="in_progress"),
    "step": lambda cast: "access",
    "recognition_award_id": _first("recognition.Award", name_en="Partner of the quarter"),
    # The bike store's "Partner of the quarter" (demo/seed_recognition.py): its users and staff open it.
    "grant_id": _first("recognition.AwardGrant", partner__memberships__user__email="admin@bikestore.demo"),
    "setting_id": _not_found,  # only a POST (removing a program's own setting) takes it
}
