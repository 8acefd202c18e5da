"""Errors services raise. Views turn them into form errors, the API into 4xx responses."""

from django.core.exceptions import PermissionDenied, ValidationError

__all__ = ["PermissionDenied", "ValidationError", "require"]


def require(actor, permission: str) -> None:
    if not actor.can(permission):
        raise PermissionDenied(permission)
