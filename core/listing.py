"""One way to list, filter, sort, page and export.

A list is a `django_filters.FilterSet` (the filters and the sort, declared once) and a `Table` (the columns,
declared once). The page renders the table with `includes/table.html`, the API pages the same FilterSet's rows
with the project's pagination class, and the export writes the same columns for the same filters (every page,
not just the one on screen) as CSV or XLSX. A selector applies the FilterSet; views never filter.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from functools import cached_property, lru_cache
from io import BytesIO
from typing import Annotated, Any, cast, get_args, get_origin

import django_filters
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.db.models.fetch_modes import FETCH_ONE, FETCH_RAISE
from django.http import HttpResponse, QueryDict, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import date_format, localize
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from pydantic import create_model
from pydantic.fields import FieldInfo

from core.bulk import SelectedIdsField
from core.csv_export import csv_rows
from core.inputs import UnknownIdMixin, field_annotation
from core.renderers import plain_select
from core.schemas import Schema

PAGE_SIZE = 25
LIST_RESULTS = "includes/list_results.html"  # the #results of a page extending "includes/list_page.html"
EXPORT_FORMATS = ("csv", "xlsx")


@dataclass(frozen=True)
class Column:
    """One column of a list: its heading, its value (page and export), how it links and sorts."""

    key: str
    label: Any
    value: Callable[[Any], Any]
    link: Callable[[Any], str | None] | None = None
    html: Callable[[Any], Any] | None = None  # a richer cell on the page (a badge, a second line)
    sort: str | None = None  # the FilterSet's ordering key, when the column sorts
    on_page: bool = True
    in_export: bool = True
    # The fields the page's cell reads, as ORM paths ("partner__name"). When every column on the page says,
    # the page loads only those fields (`Table.page_reads`); exports and the API read whole rows.
    reads: tuple[str, ...] | None = None

    def cell(self, row) -> Any:
        if self.html is not None:
            return self.html(row)
        value = self.value(row)
        text = "—" if value in (None, "") else value
        url = self.link(row) if self.link else None
        return format_html('<a href="{}">{}</a>', url, text) if url else text


# The public id, first in every export and never on the page.
ID_COLUMN = Column("id", "id", lambda row: row.public_id, on_page=False)


def money_columns(key: str, label: Any, field_name: str, **options: Any) -> list[Column]:
    """An amount and its currency: one column on the page ("1250.00 EUR"), two in exports."""
    return [
        Column(
            key,
            label,
            lambda row: getattr(row, field_name),
            html=lambda row: f"{getattr(row, field_name)} {row.currency}",
            reads=(field_name, "currency"),
            **options,
        ),
        Column("currency", _("Currency"), lambda row: row.currency, on_page=False),
    ]


def attribute(obj: Any, path: str) -> Any:
    """`obj.a.b` for the path "a.b", None as soon as a step is None (a registration without a decider)."""
    for name in path.split("."):
        obj = getattr(obj, name)
        if obj is None:
            return None
    return obj


def orm_path(path: str) -> str:
    """The ORM path of an attribute path: "partner.cam.email" is "partner__cam__email"."""
    return path.replace(".", "__")


def path_column(key: str, label: Any, path: str, **options: Any) -> Column:
    """A column showing one attribute, reached through related rows: `path_column("cam_email", _("CAM"),
    "partner.cam.email")`; empty where a step is missing. A richer cell (`html`) says what it reads."""
    if "html" not in options:
        options.setdefault("reads", (orm_path(path),))
    return Column(key, label, lambda row: attribute(row, path), **options)


def choice_column(key: str, label: Any, field_name: str, **options: Any) -> Column:
    """A choice field: the stored value in exports, its label on the page."""
    return Column(
        key,
        label,
        lambda row: getattr(row, field_name),
        html=lambda row: getattr(row, f"get_{field_name}_display")(),
        reads=(field_name,),
        **options,
    )


@lru_cache(maxsize=4096)
def _day_text(value: date, language: str | None) -> str:
    return date_format(value, "DATE_FORMAT")


def day_text(value: date | None) -> str:
    """A day written out in the reader's language ("28 November 2026"); formatted once per day and language,
    as the rows of a page share few days."""
    return _day_text(value, get_language()) if value else "—"


def day_column(key: str, label: Any, path: str, **options: Any) -> Column:
    """A date, or the day of a moment: the date in exports, written out on the page ("—" when none)."""

    def day(row: Any) -> date | None:
        value = attribute(row, path)
        if isinstance(value, datetime):  # the reader's day of that moment
            return timezone.localdate(value) if timezone.is_aware(value) else value.date()
        return value

    return Column(key, label, day, html=lambda row: day_text(day(row)), reads=(orm_path(path),), **options)


def _cell_html(cell: Any) -> str:
    """A cell's content: safe HTML as it is, text escaped, numbers and dates localized."""
    return conditional_escape(cell if isinstance(cell, str) else localize(cell))


