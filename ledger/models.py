"""The one ledger of every amount owed to or by a partner, and what money is counted in.

Double entry, append-only: a `LedgerTransaction` is a business event (a budget set, an allocation, an
approved claim, an accrued commission, a payout …) whose `LedgerEntry` legs sum to zero in each currency.
Nothing here is ever edited or deleted; a correction is a reversing transaction with a reason. Every balance
is a sum of entries (`ledger.balances`), and `manage.py ledger_check` proves the books balance.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.models import PublicIdModel, choice_field, user_reference
from core.money import AMOUNT_DIGITS, Currency
from core.scoping import ScopedManager

# Ledger amounts are signed (debit +, credit −) and sums of many rows: two more digits than a deal's amount.
LEDGER_DIGITS = AMOUNT_DIGITS + 2


class LedgerAccount(models.TextChoices):
    """The books. Partner accounts hold what is set aside for or owed to one partner; vendor accounts are the
    other side of each movement, tagged with the partner the money concerns."""

    # Partner accounts (credit-normal: what the vendor holds for or owes the partner).
    MDF_AVAILABLE = "mdf_available", _("Funds available")
    MDF_COMMITTED = "mdf_committed", _("Funds committed to approved requests")
    MDF_PAYABLE = "mdf_payable", _("Fund claims payable")
    EARNINGS_PAYABLE = "earnings_payable", _("Earnings payable")
    # Vendor accounts.
    MDF_BUDGET = "mdf_budget", _("Fund budget not yet allocated")  # credit-normal: what is left to allocate
    MDF_AUTHORISED = "mdf_authorised", _("Fund budgets authorised")  # debit-normal: the source of budgets
    MDF_EXPIRED = "mdf_expired", _("Funds expired")  # credit-normal
    INCENTIVE_EXPENSE = "incentive_expense", _("Incentives earned")  # debit-normal
    CLAWED_BACK = "clawed_back", _("Clawed back")  # credit-normal
    PAID = "paid", _("Paid out")  # credit-normal: the vendor's money that left for the partner


PARTNER_ACCOUNTS = frozenset(
    {
        LedgerAccount.MDF_AVAILABLE,
        LedgerAccount.MDF_COMMITTED,
        LedgerAccount.MDF_PAYABLE,
        LedgerAccount.EARNINGS_PAYABLE,
    }
)
# Accounts whose balance is shown as credits minus debits (the rest: debits minus credits).
CREDIT_NORMAL = frozenset(
    PARTNER_ACCOUNTS
    | {LedgerAccount.MDF_BUDGET, LedgerAccount.MDF_EXPIRED, LedgerAccount.CLAWED_BACK, LedgerAccount.PAID}
)
# What a payout batch settles: the partner's payable accounts.
PAYABLE_ACCOUNTS = (LedgerAccount.MDF_PAYABLE, LedgerAccount.EARNINGS_PAYABLE)
# What partners read of their own books: their accounts, and what they were paid or had clawed back.
PARTNER_READABLE = frozenset(PARTNER_ACCOUNTS | {LedgerAccount.PAID, LedgerAccount.CLAWED_BACK})


class TransactionKind(models.TextChoices):
    BUDGET = "budget", _("Fund budget")
    ALLOCATION = "allocation", _("Fund allocation")
    COMMITMENT = "commitment", _("Fund request approved")
    RELEASE = "release", _("Committed funds released")
    CLAIM = "claim", _("Fund claim approved")
    EXPIRY = "expiry", _("Unused funds expired")
    ACCRUAL = "accrual", _("Earnings accrued")
    CLAWBACK = "clawback", _("Clawback")
    ADJUSTMENT = "adjustment", _("Adjustment")
    PAYOUT = "payout", _("Payout")
    REVERSAL = "reversal", _("Reversal")


class RepMoneyVisibility(models.TextChoices):
    OWN = "own", _("Their own SPIFFs only")
    COMPANY = "company", _("Everything their company earns")
    NONE = "none", _("Nothing")


class FundPeriod(models.TextChoices):
    YEAR = "year", _("Fiscal year")
    QUARTER = "quarter", _("Fiscal quarter")


class MoneySettings(PublicIdModel):
    """How the program counts money: one row (`ledger.selectors.money_settings`)."""

    reporting_currency = models.CharField(
        _("program currency"),
        max_length=3,
        choices=Currency.choices,
        default=Currency.USD,
        help_text=_("Totals across currencies are reported in this currency, at the exchange rates entered."),
    )
    fiscal_year_start_month = models.PositiveSmallIntegerField(
        _("fiscal year starts in month"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
    )
    fund_period = choice_field(_("fund budget period"), FundPeriod, default=FundPeriod.QUARTER)
    chief_approval_threshold = models.DecimalField(
        _("channel chief approves above"),
        max_digits=AMOUNT_DIGITS,
        decimal_places=2,
        default=10000,
        help_text=_(
            "Fund approvals, claims and payout batches above this amount (in the program currency) also need "
            "the channel chief."
        ),
    )
    rep_money_visibility = choice_field(
        _("partner sales reps see"), RepMoneyVisibility, default=RepMoneyVisibility.OWN
    )

    class Meta:
        verbose_name = _("money settings")
        verbose_name_plural = _("money settings")

    def __str__(self) -> str:
        return str(_("Money settings"))


class ExchangeRate(PublicIdModel):
    """1 `currency` = `rate` `quote_currency`, from `valid_from` until the next rate of the pair.

    Entered or imported by ops; used for reporting and for comparing amounts in different currencies, never
    to change what is owed (each balance stays in its own currency)."""

    partner_scope = None  # vendor staff only

    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices)
    quote_currency = models.CharField(_("in currency"), max_length=3, choices=Currency.choices)
    valid_from = models.DateField(_("valid from"))
    rate = models.DecimalField(_("rate"), max_digits=20, decimal_places=10)
    entered_by = user_reference(_("entered by"))

    class Meta:
        ordering = ["-valid_from", "currency", "quote_currency"]
        verbose_name = _("exchange rate")
        verbose_name_plural = _("exchange rates")
        constraints = [
            models.UniqueConstraint(
                fields=["currency", "quote_currency", "valid_from"], name="ledger_one_rate_per_pair_and_day"
            ),
            models.CheckConstraint(condition=Q(rate__gt=0), name="ledger_rate_positive"),
            models.CheckConstraint(
                condition=~Q(currency=models.F("quote_currency")), name="ledger_rate_between_two_currencies"
            ),
        ]

    def __str__(self) -> str:
        return f"1 {self.currency} = {self.rate.normalize():f} {self.quote_currency} ({self.valid_from})"


def _transaction_partner_filter(actor):
    """Partners read a transaction when they may read one of its legs (`LedgerEntry`'s rule): a sales rep who
    sees their own SPIFFs only reads the transactions that carry one."""
    return Q(
        models.Exists(
            LedgerEntry.objects.filter(Q(transaction=models.OuterRef("pk")) & _entry_partner_filter(actor))
        )
    )


class LedgerTransaction(PublicIdModel):
    """One business event's movement of money. Its `key` names the event ("fund-claim:<id>:approved"), so
    recording the event twice — a retried request, a rerun job, two people at once — books it once."""

    partner_scope = "partner_id"
    partner_filter = staticmethod(_transaction_partner_filter)

    Kind = TransactionKind

    key = models.CharField(_("key"), max_length=200, unique=True)
    kind = choice_field(_("kind"), TransactionKind)
    # The partner the money concerns (none for a vendor budget).
    partner = models.ForeignKey(
        "partners.Partner",
        verbose_name=_("partner"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="ledger_transactions",
    )
    booked_at = models.DateTimeField(_("booked"), db_index=True)
    # What booked it: the app's record ("funds.claim", its public id) and a label to show without a lookup.
    source_type = models.CharField(_("source"), max_length=40, blank=True)
    source_id = models.UUIDField(null=True, blank=True)
    description = models.CharField(_("description"), max_length=300, blank=True)
    # The description in each of the site's languages, written when it is booked ({"en": …, "ru": …}): a
    # statement reads in its reader's language, and the row never changes. Empty when the description reads
    # the same in every language (an activity's code and title).
    descriptions = models.JSONField(_("description in each language"), default=dict, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    reverses = models.OneToOneField(
        "self",
        verbose_name=_("reverses"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reversed_by",
    )
    created_by = user_reference(_("booked by"))

    class Meta:
        ordering = ["-booked_at", "-id"]
        verbose_name = _("ledger transaction")
        verbose_name_plural = _("ledger transactions")
        indexes = [models.Index(fields=["source_type", "source_id"], name="ledger_tx_source")]

    def __str__(self) -> str:
        return self.described

    @property
    def described(self) -> str:
        """The description in the reader's language (the site's when it was written in one only), else the
        kind of transaction."""
        language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
        return self.descriptions.get(language) or self.description or str(self.get_kind_display())

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError("A ledger transaction never changes; book a reversal instead.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("A ledger transaction is never deleted; book a reversal instead.")


def _entry_partner_filter(actor):
    """Partners read their own accounts and what they were paid or had clawed back; a sales rep, as the
    program says: their own SPIFFs, everything the company earns, or nothing."""
    readable = Q(account__in=PARTNER_READABLE)
    if actor.partner_role == "rep":
        from ledger.selectors import money_settings

        visibility = money_settings().rep_money_visibility
        if visibility == RepMoneyVisibility.NONE:
            return Q(pk__in=[])
        if visibility == RepMoneyVisibility.OWN:
            return readable & Q(person=actor.user)
    return readable


class LedgerEntry(models.Model):
    """One leg of a transaction: `amount` in `currency` on `account`, debit positive, credit negative."""

    partner_scope = "partner_id"
    partner_filter = staticmethod(_entry_partner_filter)

    transaction = models.ForeignKey(
        LedgerTransaction, verbose_name=_("transaction"), on_delete=models.PROTECT, related_name="entries"
    )
    account = choice_field(_("account"), LedgerAccount)
    partner = models.ForeignKey(
        "partners.Partner",
        verbose_name=_("partner"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="ledger_entries",
    )
    # The person an amount is earned by (a SPIFF paid to a partner's sales rep), if any.
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices)
    amount = models.DecimalField(_("amount"), max_digits=LEDGER_DIGITS, decimal_places=2)
    # A copy of the transaction's, so that balances on a date and statements read one table.
    booked_at = models.DateTimeField(_("booked"))

    objects = ScopedManager()

    class Meta:
        ordering = ["booked_at", "id"]
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        indexes = [
            models.Index(fields=["partner", "account", "currency", "booked_at"], name="ledger_entry_partner"),
            models.Index(fields=["account", "currency"], name="ledger_entry_account"),
        ]
        constraints = [models.CheckConstraint(condition=~Q(amount=0), name="ledger_entry_not_zero")]

    def __str__(self) -> str:
        return f"{self.account} {self.amount} {self.currency}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError("A ledger entry never changes; book a reversal instead.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("A ledger entry is never deleted; book a reversal instead.")

    @property
    def balance_amount(self):
        """The amount as the account's balance counts it (credits positive on credit-normal accounts)."""
        return -self.amount if self.account in CREDIT_NORMAL else self.amount


