import json
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from ninja import Body, Query, Router, Status
from ninja.pagination import paginate

from conflicts.explain import render_reason
from conflicts.selectors import check_matches, engagement_reasons_for, latest_check_for
from core.bulk import BulkOut, bulk_api, bulk_schema
from core.inputs import body_values, validate_json
from core.listing import query_data
from core.pagination import KanalPagination
from deals.actions import ACTIONS
from deals.bulk import PIPELINE_ACTIONS
from deals.inputs import (
    ApproveInput,
    ExtensionDecisionInput,
    ExtensionInput,
    RegistrationInput,
)
from deals.schemas import (
    AppealDecisionIn,
    AppealIn,
    ApproveIn,
    CloseIn,
    ConflictCheckOut,
    CustomerHintOut,
    CustomerHintQuery,
    ExtensionDecisionIn,
    ExtensionIn,
    ExtensionOut,
    RefundIn,
    RegistrationDetailOut,
    RegistrationIn,
    RegistrationOut,
    RegistrationPatch,
    RegistrationQuery,
    RejectIn,
    ReopenIn,
)
from deals.selectors import (
    extension_get,
    registerable_products,
    registering_partners,
    registration_customer_hint,
    registration_extensions,
    registration_filters,
    registration_get,
)
from deals.services import (
    extension_decide,
    extension_request,
    registration_approve,
    registration_check,
    registration_create,
    registration_update,
)

router = Router(tags=["deals"])
FORM_TYPES = ("multipart/form-data", "application/x-www-form-urlencoded")


def _fresh(request, registration):
    return registration_get(actor=request.actor, public_id=registration.public_id)


def _input(request, input_class, payload, **kwargs):
    """Bind the action's input (the page's form) from the API payload; its errors come back as 422."""
    # The schema's documented defaults apply (an extension's days: 30), as they would on the page.
    return input_class.from_api(body_values(payload), **kwargs).cleaned()


@router.post(
    "/registrations",
    response={200: RegistrationDetailOut, 201: RegistrationDetailOut},
    summary="Register a deal as a draft (partner admins and reps). An Idempotency-Key header makes a "
    "repeat return the original (200) instead of creating a second one.",
)
def create_registration(request, payload: RegistrationIn):  # type: ignore[valid-type]
    actor = request.actor
    if not (actor.is_partner and actor.can("deals.register")):
        raise PermissionDenied
    form = RegistrationInput.from_api(
        body_values(payload),
        partners=registering_partners(actor=actor),
        products=registerable_products(actor=actor),
    )
    registration, created = registration_create(
        actor=actor, data=form, idempotency_key=request.headers.get("Idempotency-Key")
    )
    return Status(201 if created else 200, _fresh(request, registration))


@router.get(
    "/customer-hint",
    response=CustomerHintOut,
    summary="While a customer is typed: your own company's registrations for a customer like it (a "
    "distributor's include its resellers'). Never another partner's registration or a direct account",
)
def customer_hint(request, query: Query[CustomerHintQuery]):  # type: ignore[valid-type]
    actor = request.actor
    if not (actor.is_partner and actor.can("deals.register")):
        raise PermissionDenied
    values = body_values(query)
    matches = registration_customer_hint(
        actor=actor, name=values["name"], domain=values["domain"], exclude=values["exclude"]
    )
    return {"matches": matches}


@router.get("/registrations", response=list[RegistrationOut], summary="List deal registrations in your scope")
@paginate(KanalPagination)
def list_registrations(request, filters: Query[RegistrationQuery]):  # type: ignore[valid-type]
    found = registration_filters(actor=request.actor, data=query_data(filters), strict=True)
    return found.qs.prefetch_related("lines__product")


RegistrationBulkIn = bulk_schema("RegistrationBulkIn", PIPELINE_ACTIONS)


@router.post(
    "/registrations/bulk",
    response=BulkOut,
    summary="Decide several registrations at once (staff); each is done or refused",
)
def bulk_registrations(request, payload: Body[RegistrationBulkIn]):  # type: ignore[valid-type]
    rows = registration_filters(actor=request.actor).qs
    return bulk_api(request, payload, actions=PIPELINE_ACTIONS, rows=rows)


