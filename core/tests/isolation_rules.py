"""How every route is classified for the cross-partner walk (core/isolation.py).

A route missing here fails the walk. Factories make the URL arguments: objects that belong to partner B,
staff-only objects, or public objects (for routes classified OWN/PUBLIC).
"""

from typing import Any
from uuid import uuid4

from accounts.models import ApiToken, Invitation, Membership
from core.isolation import OWN, PUBLIC_ROUTE, SCOPED, SKIP_API, STAFF


def _invitation_of_b(world):
    from accounts.services import invitation_create_for_partner

    invitation, _raw = invitation_create_for_partner(
        actor=world.actor(world.admin_b),
        partner=world.partner_b,
        email="newcomer@bravo.test",
        role="rep",
        send=False,
    )
    return invitation.public_id


def _token_of_b(world):
    from accounts.services import api_token_create

    token, _raw = api_token_create(actor=world.actor(world.admin_b), name="bravo integration")
    return token.public_id


def _application(world):
    from recruitment.models import Application

    return Application.objects.create(
        company_name="Applicant Co",
        web_domain="applicant.example",
        country="DE",
        region="europe",
        partner_type="reseller",
        contact_name="Ann Applicant",
        contact_email="ann@applicant.example",
        motivation="We sell bikes.",
    ).public_id


def _prospect(world):
    from recruitment.models import Prospect

    return Prospect.objects.create(
        company_name="Prospect Co", partner_type="dealer", source="referral", owner=world.cam
    ).public_id


def _agreement_version(world):
    from programs.models import AgreementVersion

    version, _created = AgreementVersion.objects.get_or_create(
        kind="partner_agreement", version=1, defaults={"title_en": "Agreement", "body_en": "Terms."}
    )
    return version.public_id


def _program_of_b(world):
    """A partner program partner B belongs to and partner A does not (partners read their own programs)."""
    from programs.models import PartnerProgram, ProgramMembership, ProgramTier

    program, created = PartnerProgram.objects.get_or_create(
        code="bravo-only", defaults={"name_en": "Bravo's program", "description_en": "Bravo's terms."}
    )
    if created:
        ProgramTier.objects.bulk_create(ProgramTier(program=program, tier=t) for t in ("registered", "gold"))
    ProgramMembership.objects.get_or_create(
        program=program, partner=world.partner_b, defaults={"tier": "gold"}
    )
    return program


def _checklist_step(world):
    from onboarding.models import ChecklistStep

    return ChecklistStep.objects.create(
        partner_type=world.partner_a.partner_type, title_en="Kick-off"
    ).public_id


def _channel_product(world):
    from catalog.models import Product, ProductFamily

    family, _created = ProductFamily.objects.get_or_create(name="Isolation bikes")
    product, _created = Product.objects.get_or_create(
        sku="ISO-1",
        defaults={
            "name": "Isolation bike",
            "family": family,
            "list_price": "10.00",
            "channel_eligibility": "both",
        },
    )
    return product.public_id


def _direct_account(world):
    from direct.models import DirectAccount

    account, _created = DirectAccount.objects.get_or_create(
        web_domain="isolation-direct.example", defaults={"name": "Isolation Direct Co"}
    )
    return account.public_id


def _direct_deal(world):
    from direct.models import DirectAccount, DirectDeal

    account = DirectAccount.objects.get(public_id=_direct_account(world))
    deal, _created = DirectDeal.objects.get_or_create(
        account=account, name="Isolation deal", defaults={"amount": "5.00"}
    )
    return deal.public_id


def _registration_of_b(world):
    from deals.models import DealRegistration

    registration, _created = DealRegistration.objects.get_or_create(
        partner=world.partner_b,
        customer_name="Bravo's secret customer",
        defaults={"registered_by": world.admin_b, "status": "approved", "amount": "10.00"},
    )
    return registration.public_id


def _extension_of_b(world):
    from deals.models import DealRegistration, ExtensionRequest

    registration = DealRegistration.objects.get(public_id=_registration_of_b(world))
    extension, _created = ExtensionRequest.objects.get_or_create(
        registration=registration,
        defaults={"days": 10, "reason": "Bravo needs time", "requested_by": world.admin_b},
    )
    return extension.public_id


def _notification_of_b(world):
    from notifications.services import notify

    (notification,) = notify(
        users=[world.admin_b],
        verb="isolation.test",
        message="Bravo's private news about %(customer)s",
        params={"customer": world.partner_b.name},
        link="/deals/",
        partner=world.partner_b,
    )
    return notification.public_id


def _engagement_draft(world):
    from engagement.models import RuleSet

    ruleset, _created = RuleSet.objects.get_or_create(
        version=900, defaults={"status": "draft", "notes": "Isolation draft"}
    )
    return ruleset.public_id


def _engagement_rule(world):
    from engagement.models import Rule, RuleSet

    ruleset = RuleSet.objects.get(public_id=_engagement_draft(world))
    rule, _created = Rule.objects.get_or_create(ruleset=ruleset, position=1, defaults={"outcome": "direct"})
    return rule.public_id


def _announcement_of_b(world):
    """Published for North America: partner B's users read it, partner A's (Europe) never do."""
    from announcements.models import Announcement

    announcement, _created = Announcement.objects.get_or_create(
        title_en="Bravo's regional news",
        defaults={
            "body_en": "For North America only.",
            "regions": ["north_america"],
            "status": "published",
            "publish_at": "2026-01-01T00:00:00Z",
            "published_at": "2026-01-01T00:00:00Z",
        },
    )
    return announcement.public_id


def _template_for_b(world):
    """A published collateral template meant for partner B's region only: partner A cannot generate it."""
    from collateral.models import CollateralTemplate
    from collateral.testing import published_template

    found = CollateralTemplate.objects.filter(title_en="Bravo's regional flyer").first()
    if found is None:
        found = published_template(
            world.actor(world.marketing), title_en="Bravo's regional flyer", regions=["north_america"]
        )
    return found.public_id


def _kit_for_b(world):
    """A published campaign kit meant for partner B's region only: partner A can neither see nor launch it."""
    from campaigns.models import CampaignKit
    from campaigns.testing import published_kit

    found = CampaignKit.objects.filter(title_en="Bravo's regional campaign").first()
    if found is None:
        found = published_kit(
            world.actor(world.marketing), title_en="Bravo's regional campaign", regions=["north_america"]
        )
    return found


def _launch_of_b(world):
    """Partner B's launch of its regional kit."""
    from campaigns.services import launch_create

    return launch_create(actor=world.actor(world.admin_b), kit=_kit_for_b(world))[0]


def _landing_of_a(world):
    """Partner A's own launch of a kit for everyone: its public landing page shows A's data only."""
    from campaigns.models import CampaignKit
    from campaigns.services import launch_create
    from campaigns.testing import published_kit

    kit = CampaignKit.objects.filter(title_en="Everyone's campaign").first()
    kit = kit or published_kit(world.actor(world.marketing), title_en="Everyone's campaign")
    return launch_create(actor=world.actor(world.admin_a), kit=kit)[0]


def _plant_campaigns(world):
    """A draft and a retired campaign kit: partners see published kits only."""
    from campaigns.services import kit_create, kit_retire
    from campaigns.testing import published_kit

    markers = [_marker("campaign-draft"), _marker("campaign-retired")]
    marketing = world.actor(world.marketing)
    kit_create(actor=marketing, data={"title_en": markers[0]})
    kit_retire(actor=marketing, kit=published_kit(marketing, title_en=markers[1]))
    return markers


def _course_of_b(world):
    """A published course meant only for partner B's region, with a lesson and a quiz."""
    from learning.models import Course, Lesson, Quiz

    course, created = Course.objects.get_or_create(
        title_en="Isolation course for North America",
        defaults={"status": "published", "regions": [world.partner_b.region]},
    )
    if created:
        Lesson.objects.create(course=course, title_en="Isolation lesson")
        quiz = Quiz.objects.create(course=course, passing_score=50)
        question = quiz.questions.create(text_en="Isolation question?")
        question.choices.create(text_en="Yes", is_correct=True)
        question.choices.create(text_en="No")
    return course


def _lesson_of_b(world):
    return _course_of_b(world).lessons.get().public_id


def _question_of_b(world):
    return _course_of_b(world).quiz.questions.get().public_id


def _attempt_of_b(world):
    from learning.models import Attempt, Enrollment

    course = _course_of_b(world)
    enrollment, _created = Enrollment.objects.get_or_create(
        user=world.rep_b, partner=world.partner_b, course=course
    )
    attempt = Attempt.objects.filter(enrollment=enrollment).first() or Attempt.objects.create(
        enrollment=enrollment,
        user=world.rep_b,
        partner=world.partner_b,
        quiz=course.quiz,
        question_ids=[course.quiz.questions.get().pk],
    )
    return attempt.public_id


def _certification(world):
    from learning.models import Certification

    certification, _created = Certification.objects.get_or_create(title_en="Isolation certification")
    return certification


def _award_of_b(world):
    from django.utils import timezone

    from learning.models import CertificationAward

    award, _created = CertificationAward.objects.get_or_create(
        user=world.rep_b,
        partner=world.partner_b,
        certification=_certification(world),
        defaults={"awarded_at": timezone.now()},
    )
    return award.public_id


def _award_code_of_a(world):
    """The public verification page, opened with partner A's own certificate (B's would show B's name)."""
    from django.utils import timezone

    from learning.models import CertificationAward

    award, _created = CertificationAward.objects.get_or_create(
        user=world.rep_a,
        partner=world.partner_a,
        certification=_certification(world),
        defaults={"awarded_at": timezone.now()},
    )
    return award.code


def _scoring_model(world):
    """A scoring model (staff only): partner users get 403 on every models route."""
    from leads.models import ScoringModel

    model, _created = ScoringModel.objects.get_or_create(version=900, defaults={"artifact": b""})
    return model.public_id


# ---- staff-only rows -------------------------------------------------------------------------------------
# Each planter creates rows that no partner user may ever read, each carrying a unique marker string, and
# returns the markers. The walk fails when a response to a partner user contains one of them.


def _marker(kind: str) -> str:
    return f"staff-only-{kind}-{uuid4().hex[:12]}"


