# ruff: noqa: E501 - the asset table reads best one field per line
"""The demo's content library: categories, ~18 assets in English and Russian with generated files (PDFs and
images made with Typst, price lists with XlsxWriter, no third-party files), targeted, versioned, one draft,
one expired, and two months of partners' views and downloads."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import TYPE_CHECKING

import typst
import xlsxwriter
from django.core.files.base import ContentFile
from django.utils import timezone

if TYPE_CHECKING:
    from demo.seeding import Seeder

CATEGORIES = [
    ("Price lists", "Прайс-листы"),
    ("Sales presentations", "Презентации для продаж"),
    ("Product sheets", "Описания продуктов"),
    ("Brand and images", "Бренд и изображения"),
    ("Videos and webinars", "Видео и вебинары"),
    ("Program documents", "Документы программы"),
]

# (category, kind, title_en, title_ru, description_en, description_ru, tags, audience, skus, files)
# files: "pdf", "xlsx", "png" or an address; "+ru" adds a Russian variant.
ASSETS = [
    (
        "Price lists", "price_list", "Channel price list, Q4 2026", "Прайс-лист для партнеров, IV квартал 2026",
        "Partner prices for every product the channel sells, with the recommended retail price.",
        "Партнерские цены на все продукты, которые продает канал, и рекомендованная розничная цена.",
        ["pricing", "2026"], {}, [], "xlsx+ru",
    ),
    (
        "Price lists", "price_list", "Gold and Platinum volume discounts", "Скидки за объем для Gold и Platinum",
        "Additional volume discounts for Gold and Platinum partners, by order size.",
        "Дополнительные скидки за объем для партнеров уровней Gold и Platinum в зависимости от размера заказа.",
        ["pricing", "discounts"], {"tiers": ["gold", "platinum"]}, [], "xlsx",
    ),
    (
        "Product sheets", "document", "Road-150 product sheet", "Road-150: описание продукта",
        "Frame, components, sizes and the **selling points** of the Road-150 for racing customers.",
        "Рама, комплектация, размеры и **главные преимущества** Road-150 для клиентов-гонщиков.",
        ["road", "bikes"], {}, ["AW-ROAD-BIKES-310"], "pdf+ru",
    ),
    (
        "Product sheets", "document", "HL Mountain Frame technical guide", "Техническое руководство по раме HL Mountain",
        "Geometry, materials and compatible components of the HL Mountain Frame.",
        "Геометрия, материалы и совместимые компоненты рамы HL Mountain.",
        ["mountain", "frames", "technical"], {}, ["AW-MOUNTAIN-FRAMES-288"], "pdf",
    ),
    (
        "Sales presentations", "presentation", "Touring-2000 sales presentation", "Презентация Touring-2000",
        "A 12-slide deck for touring and commuting customers, with total cost of ownership.",
        "Презентация из 12 слайдов для клиентов, выбирающих туристические и городские велосипеды, с расчетом стоимости владения.",
        ["touring", "deck"], {}, ["AW-TOURING-BIKES-560"], "pdf+ru",
    ),
    (
        "Sales presentations", "presentation", "Company overview for your customers", "Обзор компании для ваших клиентов",
        "Who we are, our range and our service promise: the opening slides of any customer meeting.",
        "Кто мы, наш ассортимент и гарантии сервиса: первые слайды любой встречи с клиентом.",
        ["deck", "company"], {}, [], "pdf+ru",
    ),
    (
        "Sales presentations", "presentation", "Selling to fleet customers", "Продажи корпоративным клиентам",
        "How to win bike fleet deals with delivery companies and municipalities.",
        "Как выигрывать сделки по велопаркам для служб доставки и муниципалитетов.",
        ["fleet", "b2b"], {"partner_types": ["reseller", "distributor", "dealer"]}, [], "pdf",
    ),
    (
        "Product sheets", "document", "Sport-100 helmet safety summary", "Шлем Sport-100: сертификаты безопасности",
        "The safety standards the Sport-100 helmet meets, market by market.",
        "Стандарты безопасности, которым соответствует шлем Sport-100, по странам.",
        ["helmets", "safety"], {}, ["AW-HELMETS-212"], "pdf+ru",
    ),
    (
        "Brand and images", "document", "Logo pack and brand guidelines", "Логотипы и правила использования бренда",
        "How to use our logo next to yours: clear space, colours, what not to do.",
        "Как размещать наш логотип рядом с вашим: охранное поле, цвета, чего делать нельзя.",
        ["brand", "logo"], {}, [], "pdf",
    ),
    (
        "Brand and images", "image", "Spring campaign banner 1200×628", "Баннер весенней кампании 1200×628",
        "For social media and your web shop.", "Для социальных сетей и интернет-магазина.",
        ["campaign", "banner", "spring"], {}, [], "png",
    ),
    (
        "Brand and images", "image", "Road-150 hero image", "Road-150: основное изображение",
        "The product image for catalogues and web shops.", "Изображение продукта для каталогов и интернет-магазинов.",
        ["road", "image"], {}, ["AW-ROAD-BIKES-310"], "png",
    ),
    (
        "Videos and webinars", "link", "Video: assembling the Touring-2000", "Видео: сборка Touring-2000",
        "Eight minutes from the box to the road, for your workshop.",
        "Восемь минут от коробки до дороги — для вашей мастерской.",
        ["touring", "video", "service"], {}, ["AW-TOURING-BIKES-560"], "https://video.kanal.example/touring-2000-assembly",
    ),
    (
        "Videos and webinars", "link", "Webinar recording: the 2026 range", "Запись вебинара: линейка 2026 года",
        "The product team walks through what is new this year.", "Команда продукта рассказывает о новинках года.",
        ["webinar", "2026"], {}, [], "https://video.kanal.example/webinar-range-2026",
    ),
    (
        "Program documents", "document", "Distributor onboarding guide", "Руководство по подключению для дистрибьюторов",
        "Setting up your resellers, registering deals for them and ordering.",
        "Как подключить реселлеров, регистрировать для них сделки и размещать заказы.",
        ["onboarding", "two-tier"], {"partner_types": ["distributor"]}, [], "pdf+ru",
    ),
    (
        "Program documents", "document", "Retail floor merchandising guide", "Руководство по выкладке в магазине",
        "Displays, signage and seasonal layouts for showrooms.",
        "Стенды, навигация и сезонная выкладка для торговых залов.",
        ["retail", "merchandising"], {"partner_types": ["retailer", "dealer", "franchisee"]}, [], "pdf",
    ),
    (
        "Program documents", "document", "Partner program guide 2026", "Руководство по партнерской программе 2026",
        "Tiers, benefits, deal registration and how to reach your channel account manager.",
        "Уровни, преимущества, регистрация сделок и как связаться с вашим менеджером.",
        ["program", "2026"], {}, [], "pdf+ru",
    ),
    (
        "Sales presentations", "document", "Competitive comparison: road bikes", "Сравнение с конкурентами: шоссейные велосипеды",
        "Where our road range wins against the three main competitors, and how to answer objections.",
        "В чем наша шоссейная линейка сильнее трех главных конкурентов и как отвечать на возражения.",
        ["road", "competition"], {"tiers": ["silver", "gold", "platinum"]}, ["AW-ROAD-BIKES-310"], "pdf",
    ),
]  # fmt: skip


def _pdf(title: str, body: str, *, language: str) -> bytes:
    source = f"""
