from django.http import StreamingHttpResponse
from django.utils import timezone

from partners.exports import _Echo, _safe  # the same formula-injection guard

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


def accounts_csv_rows(accounts):
    import csv

    writer = csv.writer(_Echo())
    yield writer.writerow([name for name, _ in COLUMNS])
    for account in accounts.iterator(chunk_size=500):
        yield writer.writerow([_safe(get(account)) for _, get in COLUMNS])


def accounts_csv_response(accounts):
    stamp = timezone.localdate().isoformat()
    response = StreamingHttpResponse(accounts_csv_rows(accounts), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="direct-accounts-{stamp}.csv"'
    return response
