"""The certificate PDF: a Typst template (`certificate.typ`) filled with the award's values, and a QR code of
the public verification URL (`SITE_URL` + `/verify/<code>`) handed to Typst as an SVG file beside it."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

import qrcode
import qrcode.image.svg
import typst
from django.conf import settings
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from learning.models import CertificationAward

TEMPLATE = Path(__file__).with_name("certificate.typ")


def verification_url(award: CertificationAward) -> str:
    return settings.SITE_URL + reverse("verify_certificate", args=[award.code])


def qr_svg(url: str) -> bytes:
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, border=1)
    buffer = io.BytesIO()
    image.save(buffer)
    return buffer.getvalue()


def certificate_pdf(award: CertificationAward) -> bytes:
    """The award's certificate, in the active language."""
    url = verification_url(award)
    awarded = formats.date_format(timezone.localdate(award.awarded_at), "DATE_FORMAT")
    if award.expires_at:
        valid = _("Valid until %(date)s") % {
            "date": formats.date_format(timezone.localdate(award.expires_at), "DATE_FORMAT")
        }
    else:
        valid = _("Does not expire")
    values = {
        "vendor": getattr(settings, "KANAL_VENDOR_NAME", "Kanal"),
        "heading": _("Certificate"),
        "certifies": _("This certifies that"),
        "holder": award.holder_name,
        "partner": award.partner.name if award.partner else "",
        "holds": _("holds the certification"),
        "certification": award.certification.title,
        "awarded": _("Awarded on %(date)s") % {"date": awarded},
        "valid": valid,
        "verify": _("Verify this certificate:"),
        "url": url,
    }
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "qr.svg").write_bytes(qr_svg(url))
        (root / "certificate.typ").write_bytes(TEMPLATE.read_bytes())
        return typst.compile(str(root / "certificate.typ"), root=str(root), sys_inputs=values)