@dataclass(frozen=True)
class Row:
    """One row of a table on the page: its cells and the record they show (its public id names it in a bulk
    selection)."""

    record: Any
    cells: list[Any]

    def __iter__(self) -> Iterator[Any]:
        return iter(self.cells)

    @property
    def key(self) -> Any:
        return getattr(self.record, "public_id", None)

    @property
    def cells_html(self) -> SafeString:
        """The row's cells as <td>s, escaped unless already safe: written here rather than by a template loop,
        which costs a list page a good part of its rendering (25 rows of 6 to 10 cells)."""
        return mark_safe("".join([f"<td>{_cell_html(cell)}</td>" for cell in self.cells]))  # noqa: S308


@dataclass
class Table:
    columns: list[Column]
    empty: Any = field(default_factory=lambda: _("Nothing matches these filters."))
    # How many rows match, in words: ngettext_lazy("%(n)s partner", "%(n)s partners", "n").
    count: Any = None
    # What the page reads of a row besides its cells: its public id (the bulk box), and what str() of it
    # reads (the box's label) when bulk actions are on.
    row_reads: tuple[str, ...] = ("public_id",)

    def count_text(self, total: int, *, capped: bool = False) -> str | None:
        if self.count is None:
            return None
        text = self.count % {"n": total}
        return gettext("%(count)s or more") % {"count": text} if capped else text

    @property
    def page_columns(self) -> list[Column]:
        return [c for c in self.columns if c.on_page]

    @property
    def page_reads(self) -> tuple[str, ...] | None:
        """The fields the page reads of each row, when every column on the page says (else None: whole
        rows)."""
        reads = list(self.row_reads)
        for column in self.page_columns:
            if column.reads is None:
                return None
            reads.extend(column.reads)
        return tuple(dict.fromkeys(reads))

    @property
    def export_columns(self) -> list[Column]:
        return [c for c in self.columns if c.in_export]

    def rows(self, objects: Iterable[Any]) -> list[Row]:
        columns = self.page_columns
        return [Row(obj, [c.cell(obj) for c in columns]) for obj in objects]

    def headings(self, query: QueryDict) -> list[dict[str, Any]]:
        """Each heading with the link that sorts by it (ascending, then descending) and the current state."""
        current = query.get("sort", "")
        out = []
        for column in self.page_columns:
            heading: dict[str, Any] = {"label": column.label, "sort": None, "url": None}
            if column.sort:
                state = (
                    "ascending"
                    if current == column.sort
                    else "descending"
                    if current == f"-{column.sort}"
                    else None
                )
                params = query.copy()
                params.pop("page", None)
                params["sort"] = f"-{column.sort}" if state == "ascending" else column.sort
                heading |= {"sort": state, "url": f"?{params.urlencode()}"}
            out.append(heading)
        return out


def table_rows_html(rows: list[Row], *, columns: int, bulk: bool, empty: Any) -> SafeString:
    """includes/table.html's rows: with `bulk`, a first cell whose box belongs to the bulk form. Written here
    rather than by a template loop over 25 rows (what the page spends most on after its queries)."""
    if not rows:
        return format_html('<tr><td colspan="{}">{}</td></tr>', columns + 1 if bulk else columns, empty)
    if not bulk:
        return format_html_join("\n", "<tr>{}</tr>", ((row.cells_html,) for row in rows))
    return format_html_join(
        "\n",
        '<tr><td class="select-cell"><input type="checkbox" name="id" value="{}" form="bulk-form"'
        ' aria-label="{}"></td>{}</tr>',
        ((row.key, gettext("Select %(name)s") % {"name": row.record}, row.cells_html) for row in rows),
    )


# --- filters -----------------------------------------------------------------------------------------------


def bind_filters(
    filterset_class, data: Mapping[str, Any] | None, *, queryset, strict: bool = False, **kwargs
):
    """A bound FilterSet. On a page a wrong value is dropped and the other filters still apply; through the
    API (`strict`) it is refused with the form's errors and codes."""
    filterset = filterset_class(data or None, queryset=queryset, **kwargs)
    if strict and filterset.is_bound and not filterset.is_valid():
        raise ValidationError(filterset.form.errors.as_data())
    return filterset


