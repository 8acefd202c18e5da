import logging

from django.http import Http404, HttpResponseServerError
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse

from core.files import FILE_SOURCES, LinkRefused, download_response, read_link
from core.http import login_required, staff_required
from core.listing import export_list, list_page
from core.selectors import audit_filters
from core.tables import audit_table

logger = logging.getLogger(__name__)


def _require_audit(actor) -> None:
    actor.require("audit.view")


@staff_required
def audit_log(request):
    _require_audit(request.actor)
    return list_page(
        request,
        filterset=audit_filters(actor=request.actor, data=request.GET),
        table=audit_table(actor=request.actor),
        template="core/audit_log.html",
        export_url=reverse("audit_log_export"),
    )


@staff_required
def audit_log_export(request):
    _require_audit(request.actor)
    filters = audit_filters(actor=request.actor, data=request.GET)
    return export_list(request, filters, audit_table(actor=request.actor, links=False), name="audit-log")


@login_required
def file_download(request, token):
    """A signed link to one file (core.files.file_link): for the person it was made for, while it lasts, and
    only if the file's source still lets them see it."""
    try:
        source, public_id, version = read_link(token, user_id=request.user.pk)
    except LinkRefused as refused:
        if refused.code == "link_expired":
            return render(request, "core/link_expired.html", status=410)
        raise Http404 from None
    file, filename, file_type = FILE_SOURCES[source](request.actor, public_id, version)
    return download_response(file, filename=filename, file_type=file_type)


def server_error(request):
    """handler500: the error page inside the shell when the shell can still be rendered (menu, bell: they read
    the database); when that fails too (database down, a broken transaction), a page that needs nothing."""
    try:
        return HttpResponseServerError(render_to_string("500.html", request=request))
    except Exception:  # noqa: BLE001 - the error page must not fail
        logger.exception("The 500 page could not render inside the shell")
    try:
        return HttpResponseServerError(render_to_string("500_plain.html"))
    except Exception:  # noqa: BLE001
        logger.exception("The plain 500 page could not render")
        return HttpResponseServerError(_PLAIN_500, content_type="text/html; charset=utf-8")


_PLAIN_500 = (
    "<!doctype html><title>Server error</title><h1>Server error</h1><p>Please try again in a moment.</p>"
)
