"""A generated library for the search benchmark: N assets in English and Russian with tags, categories,
products and audiences, loaded with bulk inserts (the search text computed as the service computes it)."""

from __future__ import annotations

import random
from collections.abc import Callable

from django.db import connection

TOPICS = [
    ("price list", "прайс-лист"),
    ("sales presentation", "презентация для продаж"),
    ("product sheet", "описание продукта"),
    ("installation guide", "руководство по установке"),
    ("campaign banner", "баннер кампании"),
    ("webinar recording", "запись вебинара"),
    ("case study", "кейс клиента"),
    ("competitive comparison", "сравнение с конкурентами"),
    ("training video", "обучающее видео"),
    ("brochure", "буклет"),
    ("service manual", "руководство по обслуживанию"),
    ("warranty terms", "условия гарантии"),
    ("spare parts catalogue", "каталог запчастей"),
    ("promotion terms", "условия акции"),
]
AUDIENCES = ["retail customers", "fleet buyers", "cycling clubs", "schools", "hotels", "delivery companies"]
AUDIENCES_RU = [
    "розничных покупателей",
    "корпоративных клиентов",
    "велоклубов",
    "школ",
    "отелей",
    "служб доставки",
]
PRODUCTS = [
    "Road-150", "Road-250", "Road-350", "Road-550", "Road-650", "Road-750", "Mountain-100", "Mountain-200",
    "Mountain-300", "Mountain-400", "Mountain-500", "Touring-1000", "Touring-2000", "Touring-3000",
    "Sport-100 Helmet", "HL Mountain Frame", "HL Road Frame", "LL Mountain Pedal", "ML Road Pedal",
    "Patch Kit", "Water Bottle", "Hydration Pack", "Bike Wash", "Cable Lock", "Headlights", "Taillights",
    "Fender Set", "Touring Tire", "Mountain Tire", "Road Tire", "Half-Finger Gloves", "Long-Sleeve Jersey",
    "Classic Vest", "Racing Socks", "Women's Tights", "Men's Bib-Shorts", "Chain", "Crankset", "Derailleur",
    "Brakes", "Headset", "Handlebars", "Saddle", "Wheels", "Bottom Bracket", "Forks", "Panniers",
]  # fmt: skip
CATEGORIES = ["Price lists", "Sales presentations", "Product sheets", "Brand and images", "Videos", "Program"]
KINDS = ["document", "presentation", "price_list", "image", "video", "link"]
TAGS = ["pricing", "2025", "2026", "2027", "road", "mountain", "touring", "fleet", "retail", "service",
        "campaign", "spring", "summer", "winter", "b2b", "safety", "brand", "training"]  # fmt: skip


def generate(rng: random.Random, n: int) -> list[dict]:
    rows = []
    for i in range(n):
        product = rng.choice(PRODUCTS)
        topic, topic_ru = rng.choice(TOPICS)
        who = rng.randrange(len(AUDIENCES))
        quarter, year = rng.randint(1, 4), rng.choice([2024, 2025, 2026, 2027])
        rows.append(
            {
                "kind": rng.choice(KINDS),
                "title_en": f"{product} {topic}, Q{quarter} {year}",
                "title_ru": f"{product}: {topic_ru}, {quarter} кв. {year}" if rng.random() < 0.6 else "",
                "description_en": f"The {topic} of the {product} for {AUDIENCES[who]}. Ref {i:06d}.",
                "description_ru": f"{topic_ru.capitalize()} {product} для {AUDIENCES_RU[who]}."
                if rng.random() < 0.5
                else "",
                "category": rng.randrange(len(CATEGORIES)),
                "tags": rng.sample(TAGS, rng.randint(0, 3)),
                "partner_types": rng.choice(
                    [[], [], [], ["reseller"], ["distributor"], ["retailer", "dealer"]]
                ),
                "tiers": rng.choice([[], [], [], ["gold", "platinum"], ["silver", "gold", "platinum"]]),
                "regions": rng.choice([[], [], [], ["europe"], ["north_america"], ["cis", "europe"]]),
                "status": "published" if rng.random() < 0.9 else rng.choice(["draft", "archived"]),
                "age_days": rng.uniform(0, 720),
            }
        )
    return rows


def load(n: int, *, seed: int, log: Callable[[str], None] = print) -> None:
    """Replace the library with `n` generated assets (categories and one channel product family too)."""
    import datetime as dt

    from django.utils import timezone

    from content.models import Asset, Category
    from content.searching import remember_words, search_words
    from core.db import refresh_statistics

    rng = random.Random(seed)
    Asset.objects.all().delete()
    categories = [Category.objects.get_or_create(name_en=name)[0] for name in CATEGORIES]
    now = timezone.now()
    batch: list[Asset] = []
    vocabulary: set[str] = set()
    for index, row in enumerate(generate(rng, n), start=1):
        category = categories[row.pop("category")]
        age = dt.timedelta(days=row.pop("age_days"))
        asset = Asset(category=category, publish_on=(now - age).date(), freshened_at=now - age, **row)
        asset.search_words = search_words(
            asset.title_en, asset.title_ru, asset.description_en, asset.description_ru, asset.tags,
            [category.name_en], asset.get_kind_display(),
        )  # fmt: skip
        vocabulary.update(asset.search_words)
        batch.append(asset)
        if len(batch) == 5000:
            Asset.objects.bulk_create(batch)
            batch = []
            log(f"  {index:,} assets")
    Asset.objects.bulk_create(batch)
    remember_words(vocabulary)
    log(f"  {len(vocabulary):,} words in the vocabulary")
    refresh_statistics([Asset._meta.db_table, "content_searchword"])
    if connection.vendor == "postgresql":
        log("  statistics refreshed")


def queries(rng: random.Random, n: int) -> list[str]:
    """What partners type: a product, a topic, both, a Russian word, with a typo in a third of them."""
    out = []
    for _i in range(n):
        product = rng.choice(PRODUCTS).split()[0]
        topic, topic_ru = rng.choice(TOPICS)
        shape = rng.random()
        if shape < 0.3:
            text = f"{product} {topic.split()[0]}"
        elif shape < 0.5:
            text = topic
        elif shape < 0.65:
            text = topic_ru.split()[0]
        elif shape < 0.8:
            text = product
        else:
            text = f"{rng.choice(TAGS)} {topic.split()[-1]}"
        if rng.random() < 0.33:
            words = text.split()
            k = rng.randrange(len(words))
            word = words[k]
            if len(word) > 5:
                cut = rng.randrange(1, len(word) - 1)
                words[k] = word[:cut] + word[cut + 1 :]  # a letter dropped
            text = " ".join(words)
        out.append(text)
    return out
