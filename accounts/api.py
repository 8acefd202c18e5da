from datetime import datetime
from enum import StrEnum
from typing import Any, Literal
from uuid import UUID

from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from accounts import selectors, services
from accounts.filters import MemberFilterSet, TokenFilterSet
from accounts.inputs import ApiTokenInput, InviteInput, MemberInput
from accounts.models import Invitation, Membership
from accounts.scopes import TokenScope
from core.inputs import api_schema, body_values
from core.listing import filterset_schema, query_data
from core.pagination import KanalPagination
from core.schemas import InputSchema
from core.scoping import get_visible_or_404
from notifications.kinds import Channel, all_kinds
from partners.selectors import partner_get

router = Router(tags=["users"])


MemberQuery = filterset_schema(MemberFilterSet, "MemberQuery")
TokenQuery = filterset_schema(TokenFilterSet, "TokenQuery")


class TokenState(StrEnum):
    ACTIVE = "active"
    EXPIRED = "expired"
    REVOKED = "revoked"


class MeOut(Schema):
    id: UUID
    email: str
    full_name: str
    staff_role: str
    partner_id: UUID | None
    partner_role: str


class Language(StrEnum):
    EN = "en"
    RU = "ru"


class NotificationPreferenceOut(Schema):
    kind: str = Field(description="The notification's verb, e.g. deal_registration.approved")
    label: str = Field(description="In the request's language")
    channel: Channel


class PreferencesOut(Schema):
    language: Language | None = Field(
        description="Pages after signing in and every email are in this language; null: not chosen yet"
    )
    notifications: list[NotificationPreferenceOut]


# The kinds the apps registered in ready() (this module loads with the URLs, after them): the schema names
# them, so an unknown kind is refused by the schema; one meant for the other side is "not_your_kind".
NotificationKindName = Literal[tuple(sorted(kind.verb for kind in all_kinds()))]  # type: ignore[valid-type]


class PreferencesIn(InputSchema):
    """Send only what changes: a kind left out keeps its setting."""

    language: Language | None = None
    notifications: dict[NotificationKindName, Channel] = Field(  # type: ignore[valid-type]
        default_factory=dict, description="{kind: channel} for kinds meant for you (see GET)"
    )


class MemberOut(Schema):
    id: UUID = Field(alias="public_id")
    user_id: UUID = Field(alias="user.public_id")
    email: str = Field(alias="user.email")
    full_name: str = Field(alias="user.full_name")
    role: str
    is_active: bool
    partner_id: UUID = Field(alias="partner.public_id")


# Bodies: generated from the pages' inputs (accounts/inputs.py): fields, limits, choices declared once.
MemberUpdateIn = api_schema(MemberInput, "MemberUpdateIn", partial=True)
InviteIn = api_schema(InviteInput, "InviteIn")
StaffInviteIn = api_schema(InviteInput, "StaffInviteIn", staff=True)
TokenIn = api_schema(ApiTokenInput, "TokenIn")


class InvitationOut(Schema):
    id: UUID = Field(alias="public_id")
    email: str
    full_name: str
    partner_role: str
    staff_role: str
    state: str
    expires_at: datetime


class TokenOut(Schema):
    id: UUID = Field(alias="public_id")
    name: str
    prefix: str
    created_at: datetime
    expires_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None
    state: TokenState
    scopes: list[TokenScope] = Field(alias="scope_list")


class TokenCreatedOut(TokenOut):
    token: str


@router.get("/me", response=MeOut, summary="Who the request acts as")
def me(request):
    actor = request.actor
    return {
        "id": actor.user.public_id,
        "email": actor.user.email,
        "full_name": actor.user.full_name,
        "staff_role": actor.staff_role,
        "partner_id": actor.partner.public_id if actor.partner else None,
        "partner_role": actor.partner_role,
    }


def _preferences(actor) -> dict[str, Any]:
    found = selectors.user_preferences(actor=actor)
    return {
        "language": found.language or None,
        "notifications": [
            {"kind": kind.verb, "label": str(kind.label), "channel": found.channels[kind.verb]}
            for kind in found.kinds
        ],
    }


@router.get("/me/preferences", response=PreferencesOut, summary="Your language and notification settings")
def get_preferences(request):
    return _preferences(request.actor)


