"""Small helpers shared by the HTML views: HTMX-aware redirects, form error mapping, access guards."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, resolve_url


def hx_redirect(request, to, *args, **kwargs):
    """After a successful POST: a normal redirect, or HX-Location for HTMX requests."""
    url = resolve_url(to, *args, **kwargs)
    if getattr(request, "htmx", False):
        response = HttpResponse(status=204)
        response["HX-Location"] = url
        return response
    return redirect(url)


def apply_validation_error(form, error: ValidationError) -> None:
    """Put a service's ValidationError onto the form that triggered it."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


def save_input(form, save):
    """Run a service with the page's bound input (`save(form)`): its result, or None when refused, and then
    the form shows every error, its own (`InputInvalid`) and the service's."""
    from core.inputs import InputInvalid

    try:
        return save(form)
    except InputInvalid:
        return None  # the form carries its own errors
    except ValidationError as exc:
        apply_validation_error(form, exc)
        return None


def staff_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not request.actor.is_staff:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def partner_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not request.actor.is_partner:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def login_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapper
