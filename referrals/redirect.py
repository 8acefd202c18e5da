"""`/r/<code>`: the hottest path in the product. One read (the link, its partner's status), one write (the
click), a redirect and the attribution cookie — no session, no CSRF cookie, nothing else set. A HEAD request
(link previews) is answered without counting a click."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.views.decorators.http import require_safe

from core.http import client_ip
from referrals.clicks import COOKIE, agent_class, country_from_language, ip_hash, referrer_host, visitor_token
from referrals.selectors import link_target
from referrals.services import ClickFacts, record_click


def _own_click(request, partner_id: int) -> bool:
    """A signed-in user of the link's own partner (only looked up when a session cookie came along)."""
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False
    actor = request.actor
    return bool(actor.is_partner and partner_id in actor.visible_partner_ids)


@require_safe
def follow(request, code: str) -> HttpResponse:
    target = link_target(code)
    if target is None:
        return render(request, "referrals/link_gone.html", status=404)
    visitor, _new = visitor_token(request.COOKIES.get(COOKIE))
    if request.method == "GET":
        agent = request.META.get("HTTP_USER_AGENT", "")
        record_click(
            target,
            ClickFacts(
                visitor=visitor,
                ip_hash=ip_hash(client_ip(request) or ""),
                referrer_host=referrer_host(request.META.get("HTTP_REFERER", "")),
                country=country_from_language(request.META.get("HTTP_ACCEPT_LANGUAGE", "")),
                agent=agent_class(agent),
                own=_own_click(request, target.partner_id),
            ),
        )
    response = HttpResponseRedirect(target.url)
    response["Cache-Control"] = "no-store"
    response.set_cookie(
        COOKIE,
        visitor,
        max_age=target.window_days * 86400,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    return response
