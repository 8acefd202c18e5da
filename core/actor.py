"""The Actor: who is acting, in which role, and which partners' records they may see.

Built once per request by `build_actor` (the web middleware and the API token auth both call it);
selectors and services receive it as a keyword argument and never read access from elsewhere.

Core knows roles, not people: the app that owns users and memberships (`accounts`) installs the builder
from its `AppConfig.ready()` with `set_actor_builder` (see `accounts/actor.py`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ImproperlyConfigured, PermissionDenied

from core.roles import PERMISSIONS

SESSION_PARTNER_KEY = "kanal_partner_id"


@dataclass(frozen=True)
class Actor:
    user: Any = None  # the signed-in user (accounts.User), None for anonymous and system actors
    staff_role: str = ""
    membership: Any = None  # the accounts.Membership a partner user acts through
    visible_partner_ids: frozenset[int] = field(default_factory=frozenset)
    # the user's other active memberships (partner loaded): the companies the user may switch to act for
    other_memberships: tuple[Any, ...] = ()

    @property
    def is_authenticated(self) -> bool:
        return self.user is not None

    @property
    def is_staff(self) -> bool:
        return bool(self.staff_role)

    @property
    def is_partner(self) -> bool:
        return self.membership is not None

    @property
    def partner(self) -> Any:
        return self.membership.partner if self.membership else None

    @property
    def partner_id(self) -> int | None:
        return self.membership.partner_id if self.membership else None

    @property
    def partner_role(self) -> str:
        return self.membership.role if self.membership else ""

    @property
    def role(self) -> str:
        return self.staff_role or self.partner_role

    def can(self, permission: str) -> bool:
        staff_roles, partner_roles = PERMISSIONS[permission]
        if self.is_staff:
            return self.staff_role in staff_roles
        if self.is_partner:
            return self.partner_role in partner_roles
        return False

    def require(self, permission: str) -> None:
        """PermissionDenied unless the role allows `permission`: the check of views, endpoints, services."""
        if not self.can(permission):
            raise PermissionDenied

    def can_see_partner(self, partner_id: int) -> bool:
        return self.is_staff or partner_id in self.visible_partner_ids

    def __str__(self) -> str:
        return self.user.email if self.user else "anonymous"


ANONYMOUS = Actor()


def system_actor() -> Actor:
    """For scheduled jobs and seeding: acts with channel operations rights, attributed to nobody."""
    from core.roles import StaffRole

    return Actor(user=None, staff_role=StaffRole.OPS)


ActorBuilder = Callable[..., Actor]
_builder: ActorBuilder | None = None


def set_actor_builder(builder: ActorBuilder) -> None:
    """Install `builder(user, *, requested_partner_id)`, called for every signed-in, active user."""
    global _builder
    _builder = builder


def build_actor(user: Any, *, requested_partner_id: int | None = None) -> Actor:
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return ANONYMOUS
    if _builder is None:
        raise ImproperlyConfigured("No actor builder installed: is the accounts app in INSTALLED_APPS?")
    return _builder(user, requested_partner_id=requested_partner_id)
