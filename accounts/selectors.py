from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet

from accounts.filters import MemberFilterSet, TokenFilterSet
from accounts.models import ApiToken, Invitation, Membership, User
from core.actor import Actor
from core.listing import bind_filters

if TYPE_CHECKING:
    from partners.models import Partner


def team_for_partner(*, actor: Actor, partner: Partner) -> QuerySet[Membership]:
    return (
        Membership.objects.visible_to(actor)
        .filter(partner=partner)
        .select_related("user")
        .order_by("-is_active", "role", "user__email")
    )


def team_filters(
    *, actor: Actor, partner: Partner, data: Mapping[str, Any] | None = None, strict: bool = False
) -> MemberFilterSet:
    """The team list's bound FilterSet (`.qs` are the memberships, `.form` the filter form)."""
    return bind_filters(
        MemberFilterSet, data, queryset=team_for_partner(actor=actor, partner=partner), strict=strict
    )


def pending_invitations_for_partner(*, actor: Actor, partner: Partner) -> list[Invitation]:
    return [i for i in Invitation.objects.visible_to(actor).filter(partner=partner) if i.is_pending]


def staff_users(*, actor: Actor) -> QuerySet[User]:
    return User.objects.visible_to(actor).exclude(staff_role="").order_by("staff_role", "email")


def staff_invitations(*, actor: Actor) -> QuerySet[Invitation]:
    return Invitation.objects.visible_to(actor).filter(partner__isnull=True)


def cams(*, actor: Actor) -> QuerySet[User]:
    from core.roles import StaffRole

    return User.objects.visible_to(actor).filter(
        staff_role__in=[StaffRole.CAM, StaffRole.CHIEF], is_active=True
    )


def tokens_for(*, actor: Actor) -> QuerySet[ApiToken]:
    if not actor.is_authenticated:
        return ApiToken.objects.none()
    return ApiToken.objects.filter(user=actor.user)


def token_filters(
    *, actor: Actor, data: Mapping[str, Any] | None = None, strict: bool = False
) -> TokenFilterSet:
    """Your API tokens, newest first, through their FilterSet."""
    queryset = tokens_for(actor=actor).order_by("-created_at", "-id")
    return bind_filters(TokenFilterSet, data, queryset=queryset, strict=strict)
