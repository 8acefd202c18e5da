from collections.abc import Mapping
from typing import Any

from accounts.filters import MemberFilterSet, TokenFilterSet
from accounts.models import ApiToken, Invitation, Membership, User
from core.listing import bind_filters


def team_for_partner(*, actor, partner):
    return (
        Membership.objects.visible_to(actor)
        .filter(partner=partner)
        .select_related("user")
        .order_by("-is_active", "role", "user__email")
    )


def team_filters(*, actor, partner, data: Mapping[str, Any] | None = None, strict: bool = False):
    """The team list's bound FilterSet (`.qs` are the memberships, `.form` the filter form)."""
    return bind_filters(
        MemberFilterSet, data, queryset=team_for_partner(actor=actor, partner=partner), strict=strict
    )


def pending_invitations_for_partner(*, actor, partner):
    return [i for i in Invitation.objects.visible_to(actor).filter(partner=partner) if i.is_pending]


def staff_users(*, actor):
    return User.objects.visible_to(actor).exclude(staff_role="").order_by("staff_role", "email")


def staff_invitations(*, actor):
    return Invitation.objects.visible_to(actor).filter(partner__isnull=True)


def cams(*, actor):
    from core.roles import StaffRole

    return User.objects.visible_to(actor).filter(
        staff_role__in=[StaffRole.CAM, StaffRole.CHIEF], is_active=True
    )


def tokens_for(*, actor):
    if not actor.is_authenticated:
        return ApiToken.objects.none()
    return ApiToken.objects.filter(user=actor.user)


def token_filters(*, actor, data: Mapping[str, Any] | None = None, strict: bool = False):
    """Your API tokens, newest first, through their FilterSet."""
    queryset = tokens_for(actor=actor).order_by("-created_at", "-id")
    return bind_filters(TokenFilterSet, data, queryset=queryset, strict=strict)
