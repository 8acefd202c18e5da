"""The library's pages: one list for partners and staff (staff see status and use), an asset's page with its
downloads (and, for staff, its versions and who used it), the forms of channel marketing and operations, the
categories, and the views and downloads."""

from __future__ import annotations

from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from content.downloads import asset_file_link
from content.inputs import AssetCreateInput, AssetInput, CategoryInput, VersionInput
from content.models import ActivityKind, Language
from content.rules import allowed_actions
from content.selectors import (
    activity_filters,
    asset_filters,
    asset_get,
    asset_usage_by_partner,
    category_list,
    current_versions,
    new_since,
    products_to_target,
    version_for_reader,
    version_history,
)
from content.services import (
    asset_archive,
    asset_create,
    asset_publish,
    asset_update,
    category_create,
    library_visit,
    record_activity,
    record_view,
    version_add,
)
from content.tables import activity_table, asset_table
from core.events import events_for
from core.http import REFUSED, hx_redirect, login_required, run_button, staff_required, submit_form
from core.listing import export_format, export_response, list_page


def _filters_and_table(request):
    actor = request.actor
    since = new_since(actor=actor)
    filters = asset_filters(actor=actor, data=request.GET, since=since)
    return filters, asset_table(staff=actor.is_staff, since=since)


@login_required
def library(request):
    actor = request.actor
    actor.require("enablement.view")
    if not request.htmx:
        library_visit(actor=actor)
    filters, table = _filters_and_table(request)
    return list_page(
        request,
        filterset=filters,
        table=table,
        template="content/library.html",
        export_url=reverse("content:export") if actor.is_staff else None,
        context={"can_manage": actor.can("enablement.manage"), "staff_view": actor.is_staff},
    )


@staff_required
def library_export(request):
    request.actor.require("enablement.view")
    filters, table = _filters_and_table(request)
    return export_response(filters.qs, table.export_columns, name="library", fmt=export_format(request))


@login_required
def asset_detail(request, asset_id):
    actor = request.actor
    actor.require("enablement.view")
    asset = asset_get(actor=actor, public_id=asset_id)
    record_view(actor=actor, asset=asset)
    current = current_versions(asset)
    context = {
        "asset": asset,
        "actions": allowed_actions(actor, asset),
        "current": [current[code] for code in Language.values if code in current],
        "reader_version": version_for_reader(asset),
        "products": asset.products.visible_to(actor).order_by("sku"),
    }
    if actor.is_staff:
        context |= {
            "history": version_history(actor=actor, asset=asset),
            "usage": asset_usage_by_partner(actor=actor, asset=asset),
            "timeline": events_for(actor=actor, target=asset)[:100],
        }
        if "add_version" in context["actions"]:
            context["version_form"] = VersionInput(asset=asset)
    return render(request, "content/asset_detail.html", context)


@login_required
def asset_download(request, asset_id):
    """The reader's file of an asset (`?language=ru`, else theirs): a redirect to a signed link, or for a
    link asset to its address (counted as opened)."""
    actor = request.actor
    actor.require("enablement.view")
    asset = asset_get(actor=actor, public_id=asset_id)
    wanted = request.GET.get("version") or request.GET.get("language") or ""
    if asset.is_link:
        version = version_for_reader(asset, wanted if wanted in Language.values else None)
        if version is None or not version.url:
            raise Http404
        record_activity(actor=actor, asset=asset, kind=ActivityKind.DOWNLOAD, version=version)
        return redirect(version.url)
    if wanted not in Language.values and not actor.is_staff:
        wanted = (request.LANGUAGE_CODE or "en")[:2]
    return redirect(asset_file_link(actor=actor, asset=asset, version=wanted or "en"))


@staff_required
def asset_new(request):
    actor = request.actor
    actor.require("enablement.manage")
    form = AssetCreateInput(
        request.POST or None,
        request.FILES or None,
        categories=category_list(actor=actor),
        products=products_to_target(actor=actor),
    )
    created = submit_form(
        request,
        form,
        lambda: asset_create(actor=actor, data=form),
        lambda asset: _("Asset “%(title)s” created as a draft.") % {"title": asset.title},
    )
    if created is not REFUSED:
        return hx_redirect(request, "content:asset", created.public_id)
    return render(request, "content/asset_form.html", {"form": form, "asset": None})


@staff_required
def asset_edit(request, asset_id):
    actor = request.actor
    asset = asset_get(actor=actor, public_id=asset_id)
    actor.require("enablement.manage")
    form = AssetInput(
        request.POST or None,
        instance=asset,
        categories=category_list(actor=actor),
        products=products_to_target(actor=actor),
    )
    saved = submit_form(
        request,
        form,
        lambda: asset_update(actor=actor, asset=asset, data=form),
        lambda asset: _("Asset “%(title)s” saved.") % {"title": asset.title},
    )
    if saved is not REFUSED:
        return hx_redirect(request, "content:asset", asset.public_id)
    return render(request, "content/asset_form.html", {"form": form, "asset": asset})


@staff_required
def asset_add_version(request, asset_id):
    actor = request.actor
    asset = asset_get(actor=actor, public_id=asset_id)
    actor.require("enablement.manage")
    form = VersionInput(request.POST or None, request.FILES or None, asset=asset)
    added = submit_form(
        request,
        form,
        lambda: version_add(actor=actor, asset=asset, data=form),
        lambda version: (
            _("Version %(number)s (%(language)s) added.")
            % {"number": version.number, "language": version.get_language_display()}
        ),
    )
    if added is not REFUSED:
        return hx_redirect(request, "content:asset", asset.public_id)
    return render(request, "content/version_form.html", {"form": form, "asset": asset})


def _button(request, asset_id, service, success: str):
    actor = request.actor
    asset = asset_get(actor=actor, public_id=asset_id)
    run_button(request, lambda: service(actor=actor, asset=asset), success)
    return hx_redirect(request, "content:asset", asset.public_id)


@staff_required
@require_POST
def asset_publish_view(request, asset_id):
    return _button(request, asset_id, asset_publish, _("Published: partners in its audience see it."))


@staff_required
@require_POST
def asset_archive_view(request, asset_id):
    return _button(request, asset_id, asset_archive, _("Archived: partners no longer see it."))


@staff_required
def categories(request):
    actor = request.actor
    actor.require("enablement.view")
    form = CategoryInput(request.POST or None)
    if request.method == "POST":
        actor.require("enablement.manage")
    created = submit_form(
        request,
        form,
        lambda: category_create(actor=actor, data=form),
        lambda category: _("Category “%(name)s” added.") % {"name": category.name},
    )
    if created is not REFUSED:
        return hx_redirect(request, "content:categories")
    rows = category_list(actor=actor).annotate(asset_count=Count("assets"))
    return render(
        request,
        "content/categories.html",
        {"categories": rows, "form": form, "can_manage": actor.can("enablement.manage")},
    )


@staff_required
def activity(request):
    actor = request.actor
    actor.require("enablement.view")
    return list_page(
        request,
        filterset=activity_filters(actor=actor, data=request.GET),
        table=activity_table(),
        template="content/activity.html",
        export_url=reverse("content:activity_export"),
    )


@staff_required
def activity_export(request):
    actor = request.actor
    actor.require("enablement.view")
    filters = activity_filters(actor=actor, data=request.GET)
    return export_response(
        filters.qs, activity_table().export_columns, name="library-activity", fmt=export_format(request)
    )
