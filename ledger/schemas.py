"""The ledger API's outputs (inputs are generated from `ledger/inputs.py`). Amounts travel as decimal text,
never floats; each balance stays in its own currency, a sum across currencies is in the program currency at
today's rates or null when a rate is missing (named in `missing_rates`)."""

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any
from uuid import UUID

from ninja import Field, ModelSchema, Schema
from pydantic import BeforeValidator, StrictBool

from core.inputs import api_schema
from core.listing import filterset_schema
from core.money import CENT
from core.schemas import NotBlank
from ledger.filters import BalanceFilterSet, BatchFilterSet, RateFilterSet, TransactionFilterSet
from ledger.inputs import BatchInput, RateImportInput, RateInput, ReverseInput, SettingsInput
from ledger.models import ExchangeRate, MoneySettings
from ledger.rules import BatchAction, TransactionAction, allowed_actions


def _cents(value: Any) -> Any:
    return value if value is None or isinstance(value, str) else str(Decimal(value).quantize(CENT))


AmountText = Annotated[str, BeforeValidator(_cents)]
"""An amount in an answer: decimal text with its two decimals ("1250.00", "-20.00"), never a float."""


class MoneySettingsOut(ModelSchema):
    chief_approval_threshold: AmountText = Field(
        description="Above this amount in the program currency the channel chief approves too"
    )

    class Meta:
        model = MoneySettings
        fields = [
            "reporting_currency",
            "fiscal_year_start_month",
            "fund_period",
            "chief_approval_threshold",
            "rep_money_visibility",
        ]


class ExchangeRateOut(ModelSchema):
    """1 `currency` = `rate` `quote_currency` from `valid_from` until the pair's next rate."""

    id: UUID = Field(alias="public_id")
    rate: str
    entered_by: str | None = Field(None, alias="entered_by.email")

    class Meta:
        model = ExchangeRate
        fields = ["currency", "quote_currency", "valid_from", "created_at"]

    @staticmethod
    def resolve_rate(obj) -> str:
        return f"{obj.rate.normalize():f}"


class ExchangeRateRowOut(Schema):
    row: int
    currency: str
    quote_currency: str
    valid_from: date
    rate: str

    @staticmethod
    def resolve_rate(obj) -> str:
        return f"{obj.rate.normalize():f}"


class ExchangeRateImportOut(Schema):
    dry_run: bool
    written: bool
    rates: list[ExchangeRateRowOut]


class LedgerBalanceOut(Schema):
    """A partner's balances in one currency, each as the account's balance (held or owed: positive)."""

    partner_id: UUID | None = Field(None, alias="partner__public_id")
    partner_name: str | None = Field(None, alias="partner__name")
    currency: str
    available: AmountText = Field(description="Funds available")
    committed: AmountText = Field(description="Funds committed to approved requests")
    mdf_payable: AmountText = Field(description="Fund claims payable")
    earnings_payable: AmountText = Field(description="Earnings payable")
    paid: AmountText = Field(description="Paid out")
    clawed_back: AmountText = Field(description="Clawed back")


class LedgerBalanceSumsOut(Schema):
    currency: str
    available: AmountText
    committed: AmountText
    mdf_payable: AmountText
    earnings_payable: AmountText
    paid: AmountText
    clawed_back: AmountText


class LedgerBalanceTotalsOut(Schema):
    program_currency: str
    rates_of: date = Field(description="The day whose exchange rates converted the totals")
    currencies: list[LedgerBalanceSumsOut] = Field(
        description="The sums per currency of the balances the filters select"
    )
    in_program_currency: dict[str, str | None] = Field(
        description="Each column's sum in the program currency; null when a rate is missing"
    )
    missing_rates: list[str] = Field(description="Currencies without a rate to the program currency")


class LedgerLegOut(Schema):
    account: str
    currency: str
    amount: AmountText = Field(description="Debit positive, credit negative")
    person: str | None = Field(None, alias="person.email", description="Who earned it (a SPIFF)")


class LedgerTransactionOut(Schema):
    id: UUID = Field(alias="public_id")
    key: str = Field(description="The business event it books, once")
    kind: str
    partner_id: UUID | None = Field(None, alias="partner.public_id")
    partner_name: str | None = Field(None, alias="partner.name")
    booked_at: datetime
    description: str = Field(
        alias="described", description="In the language the request asks for (Accept-Language)"
    )
    source_type: str = Field(description='What booked it, such as "funds.claim"')
    source_id: UUID | None
    amount: AmountText | None = Field(None, alias="moved", description="The sum of its debits")
    currency: str | None = Field(None, alias="moved_currency")


class LedgerTransactionDetailOut(LedgerTransactionOut):
    legs: list[LedgerLegOut] = Field(description="The legs you may read (a partner: its own accounts)")
    reverses: UUID | None = Field(None, alias="reverses.public_id")
    reason: str | None = Field(None, description="Why it was booked (a reversal's reason); staff only")
    actions: list[TransactionAction] = Field(description="What you may do next with this transaction")

    @staticmethod
    def resolve_legs(obj, context) -> list[Any]:
        from ledger.selectors import transaction_legs

        return transaction_legs(actor=context["request"].actor, transaction=obj)

    @staticmethod
    def resolve_reason(obj, context) -> str | None:
        return obj.reason if context["request"].actor.is_staff else None

    @staticmethod
    def resolve_actions(obj, context) -> list[str]:
        return allowed_actions(context["request"].actor, obj)


