"""Reads of the vendor's direct-sales records (staff only: `visible_to` gives partner users nothing)."""

from dataclasses import dataclass

from django.db.models import Count, Q

from core.scoping import get_visible_or_404
from direct.models import DirectAccount, DirectDeal
from matching.normalize import tax_id_key


@dataclass(frozen=True)
class AccountFilter:
    q: str = ""
    segment: str = ""
    region: str = ""
    owner: str = ""  # user public id, or "none"
    named: str = ""  # "yes" / "no"
    active: str = ""  # "" active only, "all", "no"


@dataclass(frozen=True)
class DealFilter:
    q: str = ""
    stage: str = ""
    status: str = ""  # "open" / "closed"
    owner: str = ""
    account: str = ""  # account public id


def account_get(*, actor, public_id) -> DirectAccount:
    return get_visible_or_404(
        DirectAccount.objects.visible_to(actor).select_related("owner"), public_id=public_id
    )


def deal_get(*, actor, public_id) -> DirectDeal:
    return get_visible_or_404(
        DirectDeal.objects.visible_to(actor).select_related("account", "owner"), public_id=public_id
    )


def _owner_q(owner: str, field: str = "owner") -> Q:
    if owner == "none":
        return Q(**{f"{field}__isnull": True})
    return Q(**{f"{field}__public_id": owner})


def account_list(*, actor, filters: AccountFilter):
    qs = (
        DirectAccount.objects.visible_to(actor)
        .select_related("owner")
        .annotate(open_deals=Count("deals", filter=Q(deals__is_open=True)))
    )
    if filters.q:
        q = filters.q.strip()
        cond = Q(name__icontains=q) | Q(legal_name__icontains=q) | Q(web_domain__icontains=q.lower())
        if key := tax_id_key(q):
            cond |= Q(tax_id_key__contains=key)
        qs = qs.filter(cond)
    if filters.segment:
        qs = qs.filter(segment=filters.segment)
    if filters.region:
        qs = qs.filter(region=filters.region)
    if filters.owner:
        qs = qs.filter(_owner_q(filters.owner))
    if filters.named == "yes":
        qs = qs.filter(is_named_account=True)
    elif filters.named == "no":
        qs = qs.filter(is_named_account=False)
    if filters.active == "no":
        qs = qs.filter(is_active=False)
    elif filters.active != "all":
        qs = qs.filter(is_active=True)
    return qs.order_by("name", "id")


def deal_list(*, actor, filters: DealFilter):
    qs = DirectDeal.objects.visible_to(actor).select_related("account", "owner")
    if filters.q:
        qs = qs.filter(Q(name__icontains=filters.q) | Q(account__name__icontains=filters.q))
    if filters.stage:
        qs = qs.filter(stage=filters.stage)
    if filters.status == "open":
        qs = qs.filter(is_open=True)
    elif filters.status == "closed":
        qs = qs.filter(is_open=False)
    if filters.owner:
        qs = qs.filter(_owner_q(filters.owner))
    if filters.account:
        qs = qs.filter(account__public_id=filters.account)
    return qs.order_by("-is_open", "expected_close_date", "-id")


def deals_of(*, actor, account: DirectAccount):
    return (
        DirectDeal.objects.visible_to(actor)
        .filter(account=account)
        .select_related("owner")
        .order_by("-is_open", "-created_at", "-id")
    )


def staff_owners(*, actor):
    """Vendor staff who may own direct records (staff users belong to no partner: partners see none)."""
    from accounts.models import User

    staff = User.objects.visible_to(actor).filter(is_active=True).exclude(staff_role="")
    return staff.order_by("full_name", "email")
