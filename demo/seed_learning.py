"""The demo's courses and certifications: two published courses with quizzes (the sales onboarding course the
checklists' training step requires, and a road bikes course about three products), a draft, two
certifications, and people at three partners who took them (failed attempts included, one certificate
expiring soon, one expired)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from dateutil.relativedelta import relativedelta
from django.conf import settings

if TYPE_CHECKING:
    from demo.seeding import Seeder

SALES_COURSE: dict[str, Any] = {
    "title_en": "Sales onboarding: selling Adventure Works bikes",
    "title_ru": "Вводный курс по продажам велосипедов Adventure Works",
    "description_en": "What every new salesperson at a partner needs in the first week: the range, "
    "prices and discounts, and how to register a deal so that it is protected.\n\n"
    "Three short lessons and a quiz of four questions drawn from a pool. Pass with 75 %.",
    "description_ru": "Всё, что нужно новому продавцу партнёра в первую неделю: ассортимент, цены и скидки "
    "и регистрация сделки, чтобы она была защищена.\n\n"
    "Три коротких урока и тест из четырёх вопросов, выбранных из банка вопросов. Проходной балл — 75 %.",
    "lessons": [
        (
            "text",
            "The range in ten minutes",
            "Ассортимент за десять минут",
            "## Four families\n\n- **Bikes**: road (Road-150), touring (Touring-2000) and mountain.\n"
            "- **Components**: frames, wheels, pedals, handlebars.\n"
            "- **Clothing**: jerseys, shorts, gloves.\n"
            "- **Accessories**: helmets, bottles, patch kits.\n\n"
            "Mountain bikes and some components are sold **direct only**: the product catalogue shows "
            "what the channel may sell.",
            "## Четыре семейства\n\n- **Велосипеды**: шоссейные (Road-150), туринговые (Touring-2000) и "
            "горные.\n- **Компоненты**: рамы, колёса, педали, рули.\n- **Одежда**: джерси, шорты, перчатки.\n"
            "- **Аксессуары**: шлемы, фляги, ремкомплекты.\n\n"
            "Горные велосипеды и часть компонентов продаются **только напрямую**: в каталоге продуктов "
            "видно, что может продавать канал.",
            "",
        ),
        (
            "text",
            "Prices, discounts and margins",
            "Цены, скидки и маржа",
            "List prices are in USD. Your partner discount depends on your tier: the higher the tier, the "
            "larger the margin. Never quote below the list price minus your discount without asking your "
            "channel account manager for a special price.",
            "Цены прайс-листа указаны в долларах США. Скидка партнёра зависит от уровня: чем выше уровень, "
            "тем больше маржа. Не предлагайте цену ниже прайс-листа за вычетом вашей скидки, не согласовав "
            "специальную цену с менеджером по работе с партнёрами.",
            "",
        ),
        (
            "link",
            "Register a deal and keep it protected",
            "Регистрация сделки и её защита",
            "Register an opportunity as soon as the customer shows interest. An approved registration is "
            "protected for the period the rules of engagement give; read them on the page linked below.",
            "Регистрируйте сделку, как только клиент проявил интерес. Одобренная регистрация защищена на "
            "срок, который задают правила взаимодействия; прочтите их по ссылке ниже.",
            "/engagement/",
        ),
    ],
    "quiz": {"passing_score": 75, "attempt_limit": 3, "time_limit_minutes": 15, "questions_per_attempt": 4},
    "questions": [
        (
            "Which of these may the channel not sell?",
            "Что из этого канал продавать не может?",
            "single",
            [
                ("Mountain-100", "Mountain-100", True),
                ("Road-150", "Road-150", False),
                ("Touring-2000", "Touring-2000", False),
            ],
        ),
        (
            "When should you register a deal?",
            "Когда нужно регистрировать сделку?",
            "single",
            [
                ("As soon as the customer shows interest", "Как только клиент проявил интерес", True),
                ("After the customer has paid", "После оплаты клиентом", False),
                ("Only for deals over 10,000 USD", "Только для сделок свыше 10 000 USD", False),
            ],
        ),
        (
            "What decides your partner discount?",
            "От чего зависит скидка партнёра?",
            "single",
            [
                ("Your tier", "Ваш уровень", True),
                ("The customer's country", "Страна клиента", False),
                ("The day of the month", "День месяца", False),
            ],
        ),
        (
            "Which families does the range have? (choose every right answer)",
            "Какие семейства есть в ассортименте? (выберите все верные ответы)",
            "multiple",
            [
                ("Bikes", "Велосипеды", True),
                ("Components", "Компоненты", True),
                ("Scooters", "Самокаты", False),
                ("Clothing", "Одежда", True),
            ],
        ),
        (
            "Who approves a price below your discount?",
            "Кто согласует цену ниже вашей скидки?",
            "single",
            [
                ("Your channel account manager", "Ваш менеджер по работе с партнёрами", True),
                ("The customer", "Клиент", False),
                ("Nobody: it is allowed", "Никто: так можно", False),
            ],
        ),
        (
            "In which currency are list prices given?",
            "В какой валюте указаны цены прайс-листа?",
            "single",
            [
                ("USD", "USD", True),
                ("EUR", "EUR", False),
                ("The partner's currency", "Валюта партнёра", False),
            ],
        ),
    ],
}

ROAD_COURSE: dict[str, Any] = {
    "title_en": "Road and touring bikes: product and pricing",
    "title_ru": "Шоссейные и туринговые велосипеды: продукт и цены",
    "description_en": "The Road-150, the HL Road Frame and the Touring-2000: who buys them, how they "
    "compare, and how to price a fleet deal.",
    "description_ru": "Road-150, рама HL Road и Touring-2000: кто их покупает, чем они отличаются и как "
    "рассчитать цену для корпоративного парка.",
    "products": ["AW-ROAD-BIKES-310", "AW-ROAD-FRAMES-210", "AW-TOURING-BIKES-560"],
    "lessons": [
        (
            "text",
            "Road-150 and the HL Road Frame",
            "Road-150 и рама HL Road",
            "The **Road-150** is our race bike: a light aluminium frame, for club riders and "
            "triathletes. Sell the **HL Road Frame** to customers who build their own bike.",
            "**Road-150** — гоночный велосипед с лёгкой алюминиевой рамой для клубных гонщиков и "
            "триатлонистов. Раму **HL Road** предлагайте тем, кто собирает велосипед сам.",
            "",
        ),
        (
            "text",
            "Touring-2000 for commuters and fleets",
            "Touring-2000 для поездок на работу и корпоративных парков",
            "The **Touring-2000** carries luggage and a rider to work every day. Companies buy it in "
            "fleets of 10 to 50 for commuter programmes: offer service plans with it.",
            "**Touring-2000** каждый день возит на работу и велосипедиста, и багаж. Компании покупают его "
            "партиями от 10 до 50 штук для программ поездок на работу: предлагайте вместе с ним сервис.",
            "",
        ),
    ],
    "quiz": {"passing_score": 80, "attempt_limit": 2, "time_limit_minutes": 0, "questions_per_attempt": 0},
    "questions": [
        (
            "Who is the Road-150 for?",
            "Для кого Road-150?",
            "single",
            [
                ("Club riders and triathletes", "Клубные гонщики и триатлонисты", True),
                ("Children", "Дети", False),
                ("Mountain trails", "Горные тропы", False),
            ],
        ),
        (
            "What do companies buy the Touring-2000 for?",
            "Для чего компании покупают Touring-2000?",
            "single",
            [
                ("Commuter programmes", "Программы поездок на работу", True),
                ("Racing", "Гонки", False),
                ("Downhill", "Даунхилл", False),
            ],
        ),
        (
            "What should you offer with a fleet deal?",
            "Что предложить вместе с корпоративной сделкой?",
            "single",
            [("Service plans", "Сервисное обслуживание", True), ("Nothing", "Ничего", False)],
        ),
        (
            "Which products does this course cover? (choose every right answer)",
            "Какие продукты рассматривает курс? (выберите все верные ответы)",
            "multiple",
            [
                ("Road-150", "Road-150", True),
                ("HL Road Frame", "Рама HL Road", True),
                ("Touring-2000", "Touring-2000", True),
                ("Mountain-100", "Mountain-100", False),
            ],
        ),
        (
            "Who builds their own bike from a frame?",
            "Кто собирает велосипед сам из рамы?",
            "single",
            [("Enthusiasts", "Энтузиасты", True), ("Fleet managers", "Менеджеры автопарков", False)],
        ),
    ],
}

DRAFT_COURSE: dict[str, Any] = {
    "title_en": "Service and warranty claims",
    "title_ru": "Сервис и гарантийные случаи",
    "description_en": "In preparation: how to handle a warranty claim from the first call to the "
    "replacement part.",
    "description_ru": "Готовится: как обработать гарантийный случай от первого звонка до запчасти.",
    "status": "draft",
    "lessons": [
        (
            "text",
            "What the warranty covers",
            "Что покрывает гарантия",
            "Frames: five years. Components: two years.",
            "Рамы — пять лет, компоненты — два года.",
            "",
        ),
    ],
}


def _course(seeder: Seeder, spec: dict[str, Any]):
    from catalog.models import Product
    from learning.models import Course
    from learning.services import course_create, lesson_create, question_create, quiz_save

    actor = seeder.actor
    course = Course.objects.filter(title_en=spec["title_en"]).first()
    if course is not None:
        return course
    products = Product.objects.filter(sku__in=spec.get("products", ())).values_list("public_id", flat=True)
    course = course_create(
        actor=actor,
        data={
            "title_en": spec["title_en"],
            "title_ru": spec["title_ru"],
            "description_en": spec["description_en"],
            "description_ru": spec["description_ru"],
            "status": spec.get("status", "published"),
            "products": [str(p) for p in products],
        },
    )
    for kind, title_en, title_ru, body_en, body_ru, url in spec["lessons"]:
        lesson_create(
            actor=actor,
            course=course,
            data={
                "title_en": title_en,
                "title_ru": title_ru,
                "kind": kind,
                "body_en": body_en,
                "body_ru": body_ru,
                "url": settings.SITE_URL + url if url else "",
            },
        )
    if "quiz" in spec:
        quiz = quiz_save(actor=actor, course=course, data=spec["quiz"])
        for text_en, text_ru, kind, choices in spec["questions"]:
            question_create(
                actor=actor,
                quiz=quiz,
                data={
                    "text_en": text_en,
                    "text_ru": text_ru,
                    "kind": kind,
                    "is_active": True,
                    "choices": [{"text_en": en, "text_ru": ru, "is_correct": ok} for en, ru, ok in choices],
                },
            )
    return course


def _take(seeder: Seeder, user: Any, course: Any, *, fail_first: bool) -> None:
    """The person takes the course through the services: every lesson, a failed attempt if asked, a pass."""
    from accounts.models import User
    from core.actor import build_actor
    from learning.models import Question
    from learning.services import attempt_start, attempt_submit, lesson_mark_done

    actor = build_actor(User.objects.get(pk=user.pk))
    for lesson in course.lessons.all():
        lesson_mark_done(actor=actor, lesson=lesson)
    if not hasattr(course, "quiz"):
        return
    for right in [False, True] if fail_first else [True]:
        attempt = attempt_start(actor=actor, course=course)
        answers = {}
        for index, pk in enumerate(attempt.question_ids):
            question = Question.objects.get(pk=pk)
            # A failed attempt gets the first two questions wrong (they show up in the analytics).
            correct = right or index >= 2
            chosen = question.choices.filter(is_correct=correct)
            if not correct:
                chosen = chosen[:1]
            answers[str(question.public_id)] = [str(c.public_id) for c in chosen]
        attempt_submit(actor=actor, attempt=attempt, answers=answers)


def _backdate(seeder: Seeder, user: Any, days: int) -> None:
    """The person's awards as if awarded `days` ago (their expiry moved with them)."""
    from learning.models import CertificationAward

    awarded = seeder.days_ago(days)
    for award in CertificationAward.objects.filter(user=user).select_related("certification"):
        months = award.certification.validity_months
        award.awarded_at = awarded
        award.expires_at = awarded + relativedelta(months=months) if months else None
        award.save(update_fields=["awarded_at", "expires_at", "updated_at"])


