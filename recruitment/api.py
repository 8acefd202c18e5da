"""The recruitment API: thin operations over the same inputs, selectors and services as the pages."""

from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.pagination import paginate

from accounts.selectors import cams
from core.http import client_ip
from core.inputs import body_values, resolve_reference
from core.listing import query_data
from core.pagination import KanalPagination
from core.schemas import ErrorOut
from recruitment import services
from recruitment.inputs import ApproveInput, RejectInput, TargetsInput
from recruitment.schemas import (
    ApplicationCreatedOut,
    ApplicationDetailOut,
    ApplicationIn,
    ApplicationOut,
    ApplicationQuery,
    ApplicationRejectIn,
    ApproveIn,
    ProspectCreateIn,
    ProspectDetailOut,
    ProspectOut,
    ProspectQuery,
    ProspectUpdateIn,
    StageIn,
    TargetsIn,
    TargetsOut,
)
from recruitment.selectors import (
    application_filters,
    application_get,
    prospect_filters,
    prospect_get,
    targets_get,
)

router = Router(tags=["recruitment"])


def _resolve_owner(request, data: dict[str, Any]) -> dict[str, Any]:
    """The API names the owner by email; the input takes the user (a CAM or the chief)."""
    return resolve_reference(
        data,
        "owner_email",
        to="owner",
        find=lambda email: cams(actor=request.actor).filter(email=email.strip().lower()).first(),
        message=_("No channel account manager with this email."),
    )


# --- applications -----------------------------------------------------------------------------------------


@router.post(
    "/applications",
    auth=None,
    response={201: ApplicationCreatedOut, 429: ErrorOut},
    summary="Apply to the partner program (public)",
)
def submit_application(request, payload: ApplicationIn):  # type: ignore[valid-type]
    try:
        application = services.application_submit(
            actor=request.actor, data=body_values(payload), ip=client_ip(request)
        )
    except ValidationError as exc:
        if getattr(exc, "code", None) == services.RATE_LIMITED:
            return Status(429, {"detail": exc.messages[0]})
        raise
    return Status(201, application)


@router.get("/applications", response=list[ApplicationOut], summary="The review queue (staff)")
@paginate(KanalPagination)
def list_applications(request, filters: Query[ApplicationQuery]):  # type: ignore[valid-type]
    request.actor.require("recruitment.view")
    rows = application_filters(actor=request.actor, data=query_data(filters), strict=True).qs
    return rows.prefetch_related("competitors__vendor", "competitors__line")


@router.get("/applications/{application_id}", response=ApplicationDetailOut)
def get_application(request, application_id: UUID):
    application = application_get(actor=request.actor, public_id=application_id)
    request.actor.require("recruitment.view")
    return application  # with its cam_proposal (ApplicationDetailOut)


@router.post(
    "/applications/{application_id}/approve",
    response=ApplicationOut,
    summary="Approve: creates the partner (onboarding), invites its admin and assigns its CAM by territory",
)
def approve_application(request, application_id: UUID, payload: ApproveIn | None = None):  # type: ignore[valid-type]
    application = application_get(actor=request.actor, public_id=application_id)
    request.actor.require("recruitment.review")  # before resolving the CAM: no probing for users
    values = ApproveInput.from_api(body_values(payload), cams=cams(actor=request.actor)).cleaned()
    services.application_approve(actor=request.actor, application=application, cam=values["cam_id"])
    return application_get(actor=request.actor, public_id=application_id)


@router.post(
    "/applications/{application_id}/reject",
    response=ApplicationOut,
    summary="Reject with a reason (emailed to the applicant)",
)
def reject_application(request, application_id: UUID, payload: ApplicationRejectIn):  # type: ignore[valid-type]
    application = application_get(actor=request.actor, public_id=application_id)
    values = RejectInput.from_api(body_values(payload)).cleaned()
    services.application_reject(actor=request.actor, application=application, reason=values["reason"])
    return application_get(actor=request.actor, public_id=application_id)


# --- prospects --------------------------------------------------------------------------------------------


@router.get("/prospects", response=list[ProspectOut], summary="Outbound prospects (staff)")
@paginate(KanalPagination)
def list_prospects(request, filters: Query[ProspectQuery]):  # type: ignore[valid-type]
    request.actor.require("recruitment.view")
    return prospect_filters(actor=request.actor, data=query_data(filters), strict=True).qs


@router.post(
    "/prospects", response={201: ProspectDetailOut}, summary="Create a prospect (owner defaults to you)"
)
def create_prospect(request, payload: ProspectCreateIn):  # type: ignore[valid-type]
    request.actor.require("recruitment.manage_prospects")
    prospect = services.prospect_create(
        actor=request.actor, data=_resolve_owner(request, body_values(payload))
    )
    return Status(201, prospect_get(actor=request.actor, public_id=prospect.public_id))


@router.get("/prospects/{prospect_id}", response=ProspectDetailOut)
def get_prospect(request, prospect_id: UUID):
    prospect = prospect_get(actor=request.actor, public_id=prospect_id)
    request.actor.require("recruitment.view")
    return prospect


@router.patch("/prospects/{prospect_id}", response=ProspectDetailOut, summary="Update a prospect")
def update_prospect(request, prospect_id: UUID, payload: ProspectUpdateIn):  # type: ignore[valid-type]
    prospect = prospect_get(actor=request.actor, public_id=prospect_id)
    request.actor.require("recruitment.manage_prospects")  # before resolving the owner: no probing for users
    data = _resolve_owner(request, body_values(payload, exclude_unset=True))
    services.prospect_update(actor=request.actor, prospect=prospect, data=data)
    return prospect_get(actor=request.actor, public_id=prospect_id)


@router.post(
    "/prospects/{prospect_id}/stage", response=ProspectDetailOut, summary="Move a prospect to a stage"
)
def move_prospect(request, prospect_id: UUID, payload: StageIn):  # type: ignore[valid-type]
    prospect = prospect_get(actor=request.actor, public_id=prospect_id)
    # Left out, the next step stays as it is.
    services.prospect_move_stage(
        actor=request.actor, prospect=prospect, **body_values(payload, exclude_unset=True)
    )
    return prospect_get(actor=request.actor, public_id=prospect_id)


@router.post(
    "/prospects/{prospect_id}/convert",
    response={201: ApplicationOut},
    summary="Convert a prospect into an application awaiting review",
)
def convert_prospect(request, prospect_id: UUID):
    prospect = prospect_get(actor=request.actor, public_id=prospect_id)
    application = services.prospect_convert(actor=request.actor, prospect=prospect)
    return Status(201, application_get(actor=request.actor, public_id=application.public_id))


# --- targets ----------------------------------------------------------------------------------------------


@router.get("/targets", response=TargetsOut, summary="What the fit score measures against")
def get_targets(request):
    request.actor.require("recruitment.view")
    return targets_get(actor=request.actor)


@router.put("/targets", response=TargetsOut, summary="Set the targets; re-scores open work")
def put_targets(request, payload: TargetsIn):  # type: ignore[valid-type]
    services.targets_update(actor=request.actor, data=TargetsInput.from_api(body_values(payload)))
    return targets_get(actor=request.actor)
