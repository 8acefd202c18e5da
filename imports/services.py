"""The import flow: upload → mapping → dry run (every row checked, errors kept) → import in batches → done.

The dry run and the import run as Django Tasks (`imports.tasks`), enqueued after commit with the job's id;
their bodies here (`run_check`, `run_import`) are idempotent. The import writes each batch and advances the
job's `next_row` in one transaction, after checking under the job's row lock that the cursor is where this
worker left it: a worker killed mid-way leaves whole batches only, and the next run (a resume, or
`resume_stalled` finding the job's heartbeat old) starts from the first row not written — no row twice.
"""

from __future__ import annotations

import csv
import difflib
import hashlib
import json
import logging
import re
import tempfile
from collections.abc import Iterator, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import datetime, timedelta
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import connections, transaction
from django.db.models import F, Q
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.actor import Actor
from core.db import is_postgres, relax_commit
from core.events import record_event
from core.scoping import lock_visible
from imports.errors import ImportErrorCode as E
from imports.models import ImportJob, ImportMapping, ImportRowError, ImportStatus
from imports.reading import inspect_file, is_workbook, iter_records, max_bytes, workbook_as_csv
from imports.registry import IGNORE, NEW_ATTRIBUTE, Importer, RowError, TargetField, get_importer

logger = logging.getLogger(__name__)

ERRORS_KEPT = 10_000  # per job; the counts stay exact beyond
PROGRESS_EVERY = 5_000  # records between progress writes of the dry run
STALE_AFTER = timedelta(minutes=2)  # an import without a heartbeat this long lost its worker
MATCH_CUTOFF = 0.8  # how close a header must be to a field's name or label to be proposed


class ImportStopped(Exception):  # noqa: N818 (a signal, not a failure)
    """The job was cancelled, or another worker moved its cursor: this run stops, writing nothing more."""


def _refuse(message: str, code: E, field: str | None = None) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code)} if field else message, code=code)


# --- who may import what -----------------------------------------------------------------------------------


def importer_for(*, actor: Actor, kind: str) -> Importer:
    """The importer registered as `kind`, if `actor` may run it: 404 for an unknown kind, 403 for the role
    (a partner user never runs a vendor-side import)."""
    importer = get_importer(kind)
    if importer is None:
        raise Http404
    if not actor.can(importer.permission) or not (actor.is_staff or importer.partner_side):
        raise PermissionDenied
    return importer


def available_importers(*, actor: Actor) -> list[Importer]:
    from imports.registry import registered

    return [
        importer
        for importer in registered()
        if actor.can(importer.permission) and (actor.is_staff or importer.partner_side)
    ]


# --- upload and mapping ------------------------------------------------------------------------------------


def header_signature(headers: list[str]) -> str:
    normalised = "\x1f".join(_normal(header) for header in headers)
    return hashlib.sha256(normalised.encode()).hexdigest()


def _normal(text: Any) -> str:
    return re.sub(r"[^0-9a-zа-яё]+", " ", str(text).lower().replace("_", " ")).strip()


def all_targets(importer: Importer) -> dict[str, TargetField]:
    targets = importer.targets()
    if importer.creates_attributes:
        targets[NEW_ATTRIBUTE] = TargetField(NEW_ATTRIBUTE, _("New attribute from this column"))
    return targets


def propose_mapping(*, importer: Importer, headers: list[str], remembered: Mapping[str, str] | None) -> dict:
    """Column → target: the remembered mapping for these very columns when there is one (kept only where its
    targets still exist), else each column matched to the closest field name, label or alias."""
    targets = importer.targets()
    if remembered is not None:
        return {
            h: t if (t in targets or t in (IGNORE, NEW_ATTRIBUTE)) else IGNORE for h, t in remembered.items()
        }
    names: dict[str, str] = {}
    for field in targets.values():
        for text in (field.name, field.label, *field.aliases):
            names.setdefault(_normal(text), field.name)
    proposal: dict[str, str] = {}
    taken: set[str] = set()
    for header in headers:
        key = _normal(header)
        target: str | None = names.get(key)
        if target is None:
            close = difflib.get_close_matches(key, list(names), n=1, cutoff=MATCH_CUTOFF)
            target = names[close[0]] if close else None
        if target and target not in taken:
            proposal[header] = target
            taken.add(target)
        else:
            proposal[header] = IGNORE
    return proposal


