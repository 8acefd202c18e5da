"""Lead scoring on real data: the X Education leads imported as Kanal leads with custom attributes, scored by
Kanal's own training, against a plain scikit-learn HistGradientBoosting on the same split.

    python -m bench.leads.scoring [--train FILE --test FILE] [--db postgresql|sqlite] [--data FILE]

The data stays where it is (`../shared/data/x-education-lead-scoring/Leads.csv` next to the repository, or
KANAL_SHARED_DATA / --data): its licence is unclear, it is never copied into the repository. `Tags` and
`Lead Quality` are dropped (salespeople fill them in after contact: they leak the outcome). Without files the
held-out leads are Kanal's own split (30%, stratified by outcome, by a salted hash of each lead's id); with
`--train/--test` (CSV files with the same columns) the leads of the test file are held out. Nothing is
tuned on the held-out leads.

Figures go to the screen and to var/bench/leads.json (only these keys updated):
{train_rows, test_rows, auc, reference_auc, brier} and `scoring` with the details.
"""

from __future__ import annotations

import argparse
import csv
import functools
import json
import math
import os
import time
from pathlib import Path

from bench.setup import OUT, ROOT, start_django

SHARED_DATA = Path(os.environ.get("KANAL_SHARED_DATA") or ROOT.parent / "shared" / "data")
DATA = SHARED_DATA / "x-education-lead-scoring" / "Leads.csv"
URLS = {
    "sqlite": f"sqlite:///{OUT / 'leads_scoring.sqlite3'}",
    "postgresql": "postgres://postgres@127.0.0.1:5432/kanal_scoring_bench",
}
AUC_TARGET = 0.93

# The CSV's columns as Kanal leads: a standard field, or a custom attribute (key, kind, labels). Declarative,
# so the generic importer can take it as its column mapping. Columns not named are not imported.
LEAKING = ("Tags", "Lead Quality")
MAPPING: dict[str, dict] = {
    "Lead Number": {"field": "company_name", "template": "X Education lead {}"},
    "Converted": {"field": "status", "values": {"1": "converted", "0": "lost"}},
    "Country": {"field": "country", "unparsed_attribute": "country_name"},
    "Lead Source": {"field": "source_detail"},
    "Lead Origin": {"attribute": "lead_origin", "kind": "choice", "en": "Lead origin", "ru": "Откуда лид"},
    "Do Not Email": {"attribute": "do_not_email", "kind": "boolean", "en": "Do not email", "ru": "Не писать"},
    "Do Not Call": {"attribute": "do_not_call", "kind": "boolean", "en": "Do not call", "ru": "Не звонить"},
    "TotalVisits": {"attribute": "total_visits", "kind": "number", "en": "Total visits", "ru": "Визитов"},
    "Total Time Spent on Website": {
        "attribute": "time_on_site",
        "kind": "number",
        "en": "Time on the website (s)",
        "ru": "Время на сайте (с)",
    },
    "Page Views Per Visit": {
        "attribute": "pages_per_visit",
        "kind": "number",
        "en": "Pages per visit",
        "ru": "Страниц за визит",
    },
    "Last Activity": {
        "attribute": "last_activity",
        "kind": "choice",
        "en": "Last activity",
        "ru": "Последнее действие",
    },
    "Specialization": {
        "attribute": "specialization",
        "kind": "choice",
        "en": "Specialization",
        "ru": "Специализация",
    },
    "How did you hear about X Education": {
        "attribute": "heard_from",
        "kind": "choice",
        "en": "Heard about us from",
        "ru": "Откуда узнал о нас",
    },
    "What is your current occupation": {
        "attribute": "occupation",
        "kind": "choice",
        "en": "Occupation",
        "ru": "Род занятий",
    },
    "What matters most to you in choosing a course": {
        "attribute": "course_priority",
        "kind": "choice",
        "en": "What matters most",
        "ru": "Что важнее всего",
    },
    "Search": {
        "attribute": "ad_search",
        "kind": "boolean",
        "en": "Saw a search ad",
        "ru": "Видел рекламу в поиске",
    },
    "Magazine": {
        "attribute": "ad_magazine",
        "kind": "boolean",
        "en": "Saw a magazine ad",
        "ru": "Видел рекламу в журнале",
    },
    "Newspaper Article": {
        "attribute": "ad_newspaper_article",
        "kind": "boolean",
        "en": "Read a newspaper article",
        "ru": "Читал статью в газете",
    },
    "X Education Forums": {
        "attribute": "ad_forums",
        "kind": "boolean",
        "en": "Saw it on forums",
        "ru": "Видел на форумах",
    },
    "Newspaper": {
        "attribute": "ad_newspaper",
        "kind": "boolean",
        "en": "Saw a newspaper ad",
        "ru": "Видел рекламу в газете",
    },
    "Digital Advertisement": {
        "attribute": "ad_digital",
        "kind": "boolean",
        "en": "Saw a digital ad",
        "ru": "Видел интернет-рекламу",
    },
    "Through Recommendations": {
        "attribute": "recommended",
        "kind": "boolean",
        "en": "Came by recommendation",
        "ru": "Пришёл по рекомендации",
    },
    "Receive More Updates About Our Courses": {
        "attribute": "updates_courses",
        "kind": "boolean",
        "en": "Wants course updates",
        "ru": "Хочет новости о курсах",
    },
    "Update me on Supply Chain Content": {
        "attribute": "updates_supply_chain",
        "kind": "boolean",
        "en": "Wants supply chain content",
        "ru": "Хочет материалы по цепочкам поставок",
    },
    "Get updates on DM Content": {
        "attribute": "updates_dm",
        "kind": "boolean",
        "en": "Wants digital marketing content",
        "ru": "Хочет материалы по интернет-маркетингу",
    },
    "Lead Profile": {
        "attribute": "lead_profile",
        "kind": "choice",
        "en": "Lead profile",
        "ru": "Профиль лида",
    },
    "City": {"attribute": "city", "kind": "choice", "en": "City", "ru": "Город"},
    "Asymmetrique Activity Index": {
        "attribute": "activity_index",
        "kind": "choice",
        "en": "Activity index",
        "ru": "Индекс активности",
    },
    "Asymmetrique Profile Index": {
        "attribute": "profile_index",
        "kind": "choice",
        "en": "Profile index",
        "ru": "Индекс профиля",
    },
    "Asymmetrique Activity Score": {
        "attribute": "activity_score",
        "kind": "number",
        "en": "Activity score",
        "ru": "Балл активности",
    },
    "Asymmetrique Profile Score": {
        "attribute": "profile_score",
        "kind": "number",
        "en": "Profile score",
        "ru": "Балл профиля",
    },
    "I agree to pay the amount through cheque": {
        "attribute": "pays_by_cheque",
        "kind": "boolean",
        "en": "Agrees to pay by cheque",
        "ru": "Согласен платить чеком",
    },
    "A free copy of Mastering The Interview": {
        "attribute": "free_book",
        "kind": "boolean",
        "en": "Asked for the free book",
        "ru": "Запросил бесплатную книгу",
    },
    "Last Notable Activity": {
        "attribute": "last_notable_activity",
        "kind": "choice",
        "en": "Last notable activity",
        "ru": "Последнее значимое действие",
    },
}
UNPARSED_COUNTRY = {
    "attribute": "country_name",
    "kind": "text",
    "en": "Country (as given)",
    "ru": "Страна (как указана)",
}


