"""Pages of referrals: links (list, form, page with its QR code and numbers), the leads they brought (with
each one's credit), the performance pages (a partner's own, staff's per partner and per campaign) and the
program's settings. The short links themselves are in redirect.py."""

from __future__ import annotations

import io
from datetime import timedelta

import qrcode
import qrcode.image.svg
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.events import events_for
from core.http import (
    REFUSED,
    hx_redirect,
    login_required,
    run_button,
    staff_required,
    submit_form,
    submit_record,
)
from core.listing import export_list, list_page
from referrals.charts import numbers_chart, revenue_chart
from referrals.inputs import LinkInput, SettingsInput
from referrals.rules import allowed_actions
from referrals.selectors import (
    attribution_filters,
    campaign_numbers,
    link_filters,
    link_get,
    numbers,
    partner_numbers,
    referral_settings,
    weekly,
    weekly_revenue,
)
from referrals.services import link_create, link_set_active, link_update, settings_update
from referrals.tables import attribution_table, link_table, short_path

PERIOD_DAYS = 90  # the performance pages' period


def _require_view(actor) -> None:
    if not actor.can("referrals.view"):
        raise PermissionDenied


def short_url(request, code: str) -> str:
    return request.build_absolute_uri(short_path(code))


@login_required
def links(request):
    actor = request.actor
    _require_view(actor)
    return list_page(
        request,
        filterset=link_filters(actor=actor, data=request.GET),
        table=link_table(staff=actor.is_staff),
        template="referrals/links.html",
        export_url=reverse("referrals:links_export"),
        context={"can_create": actor.is_partner and actor.can("referrals.use")},
    )


@login_required
def links_export(request):
    _require_view(request.actor)
    filters = link_filters(actor=request.actor, data=request.GET)
    return export_list(request, filters, link_table(staff=request.actor.is_staff), name="referral-links")


def _link_form(request, link=None):
    actor = request.actor
    allowed = referral_settings().allowed_hosts
    form = LinkInput(request.POST or None, instance=link, allowed_hosts=allowed)
    saved = submit_record(
        request,
        form,
        link,
        create=lambda: link_create(actor=actor, data=form),
        update=lambda: link_update(actor=actor, link=link, data=form),
        created=_("Link created: share it."),
        updated=_("Link saved."),
    )
    if saved is not REFUSED:
        return hx_redirect(request, "referrals:link", link_id=saved.public_id)
    return render(request, "referrals/link_form.html", {"form": form, "link": link, "allowed_hosts": allowed})


@login_required
def link_new(request):
    if not (request.actor.is_partner and request.actor.can("referrals.use")):
        raise PermissionDenied
    return _link_form(request)


@login_required
def link_edit(request, link_id):
    link = link_get(actor=request.actor, public_id=link_id)
    if "edit" not in allowed_actions(request.actor, link):
        raise PermissionDenied
    return _link_form(request, link)


@login_required
def link_detail(request, link_id):
    actor = request.actor
    _require_view(actor)
    link = link_get(actor=actor, public_id=link_id)
    since = timezone.now() - timedelta(days=PERIOD_DAYS)
    context = {
        "link": link,
        "short_url": short_url(request, link.code),
        "actions": allowed_actions(actor, link),
        "numbers": numbers(actor=actor, link=link),
        "recent": numbers(actor=actor, link=link, since=since),
        "chart": numbers_chart(weeks := weekly(actor=actor, link=link), chart_id="link-weeks"),
        "revenue_chart": revenue_chart(
            [w[0] for w in weeks], weekly_revenue(actor=actor, link=link), chart_id="link-revenue"
        ),
        "attributions": attribution_filters(actor=actor, data={}).qs.filter(link=link)[:20],
        "timeline": events_for(actor=actor, target=link)[:100],
        "period_days": PERIOD_DAYS,
    }
    return render(request, "referrals/link.html", context)


@login_required
def link_qr(request, link_id):
    """The short link as an SVG QR code, to print on a flyer or a stand."""
    _require_view(request.actor)
    link = link_get(actor=request.actor, public_id=link_id)
    image = qrcode.make(short_url(request, link.code), image_factory=qrcode.image.svg.SvgPathImage, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type="image/svg+xml")
    if request.GET.get("download"):
        response["Content-Disposition"] = f'attachment; filename="link-{link.code}.svg"'
    return response


@login_required
@require_POST
def link_switch(request, link_id, on: bool):
    actor = request.actor
    link = link_get(actor=actor, public_id=link_id)
    done = _("Link switched on.") if on else _("Link switched off: it leads nowhere now.")
    run_button(request, lambda: link_set_active(actor=actor, link=link, active=on), done)
    return hx_redirect(request, "referrals:link", link_id=link.public_id)


@login_required
def attributions(request):
    actor = request.actor
    _require_view(actor)
    return list_page(
        request,
        filterset=attribution_filters(actor=actor, data=request.GET),
        table=attribution_table(staff=actor.is_staff),
        template="referrals/attributions.html",
        export_url=reverse("referrals:attributions_export"),
    )


@login_required
def attributions_export(request):
    _require_view(request.actor)
    filters = attribution_filters(actor=request.actor, data=request.GET)
    return export_list(
        request, filters, attribution_table(staff=request.actor.is_staff), name="referred-leads"
    )


@login_required
def performance(request):
    """What links and referrals brought: the reader's own (a partner), or every partner's and campaign's."""
    actor = request.actor
    _require_view(actor)
    since = timezone.now() - timedelta(days=PERIOD_DAYS)
    context = {
        "numbers": numbers(actor=actor, since=since),
        "all_time": numbers(actor=actor),
        "chart": numbers_chart(weeks := weekly(actor=actor), chart_id="referral-weeks"),
        "revenue_chart": revenue_chart(
            [w[0] for w in weeks], weekly_revenue(actor=actor), chart_id="referral-revenue"
        ),
        "partners": partner_numbers(actor=actor, since=since) if actor.is_staff else [],
        "campaigns": campaign_numbers(actor=actor),
        "period_days": PERIOD_DAYS,
        "settings": referral_settings(),
    }
    return render(request, "referrals/performance.html", context)


@staff_required
def settings_page(request):
    actor = request.actor
    _require_view(actor)
    current = referral_settings(fresh=True)
    form = SettingsInput(request.POST or None, instance=current)
    if not actor.can("referrals.manage"):
        form.read_only()
    saved = submit_form(request, form, lambda: settings_update(actor=actor, data=form), _("Settings saved."))
    if saved is not REFUSED:
        return hx_redirect(request, "referrals:settings")
    context = {"form": form, "can_manage": actor.can("referrals.manage")}
    return render(request, "referrals/settings.html", context)
