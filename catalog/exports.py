import csv

from django.http import StreamingHttpResponse
from django.utils import timezone

from partners.exports import _Echo, _safe

# The same columns the import reads: an export can be edited and imported back.
COLUMNS = [
    ("sku", lambda p: p.sku),
    ("name", lambda p: p.name),
    ("family", lambda p: p.family.name),
    ("list_price", lambda p: f"{p.list_price:.2f}"),
    ("currency", lambda p: p.currency),
    ("channel_eligibility", lambda p: p.channel_eligibility),
    ("description", lambda p: p.description),
    ("is_active", lambda p: "true" if p.is_active else "false"),
]


def products_csv_rows(products):
    writer = csv.writer(_Echo())
    yield writer.writerow([name for name, _ in COLUMNS])
    for product in products.iterator(chunk_size=500):
        yield writer.writerow([_safe(get(product)) for _, get in COLUMNS])


def products_csv_response(products):
    stamp = timezone.localdate().isoformat()
    response = StreamingHttpResponse(products_csv_rows(products), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="products-{stamp}.csv"'
    return response