def _remembered(*, kind: str, headers: list[str], partner: Any) -> ImportMapping | None:
    return (
        ImportMapping.objects.filter(kind=kind, signature=header_signature(headers), partner=partner)
        .order_by("-updated_at")
        .first()
    )


def import_upload(*, actor: Actor, kind: str, upload: Any) -> ImportJob:
    """Store the file of a new import, read its header and propose a mapping. The file is refused with a coded
    error on "file" (imports.reading.inspect_file) and then nothing is stored."""
    importer = importer_for(actor=actor, kind=kind)
    file_name = (getattr(upload, "name", "") or "import.csv")[:255]
    if upload.size and upload.size <= max_bytes() and is_workbook(upload):
        upload = workbook_as_csv(upload)  # from here on, a CSV like any other
    facts = inspect_file(upload)
    partner = None if actor.is_staff else actor.partner
    remembered = _remembered(kind=kind, headers=facts.headers, partner=partner)
    mapping = propose_mapping(
        importer=importer, headers=facts.headers, remembered=remembered.mapping if remembered else None
    )
    with transaction.atomic():
        job = ImportJob(
            kind=kind,
            file_name=file_name,
            size=upload.size,
            encoding=facts.encoding,
            delimiter=facts.delimiter,
            headers=facts.headers,
            mapping=mapping,
            total_records=facts.estimated_records,
            partner=partner,
            created_by=actor.user,
            language=translation.get_language() or settings.LANGUAGE_CODE,
        )
        upload.seek(0)
        job.file.save(job.file_name, upload, save=False)
        job.save()
        record_event(actor=actor, verb="import.uploaded", target=job, partner=partner)
    return job


def validate_mapping(*, importer: Importer, headers: list[str], mapping: Mapping[str, str]) -> dict[str, str]:
    """The mapping of every column (unnamed columns are ignored), or a ValidationError whose items are on
    the columns (unknown or repeated target) or on "mapping" (a required field no column gives)."""
    targets = all_targets(importer)
    errors: dict[str, list[ValidationError]] = {}
    result: dict[str, str] = {}
    used: dict[str, str] = {}
    unknown_columns = [name for name in mapping if name not in headers]
    for name in unknown_columns:
        errors.setdefault(name, []).append(
            ValidationError(
                _("The file has no column named %(column)s.") % {"column": name}, code=E.UNKNOWN_TARGET
            )
        )
    for header in headers:
        target = (mapping.get(header) or IGNORE).strip()
        if target != IGNORE and target not in targets:
            errors.setdefault(header, []).append(
                ValidationError(
                    _("“%(target)s” is not a field this import fills.") % {"target": target},
                    code=E.UNKNOWN_TARGET,
                )
            )
            continue
        if target not in (IGNORE, NEW_ATTRIBUTE):
            if target in used:
                errors.setdefault(header, []).append(
                    ValidationError(
                        _("Columns %(first)s and %(second)s both go to %(field)s; choose one.")
                        % {"first": used[target], "second": header, "field": targets[target].label},
                        code=E.DUPLICATE_TARGET,
                    )
                )
                continue
            used[target] = header
        result[header] = target
    missing = [t for t in targets.values() if t.required and t.name not in used]
    for field in missing:
        errors.setdefault("mapping", []).append(
            ValidationError(
                _("Choose the column that holds %(field)s: it is required.") % {"field": field.label},
                code=E.REQUIRED_UNMAPPED,
            )
        )
    if errors:
        raise ValidationError(errors)
    return result


def _reset_check(job: ImportJob) -> None:
    job.status = ImportStatus.UPLOADED
    job.valid_rows = job.error_rows = job.checked_rows = job.total_rows = 0
    job.validated_at = None
    job.state = {}
    job.row_errors.all().delete()


def import_map(*, actor: Actor, job: ImportJob, mapping: Mapping[str, str]) -> ImportJob:
    """Confirm the column mapping (before the import starts); it is remembered for the next file with the same
    columns. A changed mapping needs a new dry run."""
    importer = importer_for(actor=actor, kind=job.kind)
    with transaction.atomic():
        job = lock_visible(ImportJob.objects, actor=actor, pk=job.pk)
        if job.status not in (ImportStatus.UPLOADED, ImportStatus.VALIDATED):
            raise _refuse(_("The columns can only be chosen before the import starts."), E.WRONG_STATUS)
        cleaned = validate_mapping(importer=importer, headers=job.headers, mapping=mapping)
        if cleaned != job.mapping or job.status != ImportStatus.UPLOADED:
            _reset_check(job)
        job.mapping = cleaned
        job.mapped = True
        job.save()
        remembered = _remembered(kind=job.kind, headers=job.headers, partner=job.partner)
        if remembered is None:
            remembered = ImportMapping(
                kind=job.kind, signature=header_signature(job.headers), partner=job.partner
            )
        remembered.headers = job.headers
        remembered.mapping = cleaned
        remembered.updated_by = actor.user
        remembered.save()
    return job


# --- the dry run -------------------------------------------------------------------------------------------


def _enqueue(task_name: str, job: ImportJob) -> None:
    from imports import tasks

    task = getattr(tasks, task_name)
    transaction.on_commit(lambda: task.enqueue(job_id=job.pk))


def import_check(*, actor: Actor, job: ImportJob) -> ImportJob:
    """Start the dry run: every row is checked in the background, nothing written."""
    importer_for(actor=actor, kind=job.kind)
    with transaction.atomic():
        job = lock_visible(ImportJob.objects, actor=actor, pk=job.pk)
        if job.status not in (ImportStatus.UPLOADED, ImportStatus.VALIDATED):
            raise _refuse(_("This import was already checked and started."), E.WRONG_STATUS)
        if not job.mapped:
            raise _refuse(_("Confirm which column goes where first."), E.NOT_MAPPED)
        _reset_check(job)
        job.status = ImportStatus.VALIDATING
        job.phase_started_at = timezone.now()
        job.phase_start_row = 0
        job.heartbeat_at = None
        job.failure = job.failure_code = ""
        job.save()
        _enqueue("check_rows", job)
    return job


def _raw_rows(job: ImportJob, *, skip: int = 0) -> Iterator[tuple[int, dict[str, str] | None, list[str]]]:
    """(record number, {target: raw text} or None for a blank record, cells) of the file, mapped."""
    columns = []
    for index, header in enumerate(job.headers):
        target = job.mapping.get(header, IGNORE)
        if target == NEW_ATTRIBUTE:
            target = f"{NEW_ATTRIBUTE}:{header}"
        if target != IGNORE:
            columns.append((index, target))
    for number, cells in iter_records(job.file, delimiter=job.delimiter, skip=skip):
        if cells is None:
            yield number, None, []
            continue
        width = len(cells)
        raw = {target: cells[index].strip() for index, target in columns if index < width}
        yield number, raw, cells


def _column_of(job: ImportJob, target: str | None) -> str:
    if not target:
        return ""
    if target.startswith(f"{NEW_ATTRIBUTE}:"):
        return target.split(":", 1)[1]
    for header, mapped in job.mapping.items():
        if mapped == target:
            return header
    return ""


def _file_failure(exc: Exception) -> tuple[str, str]:
    if isinstance(exc, UnicodeDecodeError):
        return E.FILE_ENCODING, _(
            "The file is not UTF-8 text past its beginning. Save it as “CSV UTF-8” and upload it again."
        )
    return E.FILE_INVALID, _("The file is not valid CSV: %(error)s") % {"error": exc}


def _fail(job_id: int, *, code: str, message: str, from_statuses: tuple[str, ...]) -> None:
    ImportJob.objects.filter(pk=job_id, status__in=from_statuses).update(
        status=ImportStatus.FAILED, failure_code=code, failure=message[:2000], finished_at=timezone.now()
    )


def run_check(job_id: int) -> None:
    """The dry run's body: check every row, keep the first ERRORS_KEPT errors and exact counts. Idempotent:
    it runs only for a job still validating, and starts over from the first row."""
    job = ImportJob.objects.filter(pk=job_id, status=ImportStatus.VALIDATING).first()
    if job is None:
        return
    importer = get_importer(job.kind)
    if importer is None:
        _fail(
            job_id,
            code=E.UNKNOWN_KIND,
            message=_("This kind of import no longer exists."),
            from_statuses=(ImportStatus.VALIDATING,),
        )
        return
    with translation.override(job.language):
        _check(job, importer)


def _check(job: ImportJob, importer: Importer) -> None:
    ImportRowError.objects.filter(job=job).delete()
    importer.prepare(job, writing=False)
    with tempfile.TemporaryFile("w+", encoding="utf-8") as checked:
        _check_rows(job, importer, checked)


def _check_rows(job: ImportJob, importer: Importer, checked: IO[str]) -> None:
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), default=str).encode
    kept = 0
    pending: list[ImportRowError] = []
    records = total = valid = invalid = 0
    try:
        for number, raw, _cells in _raw_rows(job):
            records = number
            if raw is not None and any(raw.values()):
                total += 1
                values, errors = importer.validate_row(raw)
                if not errors:
                    checked.write(dumps([number, values]))
                    checked.write("\n")
                if errors:
                    invalid += 1
                    for error in errors:
                        if kept >= ERRORS_KEPT:
                            break
                        kept += 1
                        pending.append(_row_error(job, number, error))
                else:
                    valid += 1
            if number % PROGRESS_EVERY == 0:
                ImportRowError.objects.bulk_create(pending)
                pending = []
                still = ImportJob.objects.filter(pk=job.pk, status=ImportStatus.VALIDATING).update(
                    checked_rows=number, heartbeat_at=timezone.now()
                )
                if not still:  # cancelled meanwhile
                    return
    except (UnicodeDecodeError, csv.Error) as exc:
        code, message = _file_failure(exc)
        _fail(job.pk, code=code, message=message, from_statuses=(ImportStatus.VALIDATING,))
        return
    ImportRowError.objects.bulk_create(pending)
    if total == 0:
        _fail(
            job.pk,
            code=E.FILE_EMPTY,
            message=_("The file has no rows to import."),
            from_statuses=(ImportStatus.VALIDATING,),
        )
        return
    if job.checked_file:
        job.checked_file.delete(save=False)
    checked.seek(0)
    job.checked_file.save("checked.jsonl", File(checked), save=False)
    ImportJob.objects.filter(pk=job.pk, status=ImportStatus.VALIDATING).update(
        checked_file=job.checked_file.name,
        status=ImportStatus.VALIDATED,
        total_records=records,
        records_counted=True,
        checked_rows=records,
        total_rows=total,
        valid_rows=valid,
        error_rows=invalid,
        state=importer.dry_run_state(),
        validated_at=timezone.now(),
        heartbeat_at=timezone.now(),
    )


def _row_error(job: ImportJob, number: int, error: RowError) -> ImportRowError:
    return ImportRowError(
        job=job,
        row=number + 1,  # the spreadsheet's row: the header is row 1
        column=_column_of(job, error.target)[:200],
        field=(error.target or "")[:100],
        code=error.code[:50],
        message=str(error.message),
        value=(error.value or "")[:1000],
    )


# --- the import --------------------------------------------------------------------------------------------


def import_start(*, actor: Actor, job: ImportJob, skip_invalid: bool = False) -> ImportJob:
    """Start writing after a dry run: only when no row has errors, or when the invalid rows are to be skipped
    (an explicit choice)."""
    importer_for(actor=actor, kind=job.kind)
    with transaction.atomic():
        job = lock_visible(ImportJob.objects, actor=actor, pk=job.pk)
        if job.status != ImportStatus.VALIDATED:
            raise _refuse(_("Run the check first; an import starts once."), E.WRONG_STATUS)
        if job.error_rows and not skip_invalid:
            raise _refuse(
                _("%(n)s rows have errors: fix the file, or choose to import the valid rows and skip them.")
                % {"n": job.error_rows},
                E.HAS_ERRORS,
            )
        if not job.valid_rows:
            raise _refuse(_("No row is valid: there is nothing to import."), E.NOTHING_TO_IMPORT)
        now = timezone.now()
        job.skip_invalid = bool(skip_invalid)
        job.status = ImportStatus.IMPORTING
        job.started_at = job.phase_started_at = now
        job.phase_start_row = job.next_row = 0
        job.heartbeat_at = None
        job.save()
        record_event(actor=actor, verb="import.started", target=job, partner=job.partner)
        _enqueue("import_rows", job)
    return job


def _stalled(job: ImportJob, now: datetime) -> bool:
    return job.status in (ImportStatus.IMPORTING, ImportStatus.VALIDATING) and (
        job.heartbeat_at is None or job.heartbeat_at < now - STALE_AFTER
    )


def import_resume(*, actor: Actor, job: ImportJob) -> ImportJob:
    """Carry on a failed or stalled import from its cursor (a dry run starts over)."""
    importer_for(actor=actor, kind=job.kind)
    with transaction.atomic():
        job = lock_visible(ImportJob.objects, actor=actor, pk=job.pk)
        now = timezone.now()
        failed_writing = job.status == ImportStatus.FAILED and job.started_at is not None
        if not (failed_writing or _stalled(job, now)):
            raise _refuse(_("Only a failed or stalled import can be resumed."), E.NOT_RESUMABLE)
        _restart(job, now)
        record_event(actor=actor, verb="import.resumed", target=job, partner=job.partner)
    return job


def _restart(job: ImportJob, now: datetime) -> None:
    if job.started_at is None:  # the dry run stopped: it starts over
        job.status = ImportStatus.VALIDATING
        job.phase_start_row = 0
        task = "check_rows"
    else:
        job.status = ImportStatus.IMPORTING
        job.phase_start_row = job.next_row
        task = "import_rows"
    job.phase_started_at = now
    job.heartbeat_at = None
    job.failure = job.failure_code = ""
    job.finished_at = None
    job.save()
    _enqueue(task, job)


def import_cancel(*, actor: Actor, job: ImportJob) -> ImportJob:
    """Stop an import: the batches already written stay (each is whole), nothing more is written."""
    importer_for(actor=actor, kind=job.kind)
    with transaction.atomic():
        job = lock_visible(ImportJob.objects, actor=actor, pk=job.pk)
        if job.status in (ImportStatus.DONE, ImportStatus.CANCELLED):
            raise _refuse(_("This import is already over."), E.WRONG_STATUS)
        job.status = ImportStatus.CANCELLED
        job.finished_at = timezone.now()
        job.save()
        record_event(actor=actor, verb="import.cancelled", target=job, partner=job.partner)
    return job


