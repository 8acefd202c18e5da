"""A widget's frame, figures and chart written in Python (escaped as the templates would), rather than by
three templates per card: a home page lays out ten cards, each with a few figures and maybe a chart with its
table. A widget with a template of its own extends `dashboard/widget.html`, which writes its frame with
`{% widget_head %}` from here; a widget without one (`Widget.template_name` is that template) is written
here whole."""

from __future__ import annotations

from typing import Any, Protocol

from django.utils.html import conditional_escape, format_html, json_script
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from dashboard.widgets import Chart, Figure, Widget

PLAIN = Widget.template_name  # "dashboard/widget.html": title, figures and chart, no body


def figures_html(figures: list[Figure]) -> str:
    """A card's numbers: each one links to the list of the rows it counts."""
    items = "".join(
        format_html(
            '\n  <li><a href="{}"><span class="value">{}</span> <span class="label">{}</span></a></li>',
            f.url,
            f.shown,
            f.label,
        )
        for f in figures
    )
    return f'<ul class="figures">{items}\n</ul>'


class ChartSlot(Protocol):
    """Where a chart goes on its page: the id its JSON is written under (a widget, or another page's)."""

    @property
    def chart_data_id(self) -> str: ...


def chart_html(widget: ChartSlot, chart: Chart) -> str:
    """Bars drawn by static/kanal/charts.js from the JSON, and the same data as a table (the canvas's
    accessible fallback; every cell links to its rows)."""
    if chart.is_empty:
        return format_html('<p class="muted">{}</p>', gettext("Nothing to chart yet."))
    caption = conditional_escape(chart.caption)
    category_label = conditional_escape(chart.category_label)
    heads = "".join(format_html('<th scope="col">{}</th>', s.name) for s in chart.series)
    rows = []
    for category, points in chart.rows():
        cells = []
        for p in points:
            if p is None:
                cells.append("<td>—</td>")
                continue
            note = format_html(' <small class="muted">{}</small>', p.note) if p.note else ""
            cells.append(format_html('<td><a href="{}">{}</a>{}</td>', p.url, p.text, note))
        rows.append(
            format_html('\n    <tr><th scope="row">{}</th>{}</tr>', category, mark_safe("".join(cells)))
        )
    table_label = gettext("Data table")  # outside the f-string, where makemessages finds it
    return (
        '<figure class="chart">\n'
        f'  <div class="chart-canvas{" horizontal" if chart.horizontal else ""}"'
        f' data-chart="{conditional_escape(widget.chart_data_id)}" hidden>\n'
        f'    <canvas role="img" aria-label="{caption}"></canvas>\n'
        "  </div>\n"
        f"  {json_script(chart.data(), widget.chart_data_id)}\n"
        '  <details class="chart-table" open data-chart-table>\n'
        f"    <summary>{conditional_escape(table_label)}</summary>\n"
        '    <div class="table-scroll"><table>\n'
        f'      <caption class="visually-hidden">{caption}</caption>\n'
        f'      <thead><tr><th scope="col">{category_label}</th>{heads}</tr></thead>\n'
        f"      <tbody>{''.join(rows)}\n      </tbody>\n"
        "    </table></div>\n"
        "  </details>\n"
        "</figure>"
    )


def widget_head(widget: Widget, figures: list[Figure], chart: Chart | None) -> SafeString:
    """The card's title, then its figures and its chart when it has them."""
    parts: list[str] = [format_html("<header><h2>{}</h2></header>", widget.title)]
    if figures:
        parts.append(figures_html(figures))
    if chart:
        parts.append(chart_html(widget, chart))
    return mark_safe("\n  ".join(parts))  # noqa: S308 - every part escaped above


def plain_widget_html(widget: Widget, figures: list[Figure], chart: Chart | None) -> SafeString:
    """A widget without a body of its own: dashboard/widget.html with its body empty."""
    head = widget_head(widget, figures, chart)
    return format_html('<article class="widget" id="{}">\n  {}\n</article>\n', widget.html_id, head)


def is_plain(widget: Any) -> bool:
    return widget.template_name == PLAIN
