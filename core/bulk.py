"""Acting on many rows of a list at once: the bulk actions of a list, for its page and its API alike.

A list offers `BulkAction`s (approve, assign a CAM, change a status...). Each runs the app's own service on
every chosen row, one row after another, each in the service's own transaction: the service reads the row
through `visible_to`, checks `allowed_actions` and refuses with a coded error, so a bulk action can do
nothing that the record's page could not. What it asks once for every row (a reason, the CAM) is the
action's input, validated before any row is touched: a wrong input changes nothing. The outcome says which
rows were done and which were refused, and why.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal, Union
from urllib.parse import urlencode
from uuid import UUID

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from pydantic import Field, create_model

from core.errors import django_error_items
from core.inputs import Input, api_schema
from core.schemas import InputSchema, Schema

MAX_SELECTED = 500  # rows per bulk action: a page of a list is 25, "select all" never reaches this
REFUSALS_SHOWN = 10  # on the page; the API returns every refusal


class SelectedIdsField(forms.Field):
    """The rows chosen on a list, by public id (repeated `id` parameters)."""

    widget = forms.MultipleHiddenInput
    default_error_messages = {
        "invalid": _("Choose rows by their ids."),
        "too_many": _("Choose at most %(max)s rows at once."),
    }
    api_type = Annotated[
        list[UUID], Field(max_length=MAX_SELECTED, description="Only the rows with these ids.")
    ]

    def to_python(self, value: Any) -> list[UUID]:
        if value in (None, "", [], ()):
            return []
        values = value if isinstance(value, (list, tuple)) else [value]
        try:
            ids = list(dict.fromkeys(v if isinstance(v, UUID) else uuid.UUID(str(v)) for v in values))
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None
        if len(ids) > MAX_SELECTED:
            raise ValidationError(
                self.error_messages["too_many"], code="too_many", params={"max": MAX_SELECTED}
            )
        return ids


@dataclass(frozen=True)
class BulkAction:
    """One thing a list can do to each chosen row: `run(actor, row, values)` calls the app's service (which
    checks `allowed_actions` and refuses with a coded ValidationError or PermissionDenied); `values` come from
    `input`, asked once for all rows."""

    key: str
    label: Any
    run: Callable[[Any, Any, dict[str, Any]], Any]
    permission: str  # who is offered the action at all; each row's own rules are the service's
    done: Any  # ngettext_lazy("%(n)s registration approved.", "%(n)s registrations approved.", "n")
    input: type[Input] | None = None
    input_options: Callable[[Any], dict[str, Any]] = lambda actor: {}  # e.g. the actor, for its choices

    def form(self, actor: Any, data: Mapping[str, Any] | None = None) -> Input | None:
        if self.input is None:
            return None
        return self.input(data, prefix=self.key, **self.input_options(actor))


@dataclass(frozen=True)
class Refusal:
    id: UUID
    label: str
    code: str
    message: str


@dataclass
class BulkOutcome:
    done: list[UUID] = field(default_factory=list)
    refused: list[Refusal] = field(default_factory=list)


def _refusal(row_id: UUID, label: str, exc: Exception) -> Refusal:
    if isinstance(exc, PermissionDenied):
        return Refusal(row_id, label, "forbidden", gettext("Your role does not allow this."))
    assert isinstance(exc, ValidationError)
    items = django_error_items(exc)  # the codes as the API reports any refusal
    return Refusal(row_id, label, items[0]["code"], " ".join(item["message"] for item in items))


def run_bulk(
    *, actor: Any, action: BulkAction, rows: Any, ids: Iterable[UUID], values: dict[str, Any]
) -> BulkOutcome:
    """Run `action` on each chosen row that `rows` (the list's `visible_to(actor)` rows) holds; an id it
    does not hold is refused as not found, exactly as if it did not exist."""
    ids = list(dict.fromkeys(ids))
    found = {row.public_id: row for row in rows.filter(public_id__in=ids)}
    outcome = BulkOutcome()
    for row_id in ids:
        row = found.get(row_id)
        if row is None:
            outcome.refused.append(Refusal(row_id, "", "not_found", gettext("Not found.")))
            continue
        try:
            action.run(actor, row, values)
        except (ValidationError, PermissionDenied) as exc:
            outcome.refused.append(_refusal(row_id, str(row), exc))
        else:
            outcome.done.append(row_id)
    return outcome


def offered(actor: Any, actions: Iterable[BulkAction]) -> list[BulkAction]:
    return [a for a in actions if actor.can(a.permission)]


# --- the page -------------------------------------------------------------------------------------------


EXPORT = "export"  # the bulk bar's "Export selected": the chosen rows as CSV, with the list's columns


def bulk_context(request: Any, *, actions: Iterable[BulkAction], url: str, export: bool = True) -> dict:
    """What includes/list_results.html needs to show the selection column and the bulk bar (`bulk` is
    None when the reader is offered nothing to do with chosen rows, so the list shows no checkboxes)."""
    mine = offered(request.actor, actions)
    if not mine and not export:
        return {"bulk": None}
    return {
        "bulk": {
            "url": url,
            "export": export,
            # An action's input is fetched when its menu opens (`bulk_form`): the list costs nothing more
            # until someone acts on chosen rows.
            "actions": [
                {"action": a, "form_url": f"{url}?{urlencode({'form': a.key})}" if a.input else None}
                for a in mine
            ],
        }
    }


def bulk_form(request: Any, *, actions: Iterable[BulkAction]) -> HttpResponse:
    """GET `?form=<key>` on a list's bulk URL: the input that action asks for once for every chosen row, with
    its button, for the bar's menu (includes/bulk_action_form.html)."""
    key = request.GET.get("form", "")
    action = next((a for a in offered(request.actor, actions) if a.key == key and a.input), None)
    if action is None:
        raise Http404
    return render(
        request, "includes/bulk_action_form.html", {"action": action, "form": action.form(request.actor)}
    )


def _back(request: Any, fallback: str) -> str:
    target = request.POST.get("next", "")
    safe = url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()})
    return target if target and safe else fallback