#set page(paper: "a4", margin: 2cm)
#set text(size: 11pt, lang: "{language}")
#rect(width: 100%, fill: rgb("#1f4e79"), inset: 12pt)[#text(fill: white, size: 20pt, weight: "bold")[#sys.inputs.title]]
#v(1em)
#sys.inputs.body
#v(2em)
#text(size: 9pt, fill: gray)[Kanal Bikes · #sys.inputs.footer]
"""
    footer = "Для партнеров" if language == "ru" else "For partners"
    return typst.compile(source.encode(), sys_inputs={"title": title, "body": body, "footer": footer})


def _png(title: str) -> bytes:
    source = """
#set page(width: 600pt, height: 314pt, margin: 0pt, fill: gradient.linear(rgb("#1f4e79"), rgb("#4f9d69")))
#align(center + horizon)[#text(fill: white, size: 34pt, weight: "bold")[#sys.inputs.title]]
"""
    return typst.compile(source.encode(), format="png", ppi=144.0, sys_inputs={"title": title})


def _xlsx(title: str, *, language: str) -> bytes:
    from catalog.models import CHANNEL_SELLABLE, Product

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("Prices" if language == "en" else "Цены")
    bold = book.add_format({"bold": True})
    sheet.write(0, 0, title, bold)
    heads = ["SKU", "Product", "List price", "Partner price", "Currency"]
    if language == "ru":
        heads = ["Артикул", "Продукт", "Розничная цена", "Цена для партнера", "Валюта"]
    for col, head in enumerate(heads):
        sheet.write(2, col, head, bold)
    products = Product.objects.filter(is_active=True, channel_eligibility__in=CHANNEL_SELLABLE).order_by(
        "sku"
    )
    for row, product in enumerate(products, start=3):
        sheet.write_row(
            row,
            0,
            [
                product.sku,
                product.name,
                float(product.list_price),
                float(product.list_price) * 0.7,
                product.currency,
            ],
        )
    book.close()
    return buffer.getvalue()


def _body(description: str, *, language: str) -> str:
    more = (
        "Этот документ предназначен для партнеров и обновляется каждый квартал. "
        "Вопросы направляйте вашему менеджеру по работе с партнерами."
        if language == "ru"
        else "This document is for partners and is updated every quarter. "
        "Send any question to your channel account manager."
    )
    return f"{description.replace('**', '')}\n\n{more}"


def _file(kind_spec: str, *, title: str, description: str, language: str) -> tuple[str, bytes]:
    if kind_spec == "xlsx":
        return "price-list.xlsx", _xlsx(title, language=language)
    if kind_spec == "png":
        return "image.png", _png(title)
    return "document.pdf", _pdf(title, _body(description, language=language), language=language)


def create_content(seeder: Seeder) -> None:
    """Idempotent: does nothing when the library holds any asset."""
    from catalog.models import Product
    from content.models import ActivityKind, Asset, AssetActivity
    from content.services import asset_create, asset_publish, category_create, version_add

    if Asset.objects.exists():
        return
    actor = seeder.actor
    categories = {
        en: category_create(actor=actor, data={"name_en": en, "name_ru": ru}) for en, ru in CATEGORIES
    }
    products = {p.sku: p.public_id for p in Product.objects.all()}
    assets = []
    for category, kind, title_en, title_ru, text_en, text_ru, tags, audience, skus, files in ASSETS:
        spec, _plus, ru_too = files.partition("+")
        data = {
            "kind": kind,
            "title_en": title_en,
            "title_ru": title_ru,
            "description_en": text_en,
            "description_ru": text_ru,
            "category": categories[category].public_id,
            "tags": tags,
            "products": [products[sku] for sku in skus if sku in products],
            "language": "en",
        } | audience
        if kind == "link":
            data["url"] = files
            ru_too = ""
        else:
            name, content = _file(spec, title=title_en, description=text_en, language="en")
            data["file"] = ContentFile(content, name=name)
        asset = asset_create(actor=actor, data=data)
        if ru_too:
            name, content = _file(spec, title=title_ru, description=text_ru, language="ru")
            version_add(
                actor=actor, asset=asset, data={"language": "ru", "file": ContentFile(content, name=name)}
            )
        asset_publish(actor=actor, asset=asset)
        assets.append(asset)
    # The price list had an earlier version this quarter; the first presentation was updated last week.
    price_list = assets[0]
    name, content = _file(
        "xlsx", title="Channel price list, Q4 2026 (corrected)", description="", language="en"
    )
    version_add(
        actor=actor,
        asset=price_list,
        data={
            "language": "en",
            "note": "Corrected the Touring-2000 partner price.",
            "file": ContentFile(content, name=name),
        },
    )
    # Spread the publication days over the last months, newest first as listed.
    now = timezone.now()
    for age, asset in enumerate(reversed(assets)):
        moment = now - timedelta(days=3 + age * 4)
        Asset.objects.filter(pk=asset.pk).update(freshened_at=moment, publish_on=moment.date())
    _expired_and_draft(seeder, categories)
    _activity(seeder, assets, ActivityKind, AssetActivity)


def _expired_and_draft(seeder: Seeder, categories) -> None:
    from content.models import Asset
    from content.services import asset_create, asset_publish

    actor = seeder.actor
    expired = asset_create(
        actor=actor,
        data=(
            {
                "kind": "document",
                "title_en": "Summer 2026 promotion terms",
                "title_ru": "Условия летней акции 2026",
                "category": categories["Program documents"].public_id,
                "tags": ["promotion", "2026"],
                "language": "en",
                "file": ContentFile(
                    _pdf("Summer 2026 promotion terms", "Terms of the summer promotion.", language="en"),
                    name="terms.pdf",
                ),
            }
        ),
    )
    asset_publish(actor=actor, asset=expired)
    Asset.objects.filter(pk=expired.pk).update(
        publish_on=seeder.today - timedelta(days=150),
        available_until=seeder.today - timedelta(days=60),
        freshened_at=timezone.now() - timedelta(days=150),
    )
    asset_create(
        actor=actor,
        data=(
            {
                "kind": "price_list",
                "title_en": "Channel price list, Q1 2027 (draft)",
                "title_ru": "Прайс-лист для партнеров, I квартал 2027 (черновик)",
                "category": categories["Price lists"].public_id,
                "tags": ["pricing", "2027"],
                "language": "en",
                "file": ContentFile(
                    _xlsx("Channel price list, Q1 2027", language="en"), name="price-list.xlsx"
                ),
            }
        ),
    )


def _activity(seeder: Seeder, assets, ActivityKind, AssetActivity) -> None:  # noqa: N803
    """Two months of views and downloads by active partners' users: more for price lists and decks."""
    from accounts.models import Membership

    rng = seeder.rng
    members = list(
        Membership.objects.filter(is_active=True, partner__status="active").select_related("partner")[:400]
    )
    if not members:
        return
    rows = []
    now = timezone.now()
    for asset in assets:
        weight = 3 if asset.kind in ("price_list", "presentation") else 1
        for _i in range(rng.randint(4, 14) * weight):
            member = rng.choice(members)
            if not asset.reaches(member.partner):
                continue
            at = now - timedelta(days=rng.uniform(0, 60))
            rows.append(
                AssetActivity(
                    asset=asset, kind=ActivityKind.VIEW, user=member.user, partner=member.partner, at=at
                )
            )
            if rng.random() < 0.6:
                rows.append(
                    AssetActivity(
                        asset=asset,
                        kind=ActivityKind.DOWNLOAD,
                        user=member.user,
                        partner=member.partner,
                        at=at + timedelta(minutes=1),
                    )
                )
    AssetActivity.objects.bulk_create(rows)
