"""The pages and the API of imports, end to end, and who may use them."""

import csv
import io

import pytest
from django.urls import reverse

from core.actor import build_actor
from imports.models import ImportJob, ImportStatus
from imports.services import import_check, import_map, import_upload
from imports.tests.conftest import csv_file
from leads.models import Lead

TEXT = "Company,Email,Country\nAcme,anna@acme.example,DE\nBeta,not-an-email,FR\n"


def _job(world, text=TEXT, status=None):
    actor = build_actor(world.ops)
    job = import_upload(actor=actor, kind="leads", upload=csv_file(text))
    if status:
        ImportJob.objects.filter(pk=job.pk).update(status=status)
        job.refresh_from_db()
    return job


# --- pages


def test_ops_imports_through_the_pages(world, login, django_capture_on_commit_callbacks):
    client = login(world.ops)
    assert client.get(reverse("imports:list")).status_code == 200
    page = client.get(reverse("imports:new", args=["leads"]))
    assert page.status_code == 200 and b"Company" in page.content
    response = client.post(reverse("imports:new", args=["leads"]), {"file": csv_file(TEXT)})
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "imports:detail", args=[job.public_id]
    )
    detail = client.get(response["Location"])
    assert b'name="column_0"' in detail.content
    data = {"column_0": "company_name", "column_1": "contact_email", "column_2": "country", "check": "1"}
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("imports:mapping", args=[job.public_id]), data)
    job.refresh_from_db()
    assert (job.status, job.error_rows) == (ImportStatus.VALIDATED, 1)
    checked = client.get(reverse("imports:detail", args=[job.public_id]))
    assert b"invalid_email" in checked.content and b"not-an-email" in checked.content
    # Refused while a row has errors, then imported skipping it.
    client.post(reverse("imports:start", args=[job.public_id]), {})
    job.refresh_from_db()
    assert job.status == ImportStatus.VALIDATED and not Lead.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("imports:start", args=[job.public_id]), {"skip_invalid": "on"})
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE
    assert list(Lead.objects.values_list("company_name", flat=True)) == ["Acme"]


def test_a_mapping_without_the_required_column_is_shown_with_its_error(world, login):
    job = _job(world)
    client = login(world.ops)
    response = client.post(
        reverse("imports:mapping", args=[job.public_id]), {"column_0": "", "column_1": "notes"}
    )
    assert response.status_code == 422
    assert "Choose the column that holds Company" in response.content.decode()
    job.refresh_from_db()
    assert not job.mapped


def test_the_errors_download_as_csv(world, login, django_capture_on_commit_callbacks):
    actor = build_actor(world.ops)
    job = _job(world)
    job = import_map(
        actor=actor, job=job, mapping={"Company": "company_name", "Email": "contact_email", "Country": ""}
    )
    with django_capture_on_commit_callbacks(execute=True):
        import_check(actor=actor, job=job)
    response = login(world.ops).get(reverse("imports:errors_csv", args=[job.public_id]))
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0] == ["row", "column", "value", "code", "message"]
    assert rows[1][:4] == ["3", "Email", "not-an-email", "invalid_email"]
    assert len(rows) == 2