def bulk_submit(
    request: Any,
    *,
    actions: Iterable[BulkAction],
    rows: Any,
    back: str,
    export: Callable[[Any], HttpResponse] | None = None,
) -> HttpResponse:
    """A bulk action posted from a list page: check the choice and the action's input, run it, say what was
    done and what was refused (messages), and return to the list as it was filtered. `export(rows)` answers
    "Export selected" with the chosen rows (those `rows` holds) as a file."""
    actor = request.actor
    back = _back(request, back)
    key = request.POST.get("action")
    action = next((a for a in offered(actor, actions) if a.key == key), None)
    if action is None and not (key == EXPORT and export is not None):
        raise PermissionDenied
    try:
        ids = SelectedIdsField(required=False).clean(request.POST.getlist("id"))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return HttpResponseRedirect(back)
    if not ids:
        messages.error(request, gettext("Select at least one row first."))
        return HttpResponseRedirect(back)
    if action is None:
        assert export is not None
        return export(rows.filter(public_id__in=ids))
    form = action.form(actor, request.POST)
    if form is not None and not form.is_valid():
        for name, errors in form.errors.items():
            label = form.fields[name].label if name in form.fields else ""
            for error in errors:
                messages.error(request, f"{action.label} — {label}: {error}" if label else str(error))
        return HttpResponseRedirect(back)
    outcome = run_bulk(
        actor=actor, action=action, rows=rows, ids=ids, values=form.cleaned_data if form else {}
    )
    report_outcome(request, action, outcome)
    return HttpResponseRedirect(back)


def report_outcome(request: Any, action: BulkAction, outcome: BulkOutcome) -> None:
    if outcome.done:
        messages.success(request, action.done % {"n": len(outcome.done)})
    if not outcome.refused:
        return
    messages.warning(
        request,
        ngettext(
            "%(action)s: %(n)s row was refused.", "%(action)s: %(n)s rows were refused.", len(outcome.refused)
        )
        % {"action": action.label, "n": len(outcome.refused)},
    )
    for refusal in outcome.refused[:REFUSALS_SHOWN]:
        messages.warning(request, f"{refusal.label or refusal.id} — {refusal.message}")
    if len(outcome.refused) > REFUSALS_SHOWN:
        more = len(outcome.refused) - REFUSALS_SHOWN
        messages.warning(request, ngettext("…and %(n)s more.", "…and %(n)s more.", more) % {"n": more})


# --- the API --------------------------------------------------------------------------------------------


class RefusalOut(Schema):
    id: UUID
    code: str
    message: str


class BulkOut(Schema):
    done: list[UUID]
    refused: list[RefusalOut]


def bulk_schema(name: str, actions: Iterable[BulkAction]) -> Any:
    """The body of a list's bulk endpoint: one shape per action (`action` tells which), each with the ids and
    its input's fields as the input declares them (what it requires, its limits and choices)."""
    ids = Annotated[list[UUID], Field(min_length=1, max_length=MAX_SELECTED)]
    variants = []
    for action in actions:
        extra: dict[str, Any] = {"action": (Literal[action.key], ...), "ids": (ids, ...)}
        variant_name = f"{name}{action.key.title().replace('_', '')}"
        if action.input is None:
            variants.append(create_model(variant_name, __base__=InputSchema, **extra))
        else:
            options = action.input_options(None)
            variants.append(api_schema(action.input, variant_name, extra=extra, **options))
    if len(variants) == 1:
        return variants[0]
    return Annotated[Union[tuple(variants)], Field(discriminator="action")]  # noqa: UP007


def bulk_api(request: Any, payload: Any, *, actions: Iterable[BulkAction], rows: Any) -> BulkOutcome:
    """A bulk action through the API: the action's input refused as a whole (422) before any row is touched,
    then each row done or refused."""
    actor = request.actor
    action = next((a for a in offered(actor, actions) if a.key == payload.action), None)
    if action is None:
        raise PermissionDenied
    values: dict[str, Any] = {}
    if action.input is not None:
        given = payload.dict(exclude={"action", "ids"}, exclude_none=True)
        values = action.input.from_api(given, **action.input_options(actor)).cleaned()
    return run_bulk(actor=actor, action=action, rows=rows, ids=payload.ids, values=values)
