"""CSV imports: all rows or none, errors per row and field, upsert, header checks, BOM and ';'."""

import pytest
from django.core.exceptions import PermissionDenied

from core.models import Event
from core.testing import snapshot
from direct.imports import MAX_ROWS, ImportRejected, accounts_import_csv, deals_import_csv
from direct.models import DirectAccount, DirectDeal

pytestmark = pytest.mark.django_db

HEADER = (
    "name,legal_name,web_domain,tax_id,country,region,segment,annual_revenue,currency,employees,"
    "owner_email,named_account\n"
)
GOOD = HEADER + (
    "Contoso,Contoso Ltd,contoso.example,GB111,GB,europe,enterprise,1000000,GBP,500,cam@vendor.test,yes\n"
    "Fabrikam,,www.fabrikam.example,,US,north_america,mid_market,,,,,no\n"
)


def _run(world, text, dry_run=False, user=None):
    return accounts_import_csv(actor=world.actor(user or world.ops), file_text=text, dry_run=dry_run)


def test_good_file_creates_accounts_with_keys_and_events(world):
    result = _run(world, GOOD)
    assert (result.created, result.updated, result.unchanged) == (2, 0, 0)
    contoso = DirectAccount.objects.get(web_domain="contoso.example")
    assert contoso.owner == world.cam and contoso.is_named_account
    assert contoso.tax_id_key == "GB111" and contoso.name_key == "contoso"
    assert str(contoso.annual_revenue) == "1000000.00" and contoso.currency == "GBP"
    assert DirectAccount.objects.get(web_domain="fabrikam.example").currency == "USD"
    assert Event.objects.filter(verb="direct_account.created").count() == 2


def test_dry_run_writes_nothing(world):
    result = _run(world, GOOD, dry_run=True)
    assert (result.created, result.dry_run) == (2, True)
    assert not DirectAccount.objects.exists()
    assert not Event.objects.filter(verb__startswith="direct_").exists()


def test_mixed_file_writes_nothing_and_reports_each_bad_row(world):
    text = GOOD + (
        "Bad Domain,,not a domain,,,,,,,,,\n"
        ",,empty-name.example,,,,,,,,,\n"
        "Bad Owner,,owner.example,,,,,12abc,,,nobody@vendor.test,maybe\n"
        "Dup,,contoso.example,,,,,,,,,\n"
    )
    with pytest.raises(ImportRejected) as exc:
        _run(world, text)
    found = {(e.row, e.field) for e in exc.value.row_errors}
    assert (4, "web_domain") in found
    assert (5, "name") in found
    assert {(6, "owner_email"), (6, "named_account"), (6, "annual_revenue")} <= found
    assert any(e.row == 7 and "row 2" in e.message for e in exc.value.row_errors)
    assert not DirectAccount.objects.exists()
    assert not Event.objects.filter(verb__startswith="direct_").exists()


def test_upsert_by_tax_id_or_domain(world):
    _run(world, GOOD)
    contoso = DirectAccount.objects.get(web_domain="contoso.example")
    text = HEADER + (
        "Contoso Renamed,Contoso Ltd,contoso.example,GB 111,GB,europe,enterprise,1000000,GBP,500,"
        "cam@vendor.test,yes\n"
        "Fabrikam,,fabrikam.example,,US,north_america,mid_market,,,,,no\n"
        "Northwind,,northwind.example,,,,,,,,,\n"
    )
    result = _run(world, text)
    assert (result.created, result.updated, result.unchanged) == (1, 1, 1)
    contoso.refresh_from_db()
    assert contoso.name == "Contoso Renamed" and contoso.name_key == "contoso renamed"
    assert DirectAccount.objects.count() == 3
    again = _run(world, text)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)


@pytest.mark.parametrize(
    "header",
    ["nom,web_domain\n", "web_domain,tax_id\n", "name,name\n"],
)
def test_header_errors(world, header):
    with pytest.raises(ImportRejected) as exc:
        _run(world, header + "x,y\n")
    assert exc.value.row_errors[0].row == 1
    assert not DirectAccount.objects.exists()


def test_bom_and_semicolons(world):
    text = "\ufeffname;web_domain;annual_revenue;currency\nÖkobikes;oekobikes.example;1 234,50;EUR\n"
    result = _run(world, text)
    assert result.created == 1
    account = DirectAccount.objects.get()
    assert (account.name, str(account.annual_revenue)) == ("Ökobikes", "1234.50")


def test_row_limit(world, monkeypatch):
    monkeypatch.setattr("direct.imports.MAX_ROWS", 2)
    with pytest.raises(ImportRejected):
        _run(world, "name\na\nb\nc\n")
    assert MAX_ROWS == 50_000


def test_import_needs_manage_permission(world):
    for user in (world.cam, world.marketing, world.admin_a):
        with pytest.raises(PermissionDenied):
            _run(world, GOOD, user=user)
    assert not DirectAccount.objects.exists()


def test_deals_import_matches_accounts_and_upserts(world):
    _run(world, GOOD)
    text = (
        "account_domain,account_tax_id,name,amount,currency,stage,expected_close_date,owner_email\n"
        ",gb-111,Fleet,1000,GBP,proposal,2026-12-31,cam@vendor.test\n"
        "fabrikam.example,,Pilot,250.5,,,,\n"
    )
    result = deals_import_csv(actor=world.actor(world.chief), file_text=text, dry_run=False)
    assert result.created == 2
    fleet = DirectDeal.objects.get(name="Fleet")
    assert fleet.account.web_domain == "contoso.example" and fleet.is_open
    text2 = text.replace("Fleet,1000,GBP,proposal", "Fleet,1000,GBP,won")
    result = deals_import_csv(actor=world.actor(world.chief), file_text=text2, dry_run=False)
    assert (result.created, result.updated, result.unchanged) == (0, 1, 1)
    fleet.refresh_from_db()
    assert (fleet.stage, fleet.is_open) == ("won", False)


def test_deals_import_bad_rows_write_nothing(world):
    _run(world, GOOD)
    contoso = DirectAccount.objects.get(web_domain="contoso.example")
    before = snapshot(contoso)
    text = (
        "account_domain;name;amount\n"
        "contoso.example;Good;100\n"
        "unknown.example;Orphan;100\n"
        ";No account;100\n"
        "contoso.example;Bad amount;lots\n"
    )
    with pytest.raises(ImportRejected) as exc:
        deals_import_csv(actor=world.actor(world.chief), file_text=text, dry_run=False)
    found = {(e.row, e.field) for e in exc.value.row_errors}
    assert found == {(3, "account_domain"), (4, "account_domain"), (5, "amount")}
    assert not DirectDeal.objects.exists()
    assert snapshot(contoso) == before