def _setup(db: str) -> None:
    start_django(URLS[db], tasks_inline=os.environ.get("KANAL_TASKS", "immediate") == "immediate")


def read_csv(path: Path) -> list[dict]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _attribute_definitions(rows: list[dict], mapping: dict[str, dict]) -> list[dict]:
    """The LeadAttribute definitions the mapping names; a choice attribute's choices are the values found."""
    from django.utils.text import slugify

    from leads.scoring.features import clean_text

    definitions = []
    specs = [(column, spec) for column, spec in mapping.items() if "attribute" in spec]
    if any(spec.get("unparsed_attribute") for spec in mapping.values()):
        specs.append(("", UNPARSED_COUNTRY))
    for column, spec in specs:
        definition = {
            "key": spec["attribute"],
            "kind": spec["kind"],
            "label_en": spec["en"],
            "label_ru": spec["ru"],
        }
        if spec["kind"] == "choice":
            values = sorted({text for row in rows if (text := clean_text(row.get(column)))})
            definition["choices"] = [
                {"value": slugify(v)[:50] or v, "label_en": v, "label_ru": ""} for v in values
            ]
        definitions.append(definition)
    return definitions


@functools.cache
def _country_code(name: str) -> str:
    from django_countries import countries

    return countries.by_name(name) or (name.upper() if name.upper() in dict(countries) else "")