def _plant_rule_sets(world):
    """A published set (partners read it), a draft and a retired one (they never do)."""
    from engagement.models import Rule, RuleSet

    published = RuleSet.objects.create(version=1, status="published", notes="The rules everyone reads.")
    Rule.objects.create(ruleset=published, position=1, label="Everything to the channel", outcome="channel")
    markers = [
        _marker("draft-notes"),
        _marker("draft-rule"),
        _marker("retired-notes"),
        _marker("retired-rule"),
    ]
    # Version 900 is the draft the URL factories address (`_engagement_draft`).
    draft = RuleSet.objects.create(version=900, status="draft", notes=markers[0])
    Rule.objects.create(ruleset=draft, position=1, label=markers[1], outcome="direct")
    retired = RuleSet.objects.create(version=899, status="retired", notes=markers[2])
    Rule.objects.create(ruleset=retired, position=1, label=markers[3], outcome="review")
    return markers


def _plant_programs(world):
    """A program partner A does not belong to: its name and its tiers' benefits are not A's to read."""
    from programs.models import PartnerProgram, ProgramTier

    markers = [_marker("program-name"), _marker("tier-benefits")]
    program = PartnerProgram.objects.create(code="vendor-only", name_en=markers[0])
    ProgramTier.objects.create(program=program, tier="gold", benefits_en=markers[1])
    return markers


def _plant_products(world):
    """A direct-only product, an inactive one, and a family holding direct-only products only."""
    from catalog.models import Product, ProductFamily

    family, _created = ProductFamily.objects.get_or_create(name="Isolation bikes")
    direct_family = ProductFamily.objects.create(name=_marker("direct-family"))
    direct = Product.objects.create(
        sku="ISO-DIRECT",
        name=_marker("direct-product"),
        family=family,
        list_price="10.00",
        channel_eligibility="direct_only",
    )
    inactive = Product.objects.create(
        sku="ISO-OLD", name=_marker("inactive-product"), family=family, list_price="10.00", is_active=False
    )
    hidden = Product.objects.create(
        sku="ISO-DIRECT-2",
        name=_marker("direct-family-product"),
        family=direct_family,
        list_price="10.00",
        channel_eligibility="direct_only",
    )
    return [direct_family.name, direct.name, inactive.name, hidden.name]


def _plant_internal_notes(world):
    """Staff notes on partner A's own rows: A reads the rows, never the notes."""
    from core.events import record_event
    from onboarding.models import ChecklistStep, StepCompletion

    markers = [_marker("event-note"), _marker("step-note")]
    record_event(
        actor=world.actor(world.cam),
        verb="partner.updated",
        target=world.partner_a,
        partner=world.partner_a,
        note=markers[0],
    )
    step = ChecklistStep.objects.create(partner_type=world.partner_a.partner_type, title_en="Planning call")
    StepCompletion.objects.create(
        partner=world.partner_a, step=step, state="done", completed_by=world.cam, note=markers[1]
    )
    return markers


def _plant_vendor_records(world):
    """The vendor's own records: direct sales, recruitment, a staff user's notification, staff-only events."""
    from core.events import record_event
    from direct.models import DirectAccount, DirectDeal
    from notifications.services import notify
    from recruitment.models import Application, Prospect

    markers = [
        _marker(kind)
        for kind in ("direct-account", "direct-deal", "applicant", "prospect", "cam-news", "event")
    ]
    account = DirectAccount.objects.create(name=markers[0], web_domain="staff-only-direct.example")
    DirectDeal.objects.create(account=account, name=markers[1], amount="5.00")
    Application.objects.create(
        company_name=markers[2],
        web_domain="staff-only-applicant.example",
        country="DE",
        region="europe",
        partner_type="reseller",
        contact_name="Ann",
        contact_email="ann@staff-only-applicant.example",
        motivation="x",
    )
    Prospect.objects.create(
        company_name=markers[3], partner_type="dealer", source="referral", owner=world.cam
    )
    notify(users=[world.cam], verb="isolation.staff", message=markers[4], link="/", partner=world.partner_a)
    record_event(actor=world.actor(world.cam), verb="direct.account.updated", target=account, note=markers[5])
    return markers


def _plant_collateral(world):
    """A draft and an archived collateral template: partners read published ones only."""
    from collateral.services import template_archive, template_create
    from collateral.testing import FLYER_EN, published_template

    markers = [_marker("collateral-draft"), _marker("collateral-archived")]
    marketing = world.actor(world.marketing)
    template_create(actor=marketing, data={"title_en": markers[0], "source_en": FLYER_EN})
    template_archive(actor=marketing, template=published_template(marketing, title_en=markers[1]))
    return markers


def _asset_for_b(world):
    """A published asset meant for North America only: partner B's region, not partner A's."""
    from content.services import asset_create, asset_publish

    ops = world.actor(world.ops)
    asset = asset_create(
        actor=ops,
        data={
            "kind": "link",
            "title_en": "Bravo's region only",
            "url": "https://b.example/",
            "regions": ["north_america"],
        },
    )
    return asset_publish(actor=ops, asset=asset).public_id


def _plant_library(world):
    """A draft asset and an asset for partner B's region only: partner A's users never see either."""
    from content.services import asset_create, asset_publish

    ops = world.actor(world.ops)
    markers = ["LibraryDraftMarker", "LibraryElsewhereMarker"]
    asset_create(actor=ops, data={"kind": "link", "title_en": markers[0], "url": "https://draft.example/"})
    elsewhere = asset_create(
        actor=ops,
        data={
            "kind": "link",
            "title_en": markers[1],
            "url": "https://b.example/",
            "regions": ["north_america"],
        },
    )
    asset_publish(actor=ops, asset=elsewhere)
    return markers


def _plant_announcements(world):
    """Announcements partner A's users never read: a draft, a scheduled, a withdrawn and an expired one, and
    one published for another region; and one published for everyone that partner A does read."""
    from datetime import timedelta

    from django.utils import timezone

    from announcements.models import Announcement

    now = timezone.now()
    Announcement.objects.create(
        title_en="News for everyone", body_en="Read by all.", status="published", publish_at=now
    )
    rows = {
        "announcement-draft": {"status": "draft"},
        "announcement-scheduled": {"status": "scheduled", "publish_at": now + timedelta(days=3)},
        "announcement-withdrawn": {"status": "withdrawn", "publish_at": now},
        "announcement-expired": {"status": "published", "publish_at": now, "expires_at": now},
        "announcement-elsewhere": {"status": "published", "publish_at": now, "regions": ["apac"]},
    }
    markers = []
    for kind, fields in rows.items():
        title, body = _marker(kind), _marker(f"{kind}-text")
        Announcement.objects.create(title_en=title, body_en=body, **fields)
        markers += [title, body]
    return markers


def _plant_learning(world):
    """A draft course with a lesson and a question, an archived course, and a certification not awarded."""
    from learning.models import Certification, Course, Lesson, Quiz

    markers = [
        _marker(kind) for kind in ("draft-course", "draft-lesson", "draft-question", "archived", "cert")
    ]
    draft = Course.objects.create(title_en=markers[0], status="draft")
    Lesson.objects.create(course=draft, title_en=markers[1])
    Quiz.objects.create(course=draft).questions.create(text_en=markers[2])
    Course.objects.create(title_en=markers[3], status="archived")
    Certification.objects.create(title_en=markers[4], is_active=False)
    return markers


def _lead_attribute(world):
    from leads.models import LeadAttribute

    attribute, _created = LeadAttribute.objects.get_or_create(
        key="isolation_visits", defaults={"label_en": "Visits"}
    )
    return attribute.public_id


def _plant_leads(world):
    """Leads partner A's users never read: one offered to partner B, one not routed, one for direct sales; an
    inactive attribute; and on a lead now offered to partner A, partner B's earlier decline and B's note."""
    from leads.models import Lead, LeadAssignment, LeadAttribute, LeadNote

    markers = [
        _marker(kind)
        for kind in ("lead-b", "lead-unrouted", "lead-direct", "lead-attribute", "lead-decline", "lead-note")
    ]
    Lead.objects.create(company_name=markers[0], partner=world.partner_b, destination="channel")
    Lead.objects.create(company_name=markers[1])
    Lead.objects.create(company_name=markers[2], destination="direct")
    LeadAttribute.objects.create(key="retired_marker", label_en=markers[3], active=False)
    moved = Lead.objects.create(company_name="Moved lead", partner=world.partner_a, destination="channel")
    LeadAssignment.objects.create(
        lead=moved,
        partner=world.partner_b,
        outcome="declined",
        decline_reason="other",
        decline_note=markers[4],
    )
    LeadAssignment.objects.create(lead=moved, partner=world.partner_a)
    LeadNote.objects.create(lead=moved, partner=world.partner_b, text=markers[5])
    return markers


def _import_job(world):
    """A leads import uploaded by ops: staff only."""
    from django.core.files.base import ContentFile

    from imports.models import ImportJob

    job = ImportJob(
        kind="leads", file_name=f"{_marker('import')}.csv", headers=["Company"], created_by=world.ops
    )
    job.file.save("x.csv", ContentFile(b"Company\nAcme\n"), save=False)
    job.save()
    return job


def _plant_imports(world):
    return [_import_job(world).file_name.removesuffix(".csv")]


def _ledger_books(world):
    """Earnings accrued for partner B (its transaction is B's) and exchange rates for the program."""
    from decimal import Decimal

    from core.actor import system_actor
    from ledger.models import LedgerTransaction
    from ledger.posting import Posting, book, move

    found = LedgerTransaction.objects.filter(key="isolation:bravo-commission").first()
    if found is None:
        found = book(
            Posting(
                key="isolation:bravo-commission",
                kind="accrual",
                partner=world.partner_b,
                legs=move(Decimal("75.00"), "EUR", debit="incentive_expense", credit="earnings_payable"),
                description="Bravo's commission",
            ),
            actor=system_actor(),
        ).transaction
    return found


def _payout_batch(world):
    """A payout batch (staff only) paying partner B's earnings."""
    from ledger.models import PayoutBatch
    from ledger.services import batch_create

    _ledger_books(world)
    found = PayoutBatch.objects.filter(lines__partner=world.partner_b).first()
    return found or batch_create(
        actor=world.actor(world.ops), data={"currency": "EUR", "partners": [world.partner_b.public_id]}
    )


def _plant_ledger(world):
    """Partner A's own reversed commission, whose reason is the vendor's, and a payout batch's note."""
    from decimal import Decimal

    from core.actor import system_actor
    from ledger.posting import Posting, book, move
    from ledger.services import batch_create, transaction_reverse

    markers = [_marker("reversal-reason"), _marker("payout-note")]
    for key in ("isolation:alpha-mistake", "isolation:alpha-commission"):
        book(
            Posting(
                key=key,
                kind="accrual",
                partner=world.partner_a,
                legs=move(Decimal("20.00"), "GBP", debit="incentive_expense", credit="earnings_payable"),
                description="Alpha's commission",
            ),
            actor=system_actor(),
        )
    from ledger.models import LedgerTransaction

    mistake = LedgerTransaction.objects.get(key="isolation:alpha-mistake")
    transaction_reverse(
        actor=world.actor(world.chief), ledger_transaction=mistake, data={"reason": markers[0]}
    )
    batch_create(actor=world.actor(world.ops), data={"currency": "GBP", "note": markers[1]})
    return markers