def run_import(job_id: int) -> None:
    """The import's body: claim the job (no other worker holds it: no heartbeat, or an old one), then write
    batch after batch from `next_row`. Idempotent: a job not importing, or held by a live worker, is left."""
    now = timezone.now()
    claimed = (
        ImportJob.objects.filter(pk=job_id, status=ImportStatus.IMPORTING)
        .filter(Q(heartbeat_at__isnull=True) | Q(heartbeat_at__lt=now - STALE_AFTER))
        .update(heartbeat_at=now)
    )
    if not claimed:
        return
    job = ImportJob.objects.get(pk=job_id)
    importer = get_importer(job.kind)
    if importer is None:
        _fail(
            job_id,
            code=E.UNKNOWN_KIND,
            message=_("This kind of import no longer exists."),
            from_statuses=(ImportStatus.IMPORTING,),
        )
        return
    importer.state = dict(job.state)
    with translation.override(job.language):
        try:
            _import(job, importer)
        except ImportStopped:
            return
        except (UnicodeDecodeError, csv.Error) as exc:
            code, message = _file_failure(exc)
            _fail(job_id, code=code, message=message, from_statuses=(ImportStatus.IMPORTING,))
        except ValidationError as exc:
            _fail(
                job_id,
                code=str(exc.code or E.ROW_INVALID),
                message=" ".join(exc.messages),
                from_statuses=(ImportStatus.IMPORTING,),
            )
        except Exception as exc:  # a batch refused by the database: the batches before stay, resume later
            logger.exception("Import %s failed", job_id)
            _fail(job_id, code="write_failed", message=str(exc), from_statuses=(ImportStatus.IMPORTING,))


def _rows_to_write(
    job: ImportJob, importer: Importer, skip: int
) -> Iterator[tuple[int, dict[str, Any] | None]]:
    """(record number, values or None for a record not to write) from `skip` on: the dry run's parsed rows,
    or the file checked again when they are gone."""
    if job.checked_file:
        loads = json.loads
        job.checked_file.open("rb")
        try:
            for line in job.checked_file:
                number, values = loads(line)
                if number > skip:
                    yield number, values
        finally:
            job.checked_file.close()
        yield job.total_records, None
        return
    for number, raw, _cells in _raw_rows(job, skip=skip):
        if raw is None or not any(raw.values()):
            yield number, None
            continue
        values, errors = importer.validate_row(raw)
        if not errors:
            yield number, values
        elif not job.skip_invalid:
            raise ValidationError(
                _("Row %(row)s no longer passes the check: %(message)s")
                % {"row": number + 1, "message": errors[0].message},
                code=E.ROW_INVALID,
            )
        else:
            yield number, None


class _Writer:
    """Writes the batches in order: inline, or on PostgreSQL outside any transaction in one thread of its own
    (its own connection), so the next batch is read while the database takes the last one. At most one batch
    is in flight; a batch's failure surfaces before the next is handed over."""

    def __init__(self, job: ImportJob, importer: Importer) -> None:
        self.job, self.importer = job, importer
        self.threaded = is_postgres() and not transaction.get_connection().in_atomic_block
        self.executor = ThreadPoolExecutor(max_workers=1) if self.threaded else None
        self.pending: Future | None = None

    def write(self, batch: list[tuple[int, dict[str, Any]]], *, expected: int, consumed: int) -> None:
        if self.executor is None:
            _write_batch(self.job, self.importer, batch, expected=expected, consumed=consumed)
            return
        self.wait()
        self.pending = self.executor.submit(
            _write_batch, self.job, self.importer, batch, expected=expected, consumed=consumed
        )

    def wait(self) -> None:
        if self.pending is not None:
            pending, self.pending = self.pending, None
            pending.result()

    def close(self) -> None:
        if self.executor is not None:
            try:
                self.wait()
            finally:
                self.executor.submit(connections.close_all).result()
                self.executor.shutdown()


