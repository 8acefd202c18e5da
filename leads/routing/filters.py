"""The FilterSet of routing rule versions: the staff page, its export, `GET /api/leads/routing/versions`."""

from core.version_pages import VersionFilterSet
from leads.models import RoutingRuleSet


class RoutingRuleSetFilterSet(VersionFilterSet):
    class Meta(VersionFilterSet.Meta):
        model = RoutingRuleSet
