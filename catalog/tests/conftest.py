import pytest

from catalog.models import Product, ProductFamily


@pytest.fixture
def catalog(db):
    """Two families; a channel product, a both product, a direct-only one and an inactive channel one."""
    bikes = ProductFamily.objects.create(name="Bikes", description="Complete bikes")
    parts = ProductFamily.objects.create(name="Components")
    return {
        "bikes": bikes,
        "parts": parts,
        "road": Product.objects.create(
            sku="RB-150",
            name="Road-150",
            family=bikes,
            list_price="3474.06",
            channel_eligibility="channel_only",
        ),
        "touring": Product.objects.create(
            sku="TB-2000", name="Touring-2000", family=bikes, list_price="1208.24", channel_eligibility="both"
        ),
        "direct": Product.objects.create(
            sku="DIRECT-1",
            name="Web shop exclusive",
            family=parts,
            list_price="99.00",
            channel_eligibility="direct_only",
        ),
        "retired": Product.objects.create(
            sku="OLD-1",
            name="Retired saddle",
            family=parts,
            list_price="10.00",
            is_active=False,
            channel_eligibility="channel_only",
        ),
    }
