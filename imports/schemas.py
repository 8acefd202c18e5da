from datetime import datetime
from typing import Any
from uuid import UUID

from ninja import Field, Schema

from core.inputs import api_schema
from core.schemas import InputSchema
from imports.inputs import StartInput
from imports.services import import_progress


class ImportProgressOut(Schema):
    phase: str
    processed: int = Field(description="Records of the file checked (dry run) or written past (import)")
    total: int
    total_is_estimate: bool = Field(description="True until the dry run has counted every record")
    percent: int
    rows_per_second: float | None
    seconds_left: int | None
    written: int


class ImportTargetOut(Schema):
    name: str
    label: str
    required: bool
    kind: str
    help: str


class ImportJobOut(Schema):
    id: UUID = Field(alias="public_id")
    kind: str
    file_name: str
    status: str
    delimiter: str
    headers: list[str]
    mapping: dict[str, str] = Field(
        description='Column → target field, "attr:<key>", "new_attr" or "" (left out)'
    )
    mapped: bool
    skip_invalid: bool
    total_rows: int
    valid_rows: int
    error_rows: int
    written_rows: int
    next_row: int = Field(description="Records already written past: where a resumed import carries on")
    failure_code: str
    failure: str
    created_at: datetime
    validated_at: datetime | None
    started_at: datetime | None
    finished_at: datetime | None
    progress: ImportProgressOut

    @staticmethod
    def resolve_progress(obj) -> dict[str, Any]:
        return import_progress(obj)


class ImportJobDetailOut(ImportJobOut):
    targets: list[ImportTargetOut] = Field(description="Where a column may go")

    @staticmethod
    def resolve_targets(obj) -> list[dict[str, Any]]:
        from imports.registry import get_importer
        from imports.services import all_targets

        importer = get_importer(obj.kind)
        if importer is None:
            return []
        return [
            {
                "name": t.name,
                "label": str(t.label),
                "required": t.required,
                "kind": t.kind,
                "help": str(t.help),
            }
            for t in all_targets(importer).values()
        ]


class ImportRowErrorOut(Schema):
    row: int = Field(description="The spreadsheet's row (the header is row 1)")
    column: str
    field: str
    code: str
    message: str
    value: str


class ImportMappingIn(InputSchema):
    mapping: dict[str, str] = Field(description='Column name → target ("" leaves the column out)')
    check: bool = Field(False, description="Start the dry run once the mapping is saved")


ImportStartIn = api_schema(StartInput, "ImportStartIn")
