"""The imports API: the same flow as the pages (upload → mapping → dry run → start), progress included."""

from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from ninja import File, Form, Query, Router, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from core.inputs import body_values
from core.listing import filterset_schema, query_data
from core.pagination import KanalPagination
from imports.filters import ImportJobFilterSet
from imports.inputs import MappingInput, StartInput
from imports.registry import get_importer
from imports.schemas import (
    ImportJobDetailOut,
    ImportJobOut,
    ImportMappingIn,
    ImportRowErrorOut,
    ImportStartIn,
)
from imports.selectors import import_errors, import_filters, import_get
from imports.services import (
    available_importers,
    import_cancel,
    import_check,
    import_map,
    import_resume,
    import_start,
    import_upload,
    importer_for,
)
from imports.views import errors_csv_response

router = Router(tags=["imports"])

ImportQuery = filterset_schema(ImportJobFilterSet, "ImportQuery")


def _require_any(request) -> None:
    if not available_importers(actor=request.actor):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied


@router.get("", response=list[ImportJobOut], summary="List imports")
@paginate(KanalPagination)
def list_imports(request, filters: Query[ImportQuery]):  # type: ignore[valid-type]
    _require_any(request)
    return import_filters(actor=request.actor, data=query_data(filters), strict=True).qs


@router.post(
    "",
    response={201: ImportJobDetailOut},
    summary="Upload a CSV file or an Excel workbook (.xlsx, first sheet) to import "
    "(multipart/form-data: kind, file); the mapping is proposed",
)
def upload_import(
    request,
    kind: Form[str] = "",  # type: ignore[assignment]
    file: File[UploadedFile] = None,  # type: ignore[assignment]
):
    """The file is refused with a code on `file`: required, file_empty, file_too_large,
    file_type_not_allowed, file_encoding (not UTF-8), file_invalid, no_header."""
    if not available_importers(actor=request.actor):  # nothing this reader may import (a partner user)
        raise PermissionDenied
    if get_importer(kind) is None:  # a kind no app registered: the body's mistake, not a missing resource
        raise ValidationError(
            {"kind": ValidationError(_("There is no import of that kind."), code="unknown_kind")}
        )
    importer_for(actor=request.actor, kind=kind)
    if file is None:
        raise ValidationError(
            {"file": ValidationError(_("Choose a CSV file or an Excel workbook to import."), code="required")}
        )
    job = import_upload(actor=request.actor, kind=kind, upload=file)
    return Status(201, import_get(actor=request.actor, public_id=job.public_id))


@router.get("/{import_id}", response=ImportJobDetailOut, summary="An import, with its progress")
def get_import(request, import_id: UUID):
    job = import_get(actor=request.actor, public_id=import_id)
    importer_for(actor=request.actor, kind=job.kind)
    return job


@router.put("/{import_id}/mapping", response=ImportJobDetailOut, summary="Choose which column goes where")
def set_mapping(request, import_id: UUID, payload: ImportMappingIn):
    actor = request.actor
    job = import_get(actor=actor, public_id=import_id)
    importer = importer_for(actor=actor, kind=job.kind)
    form = MappingInput.from_mapping(payload.mapping, headers=job.headers, importer=importer)
    job = import_map(actor=actor, job=job, mapping=form.mapping())
    if payload.check:
        import_check(actor=actor, job=job)
    return import_get(actor=actor, public_id=import_id)


@router.post("/{import_id}/check", response=ImportJobDetailOut, summary="Run the dry run: every row checked")
def check_import(request, import_id: UUID):
    job = import_get(actor=request.actor, public_id=import_id)
    import_check(actor=request.actor, job=job)
    return import_get(actor=request.actor, public_id=import_id)


@router.post("/{import_id}/start", response=ImportJobDetailOut, summary="Start writing after the dry run")
def start_import(request, import_id: UUID, payload: ImportStartIn | None = None):  # type: ignore[valid-type]
    """Refused with `rows_have_errors` when some rows are invalid, unless `skip_invalid` is true."""
    job = import_get(actor=request.actor, public_id=import_id)
    values = StartInput.from_api(body_values(payload) or {"skip_invalid": False}).cleaned()
    import_start(actor=request.actor, job=job, skip_invalid=values["skip_invalid"])
    return import_get(actor=request.actor, public_id=import_id)


@router.post("/{import_id}/resume", response=ImportJobDetailOut, summary="Resume a failed or stalled import")
def resume_import(request, import_id: UUID):
    job = import_get(actor=request.actor, public_id=import_id)
    import_resume(actor=request.actor, job=job)
    return import_get(actor=request.actor, public_id=import_id)


@router.post("/{import_id}/cancel", response=ImportJobDetailOut, summary="Cancel an import")
def cancel_import(request, import_id: UUID):
    job = import_get(actor=request.actor, public_id=import_id)
    import_cancel(actor=request.actor, job=job)
    return import_get(actor=request.actor, public_id=import_id)


@router.get("/{import_id}/errors", response=list[ImportRowErrorOut], summary="The dry run's row errors")
@paginate(KanalPagination)
def list_errors(request, import_id: UUID):
    job = import_get(actor=request.actor, public_id=import_id)
    importer_for(actor=request.actor, kind=job.kind)
    return import_errors(actor=request.actor, job=job)


@router.get(
    "/{import_id}/errors.csv", summary="The dry run's row errors as CSV: row, column, value, code, message"
)
def errors_csv(request, import_id: UUID):
    job = import_get(actor=request.actor, public_id=import_id)
    importer_for(actor=request.actor, kind=job.kind)
    return errors_csv_response(import_errors(actor=request.actor, job=job), job)