@router.get("/registrations/{registration_id}", response=RegistrationDetailOut)
def get_registration(request, registration_id: UUID):
    return registration_get(actor=request.actor, public_id=registration_id)


@router.patch(
    "/registrations/{registration_id}",
    response=RegistrationDetailOut,
    summary="Change a draft: only the fields given change; lines, when given, replace all lines",
)
def patch_registration(request, registration_id: UUID, payload: RegistrationPatch):  # type: ignore[valid-type]
    registration = registration_get(actor=request.actor, public_id=registration_id)
    registration_update(
        actor=request.actor, registration=registration, data=body_values(payload, exclude_unset=True)
    )
    return _fresh(request, registration)


@router.post(
    "/registrations/{registration_id}/approve",
    response=RegistrationDetailOut,
    summary="Approve a submitted registration (channel chief, CAM)",
    description='The body is optional: {"note": "…"}. The note is required when the conflict check '
    "or the rules of engagement raise a question.",
    openapi_extra={
        "requestBody": {
            "required": False,
            "content": {"application/json": {"schema": ApproveIn.model_json_schema()}},  # type: ignore[attr-defined]
        }
    },
)
def approve_registration(request, registration_id: UUID):
    # The body is optional, so integrations that approved without one keep working; ninja would demand it.
    registration = registration_get(actor=request.actor, public_id=registration_id)
    values = ApproveInput.from_api(_optional_body(request)).cleaned()
    registration_approve(actor=request.actor, registration=registration, note=values["note"])
    return _fresh(request, registration)


def _optional_body(request) -> dict:
    if not request.body.strip():
        return {}
    if "json" not in request.content_type:
        # An empty form (what many clients send for a body-less POST) is no body; anything else would be
        # a note silently dropped.
        if request.content_type in FORM_TYPES and not request.POST and not request.FILES:
            return {}
        raise ValidationError(
            {"note": ValidationError(_('The body must be JSON such as {"note": "…"}.'), code="invalid")}
        )
    try:
        data = json.loads(request.body)
    except ValueError as exc:
        raise ValidationError(
            {"note": ValidationError(_('The body must be JSON such as {"note": "…"}.'), code="invalid")}
        ) from exc
    # The same checks as every other body: an object, only known fields, the right types.
    return validate_json(ApproveIn, data)


def _action_endpoint(spec, path: str, schema, summary: str) -> None:
    """One API operation per page action (deals.actions): its body is the action's input, checked the same
    way; the answer is the registration with what may be done next."""
    endpoint = _bodyless_endpoint(spec) if schema is None else _body_endpoint(spec, schema)
    endpoint.__name__ = f"{spec.name}_registration"
    router.post(
        f"/registrations/{{registration_id}}/{path}",
        response=RegistrationDetailOut,
        summary=summary,
        operation_id=endpoint.__name__,
    )(endpoint)


def _bodyless_endpoint(spec):
    def endpoint(request, registration_id: UUID):
        registration = registration_get(actor=request.actor, public_id=registration_id)
        spec.run(actor=request.actor, registration=registration, values={})
        return _fresh(request, registration)

    return endpoint


def _body_endpoint(spec, schema):
    def endpoint(request, registration_id: UUID, payload: schema):  # type: ignore[valid-type]
        registration = registration_get(actor=request.actor, public_id=registration_id)
        values = _input(request, spec.input, payload)
        spec.run(actor=request.actor, registration=registration, values=values)
        return _fresh(request, registration)

    return endpoint