def filterset_schema(filterset_class, name: str, **kwargs) -> type:
    """The API query parameters of a FilterSet (all optional), with their choices and limits."""
    filterset = filterset_class(queryset=None, **kwargs)
    fields: dict[str, Any] = {}
    for field_name, form_field in filterset.form.fields.items():
        annotation = field_annotation(form_field)
        if get_origin(annotation) is Annotated and get_origin(get_args(annotation)[0]) is list:
            # A repeated parameter (?id=a&id=b): ninja reads a query list only from a bare list annotation,
            # so its limits move to the field's default.
            item_type, *limits = get_args(annotation)
            fields[field_name] = (item_type | None, FieldInfo.merge_field_infos(*limits, default=None))
        else:
            fields[field_name] = (annotation | None, None)
    return create_model(name, __base__=Schema, **fields)


MORE_FILTERS = "more"  # ?filters=more: the controls of the "More filters" panel alone (fetched when it opens)
ALL_FILTERS = "all"  # ?filters=all: every control inline (the panel's link without JavaScript)


def filter_fields_html(
    form: Any, *, sort: str = "", more: Iterable[str] = (), more_url: str | None = None, only=None
) -> SafeString:
    """includes/filter_form.html's controls: each visible filter in its label with its errors; the sort (set
    by the table's headings) rides along hidden. The `more` filters (a FilterSet's `more_filters`) wait under
    "More filters", whose controls the page fetches from `more_url` when the panel opens, unless one of them
    is set (then every control shows, so the reader sees what narrows the list). `only`: just these controls
    (the panel's)."""
    more = [name for name in more if name in form.fields]
    if more_url is None or (form.is_bound and any(form.data.get(name) for name in more)):
        more = []
    parts = []
    for bound in form:
        if bound.is_hidden or (only is not None and bound.name not in only) or bound.name in more:
            continue
        if bound.name == "sort":
            if sort:
                parts.append(format_html('<input type="hidden" name="sort" value="{}">', sort))
            continue
        errors = format_html_join("", '<small class="errorlist">{}</small>', ((e,) for e in bound.errors))
        parts.append(format_html("<label>{}{}{}</label>", bound.label, bound, errors))
    if more and more_url is not None:
        parts.append(
            format_html(
                '<details class="more-filters" hx-get="{}" hx-trigger="toggle once"'
                ' hx-target="find .more-filters-body" hx-swap="innerHTML">'
                '<summary role="button" class="secondary outline">{}</summary>'
                '<div class="more-filters-body filters" aria-live="polite"><a href="{}">{}</a></div>'
                "</details>",
                more_url,
                gettext("More filters"),
                more_url.replace(f"filters={MORE_FILTERS}", f"filters={ALL_FILTERS}"),
                gettext("Show every filter"),
            )
        )
    return mark_safe("".join(parts))


def query_data(filters: Any) -> dict[str, Any]:
    """An API list's parsed query (a `filterset_schema` model, so typed Any) as FilterSet data: only the
    parameters given."""
    return filters.dict(exclude_none=True)


def query_without(query: QueryDict, *names: str) -> str:
    params = query.copy()
    for name in names:
        params.pop(name, None)
    return params.urlencode()


# --- pages ------------------------------------------------------------------------------------------------


def page_rows(queryset: QuerySet, table: Table) -> QuerySet:
    """The rows for the page: only the fields its cells read, when its columns say which (a row of 30 fields
    and three joined rows costs the page more to load than to show). A field left out of a column's `reads`
    raises under tests (KANAL_STRICT_FETCH); otherwise it is fetched row by row, as Django does by default."""
    reads = table.page_reads
    if reads is None:
        return queryset
    # Joined: the related rows the reads pass through ("partner__cam__email": partner, partner__cam), not
    # what the selector joined for whole rows (a deferred relation may not be joined).
    joins = {
        "__".join(path.split("__")[:depth]) for path in reads for depth in range(1, path.count("__") + 1)
    }
    return queryset.select_related(None).select_related(*sorted(joins)).only(*reads).fetch_mode(fetch_mode())


def fetch_mode():
    """How rows read with some of their fields fetch another when it is touched: refused under tests
    (KANAL_STRICT_FETCH), so a forgotten field fails them; one by one otherwise, as Django does."""
    return FETCH_RAISE if settings.KANAL_STRICT_FETCH else FETCH_ONE


