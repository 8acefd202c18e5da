"""The API's answers about recognition, and its inputs (generated from recognition/inputs.py, so limits and
choices are declared once)."""

from datetime import date, datetime
from uuid import UUID

from ninja import Field, Schema

from core.inputs import api_schema
from core.schemas import AmountText, OrBlank, QuerySchema
from partners.choices import PartnerType, Region
from recognition.inputs import AwardInput, GrantInput, RevokeInput, SettingInput
from recognition.models import Anonymity, AwardRule, BoardPeriod, Metric
from recognition.rules import AwardAction, GrantAction, allowed_actions


class LeaderboardQuery(QuerySchema):
    program: UUID | None = Field(None, description="A program's id (empty: every partner)")
    region: OrBlank[Region] = Field("", description="Empty: every region")
    partner_type: OrBlank[PartnerType] = Field("", description="Empty: every partner type")
    period: BoardPeriod = Field(BoardPeriod.THIS_QUARTER, description="The fiscal quarter or year counted")
    metric: Metric = Field(Metric.REVENUE, description="What the board ranks by")


class LeaderboardSummaryQuery(LeaderboardQuery):
    """The same choice as a board's rows (its own name: the rows' query also takes limit and offset)."""


class LeaderboardLineOut(Schema):
    """One row of a leaderboard, as the leaderboard setting lets the reader see it."""

    rank: int | None = Field(description="Ties share a rank; null: not ranked (nothing to rank on)")
    name: str = Field(description="The partner's name; a masked name, or empty, when the setting hides it")
    partner: UUID | None = Field(description="The partner's id, when the reader may know who it is")
    own: bool = Field(description="The reader's own company (a distributor's: or one of its resellers)")
    shown: bool = Field(description="Whether the figures below are shown (else they are null)")
    region: str = Field(description="Staff: the partner's region")
    partner_type: str = Field(description="Staff: the partner's type")
    revenue: AmountText | None = Field(description="Won revenue in the program currency")
    deals: int | None = Field(description="Won deals")
    certifications: int | None = Field(description="Certifications earned by the partner's people")
    growth: AmountText | None = Field(description="Won revenue against the same period last year, in percent")


class LeaderboardOut(Schema):
    period: BoardPeriod
    fiscal_period: str = Field(description="The fiscal quarter or year (FY2026-Q3, FY2026)")
    start: date
    end: date = Field(description="The last day counted")
    currency: str = Field(description="The program currency won revenue is converted into")
    metric: Metric
    anonymity: Anonymity = Field(description="What partners see of the others on this board")
    top_n: int = Field(description="With own_and_top: how many top positions partners see")
    ranked: int = Field(description="How many partners are ranked")
    missing_rates: list[str] = Field(description="Currencies left out of won revenue: no exchange rate")
    own: list[LeaderboardLineOut] = Field(description="Partner users: their own company's position")


class RecognitionProgramOut(Schema):
    id: UUID = Field(alias="public_id")
    code: str
    name: str


class RecognitionAwardOut(Schema):
    id: UUID = Field(alias="public_id")
    name: str = Field(description="In the reader's language")
    name_en: str
    name_ru: str
    description_en: str
    description_ru: str
    rule: AwardRule
    metric: OrBlank[Metric]
    program: RecognitionProgramOut | None
    top: int
    threshold: int
    is_active: bool
    created_at: datetime
    updated_at: datetime
    grant_count: int | None = Field(None, description="Partners holding it (lists)")

    @staticmethod
    def resolve_grant_count(obj) -> int | None:
        return getattr(obj, "grant_count", None)


class RecognitionAwardDetailOut(RecognitionAwardOut):
    actions: list[AwardAction] = Field(description="What you may do next with this award")

    @staticmethod
    def resolve_actions(obj, context) -> list[str]:
        return allowed_actions(context["request"].actor, obj)


class RecognitionAwardRefOut(Schema):
    id: UUID = Field(alias="public_id")
    name: str
    name_en: str
    name_ru: str
    description: str


class RecognitionPartnerOut(Schema):
    id: UUID = Field(alias="public_id")
    name: str


class AwardGrantOut(Schema):
    id: UUID = Field(alias="public_id")
    award: RecognitionAwardRefOut
    partner: RecognitionPartnerOut
    period: str = Field(description="A fiscal quarter or year, or empty (once)")
    citation: str = Field(description="In the reader's language")
    citation_en: str
    citation_ru: str
    rank: int | None = Field(description="A leaderboard award: the rank that earned it")
    automatic: bool = Field(description="Granted by the award's rule")
    granted_at: datetime
    revoked_at: datetime | None = Field(description="Staff: when it was revoked")
    revoke_reason: str = Field(description="Staff: why")


class AwardGrantDetailOut(AwardGrantOut):
    actions: list[GrantAction] = Field(description="What you may do next with this grant")

    @staticmethod
    def resolve_actions(obj, context) -> list[str]:
        return allowed_actions(context["request"].actor, obj)


class LeaderboardSettingOut(Schema):
    id: UUID = Field(alias="public_id")
    program: RecognitionProgramOut | None = Field(description="Empty: the setting for every program")
    anonymity: Anonymity
    top_n: int
    updated_at: datetime


AwardIn = api_schema(AwardInput, "AwardIn")
AwardPatch = api_schema(AwardInput, "AwardPatch", partial=True)
GrantIn = api_schema(GrantInput, "AwardGrantIn")
RevokeIn = api_schema(RevokeInput, "AwardRevokeIn")
SettingIn = api_schema(SettingInput, "LeaderboardSettingIn")
