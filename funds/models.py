"""Market development funds (MDF): what the vendor sets aside per fiscal period, what each partner is given,
what a partner asks for an activity and what it claims after it.

- `FundBudget`: the vendor's funds for a fiscal year or quarter (`ledger.selectors.money_settings`) in one
  currency; staff only.
- `FundAllocation`: a partner's share of a budget, a fixed amount or a share of the revenue it wins in the
  period (an accrual, optionally capped); given to one partner or to every partner of a tier (a row per
  partner, `tier` saying which tier gave it).
- `FundRequest`: a partner's activity (event, webinar, trade show …) with its plan, dates, expected leads and
  revenue, cost and the funds asked; its `code` goes onto the leads and registrations it brings (ROI).
- `FundClaim`: what the partner claims after the activity, with invoices and proof (`ClaimFile`, served by
  signed links); possible duplicates of other claims, any partner's, are flagged (`ClaimDuplicate`).

Every amount owed lives on the ledger (`ledger.posting.book`), one transaction per business event; these rows
hold the workflow (status, who decided, why) and copies of the amounts for lists. Partner sales reps see the
company's activities but no money unless the money settings let reps see what the company earns
(`money_visible`).
"""

from __future__ import annotations

import uuid
from pathlib import PurePath
from typing import Any

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.models import PublicIdModel, choice_field, user_reference
from core.money import AMOUNT_DIGITS, Currency
from core.scoping import ScopedManager
from ledger.models import FundPeriod, RepMoneyVisibility
from partners.choices import Tier

CODE_PREFIX = "MDF-"


def money_visible(actor: Any) -> bool:
    """Whether `actor` may see MDF amounts: staff, a partner's admin, and its reps when the money settings let
    reps see everything the company earns."""
    if actor.is_staff:
        return True
    if not actor.is_partner:
        return False
    if actor.partner_role != "rep":
        return True
    from ledger.selectors import money_settings

    return money_settings().rep_money_visibility == RepMoneyVisibility.COMPANY


def _money_filter(actor: Any) -> Q:
    return Q() if money_visible(actor) else Q(pk__in=[])


class ActivityType(models.TextChoices):
    EVENT = "event", _("Event")
    WEBINAR = "webinar", _("Webinar")
    DIGITAL = "digital", _("Digital campaign")
    TRADE_SHOW = "trade_show", _("Trade show")
    CONTENT = "content", _("Content")
    EMAIL = "email", _("Email campaign")
    PRINT = "print", _("Print and advertising")
    OTHER = "other", _("Other")


class FundBudget(PublicIdModel):
    """The vendor's funds for one fiscal period in one currency. `amount` is what is authorised (a copy of the
    ledger's budget transactions, kept by the services under the row's lock)."""

    partner_scope = None  # vendor staff only

    period = models.CharField(_("period"), max_length=12)  # "FY2026-Q3", ledger.periods.Period.code
    period_kind = choice_field(_("period kind"), FundPeriod)
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"))  # the period's last day
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices)
    amount = models.DecimalField(_("authorised"), max_digits=AMOUNT_DIGITS, decimal_places=2, default=0)
    notes = models.TextField(_("notes"), blank=True)
    closed_at = models.DateTimeField(_("closed on"), null=True, blank=True)  # unused funds expired
    revision = models.PositiveIntegerField(default=0, editable=False)  # adjustments booked (their keys)
    created_by = user_reference(_("created by"))

    class Meta:
        ordering = ["-starts_on", "currency"]
        verbose_name = _("fund budget")
        verbose_name_plural = _("fund budgets")
        constraints = [
            models.UniqueConstraint(
                fields=["period", "currency"], name="funds_one_budget_per_period_currency"
            )
        ]

    def __str__(self) -> str:
        return f"{self.period_label} · {self.currency}"

    @property
    def period_label(self) -> str:
        from ledger.periods import period_by_code

        try:
            return period_by_code(self.period, start_month=self.starts_on.month).label
        except ValueError:
            return self.period


