import csv

from django.http import StreamingHttpResponse
from django.utils import timezone

from partners.choices import Capability, Vertical, labels

COLUMNS = [
    ("id", lambda p: p.public_id),
    ("name", lambda p: p.name),
    ("legal_name", lambda p: p.legal_name),
    ("tax_id", lambda p: p.tax_id),
    ("web_domain", lambda p: p.web_domain),
    ("partner_type", lambda p: p.partner_type),
    ("status", lambda p: p.status),
    ("tier", lambda p: p.tier),
    ("country", lambda p: p.country.code),
    ("region", lambda p: p.region),
    ("city", lambda p: p.city),
    ("verticals", lambda p: "; ".join(labels(Vertical, p.verticals))),
    ("capabilities", lambda p: "; ".join(labels(Capability, p.capabilities))),
    ("size", lambda p: p.size),
    ("cam_email", lambda p: p.cam.email if p.cam else ""),
    ("distributor", lambda p: p.parent.name if p.parent else ""),
    ("created_at", lambda p: p.created_at.isoformat()),
]


class _Echo:
    def write(self, value):
        return value


def _safe(value) -> str:
    # Spreadsheet formula injection: a cell must not start with = + - @, nor with a tab or carriage return
    # (which spreadsheets skip before reading a formula; OWASP "CSV injection").
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def partners_csv_rows(partners):
    writer = csv.writer(_Echo())
    yield writer.writerow([name for name, _ in COLUMNS])
    for partner in partners.iterator(chunk_size=500):
        yield writer.writerow([_safe(get(partner)) for _, get in COLUMNS])


def partners_csv_response(partners):
    stamp = timezone.localdate().isoformat()
    response = StreamingHttpResponse(partners_csv_rows(partners), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="partners-{stamp}.csv"'
    return response
