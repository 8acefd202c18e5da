"""Small helpers shared by the HTML views: HTMX-aware redirects, form error mapping, access guards."""

from collections.abc import Callable
from functools import wraps
from typing import Any, Final, TypeVar

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, resolve_url
from django.template.loader import render_to_string

from core.inputs import InputInvalid


def hx_redirect(request, to, *args, **kwargs):
    """After a successful POST: a normal redirect, or HX-Location for HTMX requests."""
    url = resolve_url(to, *args, **kwargs)
    if getattr(request, "htmx", False):
        response = HttpResponse(status=204)
        response["HX-Location"] = url
        return response
    return redirect(url)


T = TypeVar("T")


class _Refused:
    def __repr__(self) -> str:
        return "REFUSED"


REFUSED: Final = _Refused()


def apply_validation_error(form, error: ValidationError) -> None:
    """Put a service's ValidationError onto the form that triggered it."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


# On-blur validation: a form marked `data-live-validate` posts everything typed so far to its own URL with
# this header naming the field just left; `submit_form` answers that field's partial (includes/field.html)
# with its errors and never runs `save`. `core.middleware.FieldValidationMiddleware` turns the answer into the
# response, and rolls back whatever a view that does not go through `submit_form` would have written.
VALIDATE_HEADER: Final = "X-Kanal-Validate"


class FieldAnswer(Exception):  # noqa: N818 (an answer, not an error: like Http404, it carries the response)
    """Raised by `submit_form` for an on-blur validation request: the response is the field's partial."""

    def __init__(self, response: HttpResponse):
        super().__init__("field validation answered")
        self.response = response


def validated_field_name(request) -> str | None:
    """The field an on-blur validation request asks about, or None for an ordinary request."""
    if request.method != "POST":
        return None
    return request.headers.get(VALIDATE_HEADER) or None


def _bound_field(form, html_name: str):
    """The bound field posted as `html_name`: the form's own, or a row's of one of its formsets."""
    for name in form.fields:
        if form.add_prefix(name) == html_name:
            return form[name]
    for formset in getattr(form, "formsets", {}).values():
        for row in formset.forms:
            for name in row.fields:
                if row.add_prefix(name) == html_name:
                    return row[name]
    return None


def field_answer(request, form, html_name: str) -> HttpResponse:
    """Validate what was typed and answer the one field's partial with its errors; nothing is saved."""
    field = _bound_field(form, html_name)
    if field is None:
        return HttpResponse(status=400)
    form.is_valid()  # cleans every field (and the formsets), so a field's errors are those a submit gives
    response = HttpResponse(render_to_string("includes/field.html", {"field": field}, request=request))
    response["X-Kanal-Field-Valid"] = "0" if field.errors else "1"
    response.field_answer = True  # type: ignore[attr-defined]
    return response


def client_ip(request) -> str | None:
    """The address the request came from, kept with an acceptance or an application (the proxy in front of
    Kanal must set REMOTE_ADDR)."""
    return request.META.get("REMOTE_ADDR") or None


def submit_form(  # noqa: UP047
    request, form, save: Callable[[], T], success: str | Callable[[T], str] | None = None
) -> T | _Refused:
    """On a POST, run `save`: a service that validates through the page's bound input `form`. Its result
    (with `success` flashed; given the result when it is a function), or REFUSED: not a POST, or refused, and
    the form then shows every error, its own (`InputInvalid`) or the service's, with what was typed.

    An on-blur validation request (`VALIDATE_HEADER`) never runs `save`: it answers the field's partial
    (`FieldAnswer`, which the middleware returns as the response)."""
    if request.method != "POST":
        return REFUSED
    if name := validated_field_name(request):
        raise FieldAnswer(field_answer(request, form, name))
    try:
        result = save()
    except InputInvalid:
        return REFUSED  # the form carries its own errors
    except ValidationError as exc:
        apply_validation_error(form, exc)
        return REFUSED
    if success:
        messages.success(request, success(result) if callable(success) else success)
    return result


def submit_record(  # noqa: UP047
    request,
    form,
    record: Any,
    *,
    create: Callable[[], T],
    update: Callable[[], T],
    created: str | Callable[[T], str],
    updated: str | Callable[[T], str],
) -> T | _Refused:
    """`submit_form` for a page that adds a record (`record` is None: `create`, then `created` flashed) or
    changes one (`update`, then `updated`)."""
    if record is None:
        return submit_form(request, form, create, created)
    return submit_form(request, form, update, updated)


def run_button(request, run: Callable[[], T], success: str | None = None) -> T | _Refused:  # noqa: UP047
    """Run a button's service: its result (and `success` flashed), or REFUSED with each message of the
    refusal (its input's or the rules') flashed, for the page the button redirects to."""
    try:
        result = run()
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return REFUSED
    if success:
        messages.success(request, success)
    return result


def _requires(allowed: Callable[..., bool]):
    """A view decorator: anonymous visitors go to the login page, signed-in actors that `allowed(actor)`
    refuses get 403."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not allowed(request.actor):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


staff_required = _requires(lambda actor: actor.is_staff)
partner_required = _requires(lambda actor: actor.is_partner)
login_required = _requires(lambda actor: True)
