from django.contrib.auth.decorators import login_required
from django.shortcuts import render


@login_required
def minimal(request):
    """What every page pays before its content: the session, the actor and the shell around an empty page."""
    request.actor.is_staff  # noqa: B018 (builds the actor, as every page does)
    return render(request, "bench_pages/minimal.html")