class CappedPaginator(Paginator):
    """Counts at most `cap` rows (then `capped` is set): for lists so long that nobody pages to their end and
    counting every row would cost more than showing a page (the content library: 100,000 assets)."""

    def __init__(self, object_list, per_page, *, cap: int, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.cap = cap
        self.capped = False

    @cached_property
    def count(self) -> int:
        rows = cast(QuerySet, self.object_list)
        found = rows.order_by()[: self.cap + 1].count()
        self.capped = found > self.cap
        return min(found, self.cap)


def list_page(
    request,
    *,
    filterset,
    table: Table,
    template: str,
    export_url: str | None = None,
    context: dict[str, Any] | None = None,
    page_size: int = PAGE_SIZE,
    fragment: str | None = None,
    bulk: dict[str, Any] | None = None,
    count_cap: int | None = None,
):
    """A list page extending `includes/list_page.html` (or, for HTMX, its #results: LIST_RESULTS, or the
    page's own `fragment`). The export link lives in the fragment, so it always carries the filters on
    screen. `count_cap`: count at most that many rows (`CappedPaginator`)."""
    if request.GET.get("filters") == MORE_FILTERS:  # the "More filters" panel opening
        more = getattr(filterset, "more_filters", ())
        return HttpResponse(filter_fields_html(filterset.form, only=set(more)))
    rows = page_rows(filterset.qs, table)
    paginator = (
        Paginator(rows, page_size) if count_cap is None else CappedPaginator(rows, page_size, cap=count_cap)
    )
    page = paginator.get_page(request.GET.get("page"))
    query = query_without(request.GET, "page")
    filters = query_without(request.GET, "page", "format")
    ctx = (
        {
            "filter": filterset,
            "form": filterset.form,
            "page": page,
            "total": page.paginator.count,
            "count_text": table.count_text(paginator.count, capped=getattr(paginator, "capped", False)),
            "table": table,
            "headings": table.headings(request.GET),
            "rows": table.rows(page.object_list),
            "export_csv": f"{export_url}?{filters}" if export_url else None,
            "export_xlsx": f"{export_url}?{'&'.join(p for p in (filters, 'format=xlsx') if p)}"
            if export_url
            else None,
            "query": query,
        }
        | (bulk or {})
        | (context or {})
    )
    if request.htmx:
        return render(request, fragment or LIST_RESULTS, ctx)
    return render(request, template, ctx)


# --- exports ----------------------------------------------------------------------------------------------


def _export_value(value) -> Any:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, (date, Decimal, int, float, bool)):
        return value
    return str(value)


def export_response(queryset, columns: list[Column], *, name: str, fmt: str = "csv"):
    """Every row the filters select (not one page), as CSV (streamed) or XLSX."""
    stamp = timezone.localdate().isoformat()
    if fmt == "xlsx":
        return _xlsx_response(queryset, columns, filename=f"{name}-{stamp}.xlsx")
    csv_columns = [(c.key, lambda row, c=c: _csv_value(c.value(row))) for c in columns]
    response = StreamingHttpResponse(csv_rows(queryset, csv_columns), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}-{stamp}.csv"'
    return response


def _csv_value(value) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return "" if value is None else value


def _xlsx_response(queryset, columns: list[Column], *, filename: str) -> HttpResponse:
    import xlsxwriter

    buffer = BytesIO()
    # constant_memory writes row by row, so a large export does not build the sheet in memory.
    book = xlsxwriter.Workbook(buffer, {"constant_memory": True, "strings_to_formulas": False})
    sheet = book.add_worksheet()
    bold = book.add_format({"bold": True})
    day = book.add_format({"num_format": "yyyy-mm-dd"})
    moment = book.add_format({"num_format": "yyyy-mm-dd hh:mm"})
    for col, column in enumerate(columns):
        sheet.write_string(0, col, column.key, bold)
    for row_number, obj in enumerate(_iterate(queryset), start=1):
        for col, column in enumerate(columns):
            value = _export_value(column.value(obj))
            if isinstance(value, datetime):
                sheet.write_datetime(row_number, col, value, moment)
            elif isinstance(value, date):
                sheet.write_datetime(row_number, col, datetime(value.year, value.month, value.day), day)
            elif isinstance(value, bool):
                sheet.write_boolean(row_number, col, value)
            elif isinstance(value, (int, float, Decimal)):
                sheet.write_number(row_number, col, float(value) if not isinstance(value, int) else value)
            else:
                # strings_to_formulas is off: a cell starting with "=" stays text, so nothing needs escaping.
                sheet.write_string(row_number, col, value)
    book.close()
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _iterate(queryset) -> Iterator[Any]:
    if hasattr(queryset, "iterator"):
        return queryset.iterator(chunk_size=500)
    return iter(queryset)


