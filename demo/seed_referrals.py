"""The demo's referrals: the vendor's site approved as a destination, Bike Store's links (the company's, its
rep's own, a shop counter QR code), twelve weeks of clicks from browsers, phones and the odd bot, and the
leads those clicks brought: credited and offered to Bike Store, and one not credited (its own colleague)."""

from __future__ import annotations

import random
from datetime import timedelta

from django.utils import timezone

from accounts.models import User
from core.actor import build_actor
from partners.models import Partner
from referrals.clicks import ip_hash
from referrals.models import Click
from referrals.services import capture_lead, link_create, settings_update

SEED = 20261130
VENDOR_SITE = "kanalbikes.example"
REFERRERS = ["www.facebook.com", "www.linkedin.com", "www.google.com", "mail.google.com", "t.co", ""]
COUNTRIES = ["US", "US", "US", "CA", "CA", "DE", ""]
AGENTS = ["browser", "browser", "browser", "mobile", "mobile", "bot"]
PROSPECTS = [
    ("Riverside Cycle Tours", "riverside-tours.example", "Maya Lopez"),
    ("Summit Bike Rentals", "summit-rentals.example", "Owen Price"),
    ("Lakeside Campus Mobility", "lakeside-campus.example", "Iris Novak"),
    ("Harbor Courier Co", "harbor-courier.example", "Felix Grant"),
    ("Canyon Outdoor Club", "canyon-club.example", "Nora Field"),
    ("Maple City Parks", "maple-parks.example", "Liam Chen"),
    ("Beacon Hotel Group", "beacon-hotels.example", "Ava Brooks"),
    ("Timber Trail Resort", "timber-resort.example", "Ethan Ross"),
]


def create_referrals(*, partners: dict[str, Partner]) -> None:
    rng = random.Random(SEED)
    ops = build_actor(User.objects.get(email="ops@kanal.demo"))
    settings_update(actor=ops, data={"allowed_hosts_text": f"{VENDOR_SITE}\nshop.{VENDOR_SITE}"})
    admin = build_actor(User.objects.get(email="admin@bikestore.demo"))
    rep = build_actor(User.objects.get(email="rep@bikestore.demo"))
    site = f"https://www.{VENDOR_SITE}"
    links = [
        link_create(
            actor=admin,
            data={
                "name": "E-bike fleet page",
                "destination": f"{site}/fleet",
                "utm_source": "newsletter",
                "utm_medium": "email",
                "utm_campaign": "spring-fleet",
            },
        ),
        link_create(
            actor=rep,
            data={
                "name": "Ben's LinkedIn link",
                "destination": f"{site}/",
                "utm_source": "linkedin",
                "utm_medium": "social",
                "utm_campaign": "spring-fleet",
                "personal": True,
            },
        ),
        link_create(
            actor=admin,
            data={
                "name": "Shop counter QR code",
                "destination": f"https://shop.{VENDOR_SITE}/",
                "utm_source": "qr",
            },
        ),
    ]
    now = timezone.now()
    clicks = []
    visitors: list[tuple[str, int]] = []  # (visitor, link index) of people who went on to leave a lead
    for index, (link, per_week) in enumerate(zip(links, (22, 9, 5), strict=True)):
        for week in range(12):
            for _ in range(max(0, int(rng.gauss(per_week, per_week / 4)))):
                visitor = f"demo{rng.getrandbits(64):016x}"
                agent = rng.choice(AGENTS)
                clicks.append(
                    Click(
                        link=link,
                        partner=link.partner,
                        clicked_at=now - timedelta(weeks=week, hours=rng.randint(1, 160)),
                        visitor=visitor,
                        ip_hash=ip_hash(f"198.51.100.{rng.randint(1, 254)}"),
                        referrer_host=rng.choice(REFERRERS),
                        country=rng.choice(COUNTRIES),
                        agent=agent,
                        flag="bot" if agent == "bot" else "",
                    )
                )
                # Leads come in the days after a click: the demo's arrived over the last two weeks and
                # wait for Bike Store's answer.
                if agent != "bot" and week < 2 and rng.random() < 0.2:
                    visitors.append((visitor, index))
    Click.objects.bulk_create(clicks, batch_size=1000)
    for (visitor, _index), (company, domain, contact) in zip(visitors, PROSPECTS, strict=False):
        first = contact.split()[0].lower()
        capture_lead(
            data={
                "company_name": company,
                "domain": domain,
                "contact_name": contact,
                "contact_email": f"{first}@{domain}",
                "country": "US",
            },
            visitor=visitor,
        )
    # Not credited: a colleague of the partner answering its own link.
    if visitors:
        capture_lead(
            data={
                "company_name": "Bike Store staff test",
                "contact_email": "rep@bikestore.demo",
                "country": "US",
            },
            visitor=visitors[0][0],
        )
