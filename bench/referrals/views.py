from django.http import HttpResponse
from django.views.decorators.http import require_safe

from referrals.selectors import link_target


@require_safe
def lookup(request, code: str) -> HttpResponse:
    """What the redirect does before its write, through the same middleware: the link's one read
    (`link_target`), then an empty answer (204; 404 for an unknown code). No click, no cookie."""
    return HttpResponse(status=204 if link_target(code) is not None else 404)
