import math
import random
from datetime import UTC, date, datetime, timedelta

import numpy as np

from leads.models import Lead
from leads.scoring.features import ATTRIBUTE_PREFIX, FeatureSpec, LeadRow, lead_rows
from leads.scoring.tests.conftest import lead_values


def row(lead_id: int = 1, *, created: datetime | None = None, **attributes) -> LeadRow:
    return LeadRow(
        id=lead_id,
        created_at=created or datetime(2026, 11, 20, tzinfo=UTC),
        country="IN",
        region="",
        vertical="",
        company_size="",
        source="import",
        source_detail="",
        contact_title="",
        contact_email="",
        contact_phone="",
        attributes=attributes,
        status="lost",
    )


def test_every_attribute_kind_becomes_a_column(attributes):
    rows = [
        row(1, visits=3, newsletter=True, segment="smb", campaign="spring", first_touch="2026-11-10"),
        row(
            2, visits="7", newsletter="no", segment="enterprise", campaign="spring", first_touch="2026-11-19"
        ),
        row(3, visits=None, newsletter=None, segment="Select", campaign="autumn", first_touch="not a date"),
        row(4, visits=1.5, newsletter=False, segment="enterprise", campaign="autumn"),
        row(5, segment="rare-one", campaign="spring"),
    ]
    spec = FeatureSpec.fit(rows, attributes.values())
    by_name = {column.name: column for column in spec.columns}
    assert by_name["attr.visits"].kind == "number"
    assert by_name["attr.newsletter"].kind == "flag"
    assert by_name["attr.segment"].kind == "category"
    assert by_name["attr.campaign"].kind == "category"
    assert by_name["attr.first_touch"].kind == "days"
    # "Select" is a placeholder (missing), a level seen once is too rare to learn from: grouped as "other"
    assert by_name["attr.segment"].vocabulary == ["enterprise"]
    matrix = spec.matrix(rows)
    column = spec.names.index

    visits = matrix[:, column("attr.visits")]
    assert visits[:2].tolist() == [3.0, 7.0] and math.isnan(visits[2]) and visits[3] == 1.5
    newsletter = matrix[:, column("attr.newsletter")]
    assert newsletter[0] == 1.0 and newsletter[1] == 0.0 and math.isnan(newsletter[2])
    segment = matrix[:, column("attr.segment")]
    assert segment[1] == 0.0 and math.isnan(segment[2])
    assert segment[0] == segment[4] == 1.0  # "smb" and "rare-one": each once, both "other"
    days = matrix[:, column("attr.first_touch")]
    assert days[0] == 10.0 and days[1] == 1.0 and math.isnan(days[2])
    # country never varies among these leads: no column
    assert "country" not in spec.names


START = datetime(2026, 11, 20, tzinfo=UTC)


def test_the_spec_round_trips_as_json(attributes):
    rng = random.Random(3)
    rows = [
        row(
            i,
            **lead_values(rng)["attributes"],
            created=datetime(2026, 11, 20, tzinfo=UTC) + timedelta(days=i),
        )
        for i in range(60)
    ]
    spec = FeatureSpec.fit(rows, attributes.values())
    again = FeatureSpec.from_json(spec.to_json())
    np.testing.assert_array_equal(spec.matrix(rows), again.matrix(rows))
    assert again.categorical_indices == spec.categorical_indices
    assert all(name.startswith(ATTRIBUTE_PREFIX) or name in {"country"} for name in again.names)


def test_a_value_never_seen_in_training_reads_as_other(attributes):
    rows = [row(i, segment=("smb" if i % 2 else "enterprise")) for i in range(20)]
    spec = FeatureSpec.fit(rows, attributes.values())
    unseen = spec.matrix([row(99, segment="public")])[0, spec.names.index("attr.segment")]
    assert unseen == 2.0  # len(["enterprise", "smb"])


def test_rows_load_in_two_queries_however_many_leads(history, django_assert_num_queries):
    with django_assert_num_queries(2):
        rows = list(lead_rows(Lead.objects.all()))
    assert len(rows) == history
    assert {r.status for r in rows} == {"converted", "lost"}
    assert rows[0].attributes["segment"] in {"smb", "enterprise", "public", "Select"}
    assert isinstance(rows[0].created_at.date(), date)
