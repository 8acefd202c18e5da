"""A lead's attribution chain as its page and its registration's page show it: click → lead → registration →
won, with who is credited and, when the credit is excluded, why. Read through `visible_to`: a partner sees
its own attribution only (a lead reassigned to it after another partner's link brought it shows none)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from deals.models import DealRegistration
from leads.models import Lead
from referrals.models import Attribution, AttributionSource, ExclusionReason


@dataclass(frozen=True)
class Step:
    kind: str  # click, referral, landing, lead, registration, won
    when: Any
    text: str
    url: str = ""


def exclusion_text(attribution: Attribution) -> str:
    detail = attribution.detail or {}
    if attribution.reason == ExclusionReason.EXISTING_CUSTOMER:
        return _("The vendor already knows this customer (%(customer)s).") % {
            "customer": detail.get("customer", "—")
        }
    if attribution.reason == ExclusionReason.SELF_REFERRAL:
        if detail.get("why") == "own_domain":
            return _("The lead is the partner's own company (%(domain)s).") % {"domain": detail.get("domain")}
        if detail.get("why") == "own_person":
            return _("The contact is one of the partner's own people.")
        return _("The partner's own click on its link.")
    if attribution.reason == ExclusionReason.FLOOD:
        return _("The click came in a flood of clicks from one client or on one link.")
    if attribution.reason == ExclusionReason.BOT:
        return _("The click came from a bot.")
    return attribution.get_reason_display()


def chain_steps(attribution: Attribution, *, actor: Any) -> list[Step]:
    from django.urls import reverse

    lead = attribution.lead
    steps: list[Step] = []
    click = attribution.click
    if click is not None:
        where = ", ".join(part for part in (click.referrer_host, click.country) if part)
        text = _("Clicked the link “%(link)s”") % {"link": attribution.link.name if attribution.link else "—"}
        steps.append(Step("click", click.clicked_at, f"{text} ({where})" if where else text))
    elif attribution.source == AttributionSource.REFERRAL_FORM:
        steps.append(Step("referral", attribution.created_at, _("Referred by the partner")))
    elif attribution.source == AttributionSource.LANDING_PAGE:
        steps.append(Step("landing", attribution.created_at, _("Left on the partner's landing page")))
    steps.append(
        Step(
            "lead", lead.created_at, _("Lead %(lead)s") % {"lead": lead.company_name}, _lead_url(lead, actor)
        )
    )
    registration = lead.registration
    if registration is not None:
        visible = DealRegistration.objects.visible_to(actor).filter(pk=registration.pk).exists()
        steps.append(
            Step(
                "registration",
                registration.submitted_at or registration.created_at,
                _("Deal registration %(name)s: %(status)s")
                % {"name": registration.customer_name, "status": registration.get_status_display()},
                reverse("deals:registration", args=[registration.public_id]) if visible else "",
            )
        )
        if registration.status == "won" and registration.won_amount is not None:
            steps.append(
                Step(
                    "won",
                    registration.closed_at,
                    _("Won: %(amount)s %(currency)s")
                    % {
                        "amount": number_format(registration.won_amount, 2, force_grouping=True),
                        "currency": registration.currency,
                    },
                )
            )
    return steps


def _lead_url(lead: Lead, actor: Any) -> str:
    from django.urls import reverse

    if Lead.objects.visible_to(actor).filter(pk=lead.pk).exists():
        return reverse("leads:detail", args=[lead.public_id])
    return ""


def attribution_for(lead: Lead, *, actor: Any) -> Attribution | None:
    return (
        Attribution.objects.visible_to(actor)
        .select_related("partner", "link", "click", "lead", "lead__registration")
        .filter(lead=lead)
        .first()
    )
