"""Uploads are typed by their content, refused with a coded reason, and downloaded only through a signed link
for the person it was made for, as an attachment that a browser runs nothing of."""

import io
import struct
import zlib

import pytest
import xlsxwriter
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404

from core import files
from core.files import TYPES, detect_type, download_response, file_link, inspect_upload, read_link


def _png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))


PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>'


def _xlsx() -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer)
    book.add_worksheet().write(0, 0, "Price list")
    book.close()
    return buffer.getvalue()


def _refusal(upload, kinds=("document",), **kwargs) -> str:
    with pytest.raises(ValidationError) as refused:
        inspect_upload(upload, kinds=kinds, **kwargs)
    assert refused.value.messages[0]  # a sentence, not just a code
    return str(refused.value.code)


@pytest.mark.parametrize(
    ("name", "content", "kinds", "expected"),
    [
        ("brochure.pdf", PDF, ("document",), "pdf"),
        ("price-list.xlsx", _xlsx(), ("document",), "xlsx"),
        ("logo.png", _png(), ("image",), "png"),
        ("no-extension", PDF, ("document",), "pdf"),
        ("prices.csv", b"sku;price\nRB-1;1000.00\n", ("document",), "csv"),
        ("notes.txt", "Привет, партнёр".encode(), ("document",), "txt"),
        ("notes.csv", b"a,b\n1,2\n", ("document",), "csv"),
        ("email.html", HTML, ("markup",), "html"),
        ("logo.svg", SVG, ("markup", "image"), "svg"),
    ],
)
def test_a_file_is_typed_by_its_content(name, content, kinds, expected):
    assert inspect_upload(SimpleUploadedFile(name, content), kinds=kinds) is TYPES[expected]


@pytest.mark.parametrize(
    ("name", "content", "kinds", "code"),
    [
        ("empty.pdf", b"", ("document",), "file_empty"),
        ("brochure.pdf", HTML, ("document",), "file_type_mismatch"),  # HTML disguised as a PDF
        ("logo.png", SVG, ("image",), "file_type_mismatch"),
        ("page.html", HTML, ("document",), "file_type_not_allowed"),  # honest, but not wanted here
        ("logo.png", _png(), ("document",), "file_type_not_allowed"),
        ("report.pdf", _png(), ("document",), "file_type_mismatch"),
        ("blob.bin", b"\x00\x01\x02binary\x00", ("document",), "file_type_unknown"),
        (
            "latin1.txt",
            "caf\xe9 cr\xe8me".encode("latin-1") + b" and more text",
            ("document",),
            "file_type_unknown",
        ),
    ],
)
def test_refusals_say_why(name, content, kinds, code):
    assert _refusal(SimpleUploadedFile(name, content), kinds=kinds) == code


def test_an_oversized_file_is_refused_before_it_is_read(settings):
    settings.UPLOAD_MAX_MB = 1
    big = SimpleUploadedFile("big.pdf", PDF + b"0" * (1024 * 1024))
    assert _refusal(big) == "file_too_large"
    assert big.tell() == 0
    assert inspect_upload(SimpleUploadedFile("ok.pdf", PDF), kinds=("document",)) is TYPES["pdf"]
    settings.UPLOAD_VIDEO_MAX_MB = 2
    assert files.upload_limit(("video",)) == 2 * 1024 * 1024


def test_text_cut_mid_character_at_the_end_of_the_head_is_still_text():
    head = ("а" * (files.HEAD_BYTES // 2)).encode()[: files.HEAD_BYTES - 1]  # the last letter cut in two
    assert detect_type(head) is TYPES["txt"]


def test_a_download_is_an_attachment_that_runs_nothing():
    stored = ContentFile(HTML, name="template.html")
    response = download_response(stored, filename="Spring email.html", file_type=TYPES["html"])
    assert response["Content-Disposition"].startswith("attachment;")
    assert 'filename="Spring email.html"' in response["Content-Disposition"]
    assert response["Content-Type"] == "text/html"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content) == HTML


def test_a_form_field_types_its_upload_and_refuses_at_the_field():
    from django import forms

    class Brochure(forms.Form):
        file = files.UploadField(kinds=("document",))

    good = Brochure(files={"file": SimpleUploadedFile("brochure.pdf", PDF)})
    assert good.is_valid(), good.errors
    assert good.cleaned_data["file"].file_type is TYPES["pdf"]
    disguised = Brochure(files={"file": SimpleUploadedFile("brochure.pdf", HTML)})
    assert not disguised.is_valid()
    assert disguised.errors.as_data()["file"][0].code == "file_type_mismatch"
    assert 'accept=".pdf,.docx,' in str(Brochure()["file"]) and ".html" not in str(Brochure()["file"])


# --- signed links ------------------------------------------------------------------------------------------


@pytest.fixture
def source(monkeypatch, world):
    """A registered source whose one file only partner A's people may see."""
    opened = []

    def resolve(actor, public_id, version):
        if not (actor.is_partner and actor.partner_id == world.partner_a.pk) or public_id != "brochure":
            raise Http404
        opened.append((public_id, version))
        return ContentFile(PDF, name="brochure.pdf"), "Brochure", TYPES["pdf"]

    monkeypatch.setitem(files.FILE_SOURCES, "test.brochure", resolve)
    return opened


@pytest.mark.django_db
def test_a_link_opens_the_file_for_its_person_only(world, login, source):
    link = file_link("test.brochure", "brochure", user_id=world.rep_a.pk, version=3)
    response = login(world.rep_a).get(link)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert 'filename="Brochure.pdf"' in response["Content-Disposition"]
    assert source == [("brochure", "3")]
    # The same link in someone else's hands, even in the same company, opens nothing.
    assert login(world.admin_a).get(link).status_code == 404
    # A link made for someone the source does not let see the file.
    assert (
        login(world.rep_b).get(file_link("test.brochure", "brochure", user_id=world.rep_b.pk)).status_code
        == 404
    )
    assert source == [("brochure", "3")]


@pytest.mark.django_db
def test_a_forged_or_stale_link_opens_nothing(world, login, source, settings, monkeypatch):
    client = login(world.rep_a)
    link = file_link("test.brochure", "brochure", user_id=world.rep_a.pk)
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert client.get(link.replace(token, token[:-2] + "xx")).status_code == 404
    assert client.get(file_link("no.such.source", "brochure", user_id=world.rep_a.pk)).status_code == 404
    settings.FILE_LINK_SECONDS = 60
    import time

    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now + 61)
    expired = client.get(link)
    assert expired.status_code == 410
    assert "expired" in expired.content.decode()
    with pytest.raises(files.LinkRefused) as refused:
        read_link(token, user_id=world.rep_a.pk)
    assert refused.value.code == "link_expired"
    assert source == []


@pytest.mark.django_db
def test_a_link_needs_a_signed_in_person(world, client, source):
    link = file_link("test.brochure", "brochure", user_id=world.rep_a.pk)
    response = client.get(link)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert source == []