class LedgerStatementMovementOut(Schema):
    booked_at: datetime
    day: date = Field(description="The day it was booked (the program's time zone)")
    description: str
    kind: str
    transaction_id: UUID
    amount: AmountText = Field(description="How the balance moved")
    balance: AmountText = Field(description="The balance after it")


class LedgerStatementSectionOut(Schema):
    currency: str
    account: str
    account_label: str
    opening: AmountText
    moved: AmountText
    closing: AmountText = Field(description="opening + moved")
    movements: list[LedgerStatementMovementOut]


class LedgerStatementPeriodOut(Schema):
    code: str
    kind: str = Field(description="month or quarter")
    label: str
    start: date
    end: date = Field(alias="last_day", description="The period's last day")


class LedgerStatementOut(Schema):
    partner_id: UUID
    partner_name: str
    period: LedgerStatementPeriodOut
    sections: list[LedgerStatementSectionOut]
    csv_url: str
    pdf_url: str = Field(description="A signed download link for the caller, valid a few minutes")


class PayoutLineOut(Schema):
    id: UUID = Field(alias="public_id")
    partner_id: UUID = Field(alias="partner.public_id")
    partner_name: str = Field(alias="partner.name")
    amount: AmountText
    mdf_amount: AmountText = Field(description="Of it, fund claims")
    earnings_amount: AmountText = Field(description="Of it, earnings")
    entry_count: int
    transaction_id: UUID | None = Field(None, alias="transaction.public_id", description="The payout booked")


class PayoutBatchOut(Schema):
    id: UUID = Field(alias="public_id")
    reference: str
    number: int
    currency: str
    status: str
    total: AmountText
    partners: int = Field(alias="line_count")
    note: str
    created_at: datetime
    approved_at: datetime | None
    chief_approved_at: datetime | None
    exported_at: datetime | None
    paid_at: datetime | None
    cancelled_at: datetime | None


class PayoutBatchDetailOut(PayoutBatchOut):
    lines: list[PayoutLineOut]
    program_currency: str
    total_in_program_currency: AmountText | None = Field(description="null when no rate converts it")
    needs_chief: bool = Field(description="Above the chief threshold (or no rate to tell)")
    actions: list[BatchAction] = Field(description="What you may do next with this batch")

    @staticmethod
    def resolve_lines(obj, context) -> list[Any]:
        from ledger.selectors import batch_lines

        return list(batch_lines(actor=context["request"].actor, batch=obj))

    @staticmethod
    def resolve_program_currency(obj) -> str:
        from ledger.selectors import money_settings

        return money_settings().reporting_currency

    @staticmethod
    def resolve_total_in_program_currency(obj) -> str | None:
        from ledger.selectors import in_program_currency

        total = in_program_currency({obj.currency: obj.total}).total
        return None if total is None else str(total)

    @staticmethod
    def resolve_needs_chief(obj) -> bool:
        from ledger.rules import needs_chief

        return needs_chief(obj)

    @staticmethod
    def resolve_actions(obj, context) -> list[str]:
        return allowed_actions(context["request"].actor, obj)


class LedgerPayableOut(Schema):
    currency: str
    total: AmountText = Field(description="What a batch in this currency would pay now")
    partners: int
    held_back: int = Field(
        description="Partners owing money (a clawback larger than their earnings): not paid"
    )


class LedgerPayableNowOut(Schema):
    currencies: list[LedgerPayableOut] = Field(description="Per currency with something payable")


class LedgerBookCheckOut(Schema):
    day: date
    checked_at: datetime
    balanced: bool
    result: dict[str, Any] = Field(
        description="transactions, entries, totals per currency, unbalanced, short, misfiled"
    )


SettingsPatch = api_schema(SettingsInput, "MoneySettingsPatch", partial=True)
RateIn = api_schema(RateInput, "ExchangeRateIn")
RateImportIn = api_schema(
    RateImportInput,
    "ExchangeRateImportIn",
    exclude=("file", "csv"),
    extra={
        "csv": (NotBlank, Field(description="The CSV file's text (header row first)")),
        "dry_run": (StrictBool, False),
    },
)
ReverseIn = api_schema(ReverseInput, "LedgerReverseIn")
BatchIn = api_schema(BatchInput, "PayoutBatchIn")
BalanceQuery = filterset_schema(BalanceFilterSet, "LedgerBalanceQuery")
TransactionQuery = filterset_schema(TransactionFilterSet, "LedgerTransactionQuery")
RateQuery = filterset_schema(RateFilterSet, "ExchangeRateQuery")
BatchQuery = filterset_schema(BatchFilterSet, "PayoutBatchQuery")