def create_learning(seeder: Seeder) -> None:
    """Idempotent: does nothing once the sales course exists."""
    from accounts.models import User
    from learning.models import Course
    from learning.services import certification_create, course_update
    from onboarding.models import ChecklistStep

    if Course.objects.filter(title_en=SALES_COURSE["title_en"]).exists():
        return
    sales = _course(seeder, SALES_COURSE)
    road = _course(seeder, ROAD_COURSE)
    _course(seeder, DRAFT_COURSE)
    steps = ChecklistStep.objects.filter(title_en="Complete sales onboarding training")
    course_update(
        actor=seeder.actor, course=sales, data={"onboarding_steps": [str(s.public_id) for s in steps]}
    )
    certification_create(
        actor=seeder.actor,
        data={
            "title_en": "Certified Sales Associate",
            "title_ru": "Сертифицированный специалист по продажам",
            "description_en": "Knows the range, prices and how to register deals.",
            "description_ru": "Знает ассортимент, цены и регистрацию сделок.",
            "validity_months": 12,
            "is_active": True,
            "courses": [str(sales.public_id)],
        },
    )
    certification_create(
        actor=seeder.actor,
        data={
            "title_en": "Road Bikes Specialist",
            "title_ru": "Специалист по шоссейным велосипедам",
            "description_en": "Sells and prices road and touring bikes and fleets.",
            "description_ru": "Продаёт шоссейные и туринговые велосипеды и рассчитывает цены для парков.",
            "validity_months": 24,
            "is_active": True,
            "courses": [str(sales.public_id), str(road.public_id)],
        },
    )
    people = {u.email: u for u in User.objects.filter(email__endswith=".demo")}
    # Bike Store: the rep holds both; the admin's certificate expires within the reminder window.
    _take(seeder, people["rep@bikestore.demo"], sales, fail_first=True)
    _take(seeder, people["rep@bikestore.demo"], road, fail_first=False)
    _backdate(seeder, people["rep@bikestore.demo"], 40)
    _take(seeder, people["admin@bikestore.demo"], sales, fail_first=False)
    _backdate(seeder, people["admin@bikestore.demo"], 345)
    # Progressive Sports: the rep passed on the second try; the admin has started only.
    _take(seeder, people["rep@progressive.demo"], sales, fail_first=True)
    _backdate(seeder, people["rep@progressive.demo"], 12)
    from core.actor import build_actor
    from learning.services import lesson_mark_done

    lesson_mark_done(
        actor=build_actor(people["admin@progressive.demo"]), lesson=sales.lessons.order_by("position").first()
    )
    # The distributor's admin was certified more than a year ago: expired, due to retake.
    _take(seeder, people["admin@distributor.demo"], sales, fail_first=False)
    _backdate(seeder, people["admin@distributor.demo"], 400)
