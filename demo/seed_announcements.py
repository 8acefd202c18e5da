"""The demo's announcements: a quarterly newsletter and news for every partner, a regional price notice, one
scheduled and one draft, written by channel marketing in English and Russian; the Bike Store's admin has read
two of them."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from announcements.services import announcement_create, announcement_mark_read, announcement_publish
from core.actor import build_actor
from core.roles import StaffRole

NEWSLETTER_EN = """Welcome to this quarter's partner newsletter.

## What's new
- The **Touring-3000** line joins the channel price list next month.
- Deal registrations are now approved within two working days on average.
- The partner portal speaks Russian: switch the language in the top bar.

## Top partners
Thanks to everyone who registered deals this quarter: the three partners with the most won deals are named
on the leaderboard.

Questions? Reply to your channel account manager."""

NEWSLETTER_RU = """Добро пожаловать в рассылку партнерской программы за этот квартал.

## Что нового
- Линейка **Touring-3000** появится в партнерском прайс-листе в следующем месяце.
- Регистрации сделок теперь одобряются в среднем за два рабочих дня.
- Портал партнера доступен на русском языке: язык переключается в верхней панели.

## Лучшие партнеры
Спасибо всем, кто регистрировал сделки в этом квартале: три партнера с наибольшим числом выигранных сделок
названы в рейтинге.

Вопросы? Напишите своему менеджеру по работе с партнерами."""

ANNOUNCEMENTS: list[dict[str, Any]] = [
    {
        "days_ago": 12,
        "kind": "newsletter",
        "title_en": "Partner newsletter: this quarter in the channel",
        "title_ru": "Рассылка для партнеров: квартал в канале",
        "body_en": NEWSLETTER_EN,
        "body_ru": NEWSLETTER_RU,
        "read": True,
    },
    {
        "days_ago": 3,
        "title_en": "Touring-3000 ships to partners next month",
        "title_ru": "Touring-3000 поступит партнерам в следующем месяце",
        "body_en": (
            "The **Touring-3000** family (three frame sizes, two colours) can be registered on deals "
            "from the first of next month. Spec sheets and the pitch deck will be in the content library."
        ),
        "body_ru": (
            "Семейство **Touring-3000** (три размера рамы, два цвета) можно будет указывать в регистрациях "
            "сделок с первого числа следующего месяца. Спецификации и презентация появятся в библиотеке."
        ),
        "partner_types": ["reseller", "dealer", "retailer", "distributor"],
        "read": True,
    },
    {
        "days_ago": 1,
        "title_en": "Price list update for Europe",
        "title_ru": "Обновление прайс-листа для Европы",
        "body_en": "List prices of accessories in EUR rise by 3% on the first of next month.",
        "body_ru": "Цены на аксессуары в евро повышаются на 3% с первого числа следующего месяца.",
        "regions": ["europe"],
    },
    {
        "in_days": 5,
        "title_en": "Registration opens for the partner summit",
        "title_ru": "Открыта регистрация на партнерскую конференцию",
        "body_en": "Two days of product training, roadmap and awards. Seats are limited to two per partner.",
        "body_ru": "Два дня обучения, планы развития продуктов и награды. Не более двух мест на партнера.",
    },
    {
        "draft": True,
        "title_en": "A new market development fund round for Gold and Platinum partners",
        "title_ru": "Новый раунд фондов развития рынка для партнеров Gold и Platinum",
        "body_en": "Requests open for the next quarter's campaigns; the budget per partner follows the tier.",
        "body_ru": "Открыт прием заявок на кампании следующего квартала; бюджет партнера зависит от уровня.",
        "tiers": ["gold", "platinum"],
    },
]

READER = "admin@bikestore.demo"


def create_announcements(seeder: Any) -> None:
    from accounts.models import User

    actor = build_actor(seeder.staff[StaffRole.MARKETING])
    reader = User.objects.filter(email=READER).first()
    for spec in ANNOUNCEMENTS:
        fields = {k: v for k, v in spec.items() if k not in ("days_ago", "in_days", "draft", "read")}
        announcement = announcement_create(actor=actor, data=fields)
        if spec.get("draft"):
            continue
        if "in_days" in spec:
            moment = seeder.moment(seeder.today + timedelta(days=spec["in_days"]), 9)
        else:
            moment = seeder.days_ago(spec["days_ago"], 9)
        announcement = announcement_publish(
            actor=actor, announcement=announcement, data={"publish_at": moment}
        )
        if spec.get("read") and reader is not None:
            reader_actor = build_actor(reader)
            if reader_actor.is_partner and announcement.reaches(reader_actor.partner):
                announcement_mark_read(actor=reader_actor, announcement=announcement)
