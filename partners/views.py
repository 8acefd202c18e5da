from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from core.bulk import bulk_context, bulk_form, bulk_submit
from core.http import REFUSED, hx_redirect, staff_required, submit_form, submit_record
from core.inputs import InputInvalid
from core.listing import export_format, export_response, list_page
from core.scoping import get_visible_or_404
from dashboard.widgets import PARTNER_PAGE, page_tabs
from partners.bulk import PARTNER_ACTIONS
from partners.inputs import LogoInput, PartnerInput, TerritoryInput
from partners.logo import logo_url
from partners.portal import logo_submit
from partners.rules import ACTION_STATUS, TRANSITION_LABELS, PartnerAction, allowed_actions, has_workflow
from partners.selectors import account_managers, partner_filters, partner_get, resellers_of
from partners.services import partner_change_status, partner_create, partner_update, territories_set
from partners.tables import partner_table
from partners.territories import cam_territories, territory_board, uncovered_regions


def _posted(request):
    return request.POST if request.method == "POST" else None


@staff_required
def directory(request):
    return list_page(
        request,
        filterset=partner_filters(actor=request.actor, data=request.GET),
        table=partner_table(viewer_id=request.user.pk),
        template="partners/directory.html",
        export_url=reverse("partners:export"),
        bulk=bulk_context(request, actions=PARTNER_ACTIONS, url=reverse("partners:bulk")),
    )


def _export(rows, request):
    return export_response(rows, partner_table().export_columns, name="partners", fmt=export_format(request))


@staff_required
def directory_export(request):
    return _export(partner_filters(actor=request.actor, data=request.GET).qs, request)


@staff_required
@require_http_methods(["GET", "POST"])
def directory_bulk(request):
    if request.method == "GET":
        return bulk_form(request, actions=PARTNER_ACTIONS)
    return bulk_submit(
        request,
        actions=PARTNER_ACTIONS,
        rows=partner_filters(actor=request.actor).qs,
        back=reverse("partners:directory"),
        export=lambda rows: _export(rows, request),
    )


@staff_required
def partner_form(request, partner_id=None):
    """A new partner, or a partner's whole record: one input (PartnerInput), as in the API."""
    actor = request.actor
    partner = partner_get(actor=actor, public_id=partner_id) if partner_id else None
    if not actor.can("partners.edit" if partner else "partners.create"):
        raise PermissionDenied
    form = PartnerInput(_posted(request), actor=actor, instance=partner)
    saved = submit_record(
        request,
        form,
        partner,
        create=lambda: partner_create(actor=actor, data=form),
        update=lambda: partner_update(actor=actor, partner=partner, data=form),
        created=lambda p: _("Partner %(name)s created.") % {"name": p.name},
        updated=_("Partner profile saved."),
    )
    if saved is not REFUSED:
        return hx_redirect(request, "partners:detail", saved.public_id)
    context = {"form": form, "partner": partner}
    if partner is not None:
        context |= {
            "logo_form": LogoInput(),
            "logo_url": logo_url(partner, user_id=request.user.pk),
            "logo_action": reverse("partners:logo", args=[partner.public_id]),
        }
    return render(request, "partners/partner_form.html", context)


@staff_required
@require_POST
def partner_logo(request, partner_id):
    """The staff edit page's logo card: upload or remove (staff who edit partners)."""
    partner = partner_get(actor=request.actor, public_id=partner_id)
    request.actor.require("partners.edit")
    return logo_submit(request, partner, back="partners:edit", back_args=(partner.public_id,))


# The partner page's tabs: (key, label). The overview always shows; a panel tab shows when the viewer may see
# a widget registered for it (dashboard.widgets PARTNER_PAGE, `tab`); the activity tab is the timeline.
PARTNER_TABS = (
    ("overview", gettext_lazy("Overview")),
    ("deals", gettext_lazy("Deals")),
    ("team", gettext_lazy("Team")),
    ("onboarding", gettext_lazy("Onboarding")),
    ("agreements", gettext_lazy("Agreements")),
    ("tiers", gettext_lazy("Tiers")),
    ("enablement", gettext_lazy("Enablement")),
    ("activity", gettext_lazy("Activity")),
)
RECENT_EVENTS = 5


@staff_required
def partner_detail(request, partner_id):
    """The staff partner page: the header and its lifecycle, then tabs as links (?tab=); with htmx, a tab link
    swaps only the tabs (the `tabs` partial), and only the chosen tab's panels are built."""
    actor = request.actor
    partner = partner_get(actor=actor, public_id=partner_id)
    with_panels = page_tabs(actor=actor, page=PARTNER_PAGE)
    tabs = [
        (key, label) for key, label in PARTNER_TABS if key in ("overview", "activity") or key in with_panels
    ]
    tab = request.GET.get("tab", "overview")
    if tab not in {key for key, _label in tabs}:
        tab = "overview"
    events = partner.events.visible_to(actor).select_related("actor")
    context = {
        "partner": partner,
        "tabs": tabs,
        "tab": tab,
        # the overview shows the latest few events, the activity tab the last hundred
        "timeline": events[: 100 if tab == "activity" else RECENT_EVENTS]
        if tab in ("overview", "activity")
        else [],
        "resellers": resellers_of(actor=actor, partner=partner) if tab == "overview" else [],
        # one button per step allowed_actions offers: the role, the lifecycle and other apps' guards
        "status_buttons": [
            (ACTION_STATUS[PartnerAction(a)], TRANSITION_LABELS[ACTION_STATUS[PartnerAction(a)]])
            for a in allowed_actions(actor, partner)
            if not has_workflow(partner, ACTION_STATUS[PartnerAction(a)])  # the app's panel offers it
        ],
    }
    template = "partners/partner_detail.html"
    if getattr(request, "htmx", False) and request.GET.get("tab"):
        template += "#tabs"
    return render(request, template, context)


@staff_required
@require_POST
def partner_status(request, partner_id):
    """A lifecycle button: the service checks the step through its input (StatusInput), as in the API."""
    actor = request.actor
    partner = partner_get(actor=actor, public_id=partner_id)
    try:
        partner_change_status(
            actor=actor,
            partner=partner,
            to_status=request.POST.get("status", ""),
            note=request.POST.get("note", ""),
        )
    except InputInvalid:
        messages.error(request, _("Choose a valid status."))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Status changed."))
    return hx_redirect(request, "partners:detail", partner.public_id)


# --- territories ------------------------------------------------------------------------------------------


@staff_required
def territories(request):
    actor = request.actor
    actor.require("staff.view_territories")
    board = territory_board(actor=actor)
    context = {
        "board": board,
        "uncovered": uncovered_regions(board),
        "can_assign": actor.can("staff.assign_territories"),
    }
    return render(request, "partners/territories.html", context)


@staff_required
def territory_edit(request, user_id):
    actor = request.actor
    cam = get_visible_or_404(account_managers(actor=actor), public_id=user_id)
    actor.require("staff.assign_territories")
    current = cam_territories(actor=actor, user=cam)
    form = TerritoryInput(
        _posted(request), initial={"regions": current.regions, "countries": current.countries}
    )
    saved = submit_form(
        request,
        form,
        lambda: territories_set(actor=actor, user=cam, data=form),
        _("Territories of %(name)s saved.") % {"name": cam.display_name},
    )
    if saved is not REFUSED:
        return hx_redirect(request, "partners:territories")
    return render(request, "partners/territory_form.html", {"form": form, "cam": cam, "current": current})
