"""The leads importer's parsing and checks, row by row (no file, no job)."""

import pytest

from imports.registry import get_importer
from leads.importer import LeadImporter, parse_boolean, parse_date, parse_number
from leads.models import LeadAttribute


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("12", 12),
        ("1 234,5", 1234.5),
        ("1\u00a0234,5", 1234.5),
        ("1,234.5", 1234.5),
        ("1.234,5", 1234.5),
        ("-0,25", -0.25),
        ("1,000,000", 1000000),
        ("many", None),
        ("1,2,3.4.5", None),
        ("nan", None),
    ],
)
def test_numbers_are_read_whatever_the_locale(text, number):
    assert parse_number(text) == number


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Yes", True),
        ("да", True),
        ("1", True),
        ("TRUE", True),
        ("no", False),
        ("Нет", False),
        ("0", False),
        ("maybe", None),
    ],
)
def test_booleans(text, value):
    assert parse_boolean(text) is value


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("2026-03-31", "2026-03-31"),
        ("2026-03-31 10:00", "2026-03-31"),
        ("31.03.2026", "2026-03-31"),
        ("1/2/2026", "2026-02-01"),
        ("31.02.2026", None),
        ("March 3", None),
    ],
)
def test_dates(text, value):
    assert parse_date(text) == value


@pytest.fixture
def importer(db):
    LeadAttribute.objects.create(
        key="channel", label_en="Channel", kind="choice", choices=[{"value": "google", "label_en": "Google"}]
    )
    LeadAttribute.objects.create(key="visits", label_en="Visits", kind="number")
    importer = get_importer("leads")
    assert isinstance(importer, LeadImporter)
    importer.prepare(job=None, writing=False)  # type: ignore[arg-type]
    return importer


def _codes(errors):
    return {(e.target, e.code) for e in errors}


def test_standard_fields_by_value_label_or_name(importer):
    values, errors = importer.validate_row(
        {
            "company_name": "Acme",
            "domain": "HTTPS://WWW.Acme.Example/about",
            "country": "Германия",
            "vertical": "Financial services",
            "company_size": "Select",  # a placeholder is empty
            "contact_email": "Anna@Acme.Example",
            "status": "lost",
            "lost_reason": "No budget",
            "source": "",
        }
    )
    assert errors == []
    assert values == {
        "company_name": "Acme",
        "domain": "acme.example",
        "country": "DE",
        "region": "europe",
        "vertical": "finance",
        "contact_email": "anna@acme.example",
        "status": "lost",
        "lost_reason": "no_budget",
    }


def test_a_given_region_is_kept(importer):
    values, _errors = importer.validate_row({"company_name": "Acme", "country": "DE", "region": "cis"})
    assert values["region"] == "cis"


def test_each_bad_value_is_an_error_with_its_code(importer):
    _values, errors = importer.validate_row(
        {
            "company_name": "x" * 201,
            "domain": "not a domain",
            "country": "Atlantis",
            "vertical": "Astrology",
            "contact_email": "anna@",
            "status": "accepted",  # only new, converted or lost are imported
            "lost_reason": "no_budget",  # without lost
            "products": "NOPE",
            "attr:channel": "Yahoo",
            "attr:visits": "lots",
        }
    )
    assert _codes(errors) == {
        ("company_name", "max_length"),
        ("domain", "invalid_domain"),
        ("country", "invalid_country"),
        ("vertical", "invalid_choice"),
        ("contact_email", "invalid_email"),
        ("status", "invalid_status"),
        ("lost_reason", "lost_reason_without_lost"),
        ("products", "unknown_product"),
        ("attr:channel", "invalid_choice"),
        ("attr:visits", "invalid_number"),
    }


def test_custom_attributes_are_parsed_by_their_kind(importer):
    values, errors = importer.validate_row(
        {"company_name": "Acme", "attr:channel": "GOOGLE", "attr:visits": "3"}
    )
    assert errors == []
    assert values["attributes"] == {"channel": "google", "visits": 3}


def test_an_attribute_removed_since_the_mapping_is_an_error(importer):
    _values, errors = importer.validate_row({"company_name": "Acme", "attr:gone": "3"})
    assert _codes(errors) == {("attr:gone", "unknown_attribute")}
