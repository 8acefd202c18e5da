"""The tier benchmark's data, written by the database itself (`INSERT … SELECT` over `generate_series`, as
bench/money does): partners in the default program, registrations over the last two years (most won, one in
four in EUR; each partner's deal size and win share its own, so their figures spread), people holding a
certification (each a portal user of its partner, most of them signed in lately), and leads offered to the
partners with their answers and how fast they accepted. What the metrics of the benchmark's criteria read
(won revenue and won registrations, certified people, lead acceptance rate) and what partner health reads
(sign-ins, registrations submitted, lead offers accepted and their timing, revenue won against last year)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from bench.money.generate import before, insert_select, series

EUR_EVERY = 4  # one registration in four is in EUR
DAYS = 730  # registrations were closed over the last two years
OFFERS_PER_PARTNER = 40
DOMAIN = "tiers.bench.example"


def generate(*, registrations: int, partners: int, now: dt.datetime, log=print) -> dict[str, Any]:
    from accounts.models import Membership, User
    from deals.models import DealRegistration
    from leads.models import Lead, LeadAssignment
    from learning.models import Certification, CertificationAward
    from partners.models import Partner
    from programs.models import PartnerProgram, ProgramMembership

    insert_select(
        Partner,
        {
            "name": "'Tier bench partner ' || s.g",
            "web_domain": f"'p' || s.g || '.{DOMAIN}'",
            "partner_type": "'reseller'",
            "tier": "'registered'",
            "status": "'active'",
            "region": "'europe'",
            "country": "'DE'",
        },
        series(partners),
    )
    first = Partner.objects.filter(web_domain=f"p1.{DOMAIN}").values_list("pk", flat=True)[0]
    program = PartnerProgram.objects.get(is_default=True)
    insert_select(
        ProgramMembership,
        {"program_id": str(program.pk), "partner_id": f"({first} + s.g - 1)", "tier": "'registered'"},
        series(partners),
    )
    log(f"  {partners:,} partners in the default program")

    # Partner p = g % partners: its deal size grows with p % 100, its win share with p % 5 (50–90 %).
    p = f"(r.g %% {partners})"
    insert_select(
        DealRegistration,
        {
            "partner_id": f"({first} + {p})",
            "customer_name": "'Bench customer ' || r.g",
            "status": f"CASE WHEN (r.g / {partners}) %% 10 < 5 + {p} %% 5 THEN 'won' "
            f"WHEN (r.g / {partners}) %% 2 = 0 THEN 'lost' ELSE 'approved' END",
            "amount": f"(200 + ({p} %% 100) * 40 + (r.g %% 7) * 15)",
            "won_amount": f"(200 + ({p} %% 100) * 40 + (r.g %% 7) * 15)",
            "refunded_amount": "CASE WHEN r.g %% 97 = 0 THEN 100 ELSE 0 END",
            "currency": f"CASE WHEN (r.g / {partners}) %% {EUR_EVERY} = 0 THEN 'EUR' ELSE 'USD' END",
            "closed_at": before(now, f"3600 + (CAST(r.g AS bigint) * 7919) %% ({DAYS} * 86400)"),
            # submitted three weeks before it closed
            "submitted_at": before(
                now, f"3600 + 21 * 86400 + (CAST(r.g AS bigint) * 7919) %% ({DAYS} * 86400)"
            ),
            "stage": "'commit'",
            "idempotency_key": "'tiers-bench-' || r.g",
        },
        f"(SELECT s.g AS g FROM {series(registrations)}) AS r",
    )
    log(f"  {registrations:,} registrations")

    # Up to nine certified people per partner (p % 10), one award each, a few expired.
    certification = Certification.objects.create(title_en="Bench certification")
    insert_select(
        User,
        {
            "email": f"'person' || s.g || '@{DOMAIN}'",
            "password": "'!'",
            "full_name": "'Bench person ' || s.g",
            # two in three signed in during the last four months, the rest never
            "last_login": "CASE WHEN s.g %% 3 = 0 THEN NULL ELSE "
            + before(now, "(s.g %% 120) * 86400 + 60")
            + " END",
        },
        f"{series(partners * 10)} WHERE s.g %% 10 < (s.g / 10) %% 10",
    )
    first_user = User.objects.filter(email__endswith=f"@{DOMAIN}").order_by("pk").values_list("pk", flat=True)
    start = first_user[0]
    insert_select(
        CertificationAward,
        {
            "user_id": "u.id",
            "partner_id": f"({first} + (CAST(substr(u.email, 7, strpos(u.email, '@') - 7) AS integer) / 10)"
            f" %% {partners})",
            "certification_id": str(certification.pk),
            "code": "'bench-' || u.id",
            "awarded_at": before(now, "86400 * 30"),
            "expires_at": f"CASE WHEN u.id %% 11 = 0 THEN {before(now, '86400')} ELSE NULL END",
        },
        f"accounts_user u WHERE u.email LIKE '%%@{DOMAIN}' AND u.id >= {start}",
    )
    log(f"  {CertificationAward.objects.count():,} certification awards")
    insert_select(
        Membership,
        {
            "user_id": "u.id",
            "partner_id": f"({first} + (CAST(substr(u.email, 7, strpos(u.email, '@') - 7) AS integer) / 10)"
            f" %% {partners})",
            "role": "'rep'",
        },
        f"accounts_user u WHERE u.email LIKE '%%@{DOMAIN}' AND u.id >= {start}",
    )

    # Offers: OFFERS_PER_PARTNER leads per partner in the last 80 days, accepted more often as p % 4 grows.
    offers = partners * OFFERS_PER_PARTNER
    insert_select(
        Lead,
        {
            "company_name": "'Bench lead ' || s.g",
            "partner_id": f"({first} + s.g %% {partners})",
            "status": "'accepted'",
            "destination": "'channel'",
            "source": "'import'",
            "idempotency_key": "'tiers-bench-lead-' || s.g",
        },
        series(offers),
    )
    first_lead = Lead.objects.filter(idempotency_key="tiers-bench-lead-1").values_list("pk", flat=True)[0]
    q = f"(s.g %% {partners})"
    offered = "(3600 + (CAST(s.g AS bigint) * 104729) %% (80 * 86400))"  # seconds before now
    waited = "((s.g %% 48) + 1) * 3600"
    insert_select(
        LeadAssignment,
        {
            "lead_id": f"({first_lead} + s.g - 1)",
            "partner_id": f"({first} + {q})",
            "outcome": f"CASE WHEN (s.g / {partners}) %% 10 < 5 + {q} %% 4 THEN 'accepted' "
            f"WHEN (s.g / {partners}) %% 3 = 0 THEN 'lapsed' ELSE 'declined' END",
            "created_at": before(now, f"{offered}"),
            # accepted within 1–48 hours (never later than now)
            "decided_at": f"CASE WHEN (s.g / {partners}) %% 10 < 5 + {q} %% 4 THEN "
            + before(now, f"CASE WHEN {offered} > {waited} THEN {offered} - {waited} ELSE 0 END")
            + " ELSE NULL END",
        },
        series(offers),
    )
    log(f"  {offers:,} leads offered and answered")
    return {"first_partner": first, "program": program}
