"""A bulk import: one uploaded file, its column mapping, the dry run's per-row errors and the resumable write.

uploaded → validating → validated (the dry run checked every row) → importing → done | failed | cancelled.
`next_row` is the resume cursor: the data rows already written (or skipped as invalid) advance it in the same
transaction as the batch that wrote them, so an import killed mid-way resumes exactly where it stopped.

Jobs of vendor-side importers (leads) have no `partner` and only staff read them; a partner-side importer's
jobs belong to the partner they were uploaded for.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import PublicIdModel, choice_field, user_reference
from core.scoping import ScopedManager


class ImportStatus(models.TextChoices):
    UPLOADED = "uploaded", _("Uploaded")
    VALIDATING = "validating", _("Checking")
    VALIDATED = "validated", _("Checked")
    IMPORTING = "importing", _("Importing")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled")


RUNNING_STATUSES = (ImportStatus.VALIDATING, ImportStatus.IMPORTING)
FINISHED_STATUSES = (ImportStatus.DONE, ImportStatus.CANCELLED)


def import_file_path(job: ImportJob, filename: str) -> str:
    # The stored name never comes from the uploader (the original name is kept in `file_name`).
    return f"imports/{job.kind}/{job.public_id}"


def checked_rows_path(job: ImportJob, filename: str) -> str:
    return f"imports/{job.kind}/{job.public_id}-checked.jsonl"


class ImportJob(PublicIdModel):
    partner_scope = "partner_id"

    Status = ImportStatus

    kind = models.CharField(_("kind"), max_length=50, db_index=True)  # the registered importer's key
    file = models.FileField(_("file"), upload_to=import_file_path, max_length=300)
    file_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size"), default=0)
    encoding = models.CharField(_("encoding"), max_length=20, default="utf-8")
    delimiter = models.CharField(_("delimiter"), max_length=1, default=",")
    headers = models.JSONField(_("columns"), default=list)
    # source column → target field name, "attr:<key>", "new_attr" or "" (ignored)
    mapping = models.JSONField(_("column mapping"), default=dict, blank=True)
    # The dry run's parsed valid rows, one JSON line [record number, values] each: the import writes these,
    # so a row is parsed once.
    checked_file = models.FileField(upload_to=checked_rows_path, max_length=300, blank=True)
    mapped = models.BooleanField(_("mapping confirmed"), default=False)
    skip_invalid = models.BooleanField(_("skip invalid rows"), default=False)
    # What the importer learnt in the dry run and needs when writing (the kinds of new attributes …).
    state = models.JSONField(default=dict, blank=True)
    language = models.CharField(max_length=10, default="en")  # the uploader's: row error messages are in it

    status = choice_field(_("status"), ImportStatus, default=ImportStatus.UPLOADED, db_index=True)
    # Data records in the file (blank lines too): an estimate from the first lines until the dry run counts
    # them. `next_row` and `checked_rows` count records; `total_rows` the non-blank ones.
    total_records = models.PositiveIntegerField(default=0)
    records_counted = models.BooleanField(default=False)
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    valid_rows = models.PositiveIntegerField(_("valid rows"), default=0)
    error_rows = models.PositiveIntegerField(_("rows with errors"), default=0)
    checked_rows = models.PositiveIntegerField(_("rows checked"), default=0)
    written_rows = models.PositiveIntegerField(_("rows written"), default=0)
    next_row = models.PositiveIntegerField(_("next row"), default=0)

    partner = models.ForeignKey(
        "partners.Partner", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    created_by = user_reference(_("uploaded by"))
    validated_at = models.DateTimeField(_("checked"), null=True, blank=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    # Renewed by every batch: a job importing without a heartbeat for a while lost its worker.
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    # Where the running phase (dry run or import) began, for its rate and time left.
    phase_started_at = models.DateTimeField(null=True, blank=True)
    phase_start_row = models.PositiveIntegerField(default=0)
    failure_code = models.CharField(max_length=50, blank=True)
    failure = models.TextField(_("failure"), blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        indexes = [models.Index(fields=["status", "heartbeat_at"])]

    def __str__(self) -> str:
        return self.file_name

    @property
    def is_running(self) -> bool:
        return self.status in RUNNING_STATUSES


class ImportRowError(models.Model):
    """One problem in one row: `row` counts data rows from 1 (the header is not a row)."""

    partner_scope = "job__partner_id"

    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="row_errors")
    row = models.PositiveIntegerField(_("row"))
    column = models.CharField(_("column"), max_length=200, blank=True)
    field = models.CharField(_("field"), max_length=100, blank=True)
    code = models.CharField(_("code"), max_length=50)
    message = models.TextField(_("message"))
    value = models.TextField(_("value"), blank=True)

    objects = ScopedManager()

    class Meta:
        ordering = ["job", "row", "id"]
        verbose_name = _("import row error")
        verbose_name_plural = _("import row errors")
        indexes = [models.Index(fields=["job", "row"])]

    def __str__(self) -> str:
        return f"{self.row}: {self.code}"


class ImportMapping(PublicIdModel):
    """The mapping last confirmed for a kind of import and a set of columns: the next file with the same
    columns starts from it."""

    partner_scope = "partner_id"

    kind = models.CharField(max_length=50)
    signature = models.CharField(max_length=64)  # a hash of the normalised column names
    partner = models.ForeignKey(
        "partners.Partner", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    headers = models.JSONField(default=list)
    mapping = models.JSONField(default=dict)
    updated_by = user_reference(_("updated by"))

    class Meta:
        verbose_name = _("remembered import mapping")
        verbose_name_plural = _("remembered import mappings")
        indexes = [models.Index(fields=["kind", "signature"])]
