"""The Actor: who is acting, in which role, and which partners' records they may see.

Built once per request by `build_actor` (the web middleware and the API token auth both call it);
selectors and services receive it as a keyword argument and never read access from elsewhere.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from core.roles import PERMISSIONS

if TYPE_CHECKING:
    from accounts.models import Membership, User
    from partners.models import Partner

SESSION_PARTNER_KEY = "kanal_partner_id"


@dataclass(frozen=True)
class Actor:
    user: User | None = None
    staff_role: str = ""
    membership: Membership | None = None
    visible_partner_ids: frozenset[int] = field(default_factory=frozenset)

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
    def partner(self) -> Partner | None:
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

    def can_see_partner(self, partner_id: int) -> bool:
        return self.is_staff or partner_id in self.visible_partner_ids

    def __str__(self) -> str:
        return self.user.email if self.user else "anonymous"


ANONYMOUS = Actor()


def system_actor() -> Actor:
    """For scheduled jobs and seeding: acts with channel operations rights, attributed to nobody."""
    from core.roles import StaffRole

    return Actor(user=None, staff_role=StaffRole.OPS)


def build_actor(user: Any, *, requested_partner_id: int | None = None) -> Actor:
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return ANONYMOUS
    if user.staff_role:
        return Actor(user=user, staff_role=user.staff_role)

    from accounts.models import Membership
    from partners.models import Partner

    # An offboarded partner's users lose access; someone who also works for another partner keeps that.
    memberships = list(
        Membership.objects.filter(user=user, is_active=True)
        .exclude(partner__status=Partner.Status.OFFBOARDED)
        .select_related("partner")
        .order_by("created_at")
    )
    membership = next((m for m in memberships if m.partner_id == requested_partner_id), None)
    if membership is None:
        membership = next(iter(memberships), None)
    if membership is None:
        return Actor(user=user)
    visible = {membership.partner_id}
    if membership.partner.partner_type == Partner.PartnerType.DISTRIBUTOR:
        visible.update(Partner.objects.filter(parent_id=membership.partner_id).values_list("id", flat=True))
    return Actor(user=user, membership=membership, visible_partner_ids=frozenset(visible))
