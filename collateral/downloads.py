"""The generated PDFs as a file source of signed links (`core.files`, source "collateral"): a link opens a
file only for its person and only while the file is theirs to see (`visible_to`: their partner's)."""

from __future__ import annotations

from typing import Any

from django.http import FileResponse

from collateral.models import GeneratedCollateral
from collateral.selectors import generated_get
from core.files import TYPES, FileType, download_response, file_link, register_file_source

SOURCE = "collateral"


def download_name(*, title: str, partner_name: str, language: str) -> str:
    """ "Spring flyer - Contoso (en).pdf": no path separators, the extension said (a dot in a name stays)."""
    name = f"{title} - {partner_name} ({language})".replace("/", "-").replace("\\", "-")
    return f"{name}.pdf"


def resolve(actor: Any, public_id: str, version: str) -> tuple[Any, str, FileType]:
    generated = generated_get(actor=actor, public_id=public_id)
    name = download_name(
        title=generated.template_version.template.title,
        partner_name=generated.partner.name,
        language=generated.language,
    )
    return generated.file, name, TYPES["pdf"]


def pdf_response(file: Any, *, filename: str) -> FileResponse:
    return download_response(file, filename=filename, file_type=TYPES["pdf"])


def signed_link(generated: GeneratedCollateral, *, user_id: int) -> str:
    return file_link(SOURCE, generated.public_id, user_id=user_id)


register_file_source(SOURCE, resolve)