# --- payouts: what the vendor pays, and which entries each payment settles ---------------------------------


class PayoutStatus(models.TextChoices):
    OPEN = "open", _("In review")
    AWAITING_CHIEF = "awaiting_chief", _("Awaiting the channel chief")
    APPROVED = "approved", _("Approved")
    PAID = "paid", _("Paid")
    CANCELLED = "cancelled", _("Cancelled")


# The batches still holding their entries (a cancelled batch freed its entries, a paid one settled them).
UNPAID_STATUSES = (PayoutStatus.OPEN, PayoutStatus.AWAITING_CHIEF, PayoutStatus.APPROVED)


class PayoutBatch(PublicIdModel):
    """One payment run in one currency: each partner's unsettled payable balance (fund claims and earnings) at
    the moment it was made, one `PayoutLine` per partner. Reviewed, approved (the channel chief too above the
    threshold), exported for the ERP or the bank and marked paid, which books the payouts; or cancelled before
    approval, which frees its entries for the next batch."""

    partner_scope = None  # vendor staff only: partners read the payout transactions

    Status = PayoutStatus

    number = models.PositiveIntegerField(_("number"), unique=True)
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices)
    status = choice_field(_("status"), PayoutStatus, default=PayoutStatus.OPEN)
    total = models.DecimalField(_("total"), max_digits=LEDGER_DIGITS, decimal_places=2, default=0)
    note = models.TextField(_("note"), blank=True)
    created_by = user_reference(_("created by"))
    approved_by = user_reference(_("approved by"))
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    chief_approved_by = user_reference(_("approved by the channel chief"))
    chief_approved_at = models.DateTimeField(_("approved by the channel chief on"), null=True, blank=True)
    exported_by = user_reference(_("exported by"))
    exported_at = models.DateTimeField(_("exported"), null=True, blank=True)
    paid_by = user_reference(_("marked paid by"))
    paid_at = models.DateTimeField(_("paid"), null=True, blank=True)
    cancelled_by = user_reference(_("cancelled by"))
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)

    class Meta:
        ordering = ["-number"]
        verbose_name = _("payout batch")
        verbose_name_plural = _("payout batches")
        indexes = [models.Index(fields=["status", "currency"], name="ledger_batch_status")]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        """What the ERP, the bank and people call the batch: PB-00012."""
        return f"PB-{self.number:05d}"

    @property
    def badge_class(self) -> str:
        return {
            PayoutStatus.OPEN: "status-submitted",
            PayoutStatus.AWAITING_CHIEF: "status-submitted",
            PayoutStatus.APPROVED: "status-approved",
            PayoutStatus.PAID: "status-active",
            PayoutStatus.CANCELLED: "status-rejected",
        }.get(self.status, "")


