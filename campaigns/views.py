"""Pages of campaigns: the kits list (staff: every kit with what its launches brought and a chart; partner
users: the kits they may launch and their launches), the kit page, the staff forms (kit, message), publish,
retire, launch, and the launch page (the partner's texts, links, PDFs and numbers)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.shortcuts import render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from campaigns.inputs import KitInput, MessageInput
from campaigns.models import CampaignKit
from campaigns.numbers import Numbers, kit_numbers, launch_numbers
from campaigns.rules import allowed_actions
from campaigns.selectors import (
    asset_choices,
    kit_assets,
    kit_filters,
    kit_get,
    kit_messages,
    kit_templates,
    launch_attributions,
    launch_get,
    launch_of,
    launches_visible,
    message_get,
    template_choices,
)
from campaigns.services import (
    kit_create,
    kit_publish,
    kit_retire,
    kit_update,
    launch_create,
    message_add,
    message_delete,
    message_update,
)
from campaigns.tables import partner_table, staff_table
from campaigns.texts import filled_messages
from core.events import events_for
from core.http import (
    REFUSED,
    hx_redirect,
    login_required,
    partner_required,
    run_button,
    staff_required,
    submit_form,
    submit_record,
)
from core.listing import export_list, list_page
from core.markdown import markdown_html
from dashboard.rendering import chart_html
from dashboard.widgets import Chart, Point, Series


class _ChartPlace:
    """Where a page's chart keeps its data (what `chart_html` asks of a widget)."""

    chart_data_id = "campaign-kits-chart"


def kits_chart(kits: list[CampaignKit], numbers: dict[int, Numbers]) -> Chart:
    """Which kits work: each kit's leads and converted registrations (every bar links to the kit)."""
    shown = [kit for kit in kits if kit.pk in numbers and numbers[kit.pk].launches]

    def points(name: str) -> list[Point | None]:
        return [
            Point(
                value=getattr(numbers[kit.pk], name),
                text=str(getattr(numbers[kit.pk], name)),
                count=getattr(numbers[kit.pk], name),
                url=reverse("campaigns:kit", args=[kit.public_id]),
            )
            for kit in shown
        ]

    return Chart(
        caption=_("Leads and conversions per kit"),
        category_label=_("Kit"),
        categories=[kit.title for kit in shown],
        series=[
            Series(str(_("Page views")), points("views")),
            Series(str(_("Leads")), points("leads")),
            Series(str(_("Converted")), points("conversions")),
        ],
        horizontal=True,
    )


@login_required
def kit_list(request):
    actor = request.actor
    actor.require("campaigns.view")
    filterset = kit_filters(actor=actor, data=request.GET)
    context: dict[str, Any] = {"staff_view": actor.is_staff, "can_manage": actor.can("campaigns.manage")}
    if actor.is_staff:
        kits = list(filterset.qs)
        numbers = kit_numbers(actor=actor, kits=kits)
        table = staff_table(numbers)
        # chart_html escapes every value it puts in (dashboard.rendering)
        context["chart"] = mark_safe(chart_html(_ChartPlace(), kits_chart(kits, numbers)))  # type: ignore[arg-type]  # noqa: S308
    else:
        table = partner_table()
        launches = list(launches_visible(actor=actor).order_by("-created_at")[:50])
        by_launch = launch_numbers(actor=actor, launches=launches)
        context["launches"] = [(launch, by_launch[launch.pk]) for launch in launches]
    return list_page(
        request,
        filterset=filterset,
        table=table,
        template="campaigns/kits.html",
        export_url=reverse("campaigns:export") if actor.is_staff else None,
        context=context,
    )


@staff_required
def kit_export(request):
    request.actor.require("campaigns.view")
    filters = kit_filters(actor=request.actor, data=request.GET)
    numbers = kit_numbers(actor=request.actor, kits=list(filters.qs))
    return export_list(request, filters, staff_table(numbers), name="campaign-kits")


@login_required
def kit_detail(request, kit_id):
    actor = request.actor
    kit = kit_get(actor=actor, public_id=kit_id)
    actor.require("campaigns.view")
    context: dict[str, Any] = {
        "kit": kit,
        "staff_view": actor.is_staff,
        "actions": allowed_actions(actor, kit),
        "kit_messages": kit_messages(actor=actor, kit=kit),
        "assets": kit_assets(actor=actor, kit=kit),
        "templates": kit_templates(actor=actor, kit=kit),
        "landing_html": markdown_html(kit.landing),
        "launch": launch_of(actor=actor, kit=kit),
    }
    if actor.is_staff:
        launches = list(launches_visible(actor=actor).filter(kit=kit))
        by_launch = launch_numbers(actor=actor, launches=launches)
        total = Numbers()
        for counted in by_launch.values():
            total.add(counted)
        context |= {
            "launches": [(launch, by_launch[launch.pk]) for launch in launches],
            "total": total,
            "timeline": events_for(actor=actor, target=kit)[:50],
        }
    return render(request, "campaigns/kit.html", context)


