"""A claim's files (invoices, proof of performance, attendee lists, screenshots), downloaded through
`core.files`' signed links: resolved when the link is used, through the reader's `visible_to`, so a partner
opens its own company's files only (and a rep only when it may see the company's money)."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from core.files import TYPES, FileType, file_link, register_file_source
from funds.models import ClaimFile
from funds.selectors import file_get

SOURCE = "funds.claim_file"


def resolve(actor: Any, public_id: str, version: str) -> tuple[Any, str, FileType]:
    stored = file_get(actor=actor, public_id=public_id)
    if not stored.file or stored.file_type not in TYPES:
        raise Http404
    return stored.file, stored.name, TYPES[stored.file_type]


def claim_file_link(stored: ClaimFile, *, user_id: int) -> str:
    return file_link(SOURCE, stored.public_id, user_id=user_id)


register_file_source(SOURCE, resolve)
