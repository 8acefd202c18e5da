from django import template
from django.utils.safestring import mark_safe

from dashboard.rendering import is_plain, plain_widget_html
from dashboard.rendering import widget_head as head_html
from dashboard.widgets import widgets_for

register = template.Library()


@register.simple_tag(takes_context=True)
def render_widget(context, widget):
    """Render one widget with its template, inside the page's context (like {% include %}); a widget with
    no template of its own is written in Python (`dashboard.rendering`)."""
    figures, chart = widget.figures(), widget.chart()
    if is_plain(widget):
        return plain_widget_html(widget, figures, chart)
    tmpl = context.template.engine.get_template(widget.template_name)
    context_data = {"widget": widget, "obj": widget.obj, "figures": figures, "chart": chart}
    with context.push(**context_data, **widget.get_context()):
        return tmpl.render(context)


@register.simple_tag(takes_context=True)
def widget_head(context):
    """dashboard/widget.html's title, figures and chart (`dashboard.rendering.widget_head`)."""
    return head_html(context["widget"], context["figures"], context["chart"])


@register.simple_tag(takes_context=True)
def page_widgets(context, page, obj=None, column="", tab=None):
    """{% page_widgets "partner_page" partner %}: every widget of the page the viewer may see (of one column,
    of one tab: `tab="team"`; only that tab's widgets are built, so the others cost no queries)."""
    actor = context["request"].actor
    widgets = widgets_for(actor=actor, page=page, obj=obj, tab=tab)
    return mark_safe("".join(render_widget(context, w) for w in widgets if not column or w.column == column))