def _program_for_b(world):
    """An active incentive program for North America only (partner B's region): partner A never reads it."""
    from incentives.models import IncentiveProgram, IncentiveRule

    program = IncentiveProgram.objects.filter(name_en="Bravo's regional commission").first()
    if program is None:
        program = IncentiveProgram.objects.create(
            name_en="Bravo's regional commission",
            starts_on="2026-01-01",
            regions=["north_america"],
            status="active",
        )
        IncentiveRule.objects.create(program=program, position=1, rate="5")
    return program


def _target_of_b(world):
    from incentives.models import Target

    target, _created = Target.objects.get_or_create(
        program=_program_for_b(world),
        partner=world.partner_b,
        period="FY2026-Q1",
        defaults={"amount": "10.00"},
    )
    return target


def _accrual_of_b(world):
    """Partner B's earnings from its regional program (the ledger's transaction behind it is B's too)."""
    from django.utils import timezone

    from incentives.models import Accrual, AccrualRun

    found = Accrual.objects.filter(partner=world.partner_b).first()
    if found is None:
        now = timezone.now()
        found = Accrual.objects.create(
            program=_program_for_b(world),
            run=AccrualRun.objects.create(cutoff=now),
            partner=world.partner_b,
            currency="USD",
            period="FY2026-Q1",
            window_start=now,
            window_end=now,
            basis="100.00",
            base="5",
            amount="5.00",
            volume="100.00",
            tier_volume="0",
        )
    return found


def _dispute_of_b(world):
    from deals.models import DealRegistration
    from incentives.models import Dispute

    registration = DealRegistration.objects.get(public_id=_registration_of_b(world))
    dispute, _created = Dispute.objects.get_or_create(
        partner=world.partner_b, registration=registration, defaults={"reason": "Bravo was underpaid"}
    )
    return dispute


def _plant_incentives(world):
    """A draft incentive program: partners read programs that run or ran only."""
    from incentives.models import IncentiveProgram

    marker = _marker("incentive-draft")
    IncentiveProgram.objects.create(name_en=marker, starts_on="2026-01-01")
    return [marker]


def _funds_of(world, partner, admin):
    """`partner`'s allocation of the current period's budget, and an approved activity of it that is over."""
    from funds.models import FundRequest
    from funds.testing import allocate, approved_request, this_period_budget

    marketing = world.actor(world.marketing)
    budget = this_period_budget(marketing)
    found = FundRequest.objects.filter(partner=partner).first()
    if found is None:
        if not partner.fund_allocations.exists():
            allocate(marketing, budget, partner)
        found = approved_request(world.actor(admin), marketing, title=f"{partner.name} webinar")
    return found


def _claim_of_b(world):
    """Partner B's claim for its webinar, awaiting a decision, with its invoice and proof."""
    from funds.models import FundClaim
    from funds.testing import claim_for

    found = FundClaim.objects.filter(partner=world.partner_b).first()
    if found is None:
        request = _funds_of(world, world.partner_b, world.admin_b)
        found = claim_for(world.actor(world.admin_b), request, invoice_number="INV-SHARED-1")
    return found


def _plant_funds(world):
    """The budget's notes and the reason staff approved partner A's claim that duplicates partner B's (same
    invoice number): staff-only words, and B's claim stays out of A's sight."""
    from funds.services import claim_approve
    from funds.testing import claim_for, this_period_budget

    markers = [_marker("budget-notes"), _marker("claim-override")]
    budget = this_period_budget(world.actor(world.marketing))
    budget.notes = markers[0]
    budget.save(update_fields=["notes"])
    _claim_of_b(world)
    request = _funds_of(world, world.partner_a, world.admin_a)
    claim = claim_for(world.actor(world.admin_a), request, invoice_number="inv shared 1", marker="a")
    claim_approve(actor=world.actor(world.marketing), claim=claim, data={"override_reason": markers[1]})
    return markers


def _plant_health(world):
    """Both partners scored, and a risk review of partner A with its flag note and recovery plan: partner A's
    users read their own scores, never B's, and never the review (the vendor's)."""
    from core.actor import system_actor
    from health.models import RiskReview
    from health.services import health_evaluate

    markers = [_marker("review-note"), _marker("recovery-plan")]
    health_evaluate(actor=system_actor(), flag=False)
    RiskReview.objects.create(partner=world.partner_a, note=markers[0], plan_actions=markers[1])
    return markers


def _review_of_b(world):
    from health.models import RiskReview

    found = RiskReview.objects.filter(partner=world.partner_b).first()
    return found or RiskReview.objects.create(partner=world.partner_b, note="Bravo went quiet")


def _offboarding_of_b(world):
    from datetime import date

    from offboarding.models import Offboarding, StepKey, WindDownStep

    found = Offboarding.objects.filter(partner=world.partner_b).first()
    if found is None:
        found = Offboarding.objects.create(
            partner=world.partner_b, reason="Bravo stops", access_ends_on=date(2099, 1, 1)
        )
        WindDownStep.objects.bulk_create(
            WindDownStep(offboarding=found, key=key, position=i) for i, key in enumerate(StepKey.values)
        )
    return found


def _tiers(world):
    """Partners A and B in the default program under published criteria, evaluated once: B (gold without
    revenue) is warned and has an assessment, A too. Returns the published criteria."""
    from tiers.evaluation import evaluate
    from tiers.models import CriteriaVersion
    from tiers.tests.helpers import criteria, default_program, join

    found = CriteriaVersion.objects.filter(program=default_program(), status="published").first()
    if found is None:
        for partner, tier in ((world.partner_a, "silver"), (world.partner_b, "gold")):
            join(partner, tier)
        found = criteria()
        evaluate(default_program())
    return found


def _custom_value_of_b(world):
    from tiers.models import CustomMetric, CustomMetricValue

    metric, _created = CustomMetric.objects.get_or_create(
        code="references", defaults={"name_en": "References"}
    )
    value, _created = CustomMetricValue.objects.get_or_create(
        metric=metric,
        partner=world.partner_b,
        period_start="2026-01-01",
        defaults={"period_end": "2026-03-31", "value": "4"},
    )
    return value


def _override_of_b(world):
    from django.utils import timezone

    from tiers.models import TierOverride
    from tiers.services import override_set
    from tiers.tests.helpers import default_program

    _tiers(world)
    found = TierOverride.objects.filter(partner=world.partner_b, ended_at__isnull=True).first()
    if found is None:
        found = override_set(
            actor=world.actor(world.ops),
            partner=world.partner_b,
            program=default_program(),
            data={
                "tier": "gold",
                "ends_on": timezone.localdate().isoformat(),
                "reason": "Bravo's big quarter",
            },
        )
    return found


def _competing_vendor(world):
    """An active competing vendor with an active line (the list is public)."""
    from competition.models import CompetingLine, CompetingVendor

    vendor, _created = CompetingVendor.objects.get_or_create(
        name_key="isolation cycles", defaults={"name": "Isolation Cycles"}
    )
    CompetingLine.objects.get_or_create(vendor=vendor, name_key="road", defaults={"name": "Road"})
    return vendor


def _declaration_of_b(world):
    from competition.models import CompetingDeclaration

    vendor = _competing_vendor(world)
    declaration, _created = CompetingDeclaration.objects.get_or_create(
        partner=world.partner_b, vendor=vendor, line=vendor.lines.get(name_key="road"), defaults={"share": 40}
    )
    return declaration.public_id


def _plant_competition(world):
    """An inactive competing vendor, an inactive line of an active one, and a line competing with a family of
    direct-only products: partners read none of their names. Partner B declares a line (its row is B's)."""
    from catalog.models import Product, ProductFamily
    from competition.models import CompetingLine, CompetingVendor

    markers = [_marker("inactive-vendor"), _marker("inactive-line"), _marker("direct-family-competed")]
    CompetingVendor.objects.create(name=markers[0], name_key=markers[0], is_active=False)
    vendor = _competing_vendor(world)
    CompetingLine.objects.create(vendor=vendor, name=markers[1], name_key=markers[1], is_active=False)
    family = ProductFamily.objects.create(name=markers[2])
    Product.objects.create(
        sku="ISO-COMPETED",
        name="Direct helmet",
        family=family,
        list_price="10.00",
        channel_eligibility="direct_only",
    )
    line = CompetingLine.objects.create(vendor=vendor, name="Helmets", name_key="helmets")
    line.families.add(family)
    _declaration_of_b(world)
    return markers


# Partner B's won revenue this quarter, as the leaderboard page (grouped digits) and the API (digits) would
# write it: no partner user but B's own may see it, whatever the leaderboard setting.
B_REVENUE = "86420975.31"
B_REVENUE_MARKERS = ["86420975", "86,420,975"]


def _recognition_award(world, name: str = "Partner of the quarter"):
    from recognition.models import Award

    award, _created = Award.objects.get_or_create(name_en=name)
    return award


def _grant_of_b(world):
    """Partner B's award (its citation is B's, and its grant's page 404 for partner A)."""
    from django.utils import timezone

    from recognition.models import AwardGrant

    grant = AwardGrant.objects.filter(partner=world.partner_b).first()
    if grant is None:
        grant = AwardGrant.objects.create(
            award=_recognition_award(world),
            partner=world.partner_b,
            period="FY2026-Q3",
            citation_en="Bravo's best quarter",
            granted_at=timezone.now(),
        )
    return grant


def _leaderboard_setting(world):
    from programs.models import PartnerProgram
    from recognition.models import LeaderboardSetting

    program = PartnerProgram.objects.order_by("pk").first() or PartnerProgram.objects.create(
        code="isolation", name_en="Isolation program"
    )
    setting, _created = LeaderboardSetting.objects.get_or_create(
        program=program, defaults={"anonymity": "names"}
    )
    return setting


