"""In Chromium, under the real CSP: ops uploads a CSV of leads whose proposed mapping sends a column of notes
to the web domain, so the check finds a bad row; ops leaves that column out, checks again and imports."""

import pytest

from e2e.forms import choose
from e2e.test_csp import open_context, sign_in
from imports.models import ImportJob
from leads.models import Lead

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CSV = "Company;Site;Country\nAcme GmbH;acme.example;DE\nBeta SARL;see the notes;France\n"


def test_ops_imports_leads_fixing_the_mapping_after_the_check(chromium_browser, live_server, world, tmp_path):
    upload = tmp_path / "leads.csv"
    upload.write_text(CSV, encoding="utf-8")
    context, violations = open_context(chromium_browser, live_server)
    page = context.new_page()
    sign_in(page, world.ops.email)
    page.goto("/imports/new/leads/")
    page.get_by_label("CSV file").set_input_files(str(upload))
    page.get_by_role("button", name="Upload").click()
    page.get_by_role("heading", name="Which column goes where").wait_for()

    page.get_by_role("button", name="Save and check every row").click()
    page.get_by_role("heading", name="Rows with errors").wait_for()
    assert "invalid_domain" in page.content() and "see the notes" in page.content()
    assert not Lead.objects.exists()

    choose(page, "id_column_1", "leave out", "")
    # Tab landed in the next column's select, which opened its list: leave it as a user would.
    page.get_by_role("heading", name="Which column goes where").click()
    page.get_by_role("button", name="Save and check again").click()
    page.get_by_role("button", name="Import 2 rows").click()
    page.get_by_role("heading", name="Imported").wait_for()
    assert "2 rows written" in page.content()
    job = ImportJob.objects.get()
    assert job.status == "done" and job.mapping["Site"] == ""
    assert sorted(Lead.objects.values_list("company_name", "country")) == [
        ("Acme GmbH", "DE"),
        ("Beta SARL", "FR"),
    ]
    violations.assert_none("leads import")
    context.close()