def export_list(request, filterset, table: Table, *, name: str):
    """A list page's export: the filtered rows (every page) in the export columns, in the format asked for."""
    return export_response(filterset.qs, table.export_columns, name=name, fmt=export_format(request))


def export_format(request) -> str:
    fmt = request.GET.get("format", "csv")
    return fmt if fmt in EXPORT_FORMATS else "csv"


class ListFilterSet(django_filters.FilterSet):
    """A list's one FilterSet (page, API, export). A partner user is not offered the `staff_only` filters:
    the names of what only the vendor sees (another partner, a manager) are neither filters nor fields."""

    staff_only: tuple[str, ...] = ()
    # Filters a reader sets less often: on the page under "More filters" (core.listing.filter_fields_html).
    more_filters: tuple[str, ...] = ()

    def __init__(self, data=None, queryset=None, *, actor=None, request=None, prefix=None):
        # django-filter's own __init__, but for how each instance gets its filters: it deep-copies the
        # declared ones (their choices, labels and widgets), which cost a list page more than filtering its
        # rows did. What an instance may change of a filter is its `extra`, its method binding and its field.
        if queryset is None:
            queryset = self._meta.model._default_manager.all()
        self.is_bound = data is not None
        self.data = data or QueryDict()
        self.queryset = queryset
        self.request = request
        self.form_prefix = prefix
        self.filters = {name: _filter_copy(f, self, queryset.model) for name, f in self.base_filters.items()}
        if actor is not None and not actor.is_staff:
            for name in self.staff_only:
                self.filters.pop(name, None)
                self.form.fields.pop(name, None)

    def get_form_class(self):
        """The form class, built once per FilterSet class from all its declared filters (django-filter builds
        a class per instance). Each form still gets its own fields (Django copies them for every form), which
        the FilterSets adjust: choices read from the database, the staff-only fields dropped."""
        form_class = _FORM_CLASSES.get(type(self))
        if form_class is None:
            model = self._meta.model
            fields = {name: _filter_copy(f, self, model).field for name, f in self.base_filters.items()}
            for field in fields.values():
                field.widget = plain_select(field.widget)
            form_class = type(f"{type(self).__name__}Form", (self._meta.form,), fields)
            _FORM_CLASSES[type(self)] = form_class
        return form_class


_FORM_CLASSES: dict[type, type] = {}


def _filter_copy(declared: django_filters.Filter, parent: ListFilterSet, model) -> django_filters.Filter:
    """A declared filter for one FilterSet instance: its own `extra`, no field yet, and its method (a
    FilterMethod, which names its filter) bound to it."""
    copied = copy.copy(declared)
    copied.extra = dict(declared.extra)
    copied.__dict__.pop("_field", None)
    if declared.method is not None:
        copied.method = declared.method
    copied.model = model
    copied.parent = parent
    return copied


class IdFilterField(UnknownIdMixin, django_filters.fields.ModelChoiceField):
    """django-filter's choice field (with its optional "none" value), answering "unknown_id" for an id that
    names nothing the reader may use."""


class IdChoiceFilter(django_filters.ModelChoiceFilter):
    """Filter by a related row's public id (an unknown id is "unknown_id")."""

    field_class = IdFilterField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("to_field_name", "public_id")
        kwargs.setdefault("queryset", None)
        super().__init__(*args, **kwargs)


class DayFilter(django_filters.DateFilter):
    """A date bound on a moment field: `DayFilter(label, "submitted_at", since=True)` keeps rows from that day
    on, `since=False` rows up to and including it; the page shows a date picker."""

    def __init__(self, label, field_name: str, *, since: bool, **kwargs):
        super().__init__(
            label=label,
            field_name=field_name,
            lookup_expr="date__gte" if since else "date__lte",
            widget=django_filters.widgets.forms.DateInput(attrs={"type": "date"}),
            **kwargs,
        )


class SearchFilter(django_filters.CharFilter):
    """The free-text search box of a list."""

    def __init__(self, *args, placeholder=None, **kwargs):
        kwargs.setdefault("label", _("Search"))
        kwargs.setdefault("max_length", 100)
        super().__init__(*args, **kwargs)
        self.extra["widget"] = django_filters.widgets.forms.TextInput(
            attrs={"type": "search", "placeholder": placeholder or ""}
        )


class SelectedFilter(django_filters.Filter):
    """`?id=<uuid>&id=<uuid>`: only the rows chosen on the page (its "Export selected"); the filters on screen
    do not render it, so choosing rows never narrows the list itself."""

    field_class = SelectedIdsField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", _("Chosen rows"))
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        return qs.filter(public_id__in=value) if value else qs
