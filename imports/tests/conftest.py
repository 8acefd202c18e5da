import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from catalog.models import Product, ProductFamily
from leads.models import LeadAttribute


def csv_file(
    text: str, *, name: str = "leads.csv", bom: bool = False, encoding: str = "utf-8"
) -> SimpleUploadedFile:
    data = text.encode(encoding)
    if bom:
        data = b"\xef\xbb\xbf" + data
    return SimpleUploadedFile(name, data, content_type="text/csv")


@pytest.fixture
def commits(django_capture_on_commit_callbacks):
    """Runs what services enqueue after commit (the tasks run inline in tests), as a worker would."""

    def run(call, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return call(*args, **kwargs)

    return run


@pytest.fixture
def catalogue(db):
    family = ProductFamily.objects.create(name="Scanners")
    return {
        "X1": Product.objects.create(sku="X1", name="Scanner X1", family=family, list_price=100),
        "X2": Product.objects.create(sku="X2", name="Scanner X2", family=family, list_price=200),
    }


@pytest.fixture
def attributes(db):
    return {
        "visits": LeadAttribute.objects.create(key="visits", label_en="Visits", kind="number"),
        "newsletter": LeadAttribute.objects.create(key="newsletter", label_en="Newsletter", kind="boolean"),
        "first_contact": LeadAttribute.objects.create(
            key="first_contact", label_en="First contact", kind="date"
        ),
        "channel": LeadAttribute.objects.create(
            key="channel",
            label_en="Channel",
            kind="choice",
            choices=[
                {"value": "google", "label_en": "Google", "label_ru": "Гугл"},
                {"value": "fair", "label_en": "Trade fair"},
            ],
        ),
    }
