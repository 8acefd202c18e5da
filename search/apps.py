from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    """The registry of searchable kinds and the search page; the apps register their kinds."""

    name = "search"
    verbose_name = _("Search")
