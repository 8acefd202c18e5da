"""A partner's logo: whether an uploaded image can be drawn, and who may download it.

The logo goes into co-branded PDFs (drawn by Typst) and onto pages, so an upload is checked by drawing it
the way the PDFs will: a PNG or JPEG header on a broken body is refused at upload rather than breaking
every partner download later. The file is read only through signed links (`core.files`, source
"partner_logo"), resolved through `Partner.objects.visible_to`: whoever may see the partner sees its logo.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import typst
from django.http import Http404

from core.files import TYPES, FileType, file_link, register_file_source
from core.scoping import get_visible_or_404

SOURCE = "partner_logo"
_compile: Any = typst.compile  # its stubs want the source and the root of one type (bytes and text here)


def image_is_drawable(upload: Any, *, extension: str) -> bool:
    """Whether Typst can draw this image (a one-image document, compiled in a private empty folder)."""
    upload.seek(0)
    content = upload.read()
    upload.seek(0)
    with tempfile.TemporaryDirectory(prefix="kanal-logo-") as root:
        Path(root, f"logo.{extension}").write_bytes(content)
        try:
            _compile(f'#image("logo.{extension}", width: 2cm)'.encode(), root=root, ignore_system_fonts=True)
        except typst.TypstError:
            return False
    return True


def logo_type(name: str) -> FileType:
    return TYPES["jpg"] if name.lower().endswith((".jpg", ".jpeg")) else TYPES["png"]


def resolve_logo(actor: Any, public_id: str, version: str) -> tuple[Any, str, FileType]:
    """The "partner_logo" file source: the logo of a partner the reader may see (404 otherwise, or when
    there is no logo)."""
    from partners.models import Partner

    partner = get_visible_or_404(Partner.objects.visible_to(actor), public_id=public_id)
    if not partner.logo or not partner.logo.storage.exists(partner.logo.name):
        raise Http404
    return partner.logo, f"{partner.name} logo", logo_type(partner.logo.name)


def logo_url(partner: Any, *, user_id: int) -> str | None:
    """A signed link to the partner's logo for one person, or None without a logo. The profile version in
    the link makes a new logo a new address (no browser shows the old one from its cache)."""
    if not partner.logo:
        return None
    return file_link(SOURCE, partner.public_id, user_id=user_id, version=partner.profile_version)


register_file_source(SOURCE, resolve_logo)
