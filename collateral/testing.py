"""Test helpers for co-branded collateral (shared by its tests, the isolation rules and the benchmark)."""

from __future__ import annotations

from typing import Any

from collateral.render import SAMPLE_LOGO

FLYER_EN = """#set page(paper: "a5", margin: 1.5cm)
#let i = sys.inputs
#if i.logo != "" { image(i.logo, width: 3cm) }
= #i.partner_name
#i.partner_address · #i.partner_phone · #i.partner_website
"""
FLYER_RU = """#set page(paper: "a5", margin: 1.5cm)
#let i = sys.inputs
#if i.logo != "" { image(i.logo, width: 3cm) }
= Партнёр: #i.partner_name
#i.partner_address
"""
PERSONAL_EN = FLYER_EN + "\nYour contact: #sys.inputs.rep_name (#sys.inputs.rep_email)\n"
PNG = SAMPLE_LOGO.content
JPEG = (
    b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"  # a JPEG header, no image
    + b"\x00" * 64
)
# A real 8×8 grey baseline JPEG, written by hand: one quantisation table of ones, one-symbol Huffman tables
# (DC category 0, AC end of block) and one scan byte ("0" + "0", padded with ones).
GREY_JPEG = (
    b"\xff\xd8\xff\xdb\x00\x43\x00" + b"\x01" * 64
    + b"\xff\xc0\x00\x0b\x08\x00\x08\x00\x08\x01\x01\x11\x00"
    + b"\xff\xc4\x00\x14\x00\x01" + b"\x00" * 15 + b"\x00"
    + b"\xff\xc4\x00\x14\x10\x01" + b"\x00" * 15 + b"\x00"
    + b"\xff\xda\x00\x08\x01\x01\x00\x00\x3f\x00\x3f\xff\xd9"
)  # fmt: skip


def published_template(actor: Any, *, source_en: str = FLYER_EN, source_ru: str = "", **values: Any):
    from collateral.services import template_create, template_publish

    template = template_create(
        actor=actor,
        data={
            "title_en": "Spring flyer",
            "title_ru": "Весенний флаер",
            "source_en": source_en,
            "source_ru": source_ru,
        }
        | values,
    )
    return template_publish(actor=actor, template=template)
