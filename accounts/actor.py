"""How a signed-in user becomes an Actor: staff act in their staff role; a partner user acts through one
active membership (the partner chosen in the session, else the oldest) and sees that partner's records,
plus its resellers' when it is a distributor. Installed as core's actor builder by `AccountsConfig.ready()`.
"""

from __future__ import annotations

from accounts.models import Membership
from core.actor import Actor
from partners.choices import PartnerStatus, PartnerType
from partners.models import Partner


def actor_for_user(user, *, requested_partner_id: int | None = None) -> Actor:
    if user.staff_role:
        return Actor(user=user, staff_role=user.staff_role)
    # An offboarded partner's users lose access; someone who also works for another partner keeps that.
    memberships = list(
        Membership.objects.filter(user=user, is_active=True)
        .exclude(partner__status=PartnerStatus.OFFBOARDED)
        .select_related("partner")
        .order_by("created_at")
    )
    membership = next((m for m in memberships if m.partner_id == requested_partner_id), None)
    if membership is None:
        membership = next(iter(memberships), None)
    if membership is None:
        return Actor(user=user)
    visible = {membership.partner_id}
    if membership.partner.partner_type == PartnerType.DISTRIBUTOR:
        visible.update(Partner.objects.filter(parent_id=membership.partner_id).values_list("id", flat=True))
    others = tuple(m for m in memberships if m.pk != membership.pk)
    return Actor(
        user=user, membership=membership, visible_partner_ids=frozenset(visible), other_memberships=others
    )
