"""Pages of imports: the list, the upload of a kind, and one job's page (mapping, the dry run's results,
progress polled by HTMX, the summary), with one POST view per step."""

from __future__ import annotations

import csv

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.csv_export import safe_cell
from core.http import REFUSED, hx_redirect, login_required, run_button
from core.listing import list_page
from imports.inputs import MappingInput, StartInput, UploadInput
from imports.models import ImportStatus
from imports.selectors import import_errors, import_filters, import_get
from imports.services import (
    available_importers,
    import_cancel,
    import_check,
    import_map,
    import_progress,
    import_resume,
    import_start,
    import_upload,
    importer_for,
)
from imports.tables import imports_table

ERRORS_ON_PAGE = 100


@login_required
def import_list(request):
    actor = request.actor
    importers = available_importers(actor=actor)
    if not importers:
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied
    return list_page(
        request,
        filterset=import_filters(actor=actor, data=request.GET),
        table=imports_table(),
        template="imports/list.html",
        context={"importers": importers},
    )


@login_required
def import_new(request, kind):
    """Upload a file of this kind; then the job's page asks which column goes where."""
    actor = request.actor
    importer = importer_for(actor=actor, kind=kind)
    form = UploadInput(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = import_upload(actor=actor, kind=kind, upload=form.cleaned_data["file"])
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error("file", message)
        else:
            return hx_redirect(request, "imports:detail", job.public_id)
    return render(
        request, "imports/new.html", {"form": form, "importer": importer, "targets": importer.fields()}
    )


def _detail_context(request, job, *, mapping_form=None, start_form=None):
    actor = request.actor
    importer = importer_for(actor=actor, kind=job.kind)
    context = {
        "job": job,
        "importer": importer,
        "progress": import_progress(job),
        "result_url": importer.result_url(job) if job.status == ImportStatus.DONE else None,
        "Status": ImportStatus,
    }
    if job.status in (ImportStatus.UPLOADED, ImportStatus.VALIDATED):
        context["mapping_form"] = mapping_form or MappingInput(
            headers=job.headers, importer=importer, initial_mapping=job.mapping
        )
    if job.status == ImportStatus.VALIDATED:
        context["start_form"] = start_form or StartInput()
    if (
        job.status in (ImportStatus.VALIDATED, ImportStatus.FAILED, ImportStatus.IMPORTING, ImportStatus.DONE)
        and job.error_rows
    ):
        context["row_errors"] = list(import_errors(actor=actor, job=job)[:ERRORS_ON_PAGE])
    return context


@login_required
def import_detail(request, import_id):
    job = import_get(actor=request.actor, public_id=import_id)
    context = _detail_context(request, job)
    if request.htmx and request.GET.get("fragment") == "progress":
        if not job.is_running:
            # The phase ended: the whole page shows what comes next.
            response = render(request, "imports/detail.html#progress", context)
            response["HX-Refresh"] = "true"
            return response
        return render(request, "imports/detail.html#progress", context)
    return render(request, "imports/detail.html", context)


@login_required
@require_POST
def import_map_view(request, import_id):
    actor = request.actor
    job = import_get(actor=actor, public_id=import_id)
    importer = importer_for(actor=actor, kind=job.kind)
    form = MappingInput(request.POST, headers=job.headers, importer=importer)
    if form.is_valid():
        try:
            job = import_map(actor=actor, job=job, mapping=form.mapping())
            if "check" in request.POST:
                job = import_check(actor=actor, job=job)
        except ValidationError as exc:
            _errors_onto(form, exc)
        else:
            messages.success(
                request, _("Columns saved: they will be proposed for the next file like this one.")
            )
            return hx_redirect(request, "imports:detail", job.public_id)
    return render(
        request, "imports/detail.html", _detail_context(request, job, mapping_form=form), status=422
    )


def _errors_onto(form: MappingInput, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for key, items in exc.error_dict.items():
            for item in items:
                form.add_error(form.field_for(key), item)
    else:
        form.add_error(None, exc)


@login_required
@require_POST
def import_check_view(request, import_id):
    actor = request.actor
    job = import_get(actor=actor, public_id=import_id)
    run_button(request, lambda: import_check(actor=actor, job=job))
    return hx_redirect(request, "imports:detail", job.public_id)


@login_required
@require_POST
def import_start_view(request, import_id):
    actor = request.actor
    job = import_get(actor=actor, public_id=import_id)
    form = StartInput(request.POST)
    started = run_button(
        request, lambda: import_start(actor=actor, job=job, skip_invalid=form.cleaned()["skip_invalid"])
    )
    if started is not REFUSED:
        messages.success(request, _("Import started."))
    return hx_redirect(request, "imports:detail", job.public_id)


@login_required
@require_POST
def import_resume_view(request, import_id):
    actor = request.actor
    job = import_get(actor=actor, public_id=import_id)
    run_button(request, lambda: import_resume(actor=actor, job=job), _("Import resumed."))
    return hx_redirect(request, "imports:detail", job.public_id)


@login_required
@require_POST
def import_cancel_view(request, import_id):
    actor = request.actor
    job = import_get(actor=actor, public_id=import_id)
    run_button(request, lambda: import_cancel(actor=actor, job=job), _("Import cancelled."))
    return hx_redirect(request, "imports:detail", job.public_id)


class _Echo:
    def write(self, value):
        return value


def error_csv_rows(errors):
    """The errors as CSV lines: row, column, value, code, message (safe to open in a spreadsheet)."""
    writer = csv.writer(_Echo())
    yield writer.writerow(["row", "column", "value", "code", "message"])
    for error in errors.iterator(chunk_size=1000):
        yield writer.writerow(
            [error.row, safe_cell(error.column), safe_cell(error.value), error.code, safe_cell(error.message)]
        )


def errors_csv_response(errors, job) -> StreamingHttpResponse:
    response = StreamingHttpResponse(error_csv_rows(errors), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="import-errors-{job.public_id}.csv"'
    return response


@login_required
def import_errors_csv(request, import_id):
    actor = request.actor
    job = import_get(actor=actor, public_id=import_id)
    importer_for(actor=actor, kind=job.kind)
    return errors_csv_response(import_errors(actor=actor, job=job), job)
