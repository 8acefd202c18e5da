"""Typst markup to PDF, for co-branded collateral.

The partner's details reach a template as data, never as markup: they are `sys.inputs` (strings the markup
reads with `sys.inputs.partner_name` or `sys.inputs.at("partner_name", default: "")`), so a partner named
`#read("/etc/passwd")` or `]` is printed as written. The logo is a file written into a fresh temporary folder
that is the compilation's root: a template can read nothing outside it (Typst refuses paths that leave the
root), and the folder holds nothing but the logo. Compiling uses Typst's embedded fonts only (the same PDF
on every machine, and no time spent scanning the system's fonts).

Placeholders (`PLACEHOLDERS`): partner_name, partner_address, partner_phone, partner_email,
partner_website, rep_name, rep_email, logo (the logo's file name, "" without one) and language.
"""

from __future__ import annotations

import re
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import typst
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from collateral.errors import CollateralErrorCode as E

# typst's stubs type the source and the root as one type variable (both bytes or both text); ours differ.
_compile: Any = typst.compile

PLACEHOLDERS: dict[str, Any] = {
    "partner_name": gettext_lazy("The partner's name"),
    "partner_address": gettext_lazy("City and country"),
    "partner_phone": gettext_lazy("Phone"),
    "partner_email": gettext_lazy("Contact email"),
    "partner_website": gettext_lazy("Website (its domain)"),
    "rep_name": gettext_lazy("The name of whoever downloads it"),
    "rep_email": gettext_lazy("The email of whoever downloads it"),
    "logo": gettext_lazy('The logo\'s file name, "" without one: #image(sys.inputs.logo)'),
    "language": gettext_lazy('"en" or "ru"'),
}
# Placeholders that print the person asking: a source naming one is `personal` (its files per person).
PERSONAL = ("rep_name", "rep_email")
MAX_SOURCE = 100_000  # characters of markup in one language
SLOW_SECONDS = 2.0  # a version taking longer than this against the sample partner is refused


def uses_personal(*sources: str) -> bool:
    return any(name in source for source in sources for name in PERSONAL)


@dataclass(frozen=True)
class Logo:
    content: bytes
    extension: str  # "png" or "jpg"


def partner_inputs(partner: Any, *, language: str) -> dict[str, str]:
    """What a template prints of a partner, in `language` (the country's name)."""
    with translation.override(language):
        country = str(partner.country.name) if partner.country else ""
    address = ", ".join(part for part in (partner.city, country) if part)
    return {
        "partner_name": partner.name,
        "partner_address": address,
        "partner_phone": partner.phone,
        "partner_email": partner.email,
        "partner_website": partner.web_domain,
    }


def person_inputs(user: Any) -> dict[str, str]:
    return {"rep_name": user.display_name if user else "", "rep_email": user.email if user else ""}


def render_pdf(source: str, *, inputs: dict[str, str], logo: Logo | None, language: str) -> bytes:
    """The PDF of `source` with these inputs, or a ValidationError (code `does_not_compile`) carrying the
    compiler's message and where it happened."""
    with tempfile.TemporaryDirectory(prefix="kanal-collateral-") as root:
        values = dict.fromkeys(PLACEHOLDERS, "") | inputs | {"language": language, "logo": ""}
        if logo is not None:
            name = f"logo.{logo.extension}"
            Path(root, name).write_bytes(logo.content)
            values["logo"] = name
        try:
            return _compile(
                source.encode(), root=root, sys_inputs=values, ignore_system_fonts=True, pdf_tags=False
            )
        except typst.TypstError as error:
            raise ValidationError(
                _("The template does not compile: %(problem)s") % {"problem": compiler_message(error)},
                code=E.DOES_NOT_COMPILE,
            ) from error


def compiler_message(error: typst.TypstError) -> str:
    message = str(getattr(error, "message", "") or error)
    where = re.search(r":(\d+):(\d+)", getattr(error, "diagnostic", "") or "")
    if where:
        message += " " + _("(line %(line)s, column %(column)s)") % {
            "line": where.group(1),
            "column": where.group(2),
        }
    hints = [str(h) for h in getattr(error, "hints", None) or []]
    if hints:
        message += "; " + "; ".join(hints)
    return message


# --- the sample a new version is checked against -------------------------------------------------------


def _png(width: int = 8, height: int = 4) -> bytes:
    """A small solid PNG, made here (no file to ship)."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + b"\x1f\x4e\x79" * width for _row in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


SAMPLE_LOGO = Logo(_png(), "png")
SAMPLE_INPUTS = {
    "partner_name": "Sample Partner Ltd",
    "partner_address": "Berlin, Germany",
    "partner_phone": "+49 30 1234567",
    "partner_email": "sales@sample-partner.example",
    "partner_website": "sample-partner.example",
    "rep_name": "Sam Sample",
    "rep_email": "sam@sample-partner.example",
}


# `import "@preview/…"` (or `include`): Typst would fetch the package from the internet while a partner waits,
# and run code nobody here wrote. Templates use what Typst has built in.
PACKAGE_IMPORT = re.compile(r"\b(?:import|include)\s*\(?\s*\"@")


def check_compiles(source: str, *, language: str) -> None:
    """Refuse markup that does not compile against the sample partner, with and without a logo (a template
    must cope with a partner that has none): `does_not_compile`; or that takes longer than
    `SLOW_SECONDS` to (a partner's first download waits for it): `too_slow`. Typst stops endless `while`
    loops and recursion itself; a long `for` loop is what the time limit catches, after the fact."""
    if PACKAGE_IMPORT.search(source):
        raise ValidationError(
            _("Templates cannot import Typst packages (“@…”): use what Typst has built in."),
            code=E.PACKAGE_IMPORT,
        )
    for logo in (SAMPLE_LOGO, None):
        started = time.perf_counter()
        render_pdf(source, inputs=SAMPLE_INPUTS, logo=logo, language=language)
        took = time.perf_counter() - started
        if took > SLOW_SECONDS:
            raise ValidationError(
                _("The template takes %(seconds)s s to make; partners would wait as long. Simplify it.")
                % {"seconds": f"{took:.1f}"},
                code=E.TOO_SLOW,
            )