class PayoutLine(PublicIdModel):
    """What one batch pays one partner: the partner's unsettled payable balance in the batch's currency, from
    fund claims (`mdf_amount`) and earnings (`earnings_amount`). `transaction`: the payout booked when the
    batch was marked paid (keyed by the line, so it is booked once)."""

    partner_scope = None

    batch = models.ForeignKey(PayoutBatch, on_delete=models.PROTECT, related_name="lines")
    partner = models.ForeignKey(
        "partners.Partner", verbose_name=_("partner"), on_delete=models.PROTECT, related_name="+"
    )
    amount = models.DecimalField(_("amount"), max_digits=LEDGER_DIGITS, decimal_places=2)
    mdf_amount = models.DecimalField(_("fund claims"), max_digits=LEDGER_DIGITS, decimal_places=2, default=0)
    earnings_amount = models.DecimalField(
        _("earnings"), max_digits=LEDGER_DIGITS, decimal_places=2, default=0
    )
    entry_count = models.PositiveIntegerField(_("entries"), default=0)
    transaction = models.OneToOneField(
        LedgerTransaction, null=True, blank=True, on_delete=models.PROTECT, related_name="payout_line"
    )

    class Meta:
        ordering = ["batch", "partner__name", "id"]
        verbose_name = _("payout line")
        verbose_name_plural = _("payout lines")
        constraints = [
            models.UniqueConstraint(fields=["batch", "partner"], name="ledger_one_line_per_partner")
        ]

    def __str__(self) -> str:
        return f"{self.batch} {self.partner}"


