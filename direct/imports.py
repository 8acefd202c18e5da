"""CSV imports of direct accounts and deals: all rows or none, with an error per row and field."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import User
from core.normalize import normalize_domain
from core.scoping import lock_visible
from direct import services
from direct.inputs import AccountInput, DealInput
from direct.models import DirectAccount, DirectDeal
from direct.selectors import staff_owners
from matching.normalize import tax_id_key

MAX_ROWS = 50_000
# The file's columns are the account input's fields (notes aside), two of them under a name a sheet would use.
ACCOUNT_COLUMN_NAMES = {"owner": "owner_email", "is_named_account": "named_account"}
ACCOUNT_COLUMNS = tuple(
    ACCOUNT_COLUMN_NAMES.get(name, name) for name in AccountInput.Meta.fields if name != "notes"
)
ACCOUNT_REQUIRED = ("name",)
DEAL_COLUMNS = (
    "account_domain",
    "account_tax_id",
    "name",
    "amount",
    "currency",
    "stage",
    "expected_close_date",
    "owner_email",
)
DEAL_REQUIRED = ("name", "amount")
TRUE = {"1", "true", "yes", "y", "x", "да"}
FALSE = {"", "0", "false", "no", "n", "нет"}


@dataclass(frozen=True)
class RowError:
    row: int  # the line in the file (the header is line 1)
    field: str
    message: str

    def __str__(self) -> str:
        where = _("Row %(row)s") % {"row": self.row}
        return f"{where}, {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    dry_run: bool = False
    errors: list[RowError] = field(default_factory=list)


class ImportRejected(ValidationError):
    """The file was refused as a whole; `row_errors` says where and why. Nothing was written."""

    def __init__(self, row_errors: list[RowError]):
        self.row_errors = row_errors
        super().__init__([str(e) for e in row_errors[:200]])


def read_rows(file_text: str, *, columns: tuple[str, ...], required: tuple[str, ...]) -> list[dict[str, str]]:
    """Parse the text (BOM, ',' or ';'), check the header, return the rows keyed by column."""
    text = (file_text or "").lstrip("\ufeff")
    if not text.strip():
        raise ImportRejected([RowError(1, "", _("The file is empty."))])
    first_line = text.splitlines()[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = [h.strip().lower() for h in next(reader)]
    problems = []
    unknown = [h for h in header if h not in columns]
    if unknown:
        problems.append(_("Unknown columns: %(cols)s.") % {"cols": ", ".join(unknown)})
    missing = [c for c in required if c not in header]
    if missing:
        problems.append(_("Missing columns: %(cols)s.") % {"cols": ", ".join(missing)})
    repeated = sorted({h for h in header if header.count(h) > 1})
    if repeated:
        problems.append(_("Repeated columns: %(cols)s.") % {"cols": ", ".join(repeated)})
    if problems:
        problems.append(_("Expected columns: %(cols)s.") % {"cols": ", ".join(columns)})
        raise ImportRejected([RowError(1, "", " ".join(problems))])
    rows: list[dict[str, str]] = []
    for values in reader:
        if not any(v.strip() for v in values):
            rows.append({})  # blank line: skipped, but keeps the numbering
            continue
        if len(values) > len(header):
            rows.append({"__error__": _("This row has more values than the header has columns.")})
        else:
            rows.append(dict(zip(header, [v.strip() for v in values], strict=False)))
        if len(rows) > MAX_ROWS:
            raise ImportRejected(
                [
                    RowError(
                        1,
                        "",
                        ngettext(
                            "A file may hold at most %(n)s row.",
                            "A file may hold at most %(n)s rows.",
                            MAX_ROWS,
                        )
                        % {"n": number_format(MAX_ROWS, force_grouping=True)},
                    )
                ]
            )
    return rows


def _staff_by_email(owners: QuerySet[User]) -> dict[str, User]:
    return {u.email.lower(): u for u in owners}


def _field_errors(row: int, exc: ValidationError, rename: dict[str, str] | None = None) -> list[RowError]:
    rename = rename or {}
    if hasattr(exc, "error_dict"):
        return [
            RowError(row, rename.get(f, f), m) for f, messages in exc.message_dict.items() for m in messages
        ]
    return [RowError(row, "", m) for m in exc.messages]


def _bool(value: str) -> bool | None:
    value = (value or "").strip().lower()
    if value in TRUE:
        return True
    if value in FALSE:
        return False
    return None


def _data_rows(rows: list[dict[str, str]], result: ImportResult) -> Iterator[tuple[int, dict[str, str]]]:
    """The file's rows to import with their line numbers (the header is line 1); blank lines are skipped and
    a row the reader refused is recorded as its error."""
    for number, raw in enumerate(rows, start=2):
        if "__error__" in raw:
            result.errors.append(RowError(number, "", raw["__error__"]))
        elif raw:
            yield number, raw


def _owner_column(raw: dict[str, str], number: int, staff: dict[str, User], result: ImportResult) -> dict:
    """The owner_email column (if the file has it) as the input's owner; an unknown email is an error."""
    if "owner_email" not in raw:
        return {}
    email = raw["owner_email"].lower()
    if email and email not in staff:
        result.errors.append(RowError(number, "owner_email", _("No active staff user with this email.")))
    return {"owner": staff.get(email) if email else None}


def _finish(result: ImportResult, dry_run: bool) -> ImportResult:
    if result.errors:
        transaction.set_rollback(True)
        raise ImportRejected(result.errors)
    if dry_run:
        transaction.set_rollback(True)
    result.dry_run = dry_run
    return result


