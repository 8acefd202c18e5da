"""The API's shapes of incentives: outputs written here, inputs generated from the pages' inputs."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from ninja import Field, Schema

from core.inputs import api_schema
from core.listing import filterset_schema
from core.schemas import AmountText, QuerySchema
from incentives.filters import DisputeFilterSet, EarningFilterSet, ProgramFilterSet, TargetFilterSet
from incentives.inputs import (
    DisputeApprovalInput,
    DisputeDecisionInput,
    DisputeInput,
    ProgramInput,
    RuleInput,
    TargetInput,
)
from incentives.rules import DisputeAction, ProgramAction, allowed_actions


class VolumeTierOut(Schema):
    from_amount: AmountText
    rate: AmountText


class IncentiveRuleOut(Schema):
    id: UUID = Field(alias="public_id")
    position: int
    basis: str
    rate: AmountText | None = Field(None, description="Percent; null: the volume tiers' rate")
    amount: AmountText | None = Field(None, description="A fixed amount in the program currency")
    products: list[UUID]
    families: list[UUID]
    partner_types: list[str]
    tiers: list[str]
    deal_types: list[str]
    starts_on: date | None
    ends_on: date | None

    @staticmethod
    def resolve_products(obj) -> list[UUID]:
        return [p.public_id for p in obj.products.all()]

    @staticmethod
    def resolve_families(obj) -> list[UUID]:
        return [f.public_id for f in obj.families.all()]


class IncentiveProgramOut(Schema):
    id: UUID = Field(alias="public_id")
    name: str = Field(description="In the reader's language (English when there is no Russian name)")
    name_en: str
    name_ru: str
    kind: str
    status: str
    version: int
    previous_id: UUID | None = Field(None, alias="previous.public_id")
    currency: str
    starts_on: date
    ends_on: date | None
    period: str
    partner_types: list[str]
    tiers: list[str]
    regions: list[str]
    clawback_days: int
    cap: AmountText | None = None
    accelerator: AmountText | None = None
    accrued_until: datetime | None = Field(
        None, description="Won deals closed before this moment are accrued"
    )


class IncentiveProgramDetailOut(IncentiveProgramOut):
    description_en: str
    description_ru: str
    summary_en: list[str] = Field(description="The program in plain English, written from its rules")
    summary_ru: list[str] = Field(description="The same in Russian")
    rules: list[IncentiveRuleOut]
    volume_tiers: list[VolumeTierOut]
    actions: list[ProgramAction] = Field(description="What you may do next with this program")

    @staticmethod
    def resolve_summary_en(obj) -> list[str]:
        from incentives.describe import summary_in

        return summary_in(obj, "en")

    @staticmethod
    def resolve_summary_ru(obj) -> list[str]:
        from incentives.describe import summary_in

        return summary_in(obj, "ru")

    @staticmethod
    def resolve_rules(obj, context) -> list:
        from incentives.selectors import program_rules

        return program_rules(actor=context["request"].actor, program=obj)

    @staticmethod
    def resolve_volume_tiers(obj, context) -> list:
        from incentives.selectors import program_tiers

        return program_tiers(actor=context["request"].actor, program=obj)

    @staticmethod
    def resolve_actions(obj, context) -> list[str]:
        return allowed_actions(context["request"].actor, obj)


class IncentiveTargetOut(Schema):
    id: UUID = Field(alias="public_id")
    program_id: UUID = Field(alias="program.public_id")
    partner_id: UUID = Field(alias="partner.public_id")
    partner_name: str = Field(alias="partner.name")
    period: str
    amount: AmountText
    currency: str = Field(alias="program.currency")


class EarningEntryOut(Schema):
    """One entry on a partner's earnings payable: plus what was earned or adjusted, minus what was clawed
    back or paid."""

    id: UUID = Field(alias="transaction.public_id", description="The ledger transaction")
    booked_at: datetime
    kind: str = Field(alias="transaction.kind")
    description: str = Field(
        alias="transaction.described", description="In the language the request asks for (Accept-Language)"
    )
    partner_id: UUID = Field(alias="partner.public_id")
    partner_name: str = Field(alias="partner.name")
    person_email: str | None = Field(None, alias="person.email")
    amount: AmountText
    currency: str
    source_id: UUID | None = Field(None, alias="transaction.source_id", description="The accrual or dispute")

    @staticmethod
    def resolve_amount(obj) -> str:
        return str(-obj.amount)


class CurrencyTotalsOut(Schema):
    currency: str
    earned: AmountText
    clawed_back: AmountText
    paid: AmountText
    pending: AmountText = Field(description="Earned and not paid yet: the balance of earnings payable")
    forecast: AmountText = Field(description="What the open protected registrations would earn if won today")


class ForecastLineOut(Schema):
    registration_id: UUID = Field(alias="registration.public_id")
    customer_name: str = Field(alias="registration.customer_name")
    program_id: UUID = Field(alias="program.public_id")
    program_name: str
    amount: AmountText
    currency: str

    @staticmethod
    def resolve_program_name(obj) -> str:
        return str(obj.program)


class EarningsSummaryOut(Schema):
    totals: list[CurrencyTotalsOut]
    forecast: list[ForecastLineOut]


class EarningLineOut(Schema):
    """What one registration earned (or gave back) under one program: a statement's detail line."""

    registration_id: UUID | None = Field(None, alias="registration.public_id")
    customer_name: str | None = Field(None, alias="registration.customer_name")
    program_id: UUID | None = Field(None, alias="program.public_id")
    program_name: str | None = None
    basis: AmountText = Field(description="The amount won the earning is based on (a clawback: the refund)")
    amount: AmountText
    currency: str
    kind: str = Field(description='"accrual", "clawback" or "adjustment"')
    booked_at: datetime

    @staticmethod
    def resolve_program_name(obj) -> str | None:
        return str(obj.program) if obj.program else None