def _import(job: ImportJob, importer: Importer) -> None:
    importer.prepare(job, writing=True)
    cursor = job.next_row
    batch: list[tuple[int, dict[str, Any]]] = []
    consumed = cursor
    size = importer.batch_size
    writer = _Writer(job, importer)
    try:
        for number, values in _rows_to_write(job, importer, cursor):
            if number - cursor > size and batch:  # this row starts the next batch
                writer.write(batch, expected=cursor, consumed=number - 1)
                cursor, batch = number - 1, []
            consumed = max(consumed, number)
            if values is not None:
                batch.append((number + 1, values))
        writer.write(batch, expected=cursor, consumed=consumed)
    finally:
        writer.close()
    with transaction.atomic():
        locked = ImportJob.objects.select_for_update().get(pk=job.pk)
        if locked.status != ImportStatus.IMPORTING or locked.next_row != consumed:
            raise ImportStopped
        checked_name = locked.checked_file.name
        locked.status = ImportStatus.DONE
        locked.finished_at = timezone.now()
        locked.checked_file = ""  # the parsed rows served their purpose; the uploaded file stays
        locked.save(update_fields=["status", "finished_at", "checked_file", "updated_at"])
        record_event(actor=None, verb="import.done", target=locked, partner=locked.partner)
        if checked_name:
            storage = locked.checked_file.storage
            transaction.on_commit(lambda: storage.delete(checked_name))
        transaction.on_commit(lambda: importer.finish(locked))


def _write_batch(
    job: ImportJob,
    importer: Importer,
    batch: list[tuple[int, dict[str, Any]]],
    *,
    expected: int,
    consumed: int,
) -> None:
    """One batch and the cursor past it, in one transaction, or nothing at all."""
    if consumed == expected and not batch:
        return
    with transaction.atomic():
        relax_commit()  # a batch lost in a crash is lost with its cursor: the resume writes it again
        locked = ImportJob.objects.select_for_update().get(pk=job.pk)
        if locked.status != ImportStatus.IMPORTING or locked.next_row != expected:
            raise ImportStopped
        written = importer.write_batch(batch, locked) if batch else 0
        ImportJob.objects.filter(pk=job.pk).update(
            next_row=consumed, written_rows=F("written_rows") + written, heartbeat_at=timezone.now()
        )


def resume_stalled(*, now: datetime | None = None) -> int:
    """The periodic pass: re-enqueue every import or dry run whose worker stopped beating (idempotent: the
    task claims the job before it writes). Returns how many were re-enqueued."""
    now = now or timezone.now()
    stalled = ImportJob.objects.filter(status__in=(ImportStatus.IMPORTING, ImportStatus.VALIDATING)).filter(
        Q(heartbeat_at__isnull=True, updated_at__lt=now - STALE_AFTER) | Q(heartbeat_at__lt=now - STALE_AFTER)
    )
    count = 0
    for job_id in stalled.values_list("pk", flat=True):
        with transaction.atomic():
            job = ImportJob.objects.select_for_update().get(pk=job_id)
            if _stalled(job, now):
                _restart(job, now)
                count += 1
    return count


# --- progress ----------------------------------------------------------------------------------------------


def import_progress(job: ImportJob, *, now: datetime | None = None) -> dict[str, Any]:
    """Where a job stands: the phase, records processed of the total, percent, rows per second and seconds
    left (None while unknown). The page's bar and the API's `progress` are this."""
    now = now or timezone.now()
    if job.status == ImportStatus.VALIDATING:
        processed, total = job.checked_rows, job.total_records
    elif job.status in (ImportStatus.IMPORTING, ImportStatus.DONE) or job.started_at:
        processed, total = job.next_row, job.total_records
    else:
        processed, total = job.checked_rows, job.total_records
    total = max(total, processed)
    rate = eta = None
    if job.is_running and job.phase_started_at:
        elapsed = (now - job.phase_started_at).total_seconds()
        done = processed - job.phase_start_row
        if elapsed > 0 and done > 0:
            rate = done / elapsed
            eta = max(total - processed, 0) / rate
    percent = round(100 * processed / total) if total else (100 if job.status == ImportStatus.DONE else 0)
    if job.status == ImportStatus.DONE:
        percent = 100
    return {
        "phase": job.status,
        "processed": processed,
        "total": total,
        "total_is_estimate": not job.records_counted,
        "percent": min(percent, 100),
        "rows_per_second": round(rate, 1) if rate else None,
        "seconds_left": round(eta) if eta is not None else None,
        "written": job.written_rows,
    }
