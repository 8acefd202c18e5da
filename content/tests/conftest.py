import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from catalog.models import Product, ProductFamily
from content.services import asset_create, asset_publish, category_create

PDF = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)


def pdf(name: str = "sheet.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture
def library(world):
    """A category, a channel product and a direct-only one, and published assets: one for everyone, one for
    North America only (partner B's region, not A's), one about the direct-only product; and a draft."""
    ops = world.actor(world.ops)
    family = ProductFamily.objects.create(name="Bikes")
    road = Product.objects.create(
        sku="RB-150", name="Road-150", family=family, list_price="10", channel_eligibility="both"
    )
    direct = Product.objects.create(
        sku="WEB-1", name="Web exclusive", family=family, list_price="10", channel_eligibility="direct_only"
    )
    category = category_create(actor=ops, data={"name_en": "Price lists", "name_ru": "Прайс-листы"})

    def make(title: str, *, publish: bool = True, **extra):
        data = {"kind": "document", "title_en": title, "language": "en", "file": pdf()} | extra
        asset = asset_create(actor=ops, data=data)
        return asset_publish(actor=ops, asset=asset) if publish else asset

    return {
        "category": category,
        "road": road,
        "direct": direct,
        "everyone": make(
            "Channel price list",
            title_ru="Прайс-лист для партнеров",
            category=category.public_id,
            tags=["pricing", "2026"],
            description_en="Partner prices for every product.",
            products=[road.public_id],
        ),
        "america": make("North America promotion", regions=["north_america"]),
        "direct_only": make("Web shop playbook", products=[direct.public_id]),
        "draft": make("Next quarter prices (draft)", publish=False),
    }