def test_the_progress_fragment_polls_while_the_import_runs(world, login):
    job = _job(world, status=ImportStatus.IMPORTING)
    ImportJob.objects.filter(pk=job.pk).update(total_records=200, next_row=50, written_rows=50)
    client = login(world.ops)
    url = reverse("imports:detail", args=[job.public_id])
    response = client.get(url, {"fragment": "progress"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert 'hx-trigger="every 1s"' in body
    assert '<progress value="50" max="200"' in body
    assert "<html" not in body  # the fragment alone
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.DONE, next_row=200)
    done = client.get(url, {"fragment": "progress"}, headers={"HX-Request": "true"})
    assert "every 1s" not in done.content.decode() and done["HX-Refresh"] == "true"


@pytest.mark.parametrize("who", ["admin_a", "rep_b", "cam"])
def test_who_may_not_import_leads_gets_no_page(world, login, who):
    job = _job(world)
    client = login(getattr(world, who))
    assert client.get(reverse("imports:new", args=["leads"])).status_code == 403
    assert client.post(reverse("imports:new", args=["leads"]), {"file": csv_file(TEXT)}).status_code == 403
    assert client.get(reverse("imports:list")).status_code == 403
    expected = 404 if who != "cam" else 403  # a partner user does not know the job exists
    assert client.get(reverse("imports:detail", args=[job.public_id])).status_code == expected
    assert client.post(reverse("imports:cancel", args=[job.public_id])).status_code == expected
    assert client.get(reverse("imports:errors_csv", args=[job.public_id])).status_code == expected
    job.refresh_from_db()
    assert job.status == ImportStatus.UPLOADED
    assert ImportJob.objects.count() == 1


def test_an_unknown_kind_is_not_found(world, login):
    assert login(world.ops).get(reverse("imports:new", args=["spaceships"])).status_code == 404


# --- API


def test_the_api_runs_the_whole_flow(world, api_client, django_capture_on_commit_callbacks):
    client = api_client(world.ops)
    created = client.post("/api/imports", {"kind": "leads", "file": csv_file(TEXT)})
    assert created.status_code == 201, created.content
    body = created.json()
    job_id = body["id"]
    assert body["mapping"] == {"Company": "company_name", "Email": "contact_email", "Country": "country"}
    assert body["progress"]["total"] == 2 and body["progress"]["total_is_estimate"]
    assert any(t["name"] == "company_name" and t["required"] for t in body["targets"])
    with django_capture_on_commit_callbacks(execute=True):
        mapped = client.put(
            f"/api/imports/{job_id}/mapping",
            {"mapping": body["mapping"], "check": True},
            content_type="application/json",
        )
    assert mapped.status_code == 200, mapped.content
    detail = client.get(f"/api/imports/{job_id}").json()
    assert (detail["status"], detail["valid_rows"], detail["error_rows"]) == ("validated", 1, 1)
    errors = client.get(f"/api/imports/{job_id}/errors").json()
    assert errors["count"] == 1 and errors["items"][0]["code"] == "invalid_email"
    assert errors["items"][0]["row"] == 3
    refused = client.post(
        f"/api/imports/{job_id}/start", {"skip_invalid": False}, content_type="application/json"
    )
    assert refused.status_code == 422, refused.content
    assert refused.json()["errors"][0]["code"] == "rows_have_errors"
    with django_capture_on_commit_callbacks(execute=True):
        started = client.post(
            f"/api/imports/{job_id}/start", {"skip_invalid": True}, content_type="application/json"
        )
    assert started.status_code == 200, started.content
    done = client.get(f"/api/imports/{job_id}").json()
    assert done["status"] == "done" and done["written_rows"] == 1 and done["progress"]["percent"] == 100
    listed = client.get("/api/imports", {"status": "done"}).json()
    assert [item["id"] for item in listed["items"]] == [job_id]
    assert client.get(f"/api/imports/{job_id}/errors.csv").status_code == 200


def test_the_api_refuses_a_bad_file_with_its_code(world, api_client):
    response = api_client(world.ops).post(
        "/api/imports", {"kind": "leads", "file": csv_file("", name="x.csv")}
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["code"] == "file_empty"
    assert not ImportJob.objects.exists()


def test_the_api_refuses_a_mapping_naming_an_unknown_column(world, api_client):
    job = _job(world)
    response = api_client(world.ops).put(
        f"/api/imports/{job.public_id}/mapping",
        {"mapping": {"Company": "company_name", "Colour": "notes"}},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert {(e["field"], e["code"]) for e in response.json()["errors"]} == {("Colour", "unknown_column")}


@pytest.mark.parametrize("who", ["admin_a", "rep_a"])
def test_a_partner_user_neither_sees_nor_runs_a_leads_import(world, api_client, who):
    job = _job(world)
    client = api_client(getattr(world, who))
    assert client.post("/api/imports", {"kind": "leads", "file": csv_file(TEXT)}).status_code == 403
    assert client.get(f"/api/imports/{job.public_id}").status_code == 404
    assert client.post(f"/api/imports/{job.public_id}/cancel").status_code == 404
    assert client.get(f"/api/imports/{job.public_id}/errors").status_code == 404
    assert client.get("/api/imports").status_code == 403
    job.refresh_from_db()
    assert job.status == ImportStatus.UPLOADED and ImportJob.objects.count() == 1
