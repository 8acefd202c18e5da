"""Downloads of the library's files, through `core.files`' signed links.

A link names an asset and either a language (what partners get: the current version in it) or, for staff, one
version's id (the record of an older one). The file is resolved when the link is used, through the reader's
`visible_to`, so an asset archived, expired or retargeted since the link was made is not served; and each
download by a partner user is counted then.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.text import slugify

from content.models import ActivityKind, Asset, AssetVersion, Language
from content.selectors import version_for_reader
from content.services import record_activity
from core.files import TYPES, FileType, file_link, register_file_source
from core.scoping import get_visible_or_404

SOURCE = "content.asset"


def download_name(asset: Asset, version: AssetVersion) -> str:
    stem = slugify(asset.title_en, allow_unicode=False)[:80] or "asset"
    return f"{stem}-{version.language}-v{version.number}"


def resolve(actor: Any, public_id: str, wanted: str) -> tuple[Any, str, FileType]:
    asset = get_visible_or_404(Asset.objects.visible_to(actor), public_id=public_id)
    if wanted in Language.values:
        version = version_for_reader(asset, wanted)
    else:
        # An older version, by its id: only staff read those (`AssetVersion.partner_filter`).
        try:
            version = AssetVersion.objects.visible_to(actor).filter(asset=asset, public_id=wanted).first()
        except ValidationError:  # not a UUID
            version = None
    if version is None or not version.file:
        raise Http404
    record_activity(actor=actor, asset=asset, kind=ActivityKind.DOWNLOAD, version=version)
    return version.file, download_name(asset, version), TYPES[version.file_type]


def asset_file_link(*, actor: Any, asset: Asset, version: str) -> str:
    return file_link(SOURCE, asset.public_id, user_id=actor.user.pk, version=version)


register_file_source(SOURCE, resolve)