def accounts_import_csv(*, actor, file_text: str, dry_run: bool) -> ImportResult:
    """Create or update accounts (matched by tax id, then by domain). A dry run writes nothing."""
    actor.require("direct.manage")
    rows = read_rows(file_text, columns=ACCOUNT_COLUMNS, required=ACCOUNT_REQUIRED)
    owners = staff_owners(actor=actor)
    staff = _staff_by_email(owners)
    result = ImportResult()
    seen: dict[str, int] = {}
    with transaction.atomic():
        for number, raw in _data_rows(rows, result):
            errors_before = len(result.errors)
            data: dict[str, Any] = {k: v for k, v in raw.items() if k in AccountInput.base_fields}
            if "currency" in data and not data["currency"]:
                data.pop("currency")
            data |= _owner_column(raw, number, staff, result)
            if "named_account" in raw:
                flag = _bool(raw["named_account"])
                if flag is None:
                    result.errors.append(RowError(number, "named_account", _("Use yes or no.")))
                data["is_named_account"] = bool(flag)
            try:  # the row's values through the account's input: only the columns the file has
                cleaned = AccountInput.from_api(data, partial=True, owners=owners).cleaned()
            except ValidationError as exc:
                result.errors += _field_errors(
                    number, exc, {"owner": "owner_email", "is_named_account": "named_account"}
                )
                continue
            if len(result.errors) > errors_before:
                continue
            keys = [f"tax:{k}" for k in [tax_id_key(cleaned.get("tax_id", ""))] if k]
            keys += [f"domain:{d}" for d in [cleaned.get("web_domain", "")] if d]
            clash = next((seen[k] for k in keys if k in seen), None)
            if clash:
                result.errors.append(
                    RowError(
                        number, "", _("Same account as row %(row)s (tax id or domain).") % {"row": clash}
                    )
                )
                continue
            seen.update(dict.fromkeys(keys, number))
            existing = services.find_account(
                actor=actor, domain=cleaned.get("web_domain", ""), tax_id=cleaned.get("tax_id", "")
            )
            if existing is None:
                services._create_account(actor=actor, cleaned=cleaned, note=_("CSV import"))
                result.created += 1
                continue
            account = lock_visible(DirectAccount.objects, actor=actor, pk=existing.pk)
            dup = services.duplicate_error(
                web_domain=cleaned.get("web_domain", ""),
                tax_id=cleaned.get("tax_id", ""),
                exclude_pk=account.pk,
            )
            if dup:
                result.errors += _field_errors(number, ValidationError(dup))
                continue
            if services._update_account(actor=actor, account=account, cleaned=cleaned):
                result.updated += 1
            else:
                result.unchanged += 1
        return _finish(result, dry_run)


def deals_import_csv(*, actor, file_text: str, dry_run: bool) -> ImportResult:
    """Create or update deals; the account is found by tax id or domain, the deal by account and name."""
    actor.require("direct.manage")
    rows = read_rows(file_text, columns=DEAL_COLUMNS, required=DEAL_REQUIRED)
    owners = staff_owners(actor=actor)
    staff = _staff_by_email(owners)
    result = ImportResult()
    seen: dict[tuple[int, str], int] = {}
    with transaction.atomic():
        for number, raw in _data_rows(rows, result):
            errors_before = len(result.errors)
            domain = raw.get("account_domain", "")
            if domain:
                try:
                    domain = normalize_domain(domain)
                except ValidationError as exc:
                    result.errors.append(RowError(number, "account_domain", exc.messages[0]))
                    continue
            account = None
            if not domain and not tax_id_key(raw.get("account_tax_id", "")):
                result.errors.append(
                    RowError(number, "account_domain", _("Give the account's domain or tax id."))
                )
            else:
                account = services.find_account(
                    actor=actor, domain=domain, tax_id=raw.get("account_tax_id", "")
                )
                if account is None:
                    result.errors.append(RowError(number, "account_domain", _("No direct account matches.")))
                elif not account.is_active:
                    result.errors.append(
                        RowError(
                            number,
                            "account_domain",
                            _("The account %(name)s is inactive.") % {"name": account.name},
                        )
                    )
            data: dict[str, Any] = {k: v for k, v in raw.items() if k in DealInput.base_fields}
            for optional in ("currency", "stage"):
                if optional in data and not data[optional]:
                    data.pop(optional)
            data |= _owner_column(raw, number, staff, result)
            try:
                cleaned = DealInput.from_api(data, partial=True, owners=owners).cleaned()
            except ValidationError as exc:
                result.errors += _field_errors(number, exc, {"owner": "owner_email"})
                continue
            if len(result.errors) > errors_before or account is None:
                continue
            key = (account.pk, cleaned["name"].casefold())
            if key in seen:
                result.errors.append(
                    RowError(number, "name", _("Same deal as row %(row)s.") % {"row": seen[key]})
                )
                continue
            seen[key] = number
            existing = (
                DirectDeal.objects.visible_to(actor)
                .select_for_update()
                .filter(account=account, name__iexact=cleaned["name"])
                .order_by("id")
                .first()
            )
            try:
                if existing is None:
                    services._create_deal(actor=actor, account=account, cleaned=cleaned)
                    result.created += 1
                elif services._update_deal(actor=actor, deal=existing, cleaned=cleaned):
                    result.updated += 1
                else:
                    result.unchanged += 1
            except ValidationError as exc:
                result.errors += _field_errors(number, exc)
        return _finish(result, dry_run)