def _kit_form(request, kit: CampaignKit | None):
    actor = request.actor
    actor.require("campaigns.manage")
    form = KitInput(
        request.POST or None,
        request.FILES or None,
        instance=kit,
        assets=asset_choices(actor=actor),
        templates=template_choices(actor=actor),
    )
    saved = submit_record(
        request,
        form,
        kit,
        create=lambda: kit_create(actor=actor, data=form),
        update=lambda: kit_update(actor=actor, kit=kit, data=form),  # type: ignore[arg-type]
        created=_("Kit saved as a draft."),
        updated=_("Kit saved."),
    )
    if isinstance(saved, CampaignKit):
        return hx_redirect(request, "campaigns:kit", saved.public_id)
    return render(request, "campaigns/kit_form.html", {"form": form, "kit": kit})


@staff_required
def kit_new(request):
    return _kit_form(request, None)


@staff_required
def kit_edit(request, kit_id):
    return _kit_form(request, kit_get(actor=request.actor, public_id=kit_id))


@staff_required
@require_POST
def kit_publish_view(request, kit_id):
    actor = request.actor
    kit = kit_get(actor=actor, public_id=kit_id)
    run_button(request, lambda: kit_publish(actor=actor, kit=kit), _("Kit published."))
    return hx_redirect(request, "campaigns:kit", kit.public_id)


@staff_required
@require_POST
def kit_retire_view(request, kit_id):
    actor = request.actor
    kit = kit_get(actor=actor, public_id=kit_id)
    run_button(request, lambda: kit_retire(actor=actor, kit=kit), _("Kit retired."))
    return hx_redirect(request, "campaigns:kit", kit.public_id)


@staff_required
def message_new(request, kit_id):
    actor = request.actor
    kit = kit_get(actor=actor, public_id=kit_id)
    actor.require("campaigns.manage")
    form = MessageInput(request.POST or None, initial={"kind": request.GET.get("kind") or "email"})
    saved = submit_form(
        request, form, lambda: message_add(actor=actor, kit=kit, data=form), _("Message added.")
    )
    if saved is not REFUSED:
        return hx_redirect(request, "campaigns:kit", kit.public_id)
    return render(request, "campaigns/message_form.html", {"form": form, "kit": kit})


@staff_required
def message_edit(request, message_id):
    actor = request.actor
    message = message_get(actor=actor, public_id=message_id)
    actor.require("campaigns.manage")
    form = MessageInput(request.POST or None, instance=message)
    saved = submit_form(
        request, form, lambda: message_update(actor=actor, message=message, data=form), _("Message saved.")
    )
    if saved is not REFUSED:
        return hx_redirect(request, "campaigns:kit", message.kit.public_id)
    return render(
        request, "campaigns/message_form.html", {"form": form, "kit": message.kit, "message": message}
    )


@staff_required
@require_POST
def message_delete_view(request, message_id):
    actor = request.actor
    message = message_get(actor=actor, public_id=message_id)
    run_button(request, lambda: message_delete(actor=actor, message=message), _("Message removed."))
    return hx_redirect(request, "campaigns:kit", message.kit.public_id)


@partner_required
@require_POST
def launch_view(request, kit_id):
    actor = request.actor
    kit = kit_get(actor=actor, public_id=kit_id)
    launched = run_button(request, lambda: launch_create(actor=actor, kit=kit))
    if launched is REFUSED:
        return hx_redirect(request, "campaigns:kit", kit.public_id)
    launch, created = launched
    if created:
        messages.success(request, _("Campaign launched: share your landing page."))
    return hx_redirect(request, "campaigns:launch", launch.public_id)


@login_required
def launch_detail(request, launch_id):
    actor = request.actor
    launch = launch_get(actor=actor, public_id=launch_id)
    actor.require("campaigns.view")
    kit = launch.kit
    numbers = launch_numbers(actor=actor, launches=[launch])[launch.pk]
    context = {
        "launch": launch,
        "kit": kit,
        "numbers": numbers,
        "texts": filled_messages(launch, kit_messages(actor=actor, kit=kit)),
        "assets": kit_assets(actor=actor, kit=kit),
        "templates": kit_templates(actor=actor, kit=kit),
        "attributions": launch_attributions(actor=actor, launch=launch)[:50],
        "can_download": actor.is_partner and actor.partner_id == launch.partner_id,
        "staff_view": actor.is_staff,
    }
    return render(request, "campaigns/launch.html", context)
