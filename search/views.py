from django.shortcuts import render

from core.http import login_required
from search.selectors import PAGE_PER_KIND, PER_KIND, search_everything, search_query


@login_required
def search_page(request):
    """The search page, or for HTMX (the typeahead under the box in the top bar) its `results` fragment."""
    text = search_query(request.GET.get("q", ""))
    typeahead = bool(request.htmx) and request.GET.get("typeahead") == "1"
    groups = search_everything(actor=request.actor, text=text, limit=PER_KIND if typeahead else PAGE_PER_KIND)
    context = {"q": request.GET.get("q", "")[:100], "text": text, "groups": groups, "typeahead": typeahead}
    if typeahead:
        return render(request, "search/_typeahead.html", context)
    if request.htmx:
        return render(request, "search/page.html#results", context)
    return render(request, "search/page.html", context)
