from core.csv_export import csv_response


def _amount(value) -> str:
    return "" if value is None else str(value)


def _date(value) -> str:
    return value.isoformat() if value else ""


COLUMNS = [
    ("id", lambda r: r.public_id),
    ("partner", lambda r: r.partner.name),
    ("registered_via", lambda r: r.registered_via.name if r.registered_via else ""),
    ("registered_by", lambda r: r.registered_by.email if r.registered_by else ""),
    ("cam_email", lambda r: r.partner.cam.email if r.partner.cam else ""),
    ("customer_name", lambda r: r.customer_name),
    ("customer_domain", lambda r: r.customer_domain),
    ("customer_tax_id", lambda r: r.customer_tax_id),
    ("customer_country", lambda r: r.customer_country.code or ""),
    ("amount", lambda r: _amount(r.amount)),
    ("currency", lambda r: r.currency),
    ("stage", lambda r: r.stage),
    ("status", lambda r: r.status),
    ("expected_close_date", lambda r: _date(r.expected_close_date)),
    ("submitted_at", lambda r: _date(r.submitted_at)),
    ("decided_by", lambda r: r.decided_by.email if r.decided_by else ""),
    ("protected_until", lambda r: _date(r.protected_until)),
    ("won_amount", lambda r: _amount(r.won_amount)),
]


def registrations_csv_response(registrations):
    return csv_response(registrations, COLUMNS, name="deal-registrations")