class AllocationBasis(models.TextChoices):
    FIXED = "fixed", _("Fixed amount")
    ACCRUAL = "accrual", _("Share of won revenue")


class FundAllocation(PublicIdModel):
    """A partner's share of a budget: a fixed amount, or `rate` % of the revenue of the registrations it wins
    in the period (up to `cap`). `allocated` is what has been booked to the partner so far."""

    partner_scope = "partner_id"
    partner_filter = staticmethod(_money_filter)

    Basis = AllocationBasis

    budget = models.ForeignKey(FundBudget, on_delete=models.PROTECT, related_name="allocations")
    partner = models.ForeignKey("partners.Partner", on_delete=models.PROTECT, related_name="fund_allocations")
    basis = choice_field(_("basis"), AllocationBasis, default=AllocationBasis.FIXED)
    amount = models.DecimalField(
        _("amount"), max_digits=AMOUNT_DIGITS, decimal_places=2, null=True, blank=True
    )
    rate = models.DecimalField(
        _("share of won revenue (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    cap = models.DecimalField(_("at most"), max_digits=AMOUNT_DIGITS, decimal_places=2, null=True, blank=True)
    tier = choice_field(_("given to the tier"), Tier, blank=True)
    allocated = models.DecimalField(_("allocated"), max_digits=AMOUNT_DIGITS, decimal_places=2, default=0)
    revision = models.PositiveIntegerField(default=0, editable=False)
    created_by = user_reference(_("created by"))

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("fund allocation")
        verbose_name_plural = _("fund allocations")
        constraints = [
            models.UniqueConstraint(
                fields=["budget", "partner", "basis"], name="funds_one_allocation_per_basis"
            )
        ]

    def __str__(self) -> str:
        return f"{self.partner} · {self.budget}"

    @property
    def currency(self) -> str:
        return self.budget.currency


class RequestStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Awaiting approval")
    AWAITING_CHIEF = "awaiting_chief", _("Awaiting the channel chief")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", pgettext_lazy("fund request", "Withdrawn")
    CANCELLED = "cancelled", pgettext_lazy("fund request", "Cancelled")
    CLAIMED = "claimed", _("Claimed")


OPEN_REQUEST_STATUSES = (RequestStatus.SUBMITTED, RequestStatus.AWAITING_CHIEF)
# Requests whose activity the vendor pays for (committed or claimed): those counted for ROI.
FUNDED_STATUSES = (RequestStatus.APPROVED, RequestStatus.CLAIMED)
STATUS_BADGES = {
    "submitted": "status-submitted",
    "awaiting_chief": "status-submitted",
    "approved": "status-approved",
    "claimed": "status-approved",
    "rejected": "status-rejected",
    "withdrawn": "status-rejected",
    "cancelled": "status-rejected",
}


class FundRequest(PublicIdModel):
    """A partner's request for funds for one marketing activity. `code` names the activity on the leads and
    registrations it brings; `links` and `launches` are the partner's referral links and campaign launches
    whose attributed leads count for it too."""

    partner_scope = "partner_id"

    Status = RequestStatus

    partner = models.ForeignKey("partners.Partner", on_delete=models.PROTECT, related_name="fund_requests")
    budget = models.ForeignKey(FundBudget, on_delete=models.PROTECT, related_name="requests")
    code = models.CharField(_("activity code"), max_length=20, unique=True)
    activity_type = choice_field(_("kind of activity"), ActivityType)
    title = models.CharField(_("title"), max_length=200)
    plan = models.TextField(_("plan"), max_length=5000)
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"))
    expected_leads = models.PositiveIntegerField(_("expected leads"), default=0)
    expected_revenue = models.DecimalField(
        _("expected revenue"), max_digits=AMOUNT_DIGITS, decimal_places=2, default=0
    )
    cost = models.DecimalField(_("estimated cost"), max_digits=AMOUNT_DIGITS, decimal_places=2)
    amount = models.DecimalField(_("funds requested"), max_digits=AMOUNT_DIGITS, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices)
    links = models.ManyToManyField(
        "referrals.ReferralLink", verbose_name=_("referral links"), blank=True, related_name="fund_requests"
    )
    launches = models.ManyToManyField(
        "campaigns.Launch", verbose_name=_("campaign launches"), blank=True, related_name="fund_requests"
    )
    status = choice_field(_("status"), RequestStatus, default=RequestStatus.SUBMITTED, db_index=True)
    requested_by = user_reference(_("requested by"))
    recommended_amount = models.DecimalField(
        _("recommended"), max_digits=AMOUNT_DIGITS, decimal_places=2, null=True, blank=True
    )
    recommended_by = user_reference(_("recommended by"))
    recommended_at = models.DateTimeField(_("recommended"), null=True, blank=True)
    approved_amount = models.DecimalField(
        _("approved"), max_digits=AMOUNT_DIGITS, decimal_places=2, null=True, blank=True
    )
    decided_by = user_reference(_("decided by"))
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_reason = models.TextField(_("decision reason"), blank=True)
    released = models.DecimalField(_("released"), max_digits=AMOUNT_DIGITS, decimal_places=2, default=0)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("fund request")
        verbose_name_plural = _("fund requests")
        indexes = [models.Index(fields=["partner", "status"])]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def badge_class(self) -> str:
        return STATUS_BADGES.get(self.status, "")

    @property
    def is_partial(self) -> bool:
        return self.approved_amount is not None and self.approved_amount < self.amount


class ClaimStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Awaiting approval")
    AWAITING_CHIEF = "awaiting_chief", _("Awaiting the channel chief")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


OPEN_CLAIM_STATUSES = (ClaimStatus.SUBMITTED, ClaimStatus.AWAITING_CHIEF)
# Claims another claim may duplicate: those that are or may be paid.
LIVE_CLAIM_STATUSES = (ClaimStatus.SUBMITTED, ClaimStatus.AWAITING_CHIEF, ClaimStatus.APPROVED)


class FundClaim(PublicIdModel):
    """What a partner claims after its activity: the funds it asks back (at most what was approved), the
    activity's actual cost, the invoice and the proof of performance (`files`). One open or approved claim per
    request; after a rejection the partner may claim again."""

    partner_scope = "partner_id"
    partner_filter = staticmethod(_money_filter)

    Status = ClaimStatus

    partner = models.ForeignKey("partners.Partner", on_delete=models.PROTECT, related_name="fund_claims")
    request = models.ForeignKey(FundRequest, on_delete=models.PROTECT, related_name="claims")
    amount = models.DecimalField(_("amount claimed"), max_digits=AMOUNT_DIGITS, decimal_places=2)
    actual_cost = models.DecimalField(_("actual cost"), max_digits=AMOUNT_DIGITS, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices)
    invoice_number = models.CharField(_("invoice number"), max_length=60)
    invoice_key = models.CharField(max_length=60, db_index=True, editable=False)  # letters and digits only
    invoice_date = models.DateField(_("invoice date"))
    attendees = models.PositiveIntegerField(_("attendees or contacts reached"), null=True, blank=True)
    results = models.TextField(_("what it achieved"), max_length=5000, blank=True)
    status = choice_field(_("status"), ClaimStatus, default=ClaimStatus.SUBMITTED, db_index=True)
    submitted_by = user_reference(_("submitted by"))
    recommended_amount = models.DecimalField(
        _("recommended"), max_digits=AMOUNT_DIGITS, decimal_places=2, null=True, blank=True
    )
    recommended_by = user_reference(_("recommended by"))
    recommended_at = models.DateTimeField(_("recommended"), null=True, blank=True)
    approved_amount = models.DecimalField(
        _("approved"), max_digits=AMOUNT_DIGITS, decimal_places=2, null=True, blank=True
    )
    decided_by = user_reference(_("decided by"))
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_reason = models.TextField(_("decision reason"), blank=True)
    override_reason = models.TextField(_("why the duplicate check was overridden"), blank=True)
    overridden_by = user_reference(_("overridden by"))

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("fund claim")
        verbose_name_plural = _("fund claims")
        indexes = [models.Index(fields=["amount", "invoice_date"], name="funds_claim_amount_date")]
        constraints = [
            models.UniqueConstraint(
                fields=["request"],
                condition=Q(status__in=["submitted", "awaiting_chief", "approved"]),
                name="funds_one_live_claim_per_request",
            )
        ]

    def __str__(self) -> str:
        return f"{self.request.code} · {self.invoice_number}"

    @property
    def badge_class(self) -> str:
        return STATUS_BADGES.get(self.status, "")


class ClaimFileKind(models.TextChoices):
    INVOICE = "invoice", _("Invoice")
    PROOF = "proof", _("Proof of performance")
    ATTENDEES = "attendees", _("Attendee list")
    SCREENSHOT = "screenshot", _("Screenshot")
    OTHER = "other", _("Other")


# What a claim needs before it can be approved.
REQUIRED_FILE_KINDS = (ClaimFileKind.INVOICE, ClaimFileKind.PROOF)


def claim_file_path(instance: ClaimFile, filename: str) -> str:
    return f"funds/claims/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()[:10]}"


class ClaimFile(PublicIdModel):
    """An invoice, a proof of performance, an attendee list or a screenshot of a claim; downloaded through
    signed links (`funds.downloads`). `sha256` finds the same file in another claim."""

    partner_scope = "claim__partner_id"
    partner_filter = staticmethod(_money_filter)

    Kind = ClaimFileKind

    claim = models.ForeignKey(FundClaim, on_delete=models.CASCADE, related_name="files")
    kind = choice_field(_("kind"), ClaimFileKind)
    file = models.FileField(_("file"), upload_to=claim_file_path, max_length=200)
    file_type = models.CharField(_("file type"), max_length=10)  # a core.files.TYPES key
    name = models.CharField(_("name"), max_length=200)
    size = models.PositiveIntegerField(_("size"))
    sha256 = models.CharField(max_length=64, db_index=True, editable=False)
    uploaded_by = user_reference(_("uploaded by"))

    class Meta:
        ordering = ["kind", "id"]
        verbose_name = _("claim file")
        verbose_name_plural = _("claim files")

    def __str__(self) -> str:
        return self.name


class DuplicateReason(models.TextChoices):
    INVOICE_NUMBER = "invoice_number", _("Same invoice number")
    AMOUNT_AND_DATE = "amount_and_date", _("Same amount and invoice date")
    FILE = "file", _("Same file")


def _duplicate_filter(actor: Any) -> Q:
    """A partner user reads a flag only when the other claim is its own company's too: another partner's
    claim, even its existence, stays the vendor's to see."""
    return _money_filter(actor) & Q(other__partner_id__in=actor.visible_partner_ids)


class ClaimDuplicate(models.Model):
    """`claim` may duplicate `other` (an earlier or concurrent claim, of any partner) for `reason`; `detail`
    holds what matched (the invoice number, the file's name). A flagged claim is approved only when staff
    override the check with a reason."""

    partner_scope = "claim__partner_id"
    partner_filter = staticmethod(_duplicate_filter)

    Reason = DuplicateReason

    claim = models.ForeignKey(FundClaim, on_delete=models.CASCADE, related_name="duplicates")
    other = models.ForeignKey(FundClaim, on_delete=models.CASCADE, related_name="+")
    reason = choice_field(_("reason"), DuplicateReason)
    detail = models.CharField(_("what matched"), max_length=200, blank=True)
    found_at = models.DateTimeField(_("found"), auto_now_add=True)

    objects = ScopedManager()

    class Meta:
        ordering = ["id"]
        verbose_name = _("possible duplicate claim")
        verbose_name_plural = _("possible duplicate claims")
        constraints = [
            models.UniqueConstraint(fields=["claim", "other", "reason"], name="funds_duplicate_once")
        ]

    def __str__(self) -> str:
        return f"{self.claim_id} ~ {self.other_id} ({self.reason})"
