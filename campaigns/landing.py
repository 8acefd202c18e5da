"""The public landing page of a launch, `/p/<partner slug>/<kit slug>/`: the kit's sections in the visitor's
language (English when there is no Russian text), its image, the launching partner's logo and contacts, and a
lead form that posts to the same address.

It sets no cookie at all: no session (nothing is written to one), no CSRF cookie (the view is
`csrf_exempt` and its template, `campaigns/landing_base.html`, never asks for a token; a honeypot and the
per-IP hourly limit stand in for it, as on the web-to-lead form), no language cookie. It reads the attribution
cookie the short link `/r/<code>` set, if the visitor has one, and never sets it. Views are counted per launch
and day. The image and the logo are sent inside the page (`data:` URLs, which the CSP allows for images): a
signed download link is made for one signed-in person, and a visitor is nobody."""

from __future__ import annotations

import base64
from pathlib import PurePath
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from campaigns.errors import CampaignErrorCode
from campaigns.models import ALWAYS_ASKED, Launch
from campaigns.placeholders import fill
from campaigns.selectors import landing_get
from campaigns.services import landing_submit, page_viewed
from campaigns.texts import placeholder_values
from core.http import apply_validation_error, client_ip, hx_redirect
from core.inputs import InputInvalid
from core.markdown import markdown_html
from leads.inputs import LeadInput
from referrals.clicks import COOKIE, agent_class, visitor_token
from referrals.models import AgentClass

HONEYPOT_FIELD = "homepage"  # as on the web-to-lead form: a field people leave empty and bots fill


def _launch(partner_slug: str, kit_slug: str) -> Launch:
    launch = landing_get(partner_slug=partner_slug, kit_slug=kit_slug)
    if launch is None:
        raise Http404
    return launch


def lead_form(launch: Launch, data: Any = None) -> LeadInput:
    """The lead form with the fields the kit asks for (company, name and email always, and required)."""
    form = LeadInput(data, products=None)
    shown = set(ALWAYS_ASKED) | set(launch.kit.form_fields or ())
    for name in list(form.fields):
        if name not in shown:
            del form.fields[name]
    for name in ALWAYS_ASKED:
        form.fields[name].required = True
    return form


def data_url(file: Any) -> str:
    """A stored PNG or JPEG as a `data:` URL ("" when there is none, or the store lost it)."""
    if not file:
        return ""
    try:
        with file.open("rb") as stored:
            content = stored.read()
    except (FileNotFoundError, OSError):
        return ""
    mime = "image/jpeg" if PurePath(file.name or "").suffix.lower() in (".jpg", ".jpeg") else "image/png"
    return f"data:{mime};base64,{base64.b64encode(content).decode('ascii')}"


def sections(markdown: str) -> list[str]:
    """The landing page's Markdown cut into sections at each "## " heading, each rendered."""
    parts: list[list[str]] = [[]]
    for line in (markdown or "").splitlines():
        if line.startswith("## ") and any(part.strip() for part in parts[-1]):
            parts.append([])
        parts[-1].append(line)
    return [str(markdown_html("\n".join(part))) for part in parts if any(line.strip() for line in part)]


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def landing_page(request, partner_slug: str, kit_slug: str):
    launch = _launch(partner_slug, kit_slug)
    form = lead_form(launch, request.POST or None)
    status = 200
    if request.method == "POST":
        visitor = ""
        if request.COOKIES.get(COOKIE):
            visitor, _new = visitor_token(request.COOKIES[COOKIE])
        try:
            landing_submit(
                launch=launch,
                data=form,
                visitor=visitor,
                ip=client_ip(request),
                honeypot=request.POST.get(HONEYPOT_FIELD, ""),
            )
        except InputInvalid:
            pass  # the form shows its own errors
        except ValidationError as exc:
            apply_validation_error(form, exc)
            status = 429 if exc.code == CampaignErrorCode.RATE_LIMITED else status
        else:
            return hx_redirect(request, "campaigns_landing:thanks", partner_slug, kit_slug)
    elif request.method == "GET" and agent_class(request.META.get("HTTP_USER_AGENT", "")) != AgentClass.BOT:
        page_viewed(launch=launch)  # a HEAD (a link preview) or a crawler's visit is no view
    partner = launch.partner
    context = {
        "launch": launch,
        "kit": launch.kit,
        "partner": partner,
        "sections": sections(fill(launch.kit.landing, placeholder_values(launch))),
        "image": data_url(launch.kit.image),
        "logo": data_url(partner.logo),
        "form": form,
        "honeypot_field": HONEYPOT_FIELD,
    }
    return render(request, "campaigns/landing.html", context, status=status)


@require_http_methods(["GET", "HEAD"])
def landing_thanks(request, partner_slug: str, kit_slug: str):
    launch = _launch(partner_slug, kit_slug)
    return render(request, "campaigns/landing_thanks.html", {"launch": launch, "partner": launch.partner})
