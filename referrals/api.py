"""The referrals API: links (a partner's own), their numbers, the leads they and referrals brought with each
one's chain, the program's settings. `/api/referrals`; the same services and FilterSets as the pages."""

from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied
from ninja import Query, Router, Status
from ninja.pagination import paginate

from core.inputs import body_values
from core.listing import query_data
from core.pagination import KanalPagination
from referrals.chain import chain_steps
from referrals.schemas import (
    AttributionDetailOut,
    AttributionOut,
    AttributionQuery,
    LinkIn,
    LinkPatch,
    LinkQuery,
    ReferralLinkDetailOut,
    ReferralLinkOut,
    ReferralSettingsOut,
    ReferralStatsOut,
    SettingsPatch,
)
from referrals.selectors import (
    attribution_filters,
    attribution_get,
    link_filters,
    link_get,
    numbers,
    referral_settings,
    weekly,
    weekly_revenue,
)
from referrals.services import link_create, link_set_active, link_update, settings_update

router = Router(tags=["referrals"])


def _require_view(request) -> None:
    if not request.actor.can("referrals.view"):
        raise PermissionDenied


def _link_out(request, public_id: Any):
    return link_filters(actor=request.actor).qs.get(public_id=public_id)


@router.get(
    "/links", response=list[ReferralLinkOut], summary="List referral links (a partner: its own company's)"
)
@paginate(KanalPagination)
def list_links(request, filters: Query[LinkQuery]):  # type: ignore[valid-type]
    _require_view(request)
    return link_filters(actor=request.actor, data=query_data(filters), strict=True).qs


@router.post(
    "/links", response={201: ReferralLinkDetailOut}, summary="Create a referral link (partner users)"
)
def create_link(request, payload: LinkIn):  # type: ignore[valid-type]
    link = link_create(actor=request.actor, data=body_values(payload))
    return Status(201, _link_out(request, link.public_id))


@router.get("/links/{link_id}", response=ReferralLinkDetailOut, summary="A referral link")
def get_link(request, link_id: UUID):
    _require_view(request)
    return _link_out(request, link_get(actor=request.actor, public_id=link_id).public_id)


@router.patch(
    "/links/{link_id}", response=ReferralLinkDetailOut, summary="Change a link's name, destination or UTM"
)
def patch_link(request, link_id: UUID, payload: LinkPatch):  # type: ignore[valid-type]
    link = link_get(actor=request.actor, public_id=link_id)
    link_update(actor=request.actor, link=link, data=body_values(payload, exclude_unset=True))
    return _link_out(request, link.public_id)


@router.post("/links/{link_id}/deactivate", response=ReferralLinkDetailOut, summary="Switch a link off")
def deactivate_link(request, link_id: UUID):
    link = link_get(actor=request.actor, public_id=link_id)
    link_set_active(actor=request.actor, link=link, active=False)
    return _link_out(request, link.public_id)


@router.post("/links/{link_id}/activate", response=ReferralLinkDetailOut, summary="Switch a link on again")
def activate_link(request, link_id: UUID):
    link = link_get(actor=request.actor, public_id=link_id)
    link_set_active(actor=request.actor, link=link, active=True)
    return _link_out(request, link.public_id)


@router.get(
    "/links/{link_id}/stats",
    response=ReferralStatsOut,
    summary="A link's clicks, leads, conversions and revenue: all time and per week (aggregated clicks)",
)
def link_stats(request, link_id: UUID, weeks: int = Query(12, ge=1, le=104)):  # type: ignore[type-arg]
    _require_view(request)
    link = link_get(actor=request.actor, public_id=link_id)
    return _stats(request, weeks, link=link)


@router.get(
    "/stats",
    response=ReferralStatsOut,
    summary="What every link and referral brought (a partner: its own; staff: all partners)",
)
def stats(request, weeks: int = Query(12, ge=1, le=104)):  # type: ignore[type-arg]
    _require_view(request)
    return _stats(request, weeks)


def _stats(request, weeks: int, **scope: Any) -> dict[str, Any]:
    figures = numbers(actor=request.actor, **scope)
    rows = weekly(actor=request.actor, weeks=weeks, **scope)
    revenue = weekly_revenue(actor=request.actor, weeks=weeks, **scope)
    return {
        "all_time": figures.__dict__,
        "weeks": [{"week": w, "clicks": c, "leads": n, "converted": v} for w, c, n, v in rows],
        "revenue_weeks": [{"week": w, "currency": c, "amount": a} for w, c, a in revenue],
    }


@router.get(
    "/attributions",
    response=list[AttributionOut],
    summary="Leads that came through a link, a campaign page or a referral, and whom they are credited to",
)
@paginate(KanalPagination)
def list_attributions(request, filters: Query[AttributionQuery]):  # type: ignore[valid-type]
    _require_view(request)
    return attribution_filters(actor=request.actor, data=query_data(filters), strict=True).qs


@router.get(
    "/attributions/{attribution_id}",
    response=AttributionDetailOut,
    summary="One attribution with its chain: click → lead → registration → won",
)
def get_attribution(request, attribution_id: UUID):
    _require_view(request)
    attribution = attribution_get(actor=request.actor, public_id=attribution_id)
    attribution.chain = [  # type: ignore[attr-defined]
        {"kind": step.kind, "when": step.when, "text": step.text}
        for step in chain_steps(attribution, actor=request.actor)
    ]
    return attribution


@router.get("/settings", response=ReferralSettingsOut, summary="The referral program's settings (staff)")
def get_settings(request):
    if not request.actor.is_staff:
        raise PermissionDenied
    _require_view(request)
    return referral_settings(fresh=True)


@router.patch(
    "/settings",
    response=ReferralSettingsOut,
    summary="Change the attribution model and window, the approved destinations or the flood limits",
)
def patch_settings(request, payload: SettingsPatch):  # type: ignore[valid-type]
    return settings_update(actor=request.actor, data=body_values(payload, exclude_unset=True))
