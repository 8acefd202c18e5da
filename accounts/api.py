from datetime import datetime
from enum import StrEnum
from uuid import UUID

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from accounts import selectors, services
from accounts.filters import MemberFilterSet, TokenFilterSet
from accounts.models import ApiToken, Invitation, Membership
from accounts.scopes import TokenScope
from core.listing import filterset_schema, query_data
from core.pagination import KanalPagination
from core.roles import PartnerRole, StaffRole
from core.schemas import InputSchema
from core.scoping import get_visible_or_404
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


class MemberOut(Schema):
    id: UUID = Field(alias="public_id")
    user_id: UUID
    email: str
    full_name: str
    role: str
    is_active: bool
    partner_id: UUID

    @staticmethod
    def resolve_user_id(obj):
        return obj.user.public_id

    @staticmethod
    def resolve_email(obj):
        return obj.user.email

    @staticmethod
    def resolve_full_name(obj):
        return obj.user.full_name

    @staticmethod
    def resolve_partner_id(obj):
        return obj.partner.public_id


class MemberUpdateIn(InputSchema, model=Membership):
    role: PartnerRole | None = None
    is_active: bool | None = None


class InviteIn(InputSchema, model=Invitation):
    email: str
    role: PartnerRole
    full_name: str = ""


class StaffInviteIn(InputSchema, model=Invitation):
    email: str
    role: StaffRole
    full_name: str = ""


class InvitationOut(Schema):
    id: UUID = Field(alias="public_id")
    email: str
    full_name: str
    partner_role: str
    staff_role: str
    state: str
    expires_at: datetime


class TokenIn(InputSchema, model=ApiToken):
    name: str
    expires_in_days: int | None = Field(
        default=None,
        ge=1,
        le=settings.API_TOKEN_MAX_DAYS,
        description=f"How long the token lives (days). Omitted: {settings.API_TOKEN_DEFAULT_DAYS} days "
        "(or, when created with a token, at most as long as that token).",
    )
    scopes: list[TokenScope] | None = Field(
        default=None,
        description="Areas the token may read or write (write includes read). Omitted: every area, read and "
        "write (or, when created with a token, that token's scopes).",
    )


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
def invite_member(request, partner_id: UUID, payload: InviteIn):
    partner = partner_get(actor=request.actor, public_id=partner_id)
    invitation, _raw = services.invitation_create_for_partner(
        actor=request.actor,
        partner=partner,
        email=payload.email,
        role=payload.role,
        full_name=payload.full_name,
    )
    return 201, invitation


@router.get("/partners/{partner_id}/invitations", response=list[InvitationOut])
@paginate(KanalPagination)
def list_invitations(request, partner_id: UUID):
    partner = partner_get(actor=request.actor, public_id=partner_id)
    return Invitation.objects.visible_to(request.actor).filter(partner=partner)


@router.patch("/members/{member_id}", response=MemberOut, summary="Change a user's role or deactivate them")
def update_member(request, member_id: UUID, payload: MemberUpdateIn):
    membership = get_visible_or_404(
        Membership.objects.visible_to(request.actor).select_related("user", "partner"), public_id=member_id
    )
    with transaction.atomic():  # both changes or neither
        if payload.role is not None:
            membership = services.membership_change_role(
                actor=request.actor, membership=membership, role=payload.role
            )
        if payload.is_active is not None:
            membership = services.membership_set_active(
                actor=request.actor, membership=membership, active=payload.is_active
            )
    return Membership.objects.select_related("user", "partner").get(pk=membership.pk)


@router.post("/invitations/{invitation_id}/revoke", response=InvitationOut, summary="Withdraw an invitation")
def revoke_invitation(request, invitation_id: UUID):
    invitation = get_visible_or_404(Invitation.objects.visible_to(request.actor), public_id=invitation_id)
    return services.invitation_revoke(actor=request.actor, invitation=invitation)


@router.get("/staff/invitations", response=list[InvitationOut], summary="Staff invitations (channel ops)")
@paginate(KanalPagination)
def list_staff_invitations(request):
    if not request.actor.can("staff.manage"):
        raise PermissionDenied
    return selectors.staff_invitations(actor=request.actor)


@router.post(
    "/staff/invitations", response={201: InvitationOut}, summary="Invite a staff member (channel ops)"
)
def invite_staff(request, payload: StaffInviteIn):
    invitation, _raw = services.invitation_create_for_staff(
        actor=request.actor, email=payload.email, role=payload.role, full_name=payload.full_name
    )
    return 201, invitation


@router.get("/tokens", response=list[TokenOut], summary="Your API tokens")
@paginate(KanalPagination)
def list_tokens(request, filters: Query[TokenQuery]):  # type: ignore[valid-type]
    return selectors.token_filters(actor=request.actor, data=query_data(filters), strict=True).qs


@router.post("/tokens", response={201: TokenCreatedOut}, summary="Create an API token (shown once)")
def create_token(request, payload: TokenIn):
    token, raw = services.api_token_create(
        actor=request.actor,
        name=payload.name,
        expires_in_days=payload.expires_in_days,
        scopes=None if payload.scopes is None else [getattr(s, "value", s) for s in payload.scopes],
        via_token=getattr(request, "api_token", None),
    )
    token.token = raw
    return 201, token


@router.post("/tokens/{token_id}/revoke", response=TokenOut)
def revoke_token(request, token_id: UUID):
    token = get_visible_or_404(selectors.tokens_for(actor=request.actor), public_id=token_id)
    return services.api_token_revoke(actor=request.actor, token=token)
