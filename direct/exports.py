from core.csv_export import csv_response

COLUMNS = [
    ("id", lambda a: a.public_id),
    ("name", lambda a: a.name),
    ("legal_name", lambda a: a.legal_name),
    ("web_domain", lambda a: a.web_domain),
    ("tax_id", lambda a: a.tax_id),
    ("country", lambda a: a.country.code),
    ("region", lambda a: a.region),
    ("segment", lambda a: a.segment),
    ("annual_revenue", lambda a: "" if a.annual_revenue is None else str(a.annual_revenue)),
    ("currency", lambda a: a.currency),
    ("employees", lambda a: "" if a.employees is None else a.employees),
    ("owner_email", lambda a: a.owner.email if a.owner else ""),
    ("named_account", lambda a: "yes" if a.is_named_account else "no"),
    ("active", lambda a: "yes" if a.is_active else "no"),
]


def accounts_csv_response(accounts):
    return csv_response(accounts, COLUMNS, name="direct-accounts")