def _plant_recognition(world):
    """Partner B wins big this quarter, so it leads the leaderboards partner A reads (masked by default: never
    its name or figures); an award no partner holds, B's award with its citation, and the reason partner A's
    own award was revoked (a revoked grant is the vendor's record)."""
    from django.utils import timezone

    from deals.models import DealRegistration
    from recognition.models import AwardGrant

    markers = [_marker("award-name"), _marker("award-b-citation"), _marker("award-revoked")]
    DealRegistration.objects.create(
        partner=world.partner_b,
        customer_name="Bravo's record customer",
        status="won",
        amount=B_REVENUE,
        won_amount=B_REVENUE,
        closed_at=timezone.now(),
    )
    _recognition_award(world, markers[0])
    grant = _grant_of_b(world)
    grant.citation_en = markers[1]
    grant.save(update_fields=["citation_en"])
    AwardGrant.objects.create(
        award=_recognition_award(world),
        partner=world.partner_a,
        period="FY2026-Q2",
        citation_en="Alpha's quarter",
        granted_at=timezone.now(),
        revoked_at=timezone.now(),
        revoke_reason=markers[2],
    )
    return markers + B_REVENUE_MARKERS


def _plant_tiers(world):
    """A criteria draft's notes (drafts are the vendor's) and the reason ops set partner A's tier by hand
    (overrides are the vendor's decision: A sees its tier, never the reason)."""
    from django.utils import timezone

    from tiers.services import criteria_create_draft, override_set
    from tiers.tests.helpers import default_program

    markers = [_marker("tier-draft"), _marker("tier-override")]
    _tiers(world)
    criteria_create_draft(actor=world.actor(world.ops), program=default_program(), data={"notes": markers[0]})
    override_set(
        actor=world.actor(world.ops),
        partner=world.partner_a,
        program=default_program(),
        data={"tier": "gold", "ends_on": timezone.localdate().isoformat(), "reason": markers[1]},
    )
    return markers


STAFF_ONLY_ROWS = [
    _plant_competition,
    _plant_leads,
    _plant_imports,
    _plant_library,
    _plant_rule_sets,
    _plant_programs,
    _plant_products,
    _plant_internal_notes,
    _plant_vendor_records,
    _plant_announcements,
    _plant_collateral,
    _plant_learning,
    _plant_campaigns,
    _plant_ledger,
    _plant_incentives,
    _plant_funds,
    _plant_health,
    _plant_recognition,
    _plant_tiers,
]


def _routing_draft(world):
    """A draft of the lead routing rules with one rule (staff only)."""
    from leads.models import RoutingRule, RoutingRuleSet

    draft = RoutingRuleSet.objects.filter(status="draft").first()
    draft = draft or RoutingRuleSet.objects.create(version=900)
    if not draft.rules.exists():
        RoutingRule.objects.create(ruleset=draft, position=1, name="Europe")
    return draft


def _lead_of_b(world):
    """A lead offered to partner B, awaiting its answer."""
    from leads.models import Lead, LeadAssignment

    lead = Lead.objects.filter(partner=world.partner_b).first()
    if lead is None:
        lead = Lead.objects.create(
            company_name="Bravo's customer", partner=world.partner_b, destination="channel", region="europe"
        )
        LeadAssignment.objects.create(lead=lead, partner=world.partner_b)
    return lead.public_id


def _link_of_b(world):
    from referrals.models import ReferralLink

    link, _created = ReferralLink.objects.get_or_create(
        code="bravo001",
        defaults={"partner": world.partner_b, "name": "Bravo's link", "destination": "/p/bravo/spring/"},
    )
    return link


def _attribution_of_b(world):
    from leads.models import Lead
    from referrals.models import Attribution

    lead = Lead.objects.get(public_id=_lead_of_b(world))
    attribution, _created = Attribution.objects.get_or_create(
        lead=lead, defaults={"partner": world.partner_b, "source": "link", "link": _link_of_b(world)}
    )
    return attribution.public_id


FACTORIES = {
    "vendor_id": lambda w: _competing_vendor(w).public_id,
    "line_id": lambda w: _competing_vendor(w).lines.get(name_key="road").public_id,
    "declaration_id": _declaration_of_b,
    "link_id": lambda w: _link_of_b(w).public_id,
    "attribution_id": _attribution_of_b,
    "attribute_id": _lead_attribute,
    "import_id": lambda w: _import_job(w).public_id,
    "kind": lambda w: "leads",
    "asset_id": _asset_for_b,
    "announcement_id": _announcement_of_b,
    "ruleset_id": _engagement_draft,
    "rule_id": _engagement_rule,
    "notification_id": _notification_of_b,
    "registration_id": _registration_of_b,
    "extension_id": _extension_of_b,
    "product_id": _channel_product,
    "application_id": _application,
    "prospect_id": _prospect,
    "version_id": _agreement_version,
    "partner_program_id": lambda w: _program_of_b(w).public_id,
    "program_tier_id": lambda w: _program_of_b(w).tiers.get(tier="gold").public_id,
    "program_membership_id": lambda w: _program_of_b(w).memberships.get(partner=w.partner_b).public_id,
    "step_id": _checklist_step,
    "account_id": _direct_account,
    "deal_id": _direct_deal,
    "partner_id": lambda w: w.partner_b.public_id,
    "user_id": lambda w: w.cam.public_id,  # a CAM whose territories a partner user must not see or set
    "membership_id": lambda w: Membership.objects.get(user=w.admin_b).public_id,
    "member_id": lambda w: Membership.objects.get(user=w.admin_b).public_id,
    "invitation_id": _invitation_of_b,
    "token_id": _token_of_b,
    "token": lambda w: "not-a-real-token",
    "key": lambda w: "not-a-real-key",
    "uidb36": lambda w: "1",
    "template_id": _template_for_b,
    "language": lambda w: "en",
    "course_id": lambda w: _course_of_b(w).public_id,
    "lesson_id": _lesson_of_b,
    "question_id": _question_of_b,
    "attempt_id": _attempt_of_b,
    "award_id": _award_of_b,
    "certification_id": lambda w: _certification(w).public_id,
    "code": _award_code_of_a,
    "model_id": _scoring_model,
    "routing_version_id": lambda w: _routing_draft(w).public_id,
    "routing_rule_id": lambda w: _routing_draft(w).rules.first().public_id,
    "lead_id": _lead_of_b,
    "kit_id": lambda w: _kit_for_b(w).public_id,
    "message_id": lambda w: _kit_for_b(w).messages.first().public_id,
    "launch_id": lambda w: _launch_of_b(w).public_id,
    "transaction_id": lambda w: _ledger_books(w).public_id,
    "batch_id": lambda w: _payout_batch(w).public_id,
    "period": lambda w: "2026-11",
    "partner_slug": lambda w: _landing_of_a(w).partner.campaign_slug.slug,
    "kit_slug": lambda w: _landing_of_a(w).kit.slug,
    "program_id": lambda w: _program_for_b(w).public_id,
    "incentive_rule_id": lambda w: _program_for_b(w).rules.first().public_id,
    "target_id": lambda w: _target_of_b(w).public_id,
    "accrual_id": lambda w: _accrual_of_b(w).public_id,
    "dispute_id": lambda w: _dispute_of_b(w).public_id,
    "budget_id": lambda w: _funds_of(w, w.partner_b, w.admin_b).budget.public_id,
    "allocation_id": lambda w: (
        (_funds_of(w, w.partner_b, w.admin_b), w.partner_b.fund_allocations.get())[1].public_id
    ),
    "request_id": lambda w: _funds_of(w, w.partner_b, w.admin_b).public_id,
    "claim_id": lambda w: _claim_of_b(w).public_id,
    "review_id": lambda w: _review_of_b(w).public_id,
    "offboarding_id": lambda w: _offboarding_of_b(w).public_id,
    "step": lambda w: "registrations",
    "recognition_award_id": lambda w: _recognition_award(w).public_id,
    "grant_id": lambda w: _grant_of_b(w).public_id,
    "setting_id": lambda w: _leaderboard_setting(w).public_id,
    "program_code": lambda w: "partners",
    "criteria_id": lambda w: _tiers(w).public_id,
    "requirement_id": lambda w: _tiers(w).requirements.order_by("pk")[0].public_id,
    "custom_metric_id": lambda w: _custom_value_of_b(w).metric.public_id,
    "metric_value_id": lambda w: _custom_value_of_b(w).public_id,
    "override_id": lambda w: _override_of_b(w).public_id,
}

