from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import Router, Status
from ninja.pagination import paginate

from core.http import client_ip
from core.pagination import KanalPagination
from core.schemas import ErrorOut, OrBlank
from programs.models import AgreementKind
from programs.schemas import (
    AcceptanceOut,
    CharterIn,
    CharterOut,
    CurrentVersionOut,
    VersionDetailOut,
    VersionIn,
    VersionOut,
)
from programs.selectors import (
    acceptances_for_version,
    charter_get,
    current_versions,
    documents_for_partner,
    version_get,
    versions,
)
from programs.services import agreement_accept, agreement_publish, charter_update

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
