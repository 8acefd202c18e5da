"""The import flow through the services, with the leads importer (the one registered today)."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from core.actor import build_actor
from imports.models import ImportJob, ImportMapping, ImportRowError, ImportStatus
from imports.registry import NEW_ATTRIBUTE
from imports.services import (
    import_cancel,
    import_check,
    import_map,
    import_progress,
    import_resume,
    import_start,
    import_upload,
    resume_stalled,
)
from imports.tests.conftest import csv_file
from leads.importer import LeadImporter
from leads.models import Lead, LeadAttribute

GOOD = (
    "Company;Website;Country;Email;Products;Visits\n"
    "Acme GmbH;https://www.acme.example/;Germany;anna@acme.example;X1, X2;1 234,5\n"
    "Beta LLC;beta.example;US;bob@beta.example;X2;12\n"
    "Gamma ООО;gamma.example;Россия;;;\n"
)
BAD_ROWS = (
    "Company,Email,Country,Visits\n"
    "Acme,anna@acme.example,DE,3\n"
    ",nobody@x.example,DE,1\n"  # row 3: no company
    "Beta,not-an-email,Atlantis,many\n"  # row 4: three errors
    "Gamma,g@gamma.example,FR,5\n"
)


class SimulatedKill(BaseException):
    """A worker killed mid-way: no handler catches it."""


def _uploaded(world, text, **kwargs):
    actor = build_actor(world.ops)
    return actor, import_upload(actor=actor, kind="leads", upload=csv_file(text, **kwargs))


def _checked(world, commits, text, mapping=None, **kwargs):
    actor, job = _uploaded(world, text, **kwargs)
    job = import_map(actor=actor, job=job, mapping=mapping or job.mapping)
    commits(import_check, actor=actor, job=job)
    job.refresh_from_db()
    return actor, job


# --- upload and mapping


def test_upload_reads_the_header_and_proposes_a_mapping(world, attributes):
    _actor, job = _uploaded(world, GOOD, bom=True)
    assert job.delimiter == ";"
    assert job.headers == ["Company", "Website", "Country", "Email", "Products", "Visits"]
    assert job.mapping == {
        "Company": "company_name",
        "Website": "domain",
        "Country": "country",
        "Email": "contact_email",
        "Products": "products",
        "Visits": "attr:visits",
    }
    assert job.status == ImportStatus.UPLOADED and job.file.name.startswith("imports/leads/")


def test_confirmed_mapping_is_remembered_for_the_same_columns(world, attributes):
    actor, job = _uploaded(world, GOOD)
    mapping = dict(job.mapping, Visits="", Website="notes")
    import_map(actor=actor, job=job, mapping=mapping)
    assert ImportMapping.objects.get(kind="leads").mapping == mapping
    _actor, second = _uploaded(world, GOOD.replace("Acme", "Other"))
    assert second.mapping == mapping
    _actor, other_columns = _uploaded(world, "Company;Notes\nAcme;x\n")
    assert other_columns.mapping == {"Company": "company_name", "Notes": "notes"}


@pytest.mark.parametrize(
    ("mapping", "code", "field"),
    [
        ({"Company": "", "Website": "domain"}, "required_unmapped", "mapping"),
        ({"Company": "company_name", "Website": "company_name"}, "duplicate_target", "Website"),
        ({"Company": "company_name", "Website": "favourite_colour"}, "unknown_target", "Website"),
    ],
)
def test_wrong_mappings_are_refused_and_change_nothing(world, mapping, code, field):
    actor, job = _uploaded(world, GOOD)
    before = dict(job.mapping)
    with pytest.raises(ValidationError) as refused:
        import_map(actor=actor, job=job, mapping=mapping)
    assert refused.value.error_dict[field][0].code == code
    job.refresh_from_db()
    assert job.mapping == before and not job.mapped
    assert not ImportMapping.objects.exists()


@pytest.mark.parametrize(
    ("content", "name", "code"),
    [
        (b"", "leads.csv", "file_empty"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "leads.csv", "file_type_not_allowed"),
        (b"PK\x03\x04" + b"\x00" * 64, "leads.xlsx", "file_type_not_allowed"),
        ("Компания;Страна\nРога и копыта;RU\n".encode("cp1251"), "leads.csv", "file_encoding"),
        (b"Company;Country\n", "leads.csv", "file_empty"),
        (b"\n\nAcme\n", "leads.csv", "no_header"),
    ],
)
def test_bad_files_are_refused_with_a_code_and_nothing_is_stored(world, content, name, code):
    from django.core.files.uploadedfile import SimpleUploadedFile

    actor = build_actor(world.ops)
    with pytest.raises(ValidationError) as refused:
        import_upload(actor=actor, kind="leads", upload=SimpleUploadedFile(name, content))
    assert refused.value.error_dict["file"][0].code == code
    assert not ImportJob.objects.exists()


# --- dry run


def test_dry_run_records_every_row_error_with_its_code(world, commits, attributes):
    _actor, job = _checked(world, commits, BAD_ROWS)
    assert job.status == ImportStatus.VALIDATED
    assert (job.total_rows, job.valid_rows, job.error_rows) == (4, 2, 2)
    errors = {(e.row, e.column, e.code, e.value) for e in ImportRowError.objects.filter(job=job)}
    assert errors == {
        (3, "Company", "required", ""),
        (4, "Email", "invalid_email", "not-an-email"),
        (4, "Country", "invalid_country", "Atlantis"),
        (4, "Visits", "invalid_number", "many"),
    }
    assert not Lead.objects.exists()  # a dry run writes nothing


def test_dry_run_keeps_a_capped_number_of_errors_but_exact_counts(world, commits, monkeypatch):
    monkeypatch.setattr("imports.services.ERRORS_KEPT", 3)
    text = "Company,Email\n" + "".join(f"Acme {n},bad{n}\n" for n in range(10))
    _actor, job = _checked(world, commits, text)
    assert job.error_rows == 10
    assert ImportRowError.objects.filter(job=job).count() == 3


# --- import


def test_start_is_refused_while_rows_have_errors_unless_skipping_them(world, commits, attributes):
    actor, job = _checked(world, commits, BAD_ROWS)
    with pytest.raises(ValidationError) as refused:
        commits(import_start, actor=actor, job=job)
    assert refused.value.code == "rows_have_errors"
    job.refresh_from_db()
    assert job.status == ImportStatus.VALIDATED and not Lead.objects.exists()
    commits(import_start, actor=actor, job=job, skip_invalid=True)
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE
    assert job.written_rows == 2
    assert sorted(Lead.objects.values_list("company_name", flat=True)) == ["Acme", "Gamma"]


def test_import_writes_leads_with_their_values(world, commits, attributes, catalogue):
    actor, job = _checked(world, commits, GOOD)
    assert job.error_rows == 0
    commits(import_start, actor=actor, job=job)
    acme = Lead.objects.get(company_name="Acme GmbH")
    assert acme.source == Lead.Source.IMPORT
    assert (acme.domain, acme.country.code, acme.region) == ("acme.example", "DE", "europe")
    assert acme.attributes == {"visits": 1234.5}
    assert set(acme.products.values_list("sku", flat=True)) == {"X1", "X2"}
    assert acme.created_by == world.ops
    gamma = Lead.objects.get(company_name="Gamma ООО")
    assert (gamma.country.code, gamma.region, gamma.attributes) == ("RU", "cis", {})
    done = ImportJob.objects.get(pk=job.pk)
    progress = import_progress(done)
    assert progress["percent"] == 100 and progress["written"] == 3
    assert not done.checked_file and not job.checked_file.storage.exists(job.checked_file.name)
    assert done.file.storage.exists(done.file.name)  # the upload stays, for the record


def test_import_writes_in_batches_and_advances_the_cursor_with_each(world, commits, monkeypatch):
    monkeypatch.setattr(LeadImporter, "batch_size", 2)
    cursors = []
    original = LeadImporter.write_batch

    def spy(self, rows, job):
        cursors.append((job.next_row, len(rows)))
        return original(self, rows, job)

    monkeypatch.setattr(LeadImporter, "write_batch", spy)
    text = "Company\n" + "".join(f"Acme {n}\n" for n in range(5))
    actor, job = _checked(world, commits, text)
    commits(import_start, actor=actor, job=job)
    assert cursors == [(0, 2), (2, 2), (4, 1)]
    job.refresh_from_db()
    assert (job.status, job.next_row, job.written_rows) == (ImportStatus.DONE, 5, 5)


def test_a_killed_import_resumes_where_it_stopped_without_duplicates(world, commits, monkeypatch):
    monkeypatch.setattr(LeadImporter, "batch_size", 3)
    original = LeadImporter.write_batch
    calls = {"n": 0}

    def dying(self, rows, job):
        calls["n"] += 1
        if calls["n"] == 3:
            raise SimulatedKill
        return original(self, rows, job)

    monkeypatch.setattr(LeadImporter, "write_batch", dying)
    text = "Company\n" + "".join(f"Acme {n}\n" for n in range(10))
    actor, job = _checked(world, commits, text)
    commits(import_start, actor=actor, job=job)  # the worker dies in its third batch
    job.refresh_from_db()
    assert (job.status, job.next_row, job.written_rows) == (ImportStatus.IMPORTING, 6, 6)
    assert Lead.objects.count() == 6
    # A live worker's job is left alone; one silent for long is taken up again.
    assert resume_stalled() == 0
    commits(resume_stalled, now=timezone.now() + timedelta(minutes=10))
    job.refresh_from_db()
    assert (job.status, job.written_rows) == (ImportStatus.DONE, 10)
    names = list(Lead.objects.values_list("company_name", flat=True))
    assert sorted(names) == sorted(f"Acme {n}" for n in range(10))


def test_a_failed_batch_fails_the_job_keeps_earlier_batches_and_can_resume(world, commits, monkeypatch):
    monkeypatch.setattr(LeadImporter, "batch_size", 2)
    original = LeadImporter.write_batch
    calls = {"n": 0}

    def failing_once(self, rows, job):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("disk full")
        return original(self, rows, job)

    monkeypatch.setattr(LeadImporter, "write_batch", failing_once)
    text = "Company\n" + "".join(f"Acme {n}\n" for n in range(5))
    actor, job = _checked(world, commits, text)
    commits(import_start, actor=actor, job=job)
    job.refresh_from_db()
    assert (job.status, job.next_row, job.failure) == (ImportStatus.FAILED, 2, "disk full")
    assert Lead.objects.count() == 2
    commits(import_resume, actor=actor, job=job)
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE and Lead.objects.count() == 5


def test_resume_is_refused_for_a_running_or_finished_job(world, commits):
    actor, job = _checked(world, commits, "Company\nAcme\n")
    with pytest.raises(ValidationError) as refused:
        import_resume(actor=actor, job=job)
    assert refused.value.code == "not_resumable"


def test_cancel_stops_the_import_and_nothing_more_is_written(world, commits):
    actor, job = _checked(world, commits, "Company\nAcme\nBeta\n")
    import_cancel(actor=actor, job=job)
    job.refresh_from_db()
    assert job.status == ImportStatus.CANCELLED
    with pytest.raises(ValidationError):
        commits(import_start, actor=actor, job=job)
    assert not Lead.objects.exists()
    with pytest.raises(ValidationError) as refused:
        import_cancel(actor=actor, job=job)
    assert refused.value.code == "wrong_import_status"


def test_changing_the_mapping_after_a_dry_run_needs_a_new_one(world, commits):
    actor, job = _checked(world, commits, "Company;Note\nAcme;hello\n")
    assert job.status == ImportStatus.VALIDATED
    job = import_map(actor=actor, job=job, mapping={"Company": "company_name", "Note": "notes"})
    assert job.status == ImportStatus.UPLOADED
    with pytest.raises(ValidationError) as refused:
        import_start(actor=actor, job=job)
    assert refused.value.code == "wrong_import_status"


def test_a_new_attribute_takes_the_kind_its_values_show(world, commits):
    text = "Company;Time on site;Segment\nAcme;12,5;Gold\nBeta;3;Silver\nGamma;;Gold\nDelta;7;Gold\n"
    actor, job = _uploaded(world, text)
    job = import_map(
        actor=actor,
        job=job,
        mapping={"Company": "company_name", "Time on site": NEW_ATTRIBUTE, "Segment": NEW_ATTRIBUTE},
    )
    commits(import_check, actor=actor, job=job)
    job.refresh_from_db()
    assert not LeadAttribute.objects.exists()  # the dry run creates nothing
    commits(import_start, actor=actor, job=job)
    time_on_site = LeadAttribute.objects.get(key="time_on_site")
    segment = LeadAttribute.objects.get(key="segment")
    assert time_on_site.kind == "number" and time_on_site.label_en == "Time on site"
    assert segment.kind == "choice" and [c["value"] for c in segment.choices] == ["Gold", "Silver"]
    assert Lead.objects.get(company_name="Acme").attributes == {"time_on_site": 12.5, "segment": "Gold"}


# --- who may


@pytest.mark.parametrize("who", ["admin_a", "rep_a", "cam"])
def test_who_may_not_manage_leads_cannot_import_them(world, who):
    actor = build_actor(getattr(world, who))
    with pytest.raises(PermissionDenied):
        import_upload(actor=actor, kind="leads", upload=csv_file(GOOD))
    assert not ImportJob.objects.exists()


def test_a_partner_user_never_reads_a_leads_import(world):
    _actor, job = _uploaded(world, GOOD)
    assert not ImportJob.objects.visible_to(build_actor(world.admin_a)).exists()
    assert ImportJob.objects.visible_to(build_actor(world.chief)).get() == job


def test_texts_are_written_exactly_whatever_they_hold(world, commits):
    notes = 'Line one\nLine\ttwo with a \\ backslash and \\N, "quoted"'
    text = 'Company;Notes\nAcme;"' + notes.replace('"', '""') + '"\n'
    actor, job = _checked(world, commits, text)
    commits(import_start, actor=actor, job=job)
    assert Lead.objects.get().notes == notes


# --- Excel workbooks


def _workbook(rows, *, name="leads.xlsx"):
    """An .xlsx file whose first sheet holds `rows` (a second sheet is never read)."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from openpyxl import Workbook

    book = Workbook()
    for row in rows:
        book.active.append(row)
    book.create_sheet("Notes").append(["not", "imported"])
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def test_an_excel_workbook_imports_like_a_csv_its_cells_read_as_written(world, commits, attributes):
    from datetime import date, datetime

    rows = [
        ["Company", "Country", "Visits", "First contact", "Newsletter", "Email"],
        ["Acme GmbH", "Germany", 1234.5, date(2026, 3, 31), True, "anna@acme.example"],
        ["Beta LLC", "US", 12, datetime(2026, 4, 1, 0, 0), False, None],
        [None, None, None, None, None, None],  # an empty row is skipped, as in a CSV
        ["Gamma ООО", "Россия", 3.0, None, None, None],
    ]
    actor = build_actor(world.ops)
    job = import_upload(actor=actor, kind="leads", upload=_workbook(rows))
    assert job.file_name == "leads.xlsx" and job.delimiter == ","
    assert job.headers == rows[0]
    assert job.mapping["Company"] == "company_name" and job.mapping["Visits"] == "attr:visits"
    job = import_map(actor=actor, job=job, mapping=job.mapping)
    commits(import_check, actor=actor, job=job)
    job.refresh_from_db()
    assert (job.status, job.valid_rows, job.error_rows) == (ImportStatus.VALIDATED, 3, 0)
    commits(import_start, actor=actor, job=job)
    acme = Lead.objects.get(company_name="Acme GmbH")
    assert acme.attributes == {"visits": 1234.5, "first_contact": "2026-03-31", "newsletter": True}
    assert acme.country.code == "DE" and acme.contact_email == "anna@acme.example"
    beta = Lead.objects.get(company_name="Beta LLC")
    assert beta.attributes == {"visits": 12, "first_contact": "2026-04-01", "newsletter": False}
    assert Lead.objects.get(company_name="Gamma ООО").attributes == {"visits": 3}


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (None, "file_invalid"),  # a workbook cut short: the zip cannot be read
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "file_type_not_allowed"),  # an old .xls
    ],
)
def test_a_workbook_that_cannot_be_read_is_refused_and_nothing_is_stored(world, content, code):
    from django.core.files.uploadedfile import SimpleUploadedFile

    if content is None:
        content = _workbook([["Company"], ["Acme"]]).read()[:2000]
    with pytest.raises(ValidationError) as refused:
        import_upload(
            actor=build_actor(world.ops), kind="leads", upload=SimpleUploadedFile("leads.xlsx", content)
        )
    assert refused.value.error_dict["file"][0].code == code
    assert not ImportJob.objects.exists()
