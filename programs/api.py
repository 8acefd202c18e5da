from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.pagination import paginate

from core.http import client_ip
from core.inputs import body_values, resolve_reference
from core.listing import filterset_schema, query_data
from core.pagination import KanalPagination
from core.schemas import ErrorOut, OrBlank
from core.scoping import get_visible_or_404
from partners.models import Partner
from programs.errors import ProgramErrorCode as E
from programs.filters import MemberFilterSet, ProgramListFilterSet
from programs.models import AgreementKind
from programs.schemas import (
    AcceptanceOut,
    CharterIn,
    CharterOut,
    CurrentVersionOut,
    PartnerProgramIn,
    PartnerProgramOut,
    PartnerProgramPatchIn,
    ProgramMemberAddIn,
    ProgramMemberEndIn,
    ProgramMemberOut,
    ProgramMemberTierIn,
    ProgramTierOut,
    ProgramTierPatchIn,
    TierBenefitsOut,
    VersionDetailOut,
    VersionIn,
    VersionOut,
)
from programs.selectors import (
    acceptances_for_version,
    benefits_of,
    charter_get,
    current_versions,
    documents_for_partner,
    member_filters,
    membership_get,
    program_filters,
    program_get,
    tier_get,
    version_get,
    versions,
)
from programs.services import (
    JOINED_STATUSES,
    agreement_accept,
    agreement_publish,
    charter_update,
    member_add,
    member_end,
    member_set_tier,
    program_create,
    program_update,
    tier_update,
)

router = Router(tags=["program"])


@router.get(
    "/charter", response={200: CharterOut, 404: ErrorOut}, auth=None, summary="The program charter (public)"
)
def get_charter(request):
    charter = charter_get()
    if charter is None:
        raise Http404
    return charter


@router.put("/charter", response=CharterOut, summary="Replace the program charter (channel operations)")
def put_charter(request, payload: CharterIn):  # type: ignore[valid-type]
    return charter_update(actor=request.actor, data=payload.dict())  # type: ignore[attr-defined]


@router.get("/agreements", response=list[VersionOut], summary="Published agreement versions, newest first")
@paginate(KanalPagination)
def list_versions(request, kind: OrBlank[AgreementKind] = ""):
    return versions(actor=request.actor, kind=kind or None).order_by("kind", "-version")


@router.get(
    "/agreements/current",
    response=list[CurrentVersionOut],
    summary="The current version of each document (and, for partner users, when they accepted it)",
)
@paginate(KanalPagination)
def current_agreements(request):
    actor = request.actor
    if not actor.is_partner:
        return current_versions()
    out = []
    for doc in documents_for_partner(actor=actor, partner=actor.partner):
        doc.version.accepted_at = doc.acceptance.created_at if doc.acceptance else None
        out.append(doc.version)
    return out


@router.post(
    "/agreements", response={201: VersionDetailOut}, summary="Publish a new version (channel operations)"
)
def publish_version(request, payload: VersionIn):  # type: ignore[valid-type]
    version = agreement_publish(actor=request.actor, data=payload.dict())  # type: ignore[attr-defined]
    return Status(201, version)


@router.get("/agreements/{version_id}", response=VersionDetailOut)
def get_version(request, version_id: UUID):
    return version_get(actor=request.actor, public_id=version_id)


@router.post(
    "/agreements/{version_id}/accept",
    response={201: AcceptanceOut},
    summary="Accept the current version for your partner (partner admin)",
)
def accept_version(request, version_id: UUID):
    version = version_get(actor=request.actor, public_id=version_id)
    acceptance = agreement_accept(actor=request.actor, version=version, ip_address=client_ip(request))
    return Status(201, acceptance)


@router.get(
    "/agreements/{version_id}/acceptances",
    response=list[AcceptanceOut],
    summary="Which partners accepted a version (staff)",
)
@paginate(KanalPagination)
def version_acceptances(request, version_id: UUID):
    version = version_get(actor=request.actor, public_id=version_id)
    if not request.actor.is_staff:
        raise PermissionDenied
    return acceptances_for_version(actor=request.actor, version=version)


# --- partner programs, their tiers and members --------------------------------------------------------------

PartnerProgramQuery = filterset_schema(ProgramListFilterSet, "PartnerProgramQuery")
MemberQuery = filterset_schema(MemberFilterSet, "ProgramMemberQuery")

# /api/programs: the partner programs (the `program` token area, as /api/program's charter and agreements).
programs_router = Router(tags=["programs"])


@programs_router.get(
    "/benefits",
    response={200: TierBenefitsOut, 404: ErrorOut},
    summary="What a partner's tiers give it now (partner users: their company; staff name the partner)",
)
def get_benefits(request, partner_id: UUID | None = None):
    actor = request.actor
    actor.require("program.view")
    if actor.is_partner and partner_id is None:
        partner = actor.partner
    elif partner_id is None:
        raise ValidationError(
            {"partner_id": ValidationError(_("Name the partner."), code=E.PARTNER_REQUIRED)}
        )
    else:
        partner = get_visible_or_404(Partner.objects.visible_to(actor), public_id=partner_id)
    benefits = benefits_of(partner)
    return {
        "partner_id": partner.public_id,
        "tier": partner.tier,
        "catalog_discount": f"{benefits.catalog_discount:.2f}",
        "mdf_rate": None if benefits.mdf_rate is None else f"{benefits.mdf_rate:.2f}",
        "routing_priority": benefits.routing_priority,
        "protection_days": benefits.protection_days,
        "support_sla_hours": benefits.support_sla_hours,
    }