@router.put(
    "/me/preferences", response=PreferencesOut, summary="Change your language or notification settings"
)
def put_preferences(request, payload: PreferencesIn):
    values = body_values(payload, exclude_none=True)
    services.user_preferences_update(actor=request.actor, data=values, partial=True)
    return _preferences(request.actor)


@router.get("/partners/{partner_id}/members", response=list[MemberOut], summary="A partner's users")
@paginate(KanalPagination)
def list_members(request, partner_id: UUID, filters: Query[MemberQuery]):  # type: ignore[valid-type]
    partner = partner_get(actor=request.actor, public_id=partner_id)
    found = selectors.team_filters(
        actor=request.actor, partner=partner, data=query_data(filters), strict=True
    )
    return found.qs.select_related("partner")


@router.post(
    "/partners/{partner_id}/invitations", response={201: InvitationOut}, summary="Invite a partner user"
)
def invite_member(request, partner_id: UUID, payload: InviteIn):  # type: ignore[valid-type]
    partner = partner_get(actor=request.actor, public_id=partner_id)
    invitation, _raw = services.invitation_create_for_partner(
        actor=request.actor, partner=partner, data=InviteInput.from_api(body_values(payload))
    )
    return 201, invitation


@router.get("/partners/{partner_id}/invitations", response=list[InvitationOut])
@paginate(KanalPagination)
def list_invitations(request, partner_id: UUID):
    partner = partner_get(actor=request.actor, public_id=partner_id)
    return Invitation.objects.visible_to(request.actor).filter(partner=partner)


@router.patch("/members/{member_id}", response=MemberOut, summary="Change a user's role or deactivate them")
def update_member(request, member_id: UUID, payload: MemberUpdateIn):  # type: ignore[valid-type]
    membership = get_visible_or_404(
        Membership.objects.visible_to(request.actor).select_related("user", "partner"), public_id=member_id
    )
    data = MemberInput.from_api(body_values(payload, exclude_none=True), partial=True)
    membership = services.membership_update(actor=request.actor, membership=membership, data=data)
    return Membership.objects.select_related("user", "partner").get(pk=membership.pk)


@router.post("/invitations/{invitation_id}/revoke", response=InvitationOut, summary="Withdraw an invitation")
def revoke_invitation(request, invitation_id: UUID):
    invitation = get_visible_or_404(Invitation.objects.visible_to(request.actor), public_id=invitation_id)
    return services.invitation_revoke(actor=request.actor, invitation=invitation)


@router.get("/staff/invitations", response=list[InvitationOut], summary="Staff invitations (channel ops)")
@paginate(KanalPagination)
def list_staff_invitations(request):
    request.actor.require("staff.manage")
    return selectors.staff_invitations(actor=request.actor)


@router.post(
    "/staff/invitations", response={201: InvitationOut}, summary="Invite a staff member (channel ops)"
)
def invite_staff(request, payload: StaffInviteIn):  # type: ignore[valid-type]
    invitation, _raw = services.invitation_create_for_staff(
        actor=request.actor, data=InviteInput.from_api(body_values(payload), staff=True)
    )
    return 201, invitation


@router.get("/tokens", response=list[TokenOut], summary="Your API tokens")
@paginate(KanalPagination)
def list_tokens(request, filters: Query[TokenQuery]):  # type: ignore[valid-type]
    return selectors.token_filters(actor=request.actor, data=query_data(filters), strict=True).qs


@router.post("/tokens", response={201: TokenCreatedOut}, summary="Create an API token (shown once)")
def create_token(request, payload: TokenIn):  # type: ignore[valid-type]
    # A lifetime or scopes left out (or null) take the service's defaults.
    data = ApiTokenInput.from_api(body_values(payload, exclude_none=True), partial=True)
    token, raw = services.api_token_create(
        actor=request.actor, data=data, via_token=getattr(request, "api_token", None)
    )
    return 201, TokenOut.from_orm(token).dict(by_alias=True) | {"token": raw}


@router.post("/tokens/{token_id}/revoke", response=TokenOut)
def revoke_token(request, token_id: UUID):
    token = get_visible_or_404(selectors.tokens_for(actor=request.actor), public_id=token_id)
    return services.api_token_revoke(actor=request.actor, token=token)
