"""The money benchmark's data, written by the database itself: `INSERT … SELECT` over a series of numbers
(`generate_series` on PostgreSQL, a recursive CTE on SQLite), so a million won registrations and their lines
take seconds, not the hours a row per ORM save would.

Partners (resellers and agents, tiers spread), two product families of products, won registrations closed
over the weeks before the cutoff in USD and EUR with one to three lines each (quantity × unit price; one in
three won for 5 % less than registered), and leads for a tenth of them: half from a vendor lead (influenced),
half referred (an attributed referral crediting another partner).
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from decimal import Decimal
from typing import Any

from django.db import connection, models
from django.utils import timezone

PRODUCTS = 40
FAMILIES = ("Bench road bikes", "Bench city bikes")
EUR_EVERY = 4  # one registration in four is in EUR
K_VALUES = "(SELECT 1 AS k UNION ALL SELECT 2 UNION ALL SELECT 3)"  # a registration's line numbers


def _pg() -> bool:
    return connection.vendor == "postgresql"


def series(count: int) -> str:
    """A FROM item giving the numbers 1..count as column g (alias s)."""
    if _pg():
        return f"generate_series(1, {int(count)}) AS s(g)"
    return (
        f"(WITH RECURSIVE n(g) AS (SELECT 1 UNION ALL SELECT g + 1 FROM n WHERE g < {int(count)}) "
        "SELECT g FROM n) AS s"
    )


def new_uuid() -> str:
    return "gen_random_uuid()" if _pg() else "lower(hex(randomblob(16)))"


def before(moment: dt.datetime, seconds_sql: str) -> str:
    """SQL for `moment` less `seconds_sql` seconds, as a datetime column stores it."""
    if _pg():
        return f"(TIMESTAMPTZ '{moment.isoformat()}' - ({seconds_sql}) * INTERVAL '1 second')"
    naive = timezone.make_naive(moment, dt.UTC).isoformat(sep=" ")
    return f"strftime('%%Y-%%m-%%d %%H:%%M:%%f', '{naive}', '-' || ({seconds_sql}) || ' seconds')"


def _default(field: models.Field) -> tuple[str, list[Any]]:
    """A column's value when the benchmark does not choose it: its default (or NULL)."""
    if isinstance(field, models.DateTimeField) and (field.auto_now or field.auto_now_add):
        return ("now()" if _pg() else "datetime('now')"), []
    if field.has_default():
        value = field.get_default()
        if isinstance(value, uuid.UUID):
            return new_uuid(), []
        if isinstance(field, models.JSONField):
            return "%s", [json.dumps(value)]
        return "%s", [field.get_db_prep_save(value, connection)]
    if field.null:
        return "NULL", []
    if isinstance(field, (models.CharField, models.TextField, models.FileField)):
        return "''", []
    raise ValueError(f"{field.model.__name__}.{field.name} needs a value")


def insert_select(model: type[models.Model], values: dict[str, str], source: str) -> None:
    """INSERT INTO the model's table (every column) SELECT `values` (column -> SQL) or the defaults FROM
    `source` (a FROM clause, a WHERE allowed)."""
    columns, expressions, args = [], [], []
    for field in model._meta.concrete_fields:
        if field.primary_key:
            continue
        columns.append(connection.ops.quote_name(str(field.column)))
        if field.column in values:
            expressions.append(values[field.column])
        else:
            sql, extra = _default(field)
            expressions.append(sql)
            args += extra
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({', '.join(columns)}) SELECT {', '.join(expressions)} FROM {source}", args
        )


def product_index(g: str, k: str) -> str:
    """Which product line k of registration g sells (0..PRODUCTS-1)."""
    return f"((({g}) * 7 + ({k}) * 13) %% {PRODUCTS})"


def price(index: str) -> str:
    """Product number `index`'s unit price: 100.00 + 37.50 × index."""
    return f"(100.00 + 37.50 * ({index}))"


def quantity(g: str, k: str) -> str:
    return f"(1 + (({g}) + ({k})) %% 5)"


def line_count(g: str) -> str:
    return f"(1 + ({g}) %% 3)"


