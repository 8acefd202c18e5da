from datetime import UTC, date, datetime
from types import SimpleNamespace

from django.test import override_settings
from django.utils import timezone

from core.columns import when_column, when_text


def test_a_moment_is_written_in_the_current_time_zone_and_exported_as_it_is():
    moment = datetime(2025, 3, 1, 23, 30, tzinfo=UTC)
    column = when_column("created_at", "Created", fmt="Y-m-d H:i")
    row = SimpleNamespace(created_at=moment)
    with override_settings(TIME_ZONE="Europe/Berlin"), timezone.override("Europe/Berlin"):
        assert column.cell(row) == "2025-03-02 00:30"
    assert column.value(row) == moment


def test_a_date_or_nothing():
    assert when_text(date(2025, 3, 1), "Y-m-d") == "2025-03-01"
    assert when_text(None) == "—"
    assert when_column("read_at", "Read").cell(SimpleNamespace(read_at=None)) == "—"