HTML_RULES = {
    "home": OWN,
    "set_language": PUBLIC_ROUTE,
    "account_*": PUBLIC_ROUTE,
    "mfa_*": PUBLIC_ROUTE,
    "api:*": SKIP_API,
    "invitation_accept": PUBLIC_ROUTE,
    "staff_dashboard": STAFF,
    "audit_log": STAFF,
    "audit_log_export": STAFF,
    "file_download": SCOPED,  # a signed link for someone else (or forged) opens nothing
    "staff_users": STAFF,
    "partners:*": STAFF,
    "direct:*": STAFF,
    "partner_home": OWN,
    "partner_profile": OWN,
    "partner_resellers": OWN,
    "partner_reseller": SCOPED,
    "partner_team": OWN,
    "partner_team_export": OWN,
    "partner_team_invite": OWN,
    "partner_invite": STAFF,
    "partner_member_role": SCOPED,
    "partner_member_active": SCOPED,
    "invitation_revoke": SCOPED,
    "switch_partner": SCOPED,
    "api_tokens": OWN,
    "user_settings": OWN,  # one's own language and notification settings
    "api_token_revoke": SCOPED,
    "recruitment:become_partner": PUBLIC_ROUTE,
    "recruitment:apply_thanks": PUBLIC_ROUTE,
    "recruitment:*": STAFF,
    "competition:mine": OWN,  # the reader's own company's competing products
    "competition:declaration_new": OWN,  # for the reader's own company (an admin; a rep is sent back)
    "competition:disclose": OWN,  # POST: confirms the reader's own company's list
    "competition:declaration_edit": SCOPED,  # partner B's declaration: 404
    "competition:declaration_remove": SCOPED,
    "competition:*": STAFF,  # the list of competing vendors and its editors
    "programs:mine": OWN,  # the programs the reader's company belongs to
    "programs:agreements_mine": OWN,
    "programs:agreement_accept": OWN,  # the version is public; accepting acts for the user's own partner
    "programs:*": STAFF,
    "onboarding:mine": OWN,
    "onboarding:complete": OWN,  # the step is public; completing acts for the user's own partner
    "onboarding:*": STAFF,
    "catalog:partner_catalogue": OWN,
    "catalog:product": OWN,  # a product the channel sells, with the reader's own price
    "catalog:*": STAFF,
    "deals:mine": OWN,
    "deals:new": OWN,
    "deals:customer_hint": OWN,  # the reader's own company's registrations only (deals/tests/test_form.py)
    "deals:export": OWN,
    "deals:pipeline": STAFF,
    "deals:pipeline_export": STAFF,
    "deals:pipeline_bulk": STAFF,
    "deals:check": STAFF,
    "deals:appeal_decide": STAFF,
    "deals:extension_decide": STAFF,
    "deals:*": SCOPED,  # every other deals page addresses a registration: partner B's gives 404
    "engagement:rules": OWN,  # the rules in force for the reader's company
    "engagement:accept": SCOPED,  # a draft (or another program's rules) is no version to accept: 404
    "engagement:*": STAFF,
    "notifications:list": OWN,
    "notifications:menu": OWN,  # the bell's dropdown: the latest of one's own notifications
    "notifications:read_all": OWN,
    "notifications:export": OWN,
    "notifications:*": SCOPED,  # read/open address one notification: another user's gives 404
    "announcements:list": OWN,  # partner users: the live announcements meant for their own partner
    "announcements:detail": SCOPED,  # one outside the reader's audience gives 404
    "announcements:*": STAFF,
    "search:page": OWN,  # finds only what visible_to gives (search/tests: partner B's and staff-only markers)
    "content:library": OWN,  # the assets meant for the reader's partner
    "content:asset": SCOPED,  # an asset meant elsewhere (or a draft) is 404
    "content:download": SCOPED,
    "content:*": STAFF,
    "partner_profile_logo": OWN,  # POST: the logo of the company the user acts for
    "collateral:mine": OWN,
    "collateral:download": SCOPED,  # a template outside the partner's audience: 404
    "collateral:*": STAFF,
    "learning:course_list": OWN,  # the published courses meant for the reader's company
    "learning:mine": OWN,
    "learning:team": OWN,  # the reader's own team's certifications (a rep: their own)
    "learning:progress": OWN,  # the reader's own team's progress (a rep: their own)
    "learning:course": SCOPED,  # a course meant for partner B's region only: 404
    "learning:quiz_start": SCOPED,
    "learning:course_retake": SCOPED,
    "learning:lesson": SCOPED,
    "learning:lesson_done": SCOPED,
    "learning:attempt": SCOPED,  # partner B's rep's attempt
    "learning:*": STAFF,  # the course editor, certifications, revocation, certified people, analytics
    "imports:*": STAFF,  # leads imports are the vendor's; a partner-side importer would make some OWN
    "verify_certificate": PUBLIC_ROUTE,  # holder, certification, partner, validity of one code's award
    "leads:list": OWN,  # the leads offered to or worked by the reader's company
    "leads:export": OWN,
    "leads:bulk": OWN,  # a partner accepts its own company's offers; each row is the lead's own service
    "leads:refer": OWN,  # a referral is the reader's own company's lead
    "leads:web_form": PUBLIC_ROUTE,  # the public web-to-lead form
    "leads:web_form_thanks": PUBLIC_ROUTE,
    "leads:new": STAFF,
    "leads:edit": STAFF,
    "leads:attributes": STAFF,
    "leads:attribute_new": STAFF,
    "leads:attribute_edit": STAFF,
    "leads:scoring_*": STAFF,  # scoring models and training: the channel team's
    "leads:routing_accept": SCOPED,  # partner B's offer: 404
    "leads:routing_decline": SCOPED,
    "leads:routing_*": STAFF,  # the routing rules, the simulation, hand assignment and routing
    "leads:*": SCOPED,  # a lead offered to partner B gives 404
    "referrals_short:follow": PUBLIC_ROUTE,  # a short link: a redirect anyone may follow
    "referrals:performance": OWN,  # the reader's own company's numbers
    "referrals:links": OWN,
    "referrals:links_export": OWN,
    "referrals:link_new": OWN,
    "referrals:attributions": OWN,  # the leads the reader's own links and referrals brought
    "referrals:attributions_export": OWN,
    "referrals:settings": STAFF,
    "referrals:*": SCOPED,  # partner B's link, its QR code, its buttons: 404
    "campaigns:kits": OWN,  # partner users: the published kits meant for their company, their own launches
    "campaigns:kit": SCOPED,  # a kit meant for partner B's region only: 404
    "campaigns:kit_launch": SCOPED,  # launching a kit not meant for the partner: 404
    "campaigns:launch": SCOPED,  # partner B's launch and its numbers: 404
    "campaigns:*": STAFF,  # the kit and message forms, publish, retire, the export
    "campaigns_landing:*": PUBLIC_ROUTE,  # a landing page (partner A's own here): its own partner's data only
    "ledger:money": OWN,  # the reader's own company's balances
    "ledger:money_export": OWN,
    "ledger:transactions": OWN,  # the transactions the reader may read (its own company's)
    "ledger:transactions_export": OWN,
    "ledger:statements": OWN,  # the picker: a partner user picks a period of its own statement
    "ledger:transaction": SCOPED,  # partner B's transaction: 404
    "ledger:transaction_reverse": SCOPED,
    "ledger:statement": SCOPED,  # partner B's statement: 404
    "ledger:statement_csv": SCOPED,
    "ledger:*": STAFF,  # rates, settings, payouts, the book check
    "incentives:programs": OWN,  # partner users: the live programs meant for their company
    "incentives:programs_export": OWN,
    "incentives:program": SCOPED,  # a program for partner B's region only: 404
    "incentives:targets": OWN,  # a partner's own targets
    "incentives:targets_export": OWN,
    "incentives:earnings": OWN,  # the reader's own company's earnings (a rep: as the money settings say)
    "incentives:earnings_export": OWN,
    "incentives:earning_lines_export": OWN,
    "incentives:accrual": SCOPED,  # partner B's accrual: 404
    "incentives:disputes": OWN,
    "incentives:disputes_export": OWN,
    "incentives:dispute_new": OWN,  # disputes one of the reader's own company's registrations
    "incentives:dispute": SCOPED,  # partner B's dispute: 404
    "incentives:*": STAFF,  # the program editor, rules, activation, versions, targets, runs, decisions
    "funds:overview": OWN,  # the reader's own company's funds and activities
    "funds:roi": OWN,
    "funds:allocations": OWN,
    "funds:allocations_export": OWN,
    "funds:requests": OWN,
    "funds:requests_export": OWN,
    "funds:request_new": OWN,
    "funds:claims": OWN,
    "funds:claims_export": OWN,
    "funds:allocation_new": STAFF,
    "funds:allocation_adjust": STAFF,
    "funds:budget*": STAFF,  # budgets are the vendor's: the list, the form, a budget's page and its buttons
    "funds:*": SCOPED,  # partner B's allocation, request, claim and their buttons: 404
    "health:mine": OWN,  # the reader's own company's health
    "health:*": STAFF,  # the at-risk list, reviews, any partner's health, the settings, evaluate now
    "offboarding:*": STAFF,  # wind-downs are the vendor's
    "recognition:leaderboard": OWN,  # the others as the leaderboard setting allows (masked here: no B)
    "recognition:grants": OWN,  # the reader's own company's live awards
    "recognition:grants_export": OWN,
    "recognition:grant": SCOPED,  # partner B's award: 404
    "recognition:*": STAFF,  # awards, granting, revoking, the leaderboard settings
    "tiers:mine": OWN,  # the reader's own company's progress and tier history
    "tiers:*": STAFF,  # criteria, simulation, evaluation, lists, metrics, values, partner tiers, overrides
}

_ROUTING_RULE = {"name": "Sneaky", "direct": False, "partner_verticals": False}