class Settlement(models.Model):
    """Ties a payable ledger entry to the batch line that pays it. At most one live settlement per entry (a
    unique index of the database): two batches can never take the same entry, and a paid entry is never paid
    again. Cancelling an unapproved batch releases its settlements (`released_at`); the ledger itself is
    never touched."""

    partner_scope = None

    entry = models.ForeignKey(LedgerEntry, on_delete=models.PROTECT, related_name="settlements")
    line = models.ForeignKey(PayoutLine, on_delete=models.PROTECT, related_name="settlements")
    released_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("settlement")
        verbose_name_plural = _("settlements")
        constraints = [
            models.UniqueConstraint(
                fields=["entry"], condition=Q(released_at__isnull=True), name="ledger_entry_settled_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.entry_id} → {self.line_id}"


class BookCheck(models.Model):
    """The result of proving the books balance (`ledger.check.check_books`), kept once per day by the nightly
    job (a rerun the same day replaces it) and shown on the staff money page."""

    partner_scope = None

    day = models.DateField(_("day"), unique=True)
    checked_at = models.DateTimeField(_("checked"))
    balanced = models.BooleanField(_("balanced"))
    result = models.JSONField(default=dict)
    notified_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedManager()

    class Meta:
        ordering = ["-day"]
        verbose_name = _("book check")
        verbose_name_plural = _("book checks")

    def __str__(self) -> str:
        return str(self.day)