class AccrualLineOut(Schema):
    registration_id: UUID | None = Field(None, alias="registration.public_id")
    customer_name: str | None = Field(None, alias="registration.customer_name")
    basis: AmountText
    amount: AmountText
    reopened: bool = Field(alias="departed", description="Reopened since: the share recorded then")


class AccrualOut(Schema):
    id: UUID = Field(alias="public_id")
    program_id: UUID = Field(alias="program.public_id")
    program_name: str
    partner_id: UUID = Field(alias="partner.public_id")
    person_email: str | None = Field(None, alias="person.email")
    period: str
    currency: str
    window_start: datetime
    window_end: datetime
    basis: AmountText
    amount: AmountText
    lines: list[AccrualLineOut]

    @staticmethod
    def resolve_program_name(obj) -> str:
        return str(obj.program)

    @staticmethod
    def resolve_lines(obj, context) -> list:
        from incentives.selectors import accrual_lines

        return accrual_lines(actor=context["request"].actor, accrual=obj)


class DisputeOut(Schema):
    id: UUID = Field(alias="public_id")
    partner_id: UUID = Field(alias="partner.public_id")
    partner_name: str = Field(alias="partner.name")
    kind: str
    status: str
    registration_id: UUID = Field(alias="registration.public_id")
    customer_name: str = Field(alias="registration.customer_name")
    program_id: UUID | None = Field(None, alias="program.public_id")
    reason: str
    raised_by_email: str | None = Field(None, alias="raised_by.email")
    decided_at: datetime | None
    decision_note: str
    adjustment_amount: AmountText | None = None
    adjustment_currency: str
    created_at: datetime


class DisputeDetailOut(DisputeOut):
    actions: list[DisputeAction] = Field(description="What you may do next with this dispute")

    @staticmethod
    def resolve_actions(obj, context) -> list[str]:
        return allowed_actions(context["request"].actor, obj)


class AccrualRunProblemOut(Schema):
    program: str
    message: str


class AccrualRunOut(Schema):
    id: UUID = Field(alias="public_id")
    trigger: str
    cutoff: datetime
    finished_at: datetime | None
    programs: int
    groups: int
    booked: int = Field(description="Ledger transactions booked")
    problems: list[AccrualRunProblemOut]


class EarningsQuery(QuerySchema):
    partner: UUID | None = Field(None, description="Staff: whose earnings (partner users: their own)")


class EarningLinesQuery(QuerySchema):
    partner: UUID | None = Field(None, description="Staff: whose lines (partner users: their own)")
    start: date | None = Field(None, description="Booked from this day (default: the current fiscal quarter)")
    end: date | None = Field(None, description="Booked before this day (default: the end of that quarter)")


ProgramIn = api_schema(ProgramInput, "IncentiveProgramIn")
ProgramPatch = api_schema(ProgramInput, "IncentiveProgramPatch", partial=True)
RuleIn = api_schema(RuleInput, "IncentiveRuleIn")
RulePatch = api_schema(RuleInput, "IncentiveRulePatch", partial=True)
TargetIn = api_schema(TargetInput, "IncentiveTargetIn")
DisputeIn = api_schema(DisputeInput, "IncentiveDisputeIn")
DisputeDecisionIn = api_schema(DisputeDecisionInput, "IncentiveDisputeDecisionIn")
DisputeApprovalIn = api_schema(DisputeApprovalInput, "IncentiveDisputeApprovalIn")
ProgramQuery = filterset_schema(ProgramFilterSet, "IncentiveProgramQuery")
TargetQuery = filterset_schema(TargetFilterSet, "IncentiveTargetQuery")
EarningQuery = filterset_schema(EarningFilterSet, "IncentiveEarningQuery")
DisputeQuery = filterset_schema(DisputeFilterSet, "IncentiveDisputeQuery")
