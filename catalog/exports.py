from core.csv_export import csv_response

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


def products_csv_response(products):
    return csv_response(products, COLUMNS, name="products")
