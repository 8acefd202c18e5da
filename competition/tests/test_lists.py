"""The competing vendors list and the declarations' API list keep one query budget however many rows; the
partner page's panel and the profile's too."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.testing import make_partner
from catalog.models import ProductFamily
from competition.models import CompetingDeclaration, CompetingLine, CompetingVendor

pytestmark = pytest.mark.django_db


def _queries(client, path):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
    assert response.status_code == 200, path
    return len(ctx.captured_queries)


def _rows(world, n, *, start=0):
    family, _created = ProductFamily.objects.get_or_create(name="Road Bikes")
    for i in range(start, start + n):
        vendor = CompetingVendor.objects.create(name=f"Vendor {i:02d}", name_key=f"vendor {i:02d}")
        for j in range(2):
            line = CompetingLine.objects.create(vendor=vendor, name=f"Line {j}", name_key=f"line {j}")
            line.families.add(family)
        partner = make_partner(f"Dealer {i:02d}")
        CompetingDeclaration.objects.create(partner=partner, vendor=vendor, line=line, share=10)
        CompetingDeclaration.objects.create(partner=world.partner_a, vendor=vendor)


@pytest.mark.parametrize(
    "path",
    [
        "/competition/",
        "/competition/?q=vendor&sort=-partners",
        "/competition/export.csv",
        "/competition/export.csv?format=xlsx",
        "/api/competition/vendors",
        "/api/competition/declarations",
        "/api/competition/declarations?sort=vendor",
        "PARTNER_PAGE",
        "/competition/mine/",
        "/my/profile/",
    ],
)
def test_lists_have_a_constant_query_budget(world, login, api_client, path):
    partner_side = path in ("/competition/mine/", "/my/profile/")
    if path == "PARTNER_PAGE":
        path = f"/partners/{world.partner_a.public_id}/"
    if path.startswith("/api/"):
        client = api_client(world.chief)
    else:
        client = login(world.admin_a if partner_side else world.chief)
    _rows(world, 1)
    _queries(client, path)  # the first request does its own bookkeeping
    few = _queries(client, path)
    _rows(world, 8, start=1)
    assert _queries(client, path) == few
