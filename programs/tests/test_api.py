import json

import pytest

from core.models import Event
from core.testing import error_codes, error_fields, items
from programs.models import AgreementAcceptance, AgreementVersion, ProgramCharter
from programs.services import agreement_accept, charter_update
from programs.tests.helpers import former_rules_text, nothing_accepted, publish

pytestmark = pytest.mark.django_db

BASE = "/api/program"


def post(client, path, payload=None):
    return client.post(BASE + path, data=json.dumps(payload or {}), content_type="application/json")


def put(client, path, payload):
    return client.put(BASE + path, data=json.dumps(payload), content_type="application/json")


def test_charter_is_public(world, client):
    assert client.get(BASE + "/charter").status_code == 404
    charter_update(actor=world.actor(world.ops), data={"title_en": "Join us", "body_en": "Why"})
    response = client.get(BASE + "/charter")
    assert response.status_code == 200 and response.json()["title"] == "Join us"


def test_ops_puts_the_charter(world, api_client):
    response = put(api_client(world.ops), "/charter", {"title_en": "T", "body_en": "B", "body_ru": "Б"})
    assert response.status_code == 200 and response.json()["body_ru"] == "Б"
    assert ProgramCharter.objects.get().body_en == "B"


def test_put_charter_422_changes_nothing(world, api_client):
    charter = charter_update(actor=world.actor(world.ops), data={"title_en": "T", "body_en": "B"})
    response = put(api_client(world.ops), "/charter", {"title_en": "", "body_en": "B"})
    assert response.status_code == 422 and "title_en" in error_fields(response)
    charter.refresh_from_db()
    assert charter.title_en == "T" and Event.objects.filter(verb="charter.updated").count() == 1


@pytest.mark.parametrize("who", ["cam", "admin_a"])
def test_put_charter_403(world, api_client, who):
    response = put(api_client(getattr(world, who)), "/charter", {"title_en": "T", "body_en": "B"})
    assert response.status_code == 403 and not ProgramCharter.objects.exists()


def test_list_and_filter_versions(world, api_client):
    publish()
    publish()
    former_rules_text(title="Rules")
    client = api_client(world.rep_a)
    all_versions = items(client.get(BASE + "/agreements"))
    assert [(v["kind"], v["version"]) for v in all_versions] == [
        ("partner_agreement", 2),
        ("partner_agreement", 1),
        ("rules_of_engagement", 1),
    ]
    rules = items(client.get(BASE + "/agreements?kind=rules_of_engagement"))
    assert [v["title"] for v in rules] == ["Rules"]
    assert client.get(BASE + "/agreements?kind=nda").status_code == 422


def test_current_versions_with_acceptance_for_partner_users(world, api_client):
    v1 = publish()
    v2 = publish()
    agreement_accept(actor=world.actor(world.admin_a), version=v2)
    former_rules_text(title="Rules")  # replaced by the rules of each program: no longer current
    rows = items(api_client(world.rep_a).get(BASE + "/agreements/current"))
    assert [(r["id"], r["accepted_at"] is not None) for r in rows] == [(str(v2.public_id), True)]
    staff = items(api_client(world.cam).get(BASE + "/agreements/current"))
    assert [r["version"] for r in staff] == [2] and str(v1.public_id) not in json.dumps(staff)


def test_the_former_rules_text_is_neither_published_nor_accepted(world, api_client):
    roe = former_rules_text()
    response = post(
        api_client(world.ops), "/agreements", {"kind": "rules_of_engagement", "title_en": "R", "body_en": "B"}
    )
    assert response.status_code == 422 and error_codes(response) == {"kind": "invalid_choice"}
    accepted = api_client(world.admin_a).post(f"{BASE}/agreements/{roe.public_id}/accept")
    assert accepted.status_code == 422 and error_codes(accepted) == {None: "agreement_kind_retired"}
    assert AgreementVersion.objects.count() == 1 and nothing_accepted()


def test_publish_via_api(world, api_client):
    publish()
    response = post(
        api_client(world.ops),
        "/agreements",
        {"kind": "partner_agreement", "title_en": "PA", "body_en": "Text", "changes_en": "New clause"},
    )
    assert response.status_code == 201
    assert response.json()["version"] == 2 and response.json()["body"] == "Text"


def test_publish_422_and_403_change_nothing(world, api_client):
    ops = api_client(world.ops)
    bad = post(ops, "/agreements", {"kind": "partner_agreement", "title_en": "PA", "body_en": ""})
    assert bad.status_code == 422 and "body_en" in error_fields(bad)
    bad_kind = post(ops, "/agreements", {"kind": "nda", "title_en": "PA", "body_en": "x"})
    assert bad_kind.status_code == 422
    refused = post(
        api_client(world.admin_a),
        "/agreements",
        {"kind": "partner_agreement", "title_en": "PA", "body_en": "x"},
    )
    assert refused.status_code == 403
    assert not AgreementVersion.objects.exists()
    assert not Event.objects.filter(verb="agreement.published").exists()


def test_get_version(world, api_client):
    version = publish(body="Clause")
    response = api_client(world.rep_b).get(f"{BASE}/agreements/{version.public_id}")
    assert response.status_code == 200 and response.json()["body"] == "Clause"
    missing = api_client(world.rep_b).get(f"{BASE}/agreements/00000000-0000-0000-0000-000000000000")
    assert missing.status_code == 404


def test_accept_via_api(world, api_client):
    version = publish()
    response = post(api_client(world.admin_a), f"/agreements/{version.public_id}/accept")
    assert response.status_code == 201
    body = response.json()
    assert body["partner_id"] == str(world.partner_a.public_id) and body["accepted_by"] == "admin@alpha.test"
    again = post(api_client(world.admin_a), f"/agreements/{version.public_id}/accept")
    assert again.status_code == 422 and AgreementAcceptance.objects.count() == 1


def test_accept_old_version_422(world, api_client):
    old = publish()
    publish()
    response = post(api_client(world.admin_a), f"/agreements/{old.public_id}/accept")
    assert response.status_code == 422 and not AgreementAcceptance.objects.exists()


@pytest.mark.parametrize("who", ["rep_a", "cam", "ops"])
def test_accept_403(world, api_client, who):
    version = publish()
    response = post(api_client(getattr(world, who)), f"/agreements/{version.public_id}/accept")
    assert response.status_code == 403
    assert nothing_accepted()


def test_acceptances_staff_only(world, api_client):
    version = publish()
    agreement_accept(actor=world.actor(world.admin_b), version=version, ip_address="198.51.100.4")
    rows = items(api_client(world.chief).get(f"{BASE}/agreements/{version.public_id}/acceptances"))
    assert [(r["partner_name"], r["ip_address"]) for r in rows] == [("Bravo Trading", "198.51.100.4")]
    path = f"{BASE}/agreements/{version.public_id}/acceptances"
    assert api_client(world.admin_a).get(path).status_code == 403
    assert api_client(world.admin_b).get(path).status_code == 403


def test_api_needs_authentication_except_the_charter(world, client):
    version = publish()
    assert client.get(BASE + "/agreements").status_code == 401
    assert client.get(f"{BASE}/agreements/{version.public_id}").status_code == 401
    assert post(client, f"/agreements/{version.public_id}/accept").status_code in (401, 403)
