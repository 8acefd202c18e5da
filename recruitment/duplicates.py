"""Possible duplicates of a new application: earlier applications from the same domain, existing partners.

Flags are stored on the application as JSON: {"kind", "detail" (the other object's public id), a few
parameters, and "message" (in the site's default language, for API clients)}. Pages show them in the
reader's language with `describe_flag`.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _

from core.normalize import email_domain
from partners.choices import PartnerStatus
from partners.models import Partner
from recruitment.models import Application, ApplicationStatus

MAX_FLAGS_PER_KIND = 5


def find_duplicates(*, web_domain: str, contact_email: str = "") -> list[dict[str, Any]]:
    """Flags for a new application. Reads every row on purpose: duplicates matter whoever submits."""
    if not web_domain:
        return []
    match = Q(web_domain=web_domain) | Q(contact_email__iendswith=f"@{web_domain}")
    mail_domain = email_domain(contact_email)
    if mail_domain and mail_domain != web_domain:
        match |= Q(web_domain=mail_domain)
    flags: list[dict[str, Any]] = []
    for app in Application.objects.filter(match).order_by("-created_at")[:MAX_FLAGS_PER_KIND]:
        flags.append(
            {
                "kind": "application",
                "detail": str(app.public_id),
                "company": app.company_name,
                "domain": app.web_domain,
                "status": app.status,
                "date": app.created_at.date().isoformat(),
            }
        )
    for partner in Partner.objects.filter(web_domain=web_domain).order_by("name")[:MAX_FLAGS_PER_KIND]:
        flags.append(
            {
                "kind": "partner",
                "detail": str(partner.public_id),
                "name": partner.name,
                "domain": partner.web_domain,
                "status": partner.status,
            }
        )
    with translation.override(settings.LANGUAGE_CODE):
        for flag in flags:
            flag["message"] = describe_flag(flag)
    return flags


def describe_flag(flag: dict[str, Any]) -> str:
    """One stored flag as a sentence in the active language."""
    if flag.get("kind") == "application":
        status = dict(ApplicationStatus.choices).get(flag.get("status", ""), flag.get("status", ""))
        return _("Earlier application from %(domain)s: %(company)s (%(status)s, %(date)s)") % {
            "domain": flag.get("domain", ""),
            "company": flag.get("company", ""),
            "status": status,
            "date": flag.get("date", ""),
        }
    if flag.get("kind") == "partner":
        status = dict(PartnerStatus.choices).get(flag.get("status", ""), flag.get("status", ""))
        return _("Existing partner with the web domain %(domain)s: %(name)s (%(status)s)") % {
            "domain": flag.get("domain", ""),
            "name": flag.get("name", ""),
            "status": status,
        }
    return str(flag.get("message") or flag.get("kind", ""))
