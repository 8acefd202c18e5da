"""The one FilterSet of rule set versions: the staff page, its export and `GET /api/engagement/versions`."""

from core.version_pages import VersionFilterSet
from engagement.models import RuleSet


class RuleSetFilterSet(VersionFilterSet):
    class Meta(VersionFilterSet.Meta):
        model = RuleSet
