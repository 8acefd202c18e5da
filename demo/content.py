"""Texts of the demo program "Kanal Bikes": charter, agreements, default onboarding steps, fixed names."""

CHARTER = {
    "title_en": "The Kanal Bikes partner program",
    "title_ru": "Партнерская программа Kanal Bikes",
    "body_en": """\
Kanal Bikes designs road, mountain and touring bicycles, components and accessories. We sell them almost
entirely through partners: value-added resellers who fit and service bikes for their customers, specialty
bike shops, and distributors who supply the smaller stores in their country.

What we offer: margins that grow with your tier (Registered, Silver, Gold, Platinum), protected deal
registrations, qualified leads from our marketing, market development funds for Gold and Platinum partners,
sales and service training, and a channel account manager who knows your business.

What we ask: accept the partner agreement and the rules of engagement, complete onboarding within 60 days,
keep at least one certified sales person, register your opportunities before you quote, and meet with your
channel account manager every quarter to review the joint business plan.

Who can join: bike shops, sports retailers, resellers and distributors in North America, Europe and Asia
Pacific. Apply on this page; we answer every application within ten working days.""",
    "body_ru": """\
Kanal Bikes проектирует шоссейные, горные и туристические велосипеды, комплектующие и аксессуары. Почти все
продажи идут через партнеров: реселлеров с добавленной стоимостью, которые подбирают и обслуживают велосипеды
для своих клиентов, специализированные веломагазины и дистрибьюторов, снабжающих небольшие магазины в своей
стране.

Что мы даем: маржа растет вместе с уровнем партнера (Registered, Silver, Gold, Platinum), защищенная
регистрация сделок, квалифицированные лиды от нашего маркетинга, фонды развития рынка для партнеров Gold и
Platinum, обучение продажам и сервису и менеджер по работе с партнерами, который знает ваш бизнес.

Что мы просим: принять партнерское соглашение и правила взаимодействия, пройти онбординг за 60 дней, держать
хотя бы одного сертифицированного продавца, регистрировать сделки до отправки коммерческого предложения и раз
в квартал обсуждать с менеджером совместный бизнес-план.

Кто может присоединиться: веломагазины, спортивные магазины, реселлеры и дистрибьюторы в Северной Америке,
Европе и Азиатско-Тихоокеанском регионе. Подайте заявку на этой странице — мы отвечаем на каждую в течение
десяти рабочих дней.""",
}

AGREEMENT_V1 = {
    "title_en": "Kanal Bikes partner agreement",
    "title_ru": "Партнерское соглашение Kanal Bikes",
    "body_en": """\
1. Appointment. Kanal Bikes appoints the partner as a non-exclusive partner for the territory and partner
type recorded in the partner portal.

2. Prices and margins. The partner buys at the price list of its tier. Tiers are reviewed every quarter
against revenue and certified staff.

3. Brand. The partner may use the Kanal Bikes name and logo only in the co-branded material provided in the
portal.

4. Term. The agreement runs for one year and renews automatically unless either side gives 60 days'
notice.""",
    "body_ru": """\
1. Назначение. Kanal Bikes назначает партнера неэксклюзивным партнером на территории и в типе партнерства,
указанных в партнерском портале.

2. Цены и маржа. Партнер закупает по прайс-листу своего уровня. Уровни пересматриваются каждый квартал по
выручке и числу сертифицированных сотрудников.

3. Бренд. Партнер использует название и логотип Kanal Bikes только в совместно брендированных материалах из
портала.

4. Срок. Соглашение действует один год и продлевается автоматически, если ни одна из сторон не предупредит
о расторжении за 60 дней.""",
    "changes_en": "First version.",
    "changes_ru": "Первая версия.",
}

AGREEMENT_V2 = {
    **AGREEMENT_V1,
    "body_en": AGREEMENT_V1["body_en"]
    + """

5. Deal registration. A registered and approved opportunity is protected for 90 days and may be extended
once by the channel account manager.

6. Market development funds. Gold and Platinum partners may request funds for approved activities and claim
them with proof of performance within 60 days of the activity.""",
    "body_ru": AGREEMENT_V1["body_ru"]
    + """

5. Регистрация сделок. Зарегистрированная и одобренная сделка защищена 90 дней; менеджер по работе с
партнерами может один раз продлить защиту.

6. Фонды развития рынка. Партнеры уровней Gold и Platinum запрашивают средства на согласованные мероприятия и
получают их по подтверждению проведения в течение 60 дней после мероприятия.""",
    "changes_en": "Adds deal registration protection (90 days) and market development funds.",
    "changes_ru": "Добавлены защита зарегистрированных сделок (90 дней) и фонды развития рынка.",
}

# (kind, requires_confirmation, title_en, title_ru, description_en, description_ru)
DEFAULT_STEPS = [
    (
        "agreement",
        False,
        "Accept the partner agreement",
        "Примите партнерское соглашение",
        "Read and accept the current partner agreement.",
        "Прочитайте и примите действующее партнерское соглашение.",
    ),
    (
        "profile",
        False,
        "Complete the company profile",
        "Заполните профиль компании",
        "Legal name, tax id, web domain, country, city and verticals.",
        "Юридическое название, ИНН, домен, страна, город и отрасли.",
    ),
    (
        "team",
        False,
        "Invite your team",
        "Пригласите команду",
        "Invite at least one colleague to the portal.",
        "Пригласите в портал хотя бы одного коллегу.",
    ),
    (
        "manual",
        True,
        "Attend the kick-off call",
        "Проведите стартовый созвон",
        "Meet your channel account manager to agree goals for the first quarter.",
        "Встретьтесь с менеджером по работе с партнерами и согласуйте цели на первый квартал.",
    ),
    (
        "manual",
        False,
        "Complete sales onboarding training",
        "Пройдите вводное обучение продажам",
        "Products, pricing and the sales process.",
        "Продукты, цены и процесс продаж.",
    ),
    (
        "manual",
        True,
        "Register your first deal",
        "Зарегистрируйте первую сделку",
        "Register an opportunity in the portal; your manager confirms it.",
        "Зарегистрируйте сделку в портале; менеджер ее подтвердит.",
    ),
]

# AdventureWorks sales reps (EmployeeKey) -> the invented channel account manager who stands in for them.
CAM_NAMES = {
    272: "Marcus Whitfield",
    281: "Elena Sorensen",
    282: "David Okafor",
    283: "Rachel Kim",
    284: "Jean-Luc Tremblay",
    285: "Sofia Martinez",
    286: "Tom Gallagher",
    287: "Priya Raman",
    288: "Megan O'Connor",
    289: "Chris Nakamura",
    290: "Claire Dubois",
    291: "Oliver Hughes",
    292: "Camille Laurent",
    293: "Jason Reed",
    294: "Liam Walsh",
    295: "Katrin Vogel",
    296: "Emily Tran",
}
