"""The one FilterSet of rule set versions: the staff page, its export and `GET /api/engagement/versions`."""

from core.version_pages import VersionFilterSet
from engagement.models import RuleSet
from programs.filters import ProgramFilter
from programs.models import PartnerProgram


class RuleSetFilterSet(VersionFilterSet):
    program = ProgramFilter(field_name="program")

    class Meta(VersionFilterSet.Meta):
        model = RuleSet

    def __init__(self, data=None, queryset=None, *, programs=None, **kwargs):
        super().__init__(data, queryset=queryset, **kwargs)
        self.form.fields["program"].queryset = (
            programs if programs is not None else PartnerProgram.objects.none()
        )
