from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from ninja import Field, ModelSchema, Schema

from core.inputs import api_schema
from core.listing import filterset_schema
from referrals.filters import AttributionFilterSet, LinkFilterSet
from referrals.inputs import LinkInput, SettingsInput
from referrals.models import Attribution, ReferralLink, ReferralSettings
from referrals.rules import LinkAction, allowed_actions
from referrals.tables import short_path


class ReferralLinkOut(ModelSchema):
    """A referral link. `short_path` is the link to share (/r/<code>), `clicks` and `leads` its totals."""

    id: UUID = Field(alias="public_id")
    partner_id: UUID = Field(alias="partner.public_id")
    partner_name: str = Field(alias="partner.name")
    owner_email: str | None = Field(None, alias="owner.email")
    short_path: str
    clicks: int = Field(description="Every click, those that cannot earn a credit included")
    leads: int = Field(description="Leads credited to the partner through this link")

    class Meta:
        model = ReferralLink
        fields = [
            "code",
            "name",
            "destination",
            "utm_source",
            "utm_medium",
            "utm_campaign",
            "utm_content",
            "utm_term",
            "active",
            "created_at",
        ]

    @staticmethod
    def resolve_short_path(obj) -> str:
        return short_path(obj.code)

    @staticmethod
    def resolve_clicks(obj) -> int:
        return getattr(obj, "clicks_total", None) or 0

    @staticmethod
    def resolve_leads(obj) -> int:
        return getattr(obj, "leads_total", None) or 0


class ReferralLinkDetailOut(ReferralLinkOut):
    actions: list[LinkAction] = Field(description="What you may do next with this link")

    @staticmethod
    def resolve_actions(obj, context) -> list[str]:
        return allowed_actions(context["request"].actor, obj)


class ReferralNumbersOut(Schema):
    clicks: int
    flagged_clicks: int = Field(
        description="Clicks that cannot earn a credit: bots, the partner's own, floods"
    )
    leads: int = Field(description="Leads credited")
    excluded: int = Field(description="Leads that came through a link or referral but are not credited")
    converted: int = Field(description="Credited leads converted into deal registrations")
    won: int
    revenue: dict[str, Decimal] = Field(
        description="Won amounts per currency (never added across currencies)"
    )


class ReferralWeekOut(Schema):
    week: date = Field(description="The week's Monday")
    clicks: int
    leads: int
    converted: int


class ReferralRevenueWeekOut(Schema):
    week: date = Field(description="The week's Monday")
    currency: str
    amount: Decimal = Field(description="Won in that week, in that currency")


class ReferralStatsOut(Schema):
    all_time: ReferralNumbersOut
    weeks: list[ReferralWeekOut]
    revenue_weeks: list[ReferralRevenueWeekOut] = Field(description="Weeks with a win only")


class AttributionStepOut(Schema):
    kind: str = Field(description="click, referral, landing, lead, registration or won")
    when: datetime | None
    text: str


class AttributionOut(ModelSchema):
    """How a lead came and whom it is credited to; `reason` says why not when `status` is excluded."""

    id: UUID = Field(alias="public_id")
    lead_id: UUID = Field(alias="lead.public_id")
    lead_company: str = Field(alias="lead.company_name")
    partner_id: UUID = Field(alias="partner.public_id")
    partner_name: str = Field(alias="partner.name")
    link_id: UUID | None = Field(None, alias="link.public_id")
    registration_id: UUID | None = Field(None, alias="lead.registration.public_id")
    registration_status: str | None = Field(None, alias="lead.registration.status")
    detail: dict[str, Any] = Field(description="What an exclusion rests on: {why, domain, customer, record}")

    class Meta:
        model = Attribution
        fields = ["source", "status", "reason", "model", "window_days", "detail", "created_at"]


class AttributionDetailOut(AttributionOut):
    chain: list[AttributionStepOut]


class ReferralSettingsOut(ModelSchema):
    allowed_hosts: list[str] = Field(description="The vendor's sites links may lead to (with subdomains)")

    class Meta:
        model = ReferralSettings
        fields = [
            "attribution_model",
            "window_days",
            "allowed_hosts",
            "client_clicks_per_minute",
            "link_clicks_per_minute",
        ]


LinkIn = api_schema(LinkInput, "ReferralLinkIn")
LinkPatch = api_schema(LinkInput, "ReferralLinkPatch", partial=True, exclude=("personal",))
SettingsPatch = api_schema(SettingsInput, "ReferralSettingsPatch", partial=True)
LinkQuery = filterset_schema(LinkFilterSet, "ReferralLinkQuery")
AttributionQuery = filterset_schema(AttributionFilterSet, "AttributionQuery")
