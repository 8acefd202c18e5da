"""Demo co-branded collateral: three templates written by the channel marketing manager (a two-language
product flyer and a personal event invitation, published for every partner; a distributor's price-list
cover left as a draft), and a logo for the demo bike store, drawn here (no third-party file)."""

from __future__ import annotations

import struct
import zlib
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

FLYER = """#let i = sys.inputs
#let accent = rgb("#1f4e79")
#set document(title: [Adventure Works — #i.partner_name])
#set page(paper: "a4", margin: (x: 2cm, top: 2cm, bottom: 2.5cm),
  footer: align(center, text(size: 8pt, fill: gray)[
    #i.partner_name · #i.partner_address · #i.partner_phone · #i.partner_website]))
#set text(size: 11pt, lang: i.language)
#grid(columns: (1fr, auto), align: (left + horizon, right + horizon),
  text(size: 20pt, weight: "bold", fill: accent)[Adventure Works],
  if i.logo != "" { image(i.logo, height: 2cm) } else { text(size: 14pt, weight: "bold")[#i.partner_name] })
#line(length: 100%, stroke: 2pt + accent)
= @HEADING@
@INTRO@ #i.partner_name.
#v(1em)
#table(columns: (1fr, 1fr, 1fr), stroke: none, fill: (x, y) => if y == 0 { accent.lighten(80%) },
  table.header[*Road-150*][*Mountain-200*][*Touring-1000*],
  [@ROAD@], [@MOUNTAIN@], [@TOURING@])
#v(1fr)
#block(fill: accent.lighten(90%), inset: 1em, radius: 4pt, width: 100%)[
  *@CONTACT@* \\
  #i.partner_name \\
  #i.partner_address \\
  #i.partner_phone · #i.partner_email · #i.partner_website
]
"""
FLYER_TEXTS = {
    "en": {
        "HEADING": "Bikes for every road",
        "INTRO": "Road, mountain and touring bikes from Adventure Works, at your authorised partner",
        "ROAD": "Carbon frame, 8.2 kg",
        "MOUNTAIN": "Full suspension",
        "TOURING": "Built for the long haul",
        "CONTACT": "Talk to us",
    },
    "ru": {
        "HEADING": "Велосипеды для любой дороги",
        "INTRO": (
            "Шоссейные, горные и туристические велосипеды Adventure Works у вашего официального партнёра"
        ),
        "ROAD": "Карбоновая рама, 8,2 кг",
        "MOUNTAIN": "Полная подвеска",
        "TOURING": "Для дальних поездок",
        "CONTACT": "Свяжитесь с нами",
    },
}

INVITATION = """#let i = sys.inputs
#set page(paper: "a5", flipped: true, margin: 1.5cm)
#set text(size: 12pt, lang: i.language)
#align(right)[#if i.logo != "" { image(i.logo, height: 1.5cm) } else [*#i.partner_name*]]
#v(1fr)
#align(center)[
  #text(size: 22pt, weight: "bold")[You are invited: Ride the new season]
  #v(0.5em)
  Test-ride the 2026 Adventure Works range with #i.partner_name.
  #v(1em)
  Your host: *#i.rep_name* (#i.rep_email) \\
  #i.partner_address · #i.partner_phone
]
#v(1fr)
"""

PRICE_COVER = """#let i = sys.inputs
#set page(paper: "a4", margin: 3cm)
#set text(size: 14pt, lang: i.language)
#v(1fr)
#align(center)[
  #if i.logo != "" { image(i.logo, height: 3cm) }
  #text(size: 28pt, weight: "bold")[Price list 2026]
  #v(1em)
  #i.partner_name — #i.partner_website
]
#v(1fr)
"""


def _flyer(language: str) -> str:
    source = FLYER
    for key, text in FLYER_TEXTS[language].items():
        source = source.replace(f"@{key}@", text)
    return source


def demo_logo(width: int = 120, height: int = 48) -> bytes:
    """A two-colour wheel-and-bar mark as a PNG, drawn pixel by pixel."""
    rows = []
    for y in range(height):
        row = bytearray(b"\x00")
        for x in range(width):
            in_wheel = any((x - cx) ** 2 + (y - 24) ** 2 <= 18**2 for cx in (24, 96))
            in_hub = any((x - cx) ** 2 + (y - 24) ** 2 <= 12**2 for cx in (24, 96))
            in_bar = 40 <= x <= 80 and 20 <= y <= 28
            if (in_wheel and not in_hub) or in_bar:
                row += b"\x1f\x4e\x79"
            else:
                row += b"\xff\xff\xff"
        rows.append(bytes(row))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"".join(rows)))
        + chunk(b"IEND", b"")
    )


def create_collateral(seeder: Any) -> None:
    """Idempotent: does nothing when any collateral template exists."""
    from collateral.models import CollateralTemplate
    from collateral.services import template_create, template_publish
    from core.actor import build_actor
    from core.roles import StaffRole
    from partners.models import Partner
    from partners.services import partner_logo_set

    if CollateralTemplate.objects.exists():
        return
    marketing = build_actor(seeder.staff[StaffRole.MARKETING])
    flyer = template_create(
        actor=marketing,
        data={
            "title_en": "Product flyer",
            "title_ru": "Листовка о продукции",
            "description_en": "One page on the 2026 bike range with your logo and contacts.",
            "description_ru": "Страница о велосипедах 2026 года с вашим логотипом и контактами.",
            "source_en": _flyer("en"),
            "source_ru": _flyer("ru"),
        },
    )
    template_publish(actor=marketing, template=flyer)
    invitation = template_create(
        actor=marketing,
        data={
            "title_en": "Test-ride invitation",
            "title_ru": "Приглашение на тест-драйв",
            "description_en": "A personal invitation signed by whoever downloads it.",
            "description_ru": "Личное приглашение от имени того, кто его скачивает.",
            "source_en": INVITATION,
        },
    )
    template_publish(actor=marketing, template=invitation)
    template_create(
        actor=marketing,
        data={
            "title_en": "Price list cover",
            "title_ru": "Обложка прайс-листа",
            "description_en": "For distributors: the cover of their own price list.",
            "description_ru": "Для дистрибьюторов: обложка собственного прайс-листа.",
            "partner_types": ["distributor"],
            "source_en": PRICE_COVER,
        },
    )
    bike_store = Partner.objects.filter(memberships__user__email="admin@bikestore.demo").first()
    if bike_store is not None:
        partner_logo_set(
            actor=seeder.actor, partner=bike_store, data={"logo": SimpleUploadedFile("logo.png", demo_logo())}
        )