def _program(request, partner_program_id: UUID):
    return program_get(actor=request.actor, public_id=partner_program_id)


@programs_router.get(
    "",
    response=list[PartnerProgramOut],
    summary="Partner programs, their tiers and benefits (partner users: the programs they belong to)",
)
@paginate(KanalPagination)
def list_programs(request, filters: Query[PartnerProgramQuery]):  # type: ignore[valid-type]
    request.actor.require("program.view")
    return program_filters(actor=request.actor, data=query_data(filters), strict=True).qs.prefetch_related(
        "tiers"
    )


@programs_router.post("", response={201: PartnerProgramOut}, summary="Create a program (channel operations)")
def create_program(request, payload: PartnerProgramIn):  # type: ignore[valid-type]
    program = program_create(actor=request.actor, data=body_values(payload))
    return Status(201, program_get(actor=request.actor, public_id=program.public_id))


@programs_router.get(
    "/{partner_program_id}", response=PartnerProgramOut, summary="One program with its tiers"
)
def get_program(request, partner_program_id: UUID):
    request.actor.require("program.view")
    return _program(request, partner_program_id)


@programs_router.patch(
    "/{partner_program_id}", response=PartnerProgramOut, summary="Change a program (channel operations)"
)
def update_program(request, partner_program_id: UUID, payload: PartnerProgramPatchIn):  # type: ignore[valid-type]
    program = _program(request, partner_program_id)
    program_update(actor=request.actor, program=program, data=body_values(payload, exclude_unset=True))
    return _program(request, partner_program_id)


@programs_router.patch(
    "/tiers/{program_tier_id}",
    response=ProgramTierOut,
    summary="Change what a tier of a program gives (channel operations)",
)
def update_tier(request, program_tier_id: UUID, payload: ProgramTierPatchIn):  # type: ignore[valid-type]
    tier = tier_get(actor=request.actor, public_id=program_tier_id)
    tier_update(actor=request.actor, tier=tier, data=body_values(payload, exclude_unset=True))
    return tier_get(actor=request.actor, public_id=program_tier_id)


@programs_router.get(
    "/{partner_program_id}/members",
    response=list[ProgramMemberOut],
    summary="A program's members, current unless `state` asks otherwise (partner users: their own company)",
)
@paginate(KanalPagination)
def list_members(request, partner_program_id: UUID, filters: Query[MemberQuery]):  # type: ignore[valid-type]
    request.actor.require("program.view")
    program = _program(request, partner_program_id)
    return member_filters(actor=request.actor, program=program, data=query_data(filters), strict=True).qs


@programs_router.post(
    "/{partner_program_id}/members",
    response={201: ProgramMemberOut},
    summary="Add a partner to a program at a tier (channel operations)",
)
def add_member(request, partner_program_id: UUID, payload: ProgramMemberAddIn):  # type: ignore[valid-type]
    program = _program(request, partner_program_id)
    request.actor.require("program.configure")
    values = resolve_reference(
        body_values(payload),
        "partner_id",
        to="partner",
        find=lambda public_id: (
            Partner.objects.visible_to(request.actor)
            .filter(public_id=public_id, status__in=JOINED_STATUSES)
            .first()
        ),
        message=_("No such partner among those that have joined the network."),
        error_on="partner_id",
    )
    try:
        membership = member_add(actor=request.actor, program=program, data=values)
    except ValidationError as exc:  # the body names the partner by its id
        if hasattr(exc, "error_dict") and "partner" in exc.error_dict:
            exc.error_dict["partner_id"] = exc.error_dict.pop("partner")
        raise
    return Status(201, membership_get(actor=request.actor, public_id=membership.public_id))


@programs_router.get(
    "/memberships/{program_membership_id}", response=ProgramMemberOut, summary="One program membership"
)
def get_membership(request, program_membership_id: UUID):
    request.actor.require("program.view")
    return membership_get(actor=request.actor, public_id=program_membership_id)


@programs_router.post(
    "/memberships/{program_membership_id}/tier",
    response=ProgramMemberOut,
    summary="Set a member's tier by hand, with the reason (channel operations)",
)
def set_member_tier(request, program_membership_id: UUID, payload: ProgramMemberTierIn):  # type: ignore[valid-type]
    membership = membership_get(actor=request.actor, public_id=program_membership_id)
    member_set_tier(actor=request.actor, membership=membership, data=body_values(payload))
    return membership_get(actor=request.actor, public_id=program_membership_id)


@programs_router.post(
    "/memberships/{program_membership_id}/end",
    response=ProgramMemberOut,
    summary="The partner leaves the program, with the reason (channel operations)",
)
def end_membership(request, program_membership_id: UUID, payload: ProgramMemberEndIn):  # type: ignore[valid-type]
    membership = membership_get(actor=request.actor, public_id=program_membership_id)
    member_end(actor=request.actor, membership=membership, data=body_values(payload))
    return membership_get(actor=request.actor, public_id=program_membership_id)
