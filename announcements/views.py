"""Pages of announcements: one list and one detail for both sides (staff see every announcement with its
status and readers, partner users the ones meant for them), the staff form, the publish and withdraw buttons,
the export and the Markdown preview."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from announcements.inputs import AnnouncementInput, PublishInput
from announcements.rules import allowed_actions
from announcements.selectors import announcement_filters, announcement_get, announcement_stats
from announcements.services import (
    announcement_create,
    announcement_mark_read,
    announcement_publish,
    announcement_update,
    announcement_withdraw,
)
from announcements.tables import partner_table, staff_table
from core.events import events_for
from core.http import REFUSED, hx_redirect, login_required, run_button, staff_required, submit_record
from core.listing import export_list, list_page
from core.markdown import markdown_html


@login_required
def announcement_list(request):
    actor = request.actor
    actor.require("enablement.view")
    return list_page(
        request,
        filterset=announcement_filters(actor=actor, data=request.GET),
        table=staff_table() if actor.is_staff else partner_table(),
        template="announcements/list.html",
        export_url=reverse("announcements:export") if actor.is_staff else None,
        context={"staff_view": actor.is_staff, "can_manage": actor.can("enablement.manage")},
    )


@staff_required
def announcement_export(request):
    request.actor.require("enablement.view")
    filters = announcement_filters(actor=request.actor, data=request.GET)
    return export_list(request, filters, staff_table(), name="announcements")


@login_required
def announcement_detail(request, announcement_id):
    """The announcement in the reader's language; opening it counts as reading it (partner users)."""
    actor = request.actor
    announcement = announcement_get(actor=actor, public_id=announcement_id)
    actor.require("enablement.view")
    context = {"announcement": announcement, "staff_view": actor.is_staff}
    if actor.is_partner:
        announcement_mark_read(actor=actor, announcement=announcement)
    else:
        context |= {
            "actions": allowed_actions(actor, announcement),
            "stats": announcement_stats(actor=actor, announcement=announcement),
            "publish_form": PublishInput(),
            "timeline": events_for(actor=actor, target=announcement).exclude(verb="announcement.read")[:50],
        }
    return render(request, "announcements/detail.html", context)


@staff_required
def announcement_form(request, announcement_id=None):
    """A new announcement (a draft), or an announcement's changes."""
    actor = request.actor
    announcement = announcement_get(actor=actor, public_id=announcement_id) if announcement_id else None
    actor.require("enablement.manage")
    form = AnnouncementInput(request.POST or None, instance=announcement)
    saved = submit_record(
        request,
        form,
        announcement,
        create=lambda: announcement_create(actor=actor, data=form),
        update=lambda: announcement_update(actor=actor, announcement=announcement, data=form),
        created=_("Announcement saved as a draft."),
        updated=_("Announcement saved."),
    )
    if saved is not REFUSED:
        return hx_redirect(request, "announcements:detail", saved.public_id)
    return render(request, "announcements/form.html", {"form": form, "announcement": announcement})


@staff_required
@require_POST
def announcement_publish_view(request, announcement_id):
    actor = request.actor
    announcement = announcement_get(actor=actor, public_id=announcement_id)

    def publish():
        return announcement_publish(actor=actor, announcement=announcement, data=PublishInput(request.POST))

    published = run_button(request, publish)
    if published is not REFUSED:
        scheduled = published.status == published.Status.SCHEDULED
        messages.success(request, _("Announcement scheduled.") if scheduled else _("Announcement published."))
    return hx_redirect(request, "announcements:detail", announcement.public_id)


@staff_required
@require_POST
def announcement_withdraw_view(request, announcement_id):
    actor = request.actor
    announcement = announcement_get(actor=actor, public_id=announcement_id)
    run_button(
        request,
        lambda: announcement_withdraw(actor=actor, announcement=announcement),
        _("Announcement withdrawn."),
    )
    return hx_redirect(request, "announcements:detail", announcement.public_id)


@staff_required
@require_POST
def announcement_preview(request):
    """The Markdown texts posted, as partners will see them (an HTMX fragment under the form)."""
    request.actor.require("enablement.manage")
    texts = [
        (label, markdown_html(request.POST.get(name, "")[:20000]))
        for name, label in (("body_en", _("English")), ("body_ru", _("Russian")))
    ]
    return render(request, "announcements/_preview.html", {"texts": texts})