# "METHOD /api/path" -> (access, JSON body sent)
API_RULES: dict[str, tuple[str, Any]] = {
    "GET /api/leads/scoring/models": (STAFF, None),
    "GET /api/leads/scoring/models/{model_id}": (STAFF, None),
    "POST /api/leads/scoring/train": (STAFF, None),
    "GET /api/leads/scoring/leads/{lead_id}": (SCOPED, None),  # partner B's lead: 404
    "GET /api/imports": (STAFF, None),
    "POST /api/imports": (STAFF, None),
    "GET /api/imports/{import_id}": (STAFF, None),
    "PUT /api/imports/{import_id}/mapping": (STAFF, {"mapping": {"Company": "company_name"}}),
    "POST /api/imports/{import_id}/check": (STAFF, None),
    "POST /api/imports/{import_id}/start": (STAFF, {"skip_invalid": True}),
    "POST /api/imports/{import_id}/resume": (STAFF, None),
    "POST /api/imports/{import_id}/cancel": (STAFF, None),
    "GET /api/imports/{import_id}/errors": (STAFF, None),
    "GET /api/imports/{import_id}/errors.csv": (STAFF, None),
    "GET /api/direct/accounts": (STAFF, None),
    "POST /api/direct/accounts": (STAFF, {"name": "Sneaky Direct"}),
    "POST /api/direct/accounts/import": (STAFF, {"csv": "name\nSneaky", "dry_run": False}),
    "GET /api/direct/accounts/{account_id}": (STAFF, None),
    "PATCH /api/direct/accounts/{account_id}": (STAFF, {"notes": "x"}),
    "GET /api/direct/deals": (STAFF, None),
    "POST /api/direct/deals": (
        STAFF,
        {"account_id": "00000000-0000-0000-0000-000000000000", "name": "X", "amount": "1"},
    ),
    "POST /api/direct/deals/import": (
        STAFF,
        {"csv": "account_domain,name,amount\nx.example,X,1", "dry_run": False},
    ),
    "GET /api/direct/deals/{deal_id}": (STAFF, None),
    "PATCH /api/direct/deals/{deal_id}": (STAFF, {"stage": "lost"}),
    "GET /api/me": (OWN, None),
    "GET /api/me/preferences": (OWN, None),
    "PUT /api/me/preferences": (
        OWN,
        {"language": "ru", "notifications": {"deal_registration.approved": "off"}},
    ),
    "GET /api/events": (OWN, None),
    "GET /api/partners": (OWN, None),
    "POST /api/partners": (STAFF, {"name": "Sneaky", "partner_type": "reseller"}),
    # A partner user is offered no bulk action (403) whatever the ids (the rest: partners/tests/test_bulk.py).
    "POST /api/partners/bulk": (
        STAFF,
        {"action": "change_status", "ids": ["00000000-0000-0000-0000-000000000000"], "status": "at_risk"},
    ),
    "GET /api/partners/{partner_id}": (SCOPED, None),
    "PATCH /api/partners/{partner_id}": (SCOPED, {"city": "Nowhere"}),
    "POST /api/partners/{partner_id}/status": (SCOPED, {"status": "at_risk"}),
    "GET /api/partners/{partner_id}/events": (SCOPED, None),
    "GET /api/partners/{partner_id}/members": (SCOPED, None),
    "GET /api/partners/{partner_id}/invitations": (SCOPED, None),
    "POST /api/partners/{partner_id}/invitations": (SCOPED, {"email": "x@evil.test", "role": "admin"}),
    "PATCH /api/members/{member_id}": (SCOPED, {"role": "rep", "is_active": False}),
    "POST /api/invitations/{invitation_id}/revoke": (SCOPED, None),
    "GET /api/competition/vendors": (OWN, None),  # the active ones: the list is public
    "POST /api/competition/vendors": (STAFF, {"name": "Sneaky Cycles"}),
    "GET /api/competition/vendors/{vendor_id}": (OWN, None),
    "PATCH /api/competition/vendors/{vendor_id}": (STAFF, {"name": "Sneaky Cycles"}),
    "POST /api/competition/vendors/{vendor_id}/lines": (STAFF, {"name": "Sneaky"}),
    "PATCH /api/competition/lines/{line_id}": (STAFF, {"name": "Sneaky"}),
    "GET /api/competition/declarations": (OWN, None),
    "POST /api/competition/declarations": (OWN, {}),  # always for the reader's own company
    "GET /api/competition/declarations/{declaration_id}": (SCOPED, None),
    "PATCH /api/competition/declarations/{declaration_id}": (SCOPED, {"share": 1}),
    "DELETE /api/competition/declarations/{declaration_id}": (SCOPED, None),
    "GET /api/competition/partners/{partner_id}": (SCOPED, None),
    "POST /api/competition/disclosure": (OWN, None),  # confirms the reader's own company's list
    "GET /api/territories": (STAFF, None),
    "PUT /api/territories/{user_id}": (STAFF, {"regions": ["europe"], "countries": ["DE"]}),
    "GET /api/staff/invitations": (STAFF, None),
    "POST /api/staff/invitations": (STAFF, {"email": "x@evil.test", "role": "chief"}),
    "GET /api/tokens": (OWN, None),
    "POST /api/tokens": (OWN, {"name": "mine"}),
    "POST /api/tokens/{token_id}/revoke": (SCOPED, None),
    "POST /api/recruitment/applications": (PUBLIC_ROUTE, {}),
    "GET /api/recruitment/applications": (STAFF, None),
    "GET /api/recruitment/applications/{application_id}": (STAFF, None),
    "POST /api/recruitment/applications/{application_id}/approve": (STAFF, None),
    "POST /api/recruitment/applications/{application_id}/reject": (STAFF, {"reason": "No."}),
    "GET /api/recruitment/prospects": (STAFF, None),
    "POST /api/recruitment/prospects": (
        STAFF,
        {"company_name": "X", "partner_type": "dealer", "source": "referral"},
    ),
    "GET /api/recruitment/prospects/{prospect_id}": (STAFF, None),
    "PATCH /api/recruitment/prospects/{prospect_id}": (STAFF, {"notes": "x"}),
    "POST /api/recruitment/prospects/{prospect_id}/stage": (STAFF, {"stage": "lost"}),
    "POST /api/recruitment/prospects/{prospect_id}/convert": (STAFF, None),
    "GET /api/recruitment/targets": (STAFF, None),
    "PUT /api/recruitment/targets": (
        STAFF,
        {
            "regions": ["europe"],
            "verticals": [],
            "partner_types": [],
            "sizes": [],
            "weight_region": 100,
            "weight_verticals": 0,
            "weight_type": 0,
            "weight_size": 0,
        },
    ),
    "GET /api/program/charter": (PUBLIC_ROUTE, None),
    "PUT /api/program/charter": (STAFF, {"title_en": "Hijacked", "body_en": "x"}),
    "GET /api/program/agreements": (OWN, None),
    "POST /api/program/agreements": (STAFF, {"kind": "partner_agreement", "title_en": "X", "body_en": "x"}),
    "GET /api/program/agreements/current": (OWN, None),
    "GET /api/programs": (OWN, None),  # the programs the reader's company belongs to
    "POST /api/programs": (STAFF, {"code": "sneaky", "name_en": "Sneaky", "is_default": True, "position": 0}),
    "GET /api/programs/benefits": (OWN, None),
    "GET /api/programs/{partner_program_id}": (SCOPED, None),
    "PATCH /api/programs/{partner_program_id}": (SCOPED, {"name_en": "Hijacked"}),
    "GET /api/programs/{partner_program_id}/members": (SCOPED, None),
    "POST /api/programs/{partner_program_id}/members": (
        SCOPED,
        {"partner_id": "00000000-0000-0000-0000-000000000000", "tier": "platinum"},
    ),
    "PATCH /api/programs/tiers/{program_tier_id}": (SCOPED, {"catalog_discount": "99"}),
    "GET /api/programs/memberships/{program_membership_id}": (SCOPED, None),
    "POST /api/programs/memberships/{program_membership_id}/tier": (
        SCOPED,
        {"tier": "registered", "reason": "Sneaky"},
    ),
    "POST /api/programs/memberships/{program_membership_id}/end": (SCOPED, {"reason": "Sneaky"}),
    "GET /api/program/agreements/{version_id}": (OWN, None),
    "POST /api/program/agreements/{version_id}/accept": (OWN, None),
    "GET /api/program/agreements/{version_id}/acceptances": (OWN, None),
    "GET /api/onboarding/checklists": (OWN, None),
    "POST /api/onboarding/checklists": (STAFF, {"partner_type": "reseller", "title_en": "X"}),
    "PATCH /api/onboarding/checklists/{step_id}": (STAFF, {"title_en": "X"}),
    "GET /api/onboarding/partners/{partner_id}/progress": (SCOPED, None),
    "POST /api/onboarding/partners/{partner_id}/steps/{step_id}/complete": (SCOPED, None),
    "POST /api/onboarding/partners/{partner_id}/steps/{step_id}/confirm": (SCOPED, None),
    "POST /api/onboarding/partners/{partner_id}/steps/{step_id}/reopen": (SCOPED, None),
    "GET /api/catalog/products": (OWN, None),
    "POST /api/catalog/products": (
        STAFF,
        {"sku": "X-1", "name": "X", "family_id": str(uuid4()), "list_price": "1"},
    ),
    "POST /api/catalog/products/import": (
        STAFF,
        {"csv": "sku,name,family,list_price,currency,channel_eligibility\n"},
    ),
    "GET /api/catalog/products/{product_id}": (OWN, None),
    "PATCH /api/catalog/products/{product_id}": (STAFF, {"list_price": "0.01"}),
    "GET /api/catalog/families": (OWN, None),
    "POST /api/catalog/families": (STAFF, {"name": "Sneaky"}),
    "POST /api/deals/registrations": (OWN, {"customer_name": "Sneaky", "partner_id": None}),
    "POST /api/deals/registrations/bulk": (
        STAFF,
        {"action": "reject", "ids": ["00000000-0000-0000-0000-000000000000"], "reason": "No."},
    ),
    "GET /api/deals/registrations": (OWN, None),
    "GET /api/deals/customer-hint": (OWN, None),
    "GET /api/deals/registrations/{registration_id}": (SCOPED, None),
    "PATCH /api/deals/registrations/{registration_id}": (SCOPED, {"notes": "x"}),
    "POST /api/deals/registrations/{registration_id}/submit": (SCOPED, None),
    "POST /api/deals/registrations/{registration_id}/approve": (SCOPED, None),
    "POST /api/deals/registrations/{registration_id}/reject": (SCOPED, {"reason": "No."}),
    "POST /api/deals/registrations/{registration_id}/close": (
        SCOPED,
        {"outcome": "lost", "lost_reason": "x"},
    ),
    "POST /api/deals/registrations/{registration_id}/reopen": (SCOPED, {"reason": "Sneaky"}),
    "POST /api/deals/registrations/{registration_id}/refund": (SCOPED, {"amount": "1", "reason": "Sneaky"}),
    "GET /api/deals/registrations/{registration_id}/conflicts": (SCOPED, None),
    "POST /api/deals/registrations/{registration_id}/check": (SCOPED, None),
    "POST /api/deals/registrations/{registration_id}/appeal": (SCOPED, {"reason": "x"}),
    "POST /api/deals/registrations/{registration_id}/appeal/decision": (SCOPED, {"grant": True, "note": "x"}),
    "GET /api/deals/registrations/{registration_id}/extensions": (SCOPED, None),
    "POST /api/deals/registrations/{registration_id}/extensions": (SCOPED, {"days": 5, "reason": "x"}),
    "POST /api/deals/extensions/{extension_id}/decision": (SCOPED, {"approve": True, "note": "x"}),
    "GET /api/notifications": (OWN, None),
    "POST /api/notifications/read-all": (OWN, None),
    "POST /api/notifications/{notification_id}/read": (SCOPED, None),
    "GET /api/search": (OWN, None),
    "GET /api/library/assets": (OWN, None),
    "POST /api/library/assets": (STAFF, {"kind": "link", "title_en": "Sneaky", "url": "https://x.example/"}),
    "GET /api/library/assets/{asset_id}": (SCOPED, None),
    "PATCH /api/library/assets/{asset_id}": (SCOPED, {"title_en": "Hijacked"}),
    "GET /api/library/assets/{asset_id}/download": (SCOPED, None),
    "POST /api/library/assets/{asset_id}/versions": (SCOPED, None),
    "POST /api/library/assets/{asset_id}/links": (SCOPED, {"language": "en", "url": "https://x.example/"}),
    "GET /api/library/assets/{asset_id}/versions": (SCOPED, None),
    "POST /api/library/assets/{asset_id}/publish": (SCOPED, None),
    "POST /api/library/assets/{asset_id}/archive": (SCOPED, None),
    "GET /api/library/assets/{asset_id}/usage": (SCOPED, None),
    "GET /api/library/activity": (STAFF, None),
    "GET /api/library/categories": (OWN, None),
    "POST /api/library/categories": (STAFF, {"name_en": "Sneaky"}),
    "GET /api/engagement/current": (OWN, None),
    "GET /api/engagement/versions": (STAFF, None),
    "POST /api/engagement/versions": (STAFF, {"notes": "Sneaky"}),
    "GET /api/engagement/versions/{ruleset_id}": (STAFF, None),
    "PATCH /api/engagement/versions/{ruleset_id}": (STAFF, {"default_protection_days": 365}),
    "POST /api/engagement/versions/{ruleset_id}/publish": (STAFF, None),
    "POST /api/engagement/versions/{ruleset_id}/rules": (STAFF, {"outcome": "channel"}),
    "PUT /api/engagement/rules/{rule_id}": (STAFF, {"outcome": "channel"}),
    "DELETE /api/engagement/rules/{rule_id}": (STAFF, None),
    "POST /api/engagement/evaluate": (STAFF, {}),
    "POST /api/engagement/versions/{ruleset_id}/accept": (SCOPED, None),  # a draft: no version to accept
    "GET /api/engagement/versions/{ruleset_id}/acceptances": (STAFF, None),
    "GET /api/announcements": (OWN, None),
    "POST /api/announcements": (STAFF, {"title_en": "Sneaky", "body_en": "x"}),
    "GET /api/announcements/{announcement_id}": (SCOPED, None),
    "PATCH /api/announcements/{announcement_id}": (SCOPED, {"title_en": "Hijacked"}),
    "POST /api/announcements/{announcement_id}/publish": (SCOPED, None),
    "POST /api/announcements/{announcement_id}/withdraw": (SCOPED, None),
    "POST /api/announcements/{announcement_id}/read": (SCOPED, None),
    "POST /api/partners/{partner_id}/logo": (SCOPED, None),
    "DELETE /api/partners/{partner_id}/logo": (SCOPED, None),
    "GET /api/collateral/templates": (OWN, None),
    "POST /api/collateral/templates": (STAFF, {"title_en": "Sneaky", "source_en": "= Hi"}),
    "GET /api/collateral/templates/{template_id}": (SCOPED, None),
    "PATCH /api/collateral/templates/{template_id}": (SCOPED, {"title_en": "Hijacked"}),
    "GET /api/collateral/templates/{template_id}/versions": (SCOPED, None),
    "POST /api/collateral/templates/{template_id}/versions": (SCOPED, {"source_en": "= Hijacked"}),
    "POST /api/collateral/templates/{template_id}/publish": (SCOPED, None),
    "POST /api/collateral/templates/{template_id}/archive": (SCOPED, None),
    "POST /api/collateral/templates/{template_id}/generate": (SCOPED, {"language": "en"}),
    "GET /api/collateral/templates/{template_id}/pdf": (SCOPED, None),
    "GET /api/learning/courses": (OWN, None),
    "POST /api/learning/courses": (STAFF, {"title_en": "Sneaky course"}),
    "GET /api/learning/courses/{course_id}": (SCOPED, None),
    "PATCH /api/learning/courses/{course_id}": (SCOPED, {"title_en": "Hijacked"}),
    "GET /api/learning/courses/{course_id}/lessons": (SCOPED, None),
    "POST /api/learning/courses/{course_id}/lessons": (SCOPED, {"title_en": "Sneaky", "kind": "text"}),
    "PUT /api/learning/courses/{course_id}/quiz": (
        SCOPED,
        {"passing_score": 0, "attempt_limit": 0, "time_limit_minutes": 0, "questions_per_attempt": 0},
    ),
    "GET /api/learning/courses/{course_id}/questions": (SCOPED, None),
    "POST /api/learning/courses/{course_id}/questions": (
        SCOPED,
        {
            "text_en": "Sneaky?",
            "kind": "single",
            "is_active": True,
            "choices": [{"text_en": "A", "is_correct": True}, {"text_en": "B", "is_correct": False}],
        },
    ),
    "POST /api/learning/courses/{course_id}/attempts": (SCOPED, None),
    "POST /api/learning/lessons/{lesson_id}/done": (SCOPED, None),
    "GET /api/learning/progress": (OWN, None),
    "GET /api/learning/attempts/{attempt_id}": (SCOPED, None),
    "POST /api/learning/attempts/{attempt_id}/submit": (SCOPED, {"answers": {}}),
    "GET /api/learning/certifications": (OWN, None),
    "POST /api/learning/certifications": (STAFF, {"title_en": "Sneaky", "courses": [], "is_active": True}),
    "GET /api/learning/awards": (OWN, None),
    "GET /api/learning/awards/{award_id}": (SCOPED, None),
    "POST /api/learning/awards/{award_id}/revoke": (SCOPED, {"reason": "Sneaky"}),
    "GET /api/leads/leads": (OWN, None),
    "POST /api/leads/leads/bulk": (OWN, {"action": "accept", "ids": [str(uuid4())]}),
    "POST /api/leads/leads": (OWN, {"company_name": "Own referral Ltd"}),  # a partner's own referral
    "GET /api/leads/leads/{lead_id}": (SCOPED, None),
    "PATCH /api/leads/leads/{lead_id}": (SCOPED, {"company_name": "Hijacked"}),
    "POST /api/leads/leads/{lead_id}/progress": (SCOPED, {"status": "contacted"}),
    "POST /api/leads/leads/{lead_id}/lose": (SCOPED, {"reason": "other"}),
    "POST /api/leads/leads/{lead_id}/convert": (
        SCOPED,
        {"expected_close_date": "2031-01-01", "quantity": 1, "submit": False},
    ),
    "GET /api/leads/leads/{lead_id}/notes": (SCOPED, None),
    "POST /api/leads/leads/{lead_id}/notes": (SCOPED, {"text": "Sneaky"}),
    "GET /api/referrals/links": (OWN, None),
    "POST /api/referrals/links": (
        OWN,
        {"name": "Own link", "destination": "/p/alpha/spring/", "personal": False},
    ),
    "GET /api/referrals/links/{link_id}": (SCOPED, None),
    "PATCH /api/referrals/links/{link_id}": (SCOPED, {"name": "Hijacked"}),
    "POST /api/referrals/links/{link_id}/deactivate": (SCOPED, None),
    "POST /api/referrals/links/{link_id}/activate": (SCOPED, None),
    "GET /api/referrals/links/{link_id}/stats": (SCOPED, None),
    "GET /api/referrals/stats": (OWN, None),
    "GET /api/referrals/attributions": (OWN, None),
    "GET /api/referrals/attributions/{attribution_id}": (SCOPED, None),
    "GET /api/referrals/settings": (STAFF, None),
    "PATCH /api/referrals/settings": (STAFF, {"window_days": 5}),
    "GET /api/leads/attributes": (OWN, None),
    "POST /api/leads/attributes": (
        STAFF,
        {"key": "sneaky", "label_en": "Sneaky", "kind": "text", "position": 0, "active": True},
    ),
    "PATCH /api/leads/attributes/{attribute_id}": (STAFF, {"label_en": "Hijacked"}),
    "GET /api/leads/routing/versions": (STAFF, None),
    "POST /api/leads/routing/versions": (STAFF, {"notes": "Sneaky"}),
    "GET /api/leads/routing/versions/{routing_version_id}": (STAFF, None),
    "PATCH /api/leads/routing/versions/{routing_version_id}": (STAFF, {"default_capacity": 1}),
    "POST /api/leads/routing/versions/{routing_version_id}/publish": (STAFF, None),
    "POST /api/leads/routing/versions/{routing_version_id}/new-draft": (STAFF, None),
    "POST /api/leads/routing/versions/{routing_version_id}/rules": (STAFF, _ROUTING_RULE),
    "PUT /api/leads/routing/rules/{routing_rule_id}": (STAFF, _ROUTING_RULE),
    "POST /api/leads/routing/rules/{routing_rule_id}/move": (STAFF, {"offset": 1}),
    "DELETE /api/leads/routing/rules/{routing_rule_id}": (STAFF, None),
    "POST /api/leads/routing/simulate": (STAFF, {"selection": "latest", "limit": 10}),
    "GET /api/leads/routing/offers/{lead_id}": (SCOPED, None),
    "POST /api/leads/routing/offers/{lead_id}/accept": (SCOPED, None),
    "POST /api/leads/routing/offers/{lead_id}/decline": (SCOPED, {"reason": "poor_fit"}),
    "POST /api/leads/routing/offers/{lead_id}/assign": (
        STAFF,
        {"partner": "00000000-0000-0000-0000-000000000000", "reason": "Sneaky"},
    ),
    "POST /api/leads/routing/offers/{lead_id}/route": (STAFF, None),
    "GET /api/campaigns/kits": (OWN, None),
    "POST /api/campaigns/kits": (STAFF, {"title_en": "Sneaky kit"}),
    "GET /api/campaigns/kits/{kit_id}": (SCOPED, None),
    "PATCH /api/campaigns/kits/{kit_id}": (SCOPED, {"title_en": "Hijacked"}),
    "POST /api/campaigns/kits/{kit_id}/image": (SCOPED, None),
    "POST /api/campaigns/kits/{kit_id}/publish": (SCOPED, None),
    "POST /api/campaigns/kits/{kit_id}/retire": (SCOPED, None),
    "GET /api/campaigns/kits/{kit_id}/numbers": (SCOPED, None),
    "GET /api/campaigns/launches": (OWN, None),
    "POST /api/campaigns/launches": (OWN, {"kit": str(uuid4())}),  # an id the partner may not launch: 422
    "GET /api/campaigns/launches/{launch_id}": (SCOPED, None),
    "GET /api/campaigns/launches/{launch_id}/numbers": (SCOPED, None),
    "GET /api/ledger/settings": (STAFF, None),
    "PATCH /api/ledger/settings": (STAFF, {"reporting_currency": "EUR"}),
    "GET /api/ledger/rates": (STAFF, None),
    "POST /api/ledger/rates": (
        STAFF,
        {"currency": "EUR", "quote_currency": "USD", "valid_from": "2026-11-01", "rate": "1.1"},
    ),
    "POST /api/ledger/rates/import": (
        STAFF,
        {"csv": "currency,quote_currency,valid_from,rate\nEUR,USD,2026-11-02,1\n"},
    ),
    "GET /api/ledger/balances": (OWN, None),
    "GET /api/ledger/balances/totals": (OWN, None),
    "GET /api/ledger/transactions": (OWN, None),
    "GET /api/ledger/transactions/{transaction_id}": (SCOPED, None),
    "POST /api/ledger/transactions/{transaction_id}/reverse": (SCOPED, {"reason": "Hijacked"}),
    "GET /api/ledger/statements/{partner_id}/{period}": (SCOPED, None),
    "GET /api/ledger/statements/{partner_id}/{period}/csv": (SCOPED, None),
    "GET /api/ledger/payable": (STAFF, None),
    "GET /api/ledger/payouts": (STAFF, None),
    "POST /api/ledger/payouts": (STAFF, {"currency": "EUR"}),
    "GET /api/ledger/payouts/{batch_id}": (STAFF, None),
    "POST /api/ledger/payouts/{batch_id}/approve": (STAFF, None),
    "POST /api/ledger/payouts/{batch_id}/paid": (STAFF, None),
    "POST /api/ledger/payouts/{batch_id}/cancel": (STAFF, None),
    "POST /api/ledger/payouts/{batch_id}/export": (STAFF, None),
    "GET /api/ledger/check": (STAFF, None),
    "POST /api/ledger/check": (STAFF, None),
    "GET /api/incentives/programs": (OWN, None),
    "POST /api/incentives/programs": (
        STAFF,
        {"name_en": "Sneaky", "kind": "commission", "currency": "USD", "starts_on": "2026-01-01"},
    ),
    "GET /api/incentives/programs/{program_id}": (SCOPED, None),
    "PATCH /api/incentives/programs/{program_id}": (SCOPED, {"name_en": "Hijacked"}),
    "POST /api/incentives/programs/{program_id}/activate": (SCOPED, None),
    "POST /api/incentives/programs/{program_id}/end": (SCOPED, None),
    "POST /api/incentives/programs/{program_id}/new-version": (SCOPED, None),
    "POST /api/incentives/programs/{program_id}/rules": (SCOPED, {"basis": "percent", "rate": "50"}),
    "PATCH /api/incentives/rules/{incentive_rule_id}": (SCOPED, {"rate": "50"}),
    "DELETE /api/incentives/rules/{incentive_rule_id}": (SCOPED, None),
    "GET /api/incentives/targets": (OWN, None),
    "POST /api/incentives/targets": (
        STAFF,
        {"program_id": str(uuid4()), "partner_id": str(uuid4()), "period": "FY2026-Q1", "amount": "1"},
    ),
    "DELETE /api/incentives/targets/{target_id}": (SCOPED, None),
    "GET /api/incentives/runs": (STAFF, None),
    "POST /api/incentives/runs": (STAFF, None),
    "GET /api/incentives/earnings": (OWN, None),
    "GET /api/incentives/earnings/summary": (OWN, None),
    "GET /api/incentives/earnings/lines": (OWN, None),
    "GET /api/incentives/accruals/{accrual_id}": (SCOPED, None),
    "GET /api/incentives/disputes": (OWN, None),
    # partner B's registration or any other id: 422 (unknown_id)
    "POST /api/incentives/disputes": (
        OWN,
        {"kind": "missing", "registration_id": str(uuid4()), "reason": "x"},
    ),
    "GET /api/incentives/disputes/{dispute_id}": (SCOPED, None),
    "POST /api/incentives/disputes/{dispute_id}/decision": (SCOPED, {"uphold": False, "note": "Sneaky"}),
    "POST /api/incentives/disputes/{dispute_id}/approval": (SCOPED, {"approve": True}),
    "GET /api/funds/budgets": (STAFF, None),
    "POST /api/funds/budgets": (
        STAFF,
        {"period": "FY2031", "currency": "USD", "amount": "1.00", "notes": ""},
    ),
    "GET /api/funds/budgets/{budget_id}": (STAFF, None),
    "POST /api/funds/budgets/{budget_id}/adjust": (STAFF, {"amount": "1.00", "reason": "Sneaky"}),
    "POST /api/funds/budgets/{budget_id}/accrue": (STAFF, None),
    "POST /api/funds/budgets/{budget_id}/close": (STAFF, None),
    "GET /api/funds/allocations": (OWN, None),
    "POST /api/funds/allocations": (STAFF, {"budget": str(uuid4()), "basis": "fixed", "amount": "1.00"}),
    "GET /api/funds/allocations/{allocation_id}": (SCOPED, None),
    "POST /api/funds/allocations/{allocation_id}/adjust": (SCOPED, {"amount": "1.00", "reason": "Sneaky"}),
    "GET /api/funds/balances": (OWN, None),
    "GET /api/funds/requests": (OWN, None),
    "POST /api/funds/requests": (OWN, {"title": "Own webinar"}),  # an incomplete request of its own: 422
    "GET /api/funds/requests/{request_id}": (SCOPED, None),
    "POST /api/funds/requests/{request_id}/approve": (SCOPED, {"amount": "1.00"}),
    "POST /api/funds/requests/{request_id}/reject": (SCOPED, {"reason": "Sneaky"}),
    "POST /api/funds/requests/{request_id}/withdraw": (SCOPED, None),
    "POST /api/funds/requests/{request_id}/cancel": (SCOPED, {"reason": "Sneaky"}),
    "GET /api/funds/requests/{request_id}/roi": (SCOPED, None),
    "POST /api/funds/requests/{request_id}/claims": (
        SCOPED,
        {"amount": "1.00", "actual_cost": "1.00", "invoice_number": "X-1", "invoice_date": "2026-01-02"},
    ),
    "GET /api/funds/roi/partners": (STAFF, None),
    "GET /api/funds/roi/activities": (OWN, None),
    "GET /api/funds/claims": (OWN, None),
    "GET /api/funds/claims/{claim_id}": (SCOPED, None),
    "POST /api/funds/claims/{claim_id}/files": (SCOPED, None),
    "POST /api/funds/claims/{claim_id}/approve": (SCOPED, {"override_reason": "Sneaky"}),
    "POST /api/funds/claims/{claim_id}/reject": (SCOPED, {"reason": "Sneaky"}),
    "GET /api/health/partners/{partner_id}": (SCOPED, None),  # partner B's health: 404
    "GET /api/health/partners/{partner_id}/history": (SCOPED, None),
    "GET /api/health/reviews": (STAFF, None),
    "GET /api/health/reviews/{review_id}": (STAFF, None),
    "POST /api/health/reviews/{review_id}/plan": (STAFF, {"actions": "Sneaky", "due": "2099-01-01"}),
    "POST /api/health/reviews/{review_id}/recover": (STAFF, None),
    "GET /api/health/settings": (STAFF, None),
    "PATCH /api/health/settings": (STAFF, {"threshold": 1}),
    "POST /api/health/evaluations": (STAFF, None),
    "GET /api/offboarding": (STAFF, None),
    "POST /api/offboarding": (
        STAFF,
        {"partner": str(uuid4()), "reason": "Sneaky", "access_ends_on": "2099-01-01"},
    ),
    "GET /api/offboarding/{offboarding_id}": (STAFF, None),
    "POST /api/offboarding/{offboarding_id}/steps/{step}/done": (STAFF, None),
    "POST /api/offboarding/{offboarding_id}/steps/{step}/run": (STAFF, None),
    "POST /api/offboarding/{offboarding_id}/cancel": (STAFF, {"reason": "Sneaky"}),
    "GET /api/recognition/leaderboard": (OWN, None),  # masked: partner B's name and figures never show
    "GET /api/recognition/leaderboard/summary": (OWN, None),
    "GET /api/recognition/awards": (STAFF, None),
    "POST /api/recognition/awards": (STAFF, {"name_en": "Sneaky", "rule": "manual", "is_active": True}),
    "GET /api/recognition/awards/{recognition_award_id}": (STAFF, None),
    "PATCH /api/recognition/awards/{recognition_award_id}": (STAFF, {"name_en": "Hijacked"}),
    "GET /api/recognition/grants": (OWN, None),
    "POST /api/recognition/grants": (
        STAFF,
        {"award": str(uuid4()), "partner": str(uuid4()), "citation_en": "Sneaky"},
    ),
    "GET /api/recognition/grants/{grant_id}": (SCOPED, None),
    "POST /api/recognition/grants/{grant_id}/revoke": (SCOPED, {"reason": "Sneaky"}),
    "GET /api/recognition/settings": (STAFF, None),
    "PUT /api/recognition/settings": (STAFF, {"anonymity": "names", "top_n": 5}),
    "DELETE /api/recognition/settings/{setting_id}": (STAFF, None),
    "GET /api/tiers/metrics": (OWN, None),
    "GET /api/tiers/criteria": (STAFF, None),
    "POST /api/tiers/criteria": (STAFF, {"program": "partners", "notes": "Sneaky"}),
    "GET /api/tiers/criteria/{criteria_id}": (STAFF, None),
    "PATCH /api/tiers/criteria/{criteria_id}": (STAFF, {"notes": "Sneaky"}),
    "POST /api/tiers/criteria/{criteria_id}/publish": (STAFF, None),
    "POST /api/tiers/criteria/{criteria_id}/requirements": (
        STAFF,
        {"tier": "platinum", "metric": "deals.won_registrations", "threshold": "1"},
    ),
    "GET /api/tiers/criteria/{criteria_id}/simulation": (STAFF, None),
    "PUT /api/tiers/requirements/{requirement_id}": (
        STAFF,
        {"tier": "silver", "metric": "deals.won_revenue", "threshold": "1"},
    ),
    "DELETE /api/tiers/requirements/{requirement_id}": (STAFF, None),
    "POST /api/tiers/programs/{program_code}/evaluate": (STAFF, None),
    "GET /api/tiers/programs/{program_code}/policy": (STAFF, None),
    "PATCH /api/tiers/programs/{program_code}/policy": (STAFF, {"grace_days": 0}),
    "GET /api/tiers/evaluations": (STAFF, None),
    "GET /api/tiers/assessments": (OWN, None),  # the reader's own company's assessments only
    "GET /api/tiers/warnings": (STAFF, None),
    "GET /api/tiers/progress": (OWN, None),  # the reader's own company's progress (another's: 404, tests)
    "GET /api/tiers/custom-metrics": (OWN, None),  # the metrics in use, by name: no partner's values
    "POST /api/tiers/custom-metrics": (STAFF, {"code": "sneaky", "name_en": "Sneaky", "is_active": True}),
    "PATCH /api/tiers/custom-metrics/{custom_metric_id}": (STAFF, {"name_en": "Hijacked"}),
    "GET /api/tiers/values": (STAFF, None),
    "POST /api/tiers/values": (
        STAFF,
        {
            "metric": "references",
            "partner": str(uuid4()),
            "period_start": "2026-01-01",
            "period_end": "2026-01-31",
            "value": "1",
        },
    ),
    "PATCH /api/tiers/values/{metric_value_id}": (STAFF, {"value": "99"}),
    "DELETE /api/tiers/values/{metric_value_id}": (STAFF, None),
    "POST /api/tiers/overrides": (
        STAFF,
        {
            "partner_id": str(uuid4()),
            "program": "partners",
            "tier": "gold",
            "ends_on": "2099-01-01",
            "reason": "x",
        },
    ),
    "POST /api/tiers/overrides/{override_id}/end": (STAFF, None),
}

__all__ = ["API_RULES", "FACTORIES", "HTML_RULES", "STAFF_ONLY_ROWS", "ApiToken", "Invitation"]