# The page actions that are API operations as they are: action, path under the registration, body, summary.
API_ACTIONS = [
    ("submit", "submit", None, "Submit a draft"),
    ("reject", "reject", RejectIn, "Reject a submitted registration with a reason (channel chief, CAM)"),
    ("close", "close", CloseIn, "Close an approved registration as won (won_amount) or lost (lost_reason)"),
    (
        "appeal",
        "appeal",
        AppealIn,
        "Appeal a rejection, once, within DEAL_APPEAL_DAYS (partner admins and reps)",
    ),
    ("appeal_decide", "appeal/decision", AppealDecisionIn, "Grant or turn down an appeal (channel chief)"),
    (
        "reopen",
        "reopen",
        ReopenIn,
        "Reopen a won registration with a reason: approved and protected again (channel chief, CAM, ops)",
    ),
    (
        "refund",
        "refund",
        RefundIn,
        "Record a full or partial refund of a won deal with a reason (channel chief, CAM, ops)",
    ),
]
for _name, _path, _schema, _summary in API_ACTIONS:
    _action_endpoint(ACTIONS[_name], _path, _schema, _summary)


def _matched_id(match) -> UUID | None:
    matched = match.matched_registration or match.matched_account
    return matched.public_id if matched is not None else None


def _check_out(actor, check) -> dict:
    def reasons(items, render):
        return [
            {
                "code": r.get("code", ""),
                "params": r.get("params") or {},
                "text": render(r.get("code", ""), r.get("params") or {}),
            }
            for r in items
        ]

    matches = check_matches(actor=actor, check=check) if actor.is_staff else []
    return {
        "outcome": check.outcome,
        "checked_at": check.created_at,
        "engagement_outcome": check.engagement_outcome,
        "engagement_version": check.engagement_version,
        "protection_days": check.protection_days,
        "engagement_reasons": engagement_reasons_for(actor=actor, check=check),
        "matches": [
            {
                "source": m.source,
                "matched_id": _matched_id(m),
                "matched_label": m.matched_label,
                "score": m.score,
                "reasons": reasons(m.reasons, render_reason),
            }
            for m in matches
        ],
    }


@router.get(
    "/registrations/{registration_id}/conflicts",
    response={200: ConflictCheckOut, 404: dict},
    summary="The latest conflict check: staff see every match and why; partners only the outcome",
)
def get_conflicts(request, registration_id: UUID):
    registration = registration_get(actor=request.actor, public_id=registration_id)
    check = latest_check_for(actor=request.actor, registration=registration)
    if check is None:
        return Status(
            404, {"detail": _("This registration has not been checked yet: it is checked on submission.")}
        )
    return _check_out(request.actor, check)


@router.post(
    "/registrations/{registration_id}/check",
    response=ConflictCheckOut,
    summary="Run the conflict check again (channel chief, CAM)",
)
def run_check(request, registration_id: UUID):
    registration = registration_get(actor=request.actor, public_id=registration_id)
    check = registration_check(actor=request.actor, registration=registration)
    return _check_out(request.actor, check)


@router.get(
    "/registrations/{registration_id}/extensions",
    response=list[ExtensionOut],
    summary="Extension requests of a registration",
)
@paginate(KanalPagination)
def list_extensions(request, registration_id: UUID):
    registration = registration_get(actor=request.actor, public_id=registration_id)
    return registration_extensions(actor=request.actor, registration=registration)


@router.post(
    "/registrations/{registration_id}/extensions",
    response={201: ExtensionOut},
    summary="Ask for more protection time on an approved registration (partner admins and reps)",
)
def request_extension(request, registration_id: UUID, payload: ExtensionIn):  # type: ignore[valid-type]
    registration = registration_get(actor=request.actor, public_id=registration_id)
    values = _input(request, ExtensionInput, payload)
    extension = extension_request(
        actor=request.actor, registration=registration, days=values["days"], reason=values["reason"]
    )
    return Status(201, extension_get(actor=request.actor, public_id=extension.public_id))


@router.post(
    "/extensions/{extension_id}/decision",
    response=ExtensionOut,
    summary="Approve or deny an extension request (channel chief, CAM); denying needs a note",
)
def decide_extension(request, extension_id: UUID, payload: ExtensionDecisionIn):  # type: ignore[valid-type]
    extension = extension_get(actor=request.actor, public_id=extension_id)
    values = _input(request, ExtensionDecisionInput, payload)
    extension_decide(actor=request.actor, extension=extension, approve=values["approve"], note=values["note"])
    return extension_get(actor=request.actor, public_id=extension_id)
