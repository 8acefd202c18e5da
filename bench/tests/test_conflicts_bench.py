"""The benchmark's plumbing at 2,000 rows: what can be wrong without any timing being involved."""

import json

import pytest

from bench.conflicts import load
from bench.conflicts.generate import generate
from bench.conflicts.names import DATA
from bench.conflicts.queries import KINDS, NON_MATCH, build
from bench.conflicts.run import _merge_json, evaluate
from conflicts.models import IndexedCustomer, NameBlock
from matching.normalize import name_key

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not DATA.exists(), reason="../shared/data is not available"),
]


@pytest.fixture
def loaded():
    dataset = generate(2000, seed=7, held_out=400, sec_only=True)
    load.load(dataset, log=lambda *_: None)
    return dataset


def test_generator_is_reproducible():
    a, b = (generate(300, seed=3, held_out=50, sec_only=True) for _ in range(2))
    assert [(r.source, r.pk, r.name, r.domain, r.tax_id) for r in a.records] == [
        (r.source, r.pk, r.name, r.domain, r.tax_id) for r in b.records
    ]


def test_queries_are_labelled_against_the_loaded_index(loaded):
    assert load.is_loaded(7, 2000)
    assert NameBlock.objects.exists()
    queries = build(loaded, 150, seed=7)
    assert {q.kind for q in queries} == {*KINDS, NON_MATCH}
    indexed = set(IndexedCustomer.objects.values_list("source", "record_id"))
    keys = set(IndexedCustomer.objects.values_list("name_key", flat=True))
    for q in queries:
        if q.kind == NON_MATCH:
            assert not q.label and name_key(q.name) not in keys
        else:
            assert q.label and {tuple(x) for x in q.label} <= indexed
            assert q.source_record in q.label


def test_results_json_has_every_figure_and_keeps_the_other_database(loaded, tmp_path):
    queries = build(loaded, 60, seed=7)
    results, by_kind, _ = evaluate(queries, list(range(0, 60, 3)), 2000, log=lambda *_: None)
    out = tmp_path / "conflicts.json"
    for db in ("sqlite", "postgresql"):
        payload = {"generated_at": "now", "seed": 7, "rows": 2000, "results": results, "by_kind": by_kind}
        _merge_json(out, db, payload | {"load": {}})
    data = json.loads(out.read_text())
    assert {"generated_at", "seed", "rows", "results", "by_kind"} <= set(data)
    for db in ("sqlite", "postgresql"):
        assert set(data["results"][db]) == {"engine", "oracle", "floor"}
        for figures in data["results"][db].values():
            assert {"rows", "p50_ms", "p95_ms", "recall", "precision"} <= set(figures)
    assert data["results"]["sqlite"]["oracle"]["queries"] == 20
