from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.events import events_for
from core.http import REFUSED, hx_redirect, run_button, staff_required, submit_record
from core.listing import Table, export_format, export_response, list_page
from direct.imports import ImportRejected, accounts_import_csv, deals_import_csv
from direct.inputs import AccountInput, CloseDealInput, DealInput, ImportInput
from direct.rules import allowed_actions
from direct.selectors import account_filters, account_get, deal_filters, deal_get, deals_of, staff_owners
from direct.services import (
    account_create,
    account_delete,
    account_update,
    deal_close,
    deal_create,
    deal_update,
)
from direct.tables import account_table, deal_table


@dataclass(frozen=True)
class _List:
    filters: Callable[..., Any]  # (actor=, data=) -> the bound FilterSet
    table: Callable[[Any], Table]  # actor -> the Table
    export_name: str


LISTS = {
    "accounts": _List(account_filters, lambda actor: account_table(), "direct-accounts"),
    "deals": _List(deal_filters, lambda actor: deal_table(actor=actor), "direct-deals"),
}


def _list_views(kind: str) -> tuple[Callable[..., Any], Callable[..., Any]]:
    """The accounts' or the deals' list page (filtered) and its export (CSV or XLSX of the filtered rows)."""
    spec = LISTS[kind]

    @staff_required
    def index(request):
        return list_page(
            request,
            filterset=spec.filters(actor=request.actor, data=request.GET),
            table=spec.table(request.actor),
            template="direct/list.html",
            export_url=reverse(f"direct:{kind}_export"),
            context={"kind": kind, "action": reverse(f"direct:{kind}")},
        )

    @staff_required
    def export(request):
        filters = spec.filters(actor=request.actor, data=request.GET)
        columns = spec.table(request.actor).export_columns
        return export_response(filters.qs, columns, name=spec.export_name, fmt=export_format(request))

    return index, export


account_index, account_export = _list_views("accounts")
deal_index, deal_export = _list_views("deals")


@staff_required
def account_form(request, account_id=None):
    """A new account, or an account's changes."""
    actor = request.actor
    account = account_get(actor=actor, public_id=account_id) if account_id else None
    actor.require("direct.manage")
    form = AccountInput(request.POST or None, instance=account, owners=staff_owners(actor=actor))
    saved = submit_record(
        request,
        form,
        account,
        create=lambda: account_create(actor=actor, data=form),
        update=lambda: account_update(actor=actor, account=account, data=form),
        created=lambda a: _("Direct account %(name)s created.") % {"name": a.name},
        updated=_("Direct account saved."),
    )
    if saved is not REFUSED:
        return hx_redirect(request, "direct:account", saved.public_id)
    return render(request, "direct/account_form.html", {"form": form, "account": account})


@staff_required
def account_detail(request, account_id):
    actor = request.actor
    account = account_get(actor=actor, public_id=account_id)
    deals = list(deals_of(actor=actor, account=account))
    for deal in deals:
        deal.actions = allowed_actions(actor, deal)
    context = {
        "account": account,
        "actions": allowed_actions(actor, account),
        "deals": deals,
        "timeline": events_for(actor=actor, target=account)[:100],
    }
    return render(request, "direct/account_detail.html", context)


@staff_required
@require_POST
def account_remove(request, account_id):
    actor = request.actor
    account = account_get(actor=actor, public_id=account_id)
    deleted = run_button(request, lambda: account_delete(actor=actor, account=account))
    if deleted is REFUSED:
        return hx_redirect(request, "direct:account", account.public_id)
    if deleted:
        messages.success(request, _("Direct account %(name)s deleted.") % {"name": account.name})
        return hx_redirect(request, "direct:accounts")
    messages.success(request, _("The account has deals, so it was marked inactive instead of deleted."))
    return hx_redirect(request, "direct:account", account.public_id)


def _import(request, *, run, template_title, back):
    actor = request.actor
    actor.require("direct.manage")
    form = ImportInput(request.POST or None, request.FILES or None)
    context = {"form": form, "title": template_title, "back": back, "result": None, "errors": None}
    if request.method == "POST" and form.is_valid():
        text = form.cleaned_data["csv"]
        confirm = form.cleaned_data["confirm"]
        try:
            result = run(actor=actor, file_text=text, dry_run=not confirm)
        except ImportRejected as exc:
            context["errors"] = exc.row_errors
        else:
            if confirm:
                messages.success(
                    request,
                    _("Import done: %(created)s created, %(updated)s updated, %(unchanged)s unchanged.")
                    % vars(result),
                )
                return hx_redirect(request, back)
            context["result"] = result
            context["confirm_form"] = ImportInput(initial={"csv": text, "confirm": True})
    return render(request, "direct/import.html", context)


@staff_required
def account_import(request):
    return _import(
        request, run=accounts_import_csv, template_title=_("Import direct accounts"), back="direct:accounts"
    )


@staff_required
def deal_import(request):
    return _import(
        request, run=deals_import_csv, template_title=_("Import direct deals"), back="direct:deals"
    )


# --- deals ----------------------------------------------------------------------------------------------


@staff_required
def deal_form(request, account_id=None, deal_id=None):
    """A new deal of an account, or a deal's changes (and closing it)."""
    actor = request.actor
    deal = deal_get(actor=actor, public_id=deal_id) if deal_id else None
    account = deal.account if deal is not None else account_get(actor=actor, public_id=account_id)
    actor.require("direct.manage")
    form = DealInput(request.POST or None, instance=deal, owners=staff_owners(actor=actor))
    if deal is None and account.owner is not None:
        form.initial["owner"] = account.owner.public_id  # a new deal is the account owner's
    saved = submit_record(
        request,
        form,
        deal,
        create=lambda: deal_create(actor=actor, account=account, data=form),
        update=lambda: deal_update(actor=actor, deal=deal, data=form),
        created=_("Deal created."),
        updated=_("Deal saved."),
    )
    if saved is not REFUSED:
        return hx_redirect(request, "direct:account", account.public_id)
    context = {
        "form": form,
        "account": account,
        "deal": deal,
        "actions": allowed_actions(actor, deal) if deal is not None else [],
        "close_form": CloseDealInput(),
    }
    return render(request, "direct/deal_form.html", context)


@staff_required
@require_POST
def deal_close_view(request, deal_id):
    actor = request.actor
    deal = deal_get(actor=actor, public_id=deal_id)

    def close() -> None:
        values = CloseDealInput(request.POST).cleaned()
        deal_close(actor=actor, deal=deal, won=values["outcome"] == "won")

    run_button(request, close, _("Deal closed."))
    return hx_redirect(request, "direct:account", deal.account.public_id)
