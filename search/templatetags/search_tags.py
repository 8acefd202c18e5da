from django import template

register = template.Library()


@register.inclusion_tag("search/_box.html", takes_context=True)
def search_box(context):
    """The global search box (with its typeahead) for signed-in users; no query is made."""
    request = context.get("request")
    actor = getattr(request, "actor", None)
    return {"show": actor is not None and actor.is_authenticated, "q": ""}
