"""Pages of recognition: the leaderboards (staff, and partner users as the leaderboard setting allows),
the awards (staff), the awards granted (staff: every partner's; a partner user: its own company's badges), a
grant's page, granting and revoking, and the leaderboard settings."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse
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
from partners.choices import PartnerType, Region
from recognition.inputs import AwardInput, BoardInput, GrantInput, RevokeInput, SettingInput
from recognition.models import Anonymity, Metric
from recognition.rules import allowed_actions
from recognition.selectors import (
    award_filters,
    award_get,
    award_grants,
    board_for,
    grant_filters,
    grant_get,
    leaderboard_settings,
    setting_get,
)
from recognition.services import (
    award_create,
    award_update,
    grant_create,
    grant_revoke,
    setting_clear,
    setting_save,
)
from recognition.tables import award_table, grant_table, partner_grant_table

BOARD_PAGE_SIZE = 50


@login_required
def leaderboard(request):
    """A leaderboard: the filters (program, region, partner type, period, measure), the reader's own position
    and the standings, shown as `recognition.visibility.present` allows."""
    actor = request.actor
    actor.require("recognition.view")
    form = BoardInput(request.GET or None, actor=actor)
    choice = form.choice()
    presented = board_for(actor=actor, **choice)
    page = Paginator(presented.lines, BOARD_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context: dict[str, Any] = {
        "form": form,
        "presented": presented,
        "board": presented.board,
        "page": page,
        "query": query.urlencode(),
        "metric_label": Metric(choice["metric"]).label,
        "anonymity_label": Anonymity(presented.anonymity).label,
        "top_n": presented.visibility.top_n,
        "figures_hidden": not presented.staff and presented.anonymity != Anonymity.NAMES,
        "can_manage": actor.can("recognition.manage"),
        "region_labels": dict(Region.choices),
        "type_labels": dict(PartnerType.choices),
    }
    if request.htmx:
        return render(request, "recognition/_board.html", context)
    return render(request, "recognition/leaderboard.html", context)


# --- awards -------------------------------------------------------------------------------------------------


@staff_required
def awards(request):
    actor = request.actor
    return list_page(
        request,
        filterset=award_filters(actor=actor, data=request.GET),
        table=award_table(),
        template="recognition/awards.html",
        export_url=reverse("recognition:awards_export"),
        context={"can_manage": actor.can("recognition.manage")},
    )


@staff_required
def awards_export(request):
    filters = award_filters(actor=request.actor, data=request.GET)
    return export_list(request, filters, award_table(), name="awards")


@staff_required
def award_form(request, recognition_award_id=None):
    """A new award, or an award's changes."""
    actor = request.actor
    award = award_get(actor=actor, public_id=recognition_award_id) if recognition_award_id else None
    actor.require("recognition.manage")
    form = AwardInput(request.POST or None, instance=award)
    saved = submit_record(
        request,
        form,
        award,
        create=lambda: award_create(actor=actor, data=form),
        update=lambda: award_update(actor=actor, award=award, data=form),
        created=_("Award created."),
        updated=_("Award saved."),
    )
    if saved is not REFUSED:
        return hx_redirect(request, "recognition:award", saved.public_id)
    return render(request, "recognition/award_form.html", {"form": form, "award": award})


@staff_required
def award_detail(request, recognition_award_id):
    actor = request.actor
    award = award_get(actor=actor, public_id=recognition_award_id)
    grants = award_grants(actor=actor, award=award)
    context = {
        "award": award,
        "actions": allowed_actions(actor, award),
        "grants": list(grants[:100]),
        "grant_count": grants.filter(revoked_at__isnull=True).count(),
        "timeline": events_for(actor=actor, target=award)[:50],
    }
    return render(request, "recognition/award.html", context)


# --- grants -------------------------------------------------------------------------------------------------


@login_required
def grants(request):
    """Staff: every award granted; a partner user: its own company's badges."""
    actor = request.actor
    actor.require("recognition.view")
    return list_page(
        request,
        filterset=grant_filters(actor=actor, data=request.GET),
        table=grant_table() if actor.is_staff else partner_grant_table(),
        template="recognition/grants.html",
        export_url=reverse("recognition:grants_export"),
        context={"staff_view": actor.is_staff, "can_manage": actor.can("recognition.manage")},
    )


@login_required
def grants_export(request):
    actor = request.actor
    filters = grant_filters(actor=actor, data=request.GET)
    table = grant_table() if actor.is_staff else partner_grant_table()
    return export_list(request, filters, table, name="awards-granted")


@staff_required
def grant_new(request):
    """Grant an award: the award and the partner may come chosen (?award=…&partner=…)."""
    actor = request.actor
    actor.require("recognition.manage")
    initial = {name: request.GET[name] for name in ("award", "partner", "period") if request.GET.get(name)}
    form = GrantInput(request.POST or None, initial=initial)
    saved = submit_form(request, form, lambda: grant_create(actor=actor, data=form), _("Award granted."))
    if saved is not REFUSED:
        return hx_redirect(request, "recognition:grant", saved.public_id)
    return render(request, "recognition/grant_form.html", {"form": form})


@login_required
def grant_detail(request, grant_id):
    actor = request.actor
    grant = grant_get(actor=actor, public_id=grant_id)
    context: dict[str, Any] = {"grant": grant, "staff_view": actor.is_staff}
    if actor.is_staff:
        context |= {
            "actions": allowed_actions(actor, grant),
            "revoke_form": RevokeInput(),
            "timeline": events_for(actor=actor, target=grant)[:50],
        }
    return render(request, "recognition/grant.html", context)


@staff_required
@require_POST
def grant_revoke_view(request, grant_id):
    actor = request.actor
    grant = grant_get(actor=actor, public_id=grant_id)
    run_button(
        request,
        lambda: grant_revoke(actor=actor, grant=grant, data=RevokeInput(request.POST)),
        _("Award revoked."),
    )
    return hx_redirect(request, "recognition:grant", grant.public_id)


# --- settings -----------------------------------------------------------------------------------------------


@staff_required
def settings_page(request):
    """What partners see on the leaderboards: the setting for every program and the programs' own."""
    actor = request.actor
    actor.require("recognition.view")
    can_manage = actor.can("recognition.manage")
    form = SettingInput(request.POST or None)
    if not can_manage:
        form.read_only()
    saved = submit_form(
        request, form, lambda: setting_save(actor=actor, data=form), _("Leaderboard setting saved.")
    )
    if saved is not REFUSED:
        return hx_redirect(request, "recognition:settings")
    context = {"form": form, "settings": leaderboard_settings(actor=actor), "can_manage": can_manage}
    return render(request, "recognition/settings.html", context)


@staff_required
@require_POST
def setting_clear_view(request, setting_id):
    actor = request.actor
    setting = setting_get(actor=actor, public_id=setting_id)
    run_button(
        request,
        lambda: setting_clear(actor=actor, setting=setting),
        _("The program follows the setting for every program again."),
    )
    return hx_redirect(request, "recognition:settings")
