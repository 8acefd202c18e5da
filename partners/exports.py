from core.csv_export import csv_response
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


def partners_csv_response(partners):
    return csv_response(partners, COLUMNS, name="partners")
