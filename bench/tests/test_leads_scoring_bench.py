"""The scoring benchmark's import: the X Education columns as leads with custom attributes, without the
columns that leak the outcome. Reads the shared data in place (never copied); skipped where it is absent."""

import pytest

from bench.leads import scoring as bench
from leads.models import Lead, LeadAttribute

pytestmark = pytest.mark.skipif(not bench.DATA.exists(), reason="the shared X Education data is not here")


def test_the_mapping_leaves_out_the_leaking_columns():
    assert not set(bench.LEAKING) & set(bench.MAPPING)
    assert "Prospect ID" not in bench.MAPPING


def test_rows_import_as_closed_leads_with_custom_attributes(db):
    rows = bench.read_csv(bench.DATA)[:200]
    ids = bench.import_rows(rows, bench.MAPPING)
    assert len(ids) == 200 and Lead.objects.count() == 200
    leads = {lead.pk: lead for lead in Lead.objects.filter(pk__in=ids)}
    first, row = leads[ids[0]], rows[0]
    assert first.status == ("converted" if row["Converted"] == "1" else "lost")
    assert first.company_name == f"X Education lead {row['Lead Number']}"
    assert "tags" not in first.attributes and "lead_quality" not in first.attributes
    kinds = dict(LeadAttribute.objects.values_list("key", "kind"))
    assert kinds["total_visits"] == "number" and kinds["do_not_email"] == "boolean"
    assert kinds["lead_origin"] == "choice" and kinds["country_name"] == "text"
    # "Select" (an untouched drop-down) is no value at all
    assert all(value != "select" for lead in leads.values() for value in lead.attributes.values())
    countries = {str(lead.country) for lead in leads.values()} - {""}
    assert "IN" in countries
