"""Uploaded files: what may be uploaded, how a download is answered, and the short-lived links to one.

- `inspect_upload` decides what a file is from its content (magic numbers, `filetype`; text sniffed here),
  never from its name, and refuses it with a coded error when it is empty, too large, of an unknown or
  unwanted type, or when its name claims another type than its content (HTML named "price-list.pdf").
- `download_response` always answers with an attachment, `nosniff` and a sandboxing policy: HTML and SVG,
  which a browser would run, are never shown inline.
- `file_link` signs a link to one file for one person for `FILE_LINK_SECONDS`; `/files/<token>/`
  (`core.views.file_download`) checks the signature and the person, then asks the app that registered the
  file's source (`register_file_source`) for the file through the reader's `visible_to`, so a forwarded or
  stale link opens nothing.
Files live in Django's `STORAGES["default"]` (local files, or an S3-compatible store: README).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

import filetype
from django import forms
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

HEAD_BYTES = 8192  # enough for every signature filetype reads (office files name their parts early)


@dataclass(frozen=True)
class FileType:
    extension: str  # the one a download is named with
    mime: str
    names: tuple[str, ...]  # the extensions a file of this type may be named with
    active: bool = False  # a browser would run it (HTML, SVG): only ever downloaded


def _types(*types: FileType) -> dict[str, FileType]:
    return {t.extension: t for t in types}


TYPES = _types(
    FileType("pdf", "application/pdf", ("pdf",)),
    FileType("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ("docx",)),
    FileType("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ("xlsx",)),
    FileType("pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation", ("pptx",)),
    FileType("doc", "application/msword", ("doc",)),
    FileType("xls", "application/vnd.ms-excel", ("xls",)),
    FileType("ppt", "application/vnd.ms-powerpoint", ("ppt",)),
    FileType("odt", "application/vnd.oasis.opendocument.text", ("odt",)),
    FileType("ods", "application/vnd.oasis.opendocument.spreadsheet", ("ods",)),
    FileType("odp", "application/vnd.oasis.opendocument.presentation", ("odp",)),
    FileType("rtf", "application/rtf", ("rtf",)),
    FileType("csv", "text/csv", ("csv",)),
    FileType("txt", "text/plain", ("txt", "text", "md")),
    FileType("png", "image/png", ("png",)),
    FileType("jpg", "image/jpeg", ("jpg", "jpeg")),
    FileType("gif", "image/gif", ("gif",)),
    FileType("webp", "image/webp", ("webp",)),
    FileType("mp4", "video/mp4", ("mp4", "m4v")),
    FileType("webm", "video/webm", ("webm",)),
    FileType("mov", "video/quicktime", ("mov",)),
    FileType("zip", "application/zip", ("zip",)),
    FileType("html", "text/html", ("html", "htm"), active=True),
    FileType("svg", "image/svg+xml", ("svg",), active=True),
)

# What each kind of upload may be (an asset's file, a lesson's video, a logo, …).
KINDS: dict[str, tuple[str, ...]] = {
    "document": (
        "pdf",
        "docx",
        "xlsx",
        "pptx",
        "doc",
        "xls",
        "ppt",
        "odt",
        "ods",
        "odp",
        "rtf",
        "csv",
        "txt",
    ),
    "image": ("png", "jpg", "gif", "webp"),
    "video": ("mp4", "webm", "mov"),
    "archive": ("zip",),
    "markup": ("html", "svg"),  # e-mail templates, vector logos: stored and downloaded, never shown
}
# filetype's names for what TYPES calls otherwise.
_DETECTED = {"m4v": "mp4", "jpx": None}
_MARKUP_STARTS = ("<!doctype html", "<html", "<head", "<body", "<script", "<iframe", "<svg")


def upload_limit(kinds: Iterable[str]) -> int:
    """The largest upload of these kinds, in bytes (`UPLOAD_MAX_MB`, `UPLOAD_VIDEO_MAX_MB` for videos)."""
    megabytes = settings.UPLOAD_VIDEO_MAX_MB if "video" in kinds else settings.UPLOAD_MAX_MB
    return int(megabytes) * 1024 * 1024


def allowed_types(kinds: Iterable[str]) -> list[FileType]:
    return [TYPES[ext] for kind in kinds for ext in KINDS[kind]]


def inspect_upload(upload: Any, *, kinds: Iterable[str], max_bytes: int | None = None) -> FileType:
    """The type of an uploaded file (a Django `File`) read from its content, or `ValidationError` with a
    code: file_empty, file_too_large, file_type_unknown, file_type_mismatch, file_type_not_allowed."""
    kinds = tuple(kinds)
    limit = max_bytes if max_bytes is not None else upload_limit(kinds)
    size = upload.size
    if not size:
        raise ValidationError(_("The file is empty."), code="file_empty")
    if size > limit:
        raise ValidationError(
            _("The file is %(size)s; files here may be at most %(limit)s."),
            code="file_too_large",
            params={"size": filesizeformat(size), "limit": filesizeformat(limit)},
        )
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    upload.seek(0)
    found = detect_type(head)
    if found is None:
        raise ValidationError(
            _("What this file holds could not be recognised; upload it in one of the formats listed."),
            code="file_type_unknown",
        )
    named = PurePath(getattr(upload, "name", "") or "").suffix.lower().lstrip(".")
    if found is TYPES["txt"] and named == "csv":  # plain text either way: its name says which
        found = TYPES["csv"]
    if named and named not in found.names:
        raise ValidationError(
            _("The file is named .%(named)s but holds %(found)s: rename it or upload the right file."),
            code="file_type_mismatch",
            params={"named": named, "found": found.extension.upper()},
        )
    allowed = allowed_types(kinds)
    if found not in allowed:
        raise ValidationError(
            _("%(found)s files cannot be uploaded here; allowed: %(allowed)s."),
            code="file_type_not_allowed",
            params={"found": found.extension.upper(), "allowed": ", ".join(t.extension for t in allowed)},
        )
    return found


def detect_type(head: bytes) -> FileType | None:
    """The type of a file from its first bytes: a known binary signature, else text (plain, or markup a
    browser would run), else None."""
    kind = filetype.guess(head)
    if kind is not None:
        name = _DETECTED.get(kind.extension, kind.extension)
        return TYPES.get(name) if name else None
    text = _text(head)
    if text is None:
        return None
    start = text.lstrip("\ufeff \t\r\n").lower()
    if start.startswith("<?xml"):
        return TYPES["svg"] if "<svg" in start else TYPES["html"]  # XML a browser may render: markup
    if start.startswith(_MARKUP_STARTS) or "<script" in start or "<html" in start:
        return TYPES["svg"] if start.startswith("<svg") else TYPES["html"]
    return TYPES["txt"]


def _text(head: bytes) -> str | None:
    """`head` as UTF-8 text, or None for binary (a NUL byte, or bytes that are not UTF-8 except a character
    cut at the end of the head)."""
    if b"\x00" in head:
        return None
    try:
        return head.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start < len(head) - 3:
            return None
        return head[: error.start].decode("utf-8")


def download_response(file: Any, *, filename: str, file_type: FileType) -> FileResponse:
    """A stored file as a download: an attachment named `filename` (its type's extension), its type as
    detected at upload, `nosniff`, and a policy that runs nothing should a browser show it anyway."""
    stem = PurePath(filename).stem or "file"
    file.open("rb")
    response = FileResponse(file, as_attachment=True, filename=f"{stem}.{file_type.extension}")
    response["Content-Type"] = file_type.mime
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


class UploadField(forms.FileField):
    """A form's file whose type is read from its content (`inspect_upload`); `kinds` say what it may be.
    The cleaned value is the upload with `file_type` (a FileType) set. The file picker offers those types."""

    def __init__(self, *, kinds: Iterable[str], max_bytes: int | None = None, **kwargs: Any):
        self.kinds = tuple(kinds)
        self.max_bytes = max_bytes
        super().__init__(**kwargs)
        names = (f".{name}" for file_type in allowed_types(self.kinds) for name in file_type.names)
        self.widget.attrs.setdefault("accept", ",".join(names))

    def clean(self, data: Any, initial: Any = None) -> Any:
        try:
            upload = super().clean(data, initial)
        except ValidationError as exc:
            if exc.code == "empty":  # Django's own check comes first: answer with the same code as ours
                raise ValidationError(_("The file is empty."), code="file_empty") from exc
            raise
        if upload and upload is not initial:
            upload.file_type = inspect_upload(upload, kinds=self.kinds, max_bytes=self.max_bytes)
        return upload


# --- short-lived links --------------------------------------------------------------------------------

_SALT = "kanal.files.link"
# source name -> resolve(actor, public_id, version) -> (file, filename, FileType); Http404 when not visible.
FILE_SOURCES: dict[str, Callable[[Any, str, str], tuple[Any, str, FileType]]] = {}


def register_file_source(name: str, resolve: Callable[[Any, str, str], tuple[Any, str, FileType]]) -> None:
    """An app's downloadable files: `resolve(actor, public_id, version)` reads the object through
    `visible_to(actor)` (Http404 otherwise) and returns the file, its download name and its type."""
    FILE_SOURCES[name] = resolve


def file_link(source: str, public_id: Any, *, user_id: int, version: Any = "") -> str:
    """The URL that downloads one file for one person, for `FILE_LINK_SECONDS`."""
    token = signing.dumps([source, str(public_id), str(version), user_id], salt=_SALT, compress=True)
    return reverse("file_download", args=[token])


class LinkRefused(Exception):
    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def read_link(token: str, *, user_id: int | None) -> tuple[str, str, str]:
    """(source, public id, version) of a link made for `user_id`, or LinkRefused("link_expired" |
    "link_invalid")."""
    try:
        source, public_id, version, owner = signing.loads(
            token, salt=_SALT, max_age=settings.FILE_LINK_SECONDS
        )
    except signing.SignatureExpired:
        raise LinkRefused("link_expired") from None
    except (signing.BadSignature, ValueError, TypeError):
        raise LinkRefused("link_invalid") from None
    if owner != user_id or source not in FILE_SOURCES:
        raise LinkRefused("link_invalid")
    return source, public_id, version
