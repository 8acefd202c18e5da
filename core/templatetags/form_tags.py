"""What the form partials need beyond Django's own tags: the error summary above a form (its fields' and its
formsets' errors, each linked to its input) and how wide a field is laid out."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import template
from django.utils.translation import gettext as _

register = template.Library()

# Widgets that take the whole width of the two-column grid.
WIDE_WIDGETS = frozenset(
    {"textarea", "checkboxselectmultiple", "selectmultiple", "radioselect", "clearablefile"}
)


@dataclass(frozen=True)
class SummaryItem:
    anchor: str  # the id of the input to jump to ("" for an error of the whole form)
    label: str
    message: str


def _field_items(form: Any, prefix_label: str = "") -> list[SummaryItem]:
    items: list[SummaryItem] = []
    for name, errors in form.errors.items():
        if name == "__all__" or name not in form.fields:
            continue
        field = form[name]
        label = f"{prefix_label}{field.label}" if field.label else prefix_label.rstrip(" ·")
        items += [SummaryItem(field.id_for_label or "", str(label), str(message)) for message in errors]
    return items


@register.filter
def error_summary(form: Any) -> list[SummaryItem]:
    """Every error of a bound form, its formsets' rows included ("Product line 2 · Quantity: …"), in the
    order of the page; errors of the whole form or a whole row have no field to link to."""
    if not getattr(form, "is_bound", False) or (not form.errors and not _formset_errors(form)):
        return []
    items = [SummaryItem("", "", str(message)) for message in form.non_field_errors()]
    items += _field_items(form)
    for formset in getattr(form, "formsets", {}).values():
        items += [SummaryItem("", "", str(message)) for message in formset.non_form_errors()]
        for index, row in enumerate(formset.forms):
            if formset.can_delete and formset._should_delete_form(row):
                continue
            row_label = _("Line %(number)s") % {"number": index + 1}
            items += [SummaryItem("", row_label, str(message)) for message in row.non_field_errors()]
            items += _field_items(row, f"{row_label} · ")
    return items


def _formset_errors(form: Any) -> bool:
    return any(fs.total_error_count() for fs in getattr(form, "formsets", {}).values())


@register.filter
def is_wide(field: Any) -> bool:
    """A field laid out across both columns (long text, lists of boxes)."""
    return field.widget_type in WIDE_WIDGETS or bool(field.field.widget.attrs.get("data-wide"))


@register.filter
def any_required(form: Any) -> bool:
    """Whether a visible field of the form must be filled (the "* required" legend is then shown)."""
    return any(field.field.required for field in form.visible_fields())