def lead_values(row: dict, mapping: dict[str, dict]) -> dict:
    """One CSV row as the fields and attributes of a Kanal lead (placeholders like "Select" left out)."""
    from django.utils.text import slugify

    from leads.scoring.features import clean_text

    values: dict = {"source": "import", "attributes": {}}
    attributes = values["attributes"]
    for column, spec in mapping.items():
        text = clean_text(row.get(column))
        if "field" in spec:
            if spec["field"] == "status":
                values["status"] = spec["values"][(row.get(column) or "").strip()]
            elif spec["field"] == "country":
                code = _country_code(text) if text else ""
                values["country"] = code
                if text and not code and spec.get("unparsed_attribute"):
                    attributes[spec["unparsed_attribute"]] = text
            elif text is not None:
                values[spec["field"]] = spec.get("template", "{}").format(text)[:200]
            continue
        if text is None:
            continue
        kind = spec["kind"]
        if kind == "number":
            try:
                attributes[spec["attribute"]] = float(text)
            except ValueError:
                continue
        elif kind == "boolean":
            attributes[spec["attribute"]] = text.lower() in {"yes", "true", "1"}
        elif kind == "choice":
            attributes[spec["attribute"]] = slugify(text)[:50] or text
        else:
            attributes[spec["attribute"]] = text
    values.setdefault("company_name", "X Education lead")
    return values


