from django.contrib import messages
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from core.http import hx_redirect, login_required
from core.listing import export_list, list_page
from notifications.links import is_safe_link
from notifications.selectors import (
    notification_filters,
    notification_get,
    notifications_latest,
    unread_count,
)
from notifications.services import notification_mark_read, notifications_mark_all_read
from notifications.tables import notification_table


@login_required
def notification_list_view(request):
    return list_page(
        request,
        filterset=notification_filters(actor=request.actor, data=request.GET),
        table=notification_table(request),
        template="notifications/list.html",
        export_url=reverse("notifications:export"),
    )


@login_required
def notification_export(request):
    filters = notification_filters(actor=request.actor, data=request.GET)
    return export_list(request, filters, notification_table(), name="notifications")


@login_required
@require_POST
def notification_read(request, notification_id):
    notification = notification_get(actor=request.actor, public_id=notification_id)
    notification_mark_read(actor=request.actor, notification=notification)
    if request.htmx:
        return render(request, "notifications/_item.html", {"n": notification, "bell_oob": True})
    return hx_redirect(request, "notifications:list")


@login_required
@require_POST
def notification_open(request, notification_id):
    """Mark read and follow the link — only to a relative URL on this site."""
    notification = notification_get(actor=request.actor, public_id=notification_id)
    notification_mark_read(actor=request.actor, notification=notification)
    if notification.link and is_safe_link(notification.link):
        return hx_redirect(request, notification.link)
    if notification.link:
        messages.warning(request, _("This notification's link was not followed: it leads off this site."))
    return hx_redirect(request, "notifications:list")


def _menu(request, *, bell_oob: bool = False):
    actor = request.actor
    context = {
        "latest": notifications_latest(actor=actor),
        "unread": unread_count(actor=actor),
        "bell_oob": bell_oob,
    }
    return render(request, "notifications/menu.html", context)


@login_required
def notification_menu(request):
    """The bell's dropdown: the latest notifications (loaded by HTMX when it opens)."""
    return _menu(request)


@login_required
@require_POST
def notification_read_all(request):
    count = notifications_mark_all_read(actor=request.actor)
    if request.htmx and request.htmx.target == "notification-panel":
        # From the dropdown: the refreshed list, and the bell without its count.
        return _menu(request, bell_oob=True)
    messages.success(
        request,
        ngettext("%(count)d notification marked as read.", "%(count)d notifications marked as read.", count)
        % {"count": count},
    )
    return hx_redirect(request, "notifications:list")
