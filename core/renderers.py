"""The form renderer: Django's own, with select boxes, the options of checkbox and radio lists, inputs and
text areas written out in Python.

Django renders a `<select>` as a template that includes one template per option (and one more for each
option's attributes): a country list of 250 options costs some 750 template renders, the filter forms of a
list page a few hundred. An input is three templates (text.html, input.html, attrs.html). This renderer
writes exactly the same markup directly for those plain templates and leaves every other widget, and any
select whose options use another template, to the templates.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.formats import localize
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeData, mark_safe

SELECT = "django/forms/widgets/select.html"
OPTION = "django/forms/widgets/select_option.html"
# One checkbox or radio button of a list (`{{ choice.tag }}` in includes/field.html renders each through the
# renderer): input_option.html around input.html.
INPUT_OPTIONS = ("django/forms/widgets/checkbox_option.html", "django/forms/widgets/radio_option.html")
# The input widgets whose template is input.html alone ({% include "django/forms/widgets/input.html" %}).
INPUTS = frozenset(
    f"django/forms/widgets/{name}.html"
    for name in (
        "input", "text", "search", "email", "url", "tel", "number", "password", "hidden",
        "date", "datetime", "time", "color", "file", "checkbox",
    )
)  # fmt: skip
TEXTAREA = "django/forms/widgets/textarea.html"


def _formatted(value: Any) -> str:
    """`{{ value|stringformat:'s' }}` under autoescaping."""
    text = str(value)  # what "%s" gives
    return text if isinstance(value, SafeData) else escape(text)


def _attrs(attrs: dict[str, Any]) -> str:
    """django/forms/widgets/attrs.html."""
    out = []
    for name, value in attrs.items():
        if value is False:
            continue
        out.append(
            f" {conditional_escape(name)}"
            if value is True
            else f' {conditional_escape(name)}="{_formatted(value)}"'
        )
    return "".join(out)


def _label(value: Any) -> str:
    """`{{ label }}`: localized, then escaped unless safe."""
    value = localize(value)
    return conditional_escape(value if isinstance(value, str) else str(value))


def render_select(widget: dict[str, Any]) -> str | None:
    """select.html with its options, or None when an option has a template of its own."""
    parts = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
        for option in group_choices:
            if option["template_name"] != OPTION:
                return None
            parts.append(
                f'\n  <option value="{_formatted(option["value"])}"{_attrs(option["attrs"])}>'
                f"{_label(option['label'])}</option>\n"  # the option template's own last line break
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return mark_safe("".join(parts))


class PlainSelect(forms.Select):
    """A single-choice select written out from its choices: the markup of Django's templates (as
    `render_select` writes it) without Django's dict of a dozen keys per option on the way (the filters of a
    list page: a few hundred). A select with option groups, or with templates of its own, renders as Django
    does."""

    def render(self, name, value, attrs=None, renderer=None):
        own_templates = (self.template_name, self.option_template_name) != (SELECT, OPTION)
        if self.allow_multiple_selected or own_templates:
            return super().render(name, value, attrs, renderer)
        values = self.format_value(value)
        parts = [f'<select name="{conditional_escape(name)}"{_attrs(self.build_attrs(self.attrs, attrs))}>']
        found = False
        for option_value, option_label in self.choices:
            if isinstance(option_label, (list, tuple)):  # a group
                return super().render(name, value, attrs, renderer)
            text = "" if option_value is None else str(option_value)
            selected = not found and text in values  # a single select marks the first match only
            found |= selected
            parts.append(
                f'\n  <option value="{_formatted(text)}"{" selected" if selected else ""}>'
                f"{_label(option_label)}</option>\n"
            )
        parts.append("\n</select>")
        return mark_safe("".join(parts))


def plain_select(widget: forms.Widget) -> forms.Widget:
    """`widget` as a PlainSelect when it is exactly Django's Select (a subclass may render its own way)."""
    if type(widget) is not forms.Select:
        return widget
    plain = PlainSelect(attrs=widget.attrs, choices=widget.choices)
    plain.is_required, plain.is_localized = widget.is_required, widget.is_localized
    return plain


def _input(widget: dict[str, Any]) -> str:
    """input.html."""
    value = "" if widget["value"] is None else f' value="{_formatted(widget["value"])}"'
    return (
        f'<input type="{conditional_escape(widget["type"])}" name="{conditional_escape(widget["name"])}"'
        f"{value}{_attrs(widget['attrs'])}>"
    )


def render_input(widget: dict[str, Any]) -> str:
    return mark_safe(_input(widget))


def render_textarea(widget: dict[str, Any]) -> str:
    """textarea.html."""
    value = _label(widget["value"]) if widget["value"] else ""
    return mark_safe(
        f'<textarea name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>\n{value}</textarea>'
    )


def render_input_option(widget: dict[str, Any]) -> str:
    """input_option.html: the input (input.html), inside its label when `wrap_label`."""
    attrs = widget["attrs"]
    html = _input(widget)
    if widget.get("wrap_label"):
        label_for = f' for="{conditional_escape(attrs["id"])}"' if attrs.get("id") else ""
        html = f"<label{label_for}>{html}\n {_label(widget['label'])}</label>"  # input.html's last line break
    return mark_safe(html)


class KanalFormRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        if template_name == SELECT:
            html = render_select(context["widget"])
            if html is not None:
                return html
        if template_name in INPUT_OPTIONS:
            return render_input_option(context["widget"])
        if template_name in INPUTS:
            return render_input(context["widget"])
        if template_name == TEXTAREA:
            return render_textarea(context["widget"])
        return super().render(template_name, context, request)