def _typed(value) -> str:
    """A value as a person would type it into the CSV the importer reads."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return "" if value is None else str(value)


def import_rows(rows: list[dict], mapping: dict[str, dict]) -> list[int]:
    """Import CSV rows as closed leads with custom attributes through Kanal's own import (`imports` with the
    leads importer: upload, column mapping, dry run, import); the new leads' ids, in row order.

    The mapping's attributes are defined first (as ops would, with their labels in both languages); each row
    is then written as the importer's columns (a standard field, or `attr:<key>`) so that the dry run checks
    every value the way it checks any upload."""
    import tempfile

    from django.core.files import File

    from imports.models import ImportJob
    from imports.services import import_check, import_map, import_start, import_upload, run_check, run_import
    from leads.models import Lead
    from leads.scoring.history import define_attributes

    define_attributes(_attribute_definitions(rows, mapping))
    prepared = [lead_values(row, mapping) for row in rows]
    fields = ["company_name", "status", "country", "source_detail"]
    keys = sorted({key for values in prepared for key in values["attributes"]})
    columns = fields + [f"attr:{key}" for key in keys]
    first = (Lead.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "x-education-leads.csv"
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(columns)
            for values in prepared:
                attributes = values["attributes"]
                writer.writerow(
                    [_typed(values.get(name)) for name in fields] + [_typed(attributes.get(k)) for k in keys]
                )
        actor = _ops()
        with path.open("rb") as handle:
            job = import_upload(actor=actor, kind="leads", upload=File(handle, name=path.name))
        job = import_map(actor=actor, job=job, mapping={column: column for column in columns})
        import_check(actor=actor, job=job)
        job.refresh_from_db()
        if job.status == ImportJob.Status.VALIDATING:  # queued until a commit that a test never makes
            run_check(job.pk)
            job.refresh_from_db()
        if job.status != ImportJob.Status.VALIDATED or job.error_rows:
            raise SystemExit(f"the import refused rows: {job.status} {job.error_rows} {job.failure}")
        import_start(actor=actor, job=job)
        job.refresh_from_db()
        if job.status == ImportJob.Status.IMPORTING:
            run_import(job.pk)
            job.refresh_from_db()
        if job.status != ImportJob.Status.DONE:
            raise SystemExit(f"the import did not finish: {job.status} {job.failure}")
    return list(Lead.objects.filter(id__gte=first).order_by("id").values_list("id", flat=True))


def _ops():
    from accounts.models import User
    from core.actor import build_actor
    from core.roles import StaffRole

    user = User.objects.filter(email="bench-ops@vendor.test").first()
    if user is None:
        user = User.objects.create_user("bench-ops@vendor.test", "bench-Passw0rd!", staff_role=StaffRole.OPS)
    return build_actor(user)


def _reset() -> None:
    """An empty leads history whose ids start at 1 again: the held-out split hashes lead ids, so every run
    holds out the same leads."""
    from django.db import connection

    from leads.models import Lead, LeadAttribute, ScoringModel

    tables = [model._meta.db_table for model in (Lead, ScoringModel, LeadAttribute)]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"TRUNCATE TABLE {', '.join(tables)} RESTART IDENTITY CASCADE")
        else:
            Lead.objects.all().delete()
            ScoringModel.objects.all().delete()
            LeadAttribute.objects.all().delete()
            placeholders = ", ".join("%s" for _ in tables)
            cursor.execute(f"DELETE FROM sqlite_sequence WHERE name IN ({placeholders})", tables)


def reference_auc(train_rows: list[dict], test_rows: list[dict]) -> float:
    """A plain HistGradientBoostingClassifier (defaults) on the CSV's own columns: numbers as numbers, every
    other column a native categorical (codes from the training rows, unseen or empty as missing)."""
    import numpy as np
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.metrics import roc_auc_score

    dropped = {"Prospect ID", "Lead Number", "Converted", *LEAKING}
    columns = [c for c in train_rows[0] if c not in dropped]
    numeric, codes = [], {}
    for column in columns:
        values = [row[column] for row in train_rows if row[column] != ""]
        try:
            [float(v) for v in values]
            numeric.append(column)
        except ValueError:
            levels = sorted(set(values))
            codes[column] = {level: i for i, level in enumerate(levels)}

    def matrix(rows: list[dict]) -> np.ndarray:
        out = np.full((len(rows), len(columns)), np.nan)
        for j, column in enumerate(columns):
            for i, row in enumerate(rows):
                value = row[column]
                if value == "":
                    continue
                out[i, j] = float(value) if column in numeric else codes[column].get(value, np.nan)
        return out

    categorical = [column not in numeric for column in columns]
    model = HistGradientBoostingClassifier(categorical_features=categorical, random_state=0)
    model.fit(matrix(train_rows), [int(row["Converted"]) for row in train_rows])
    probabilities = model.predict_proba(matrix(test_rows))[:, 1]
    return float(roc_auc_score([int(row["Converted"]) for row in test_rows], probabilities))


def write_figures(path: Path, figures: dict) -> None:
    """Update only this part's keys of the shared leads.json (other parts write theirs)."""
    current = json.loads(path.read_text()) if path.exists() else {}
    current.update(figures)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(current, indent=2, sort_keys=True) + "\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--train", type=Path, help="CSV of the training leads (with --test)")
    parser.add_argument("--test", type=Path, help="CSV of the held-out leads (with --train)")
    parser.add_argument("--data", type=Path, default=DATA, help="Leads.csv (without --train/--test)")
    parser.add_argument("--db", choices=sorted(URLS), default="postgresql")
    parser.add_argument("--threads", type=int, default=1, help="LightGBM threads")
    parser.add_argument("--out", type=Path, default=OUT / "leads.json")
    args = parser.parse_args(argv)
    if bool(args.train) != bool(args.test):
        parser.error("--train and --test go together")
    _setup(args.db)

    from django.core.management import call_command

    from core.actor import system_actor
    from leads.scoring.services import train_scoring_model

    call_command("migrate", verbosity=0)
    _reset()
    started = time.perf_counter()
    if args.train:
        train_csv, test_csv = read_csv(args.train), read_csv(args.test)
        rows = train_csv + test_csv
        ids = import_rows(rows, MAPPING)
        held_out: set[int] | None = set(ids[len(train_csv) :])
    else:
        rows = read_csv(args.data)
        ids = import_rows(rows, MAPPING)
        held_out = None
    imported_s = time.perf_counter() - started
    print(f"Imported {len(ids):,} leads with custom attributes in {imported_s:.1f} s")

    started = time.perf_counter()
    outcome = train_scoring_model(actor=system_actor(), held_out_ids=held_out, threads=args.threads)
    train_s = time.perf_counter() - started
    model, result = outcome.model, outcome.result
    assert result is not None
    test_ids = {row.id for row, held in zip(outcome.rows or [], result.test_mask, strict=True) if held}
    by_id = dict(zip(ids, rows, strict=True))
    reference = reference_auc(
        [by_id[i] for i in ids if i not in test_ids], [by_id[i] for i in ids if i in test_ids]
    )
    auc = result.evaluation.auc
    figures = {
        "train_rows": model.train_rows,
        "test_rows": model.test_rows,
        "auc": round(auc, 4),
        "reference_auc": round(reference, 4),
        "brier": round(result.evaluation.brier, 4),
    }
    details = {
        "model_version": model.version,
        "features": len(model.features),
        "boosting_rounds": result.rounds,
        "training_s": round(result.seconds, 2),
        "train_with_loading_s": round(train_s, 2),
        "import_s": round(imported_s, 2),
        "split": "files" if args.train else "kanal held-out 30% (stratified, salted hash of the lead id)",
        "calibration": model.calibration,
    }
    print(
        f"Held-out {model.test_rows:,} of {model.train_rows + model.test_rows:,} leads: "
        f"AUC {auc:.4f} (reference HistGradientBoosting {reference:.4f}), Brier {result.evaluation.brier:.4f}"
    )
    print(f"  trained in {result.seconds:.1f} s ({len(model.features)} features, rounds {result.rounds})")
    print("  calibration (predicted → observed per decile):")
    for part in model.calibration:
        print(f"    {part['predicted']:.3f} → {part['observed']:.3f}  ({part['count']})")
    ok = auc >= AUC_TARGET and auc >= reference and not math.isnan(auc)
    print(f"  target AUC ≥ {AUC_TARGET} and ≥ the reference: {'met' if ok else 'NOT met'}")
    write_figures(args.out, figures | {"scoring": details})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