def generate(*, registrations: int, partners: int, cutoff: dt.datetime, log=print) -> dict[str, Any]:
    """Write the data; returns the ids the benchmark's rules name."""
    from catalog.models import Product, ProductFamily
    from deals.models import DealLine, DealRegistration
    from leads.models import Lead
    from partners.models import Partner
    from referrals.models import Attribution

    families = [ProductFamily.objects.create(name=name) for name in FAMILIES]
    for i in range(PRODUCTS):
        Product.objects.create(
            sku=f"BENCH-{i:03d}",
            name=f"Bench product {i}",
            family=families[i % 2],
            list_price=Decimal("100.00") + Decimal("37.50") * i,
        )
    product_ids = list(
        Product.objects.filter(sku__startswith="BENCH-").order_by("sku").values_list("pk", flat=True)
    )
    log(f"  {PRODUCTS} products in {len(FAMILIES)} families")
    insert_select(
        Partner,
        {
            "name": "'Bench partner ' || s.g",
            "web_domain": "'p' || s.g || '.money.bench.example'",
            "partner_type": "CASE WHEN s.g %% 5 = 0 THEN 'agent' ELSE 'reseller' END",
            "tier": "CASE s.g %% 4 WHEN 0 THEN 'gold' WHEN 1 THEN 'silver' ELSE 'registered' END",
            "status": "'active'",
            "region": "'europe'",
            "country": "'DE'",
        },
        series(partners),
    )
    first_partner = Partner.objects.filter(web_domain="p1.money.bench.example").values_list("pk", flat=True)[
        0
    ]
    log(f"  {partners:,} partners")
    amount = (
        f"(SELECT SUM({quantity('s.g', 'kk.k')} * {price(product_index('s.g', 'kk.k'))}) "
        f"FROM {K_VALUES} AS kk WHERE kk.k <= {line_count('s.g')})"
    )
    numbered = f"(SELECT s.g AS g, {amount} AS amount FROM {series(registrations)}) AS r"
    insert_select(
        DealRegistration,
        {
            "partner_id": f"({first_partner} + (r.g %% {partners}))",
            "customer_name": "'Bench customer ' || r.g",
            "status": "'won'",
            "amount": "r.amount",
            "won_amount": "CASE WHEN r.g %% 3 = 0 THEN ROUND(r.amount * 0.95, 2) ELSE r.amount END",
            "currency": f"CASE WHEN (r.g / {partners}) %% {EUR_EVERY} = 0 THEN 'EUR' ELSE 'USD' END",
            "closed_at": before(cutoff, "60 + (r.g %% 3000000)"),
            "stage": "'commit'",
            "idempotency_key": "'money-bench-' || r.g",
        },
        numbered,
    )
    first = DealRegistration.objects.filter(idempotency_key="money-bench-1").values_list("pk", flat=True)[0]
    log(f"  {registrations:,} won registrations")
    if _pg():
        pick = f"(ARRAY[{', '.join(str(pk) for pk in product_ids)}])[1 + {product_index('s.g', 'kk.k')}]"
    else:
        index = product_index("s.g", "kk.k")
        pick = f"(SELECT id FROM catalog_product WHERE sku = printf('BENCH-%%03d', {index}))"
    insert_select(
        DealLine,
        {
            "registration_id": f"({first} + s.g - 1)",
            "product_id": pick,
            "quantity": quantity("s.g", "kk.k"),
            "unit_price": price(product_index("s.g", "kk.k")),
        },
        f"{series(registrations)} CROSS JOIN {K_VALUES} AS kk WHERE kk.k <= {line_count('s.g')}",
    )
    log("  their lines")
    # A tenth have a lead; every other one of those is referred: an attribution credits another partner.
    insert_select(
        Lead,
        {
            "company_name": "'Bench lead ' || s.g",
            "registration_id": f"({first} + s.g * 10 - 1)",
            "partner_id": f"({first_partner} + ((s.g * 10) %% {partners}))",
            "status": "'converted'",
            "destination": "'channel'",
            "source": "CASE WHEN s.g %% 2 = 0 THEN 'referral' ELSE 'import' END",
        },
        series(registrations // 10),
    )
    insert_select(
        Attribution,
        {
            "lead_id": "l.id",
            "partner_id": f"({first_partner} + ((l.registration_id + 17) %% {partners}))",
            "source": "'link'",
            "status": "'attributed'",
        },
        "leads_lead l WHERE l.source = 'referral' AND l.company_name LIKE 'Bench lead %%'",
    )
    log(f"  {registrations // 10:,} leads, half of them referred")
    return {"products": product_ids, "families": [f.pk for f in families]}
