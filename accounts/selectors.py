from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from accounts.filters import MemberFilterSet, TokenFilterSet
from accounts.models import ApiToken, Invitation, Membership, User
from core.actor import Actor
from core.listing import bind_filters
from notifications.kinds import Channel, NotificationKind
from notifications.selectors import kinds_for, preferences_for

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


@dataclass(frozen=True)
class Preferences:
    """A person's own settings: their language ("" until they use or choose one) and, for each kind of
    notification meant for them, how they hear about it."""

    language: str
    kinds: list[NotificationKind]
    channels: dict[str, Channel]


def user_preferences(*, actor: Actor) -> Preferences:
    if actor.user is None:
        raise PermissionDenied
    language = User.objects.filter(pk=actor.user.pk).values_list("language", flat=True).first() or ""
    return Preferences(
        language=language,
        kinds=kinds_for(actor=actor),
        channels=preferences_for(actor=actor),
    )
