"""Who reads and who trains: models are the channel team's (partners never see them), training is channel
ops' (leads.manage), a lead's score is read by whoever may read the lead."""

import pytest
from django.urls import reverse

from core.actor import system_actor
from leads.models import Lead, ScoringModel
from leads.scoring import services
from leads.scoring.scorer import forget_loaded_models


@pytest.fixture(autouse=True)
def _fresh_model_cache():
    forget_loaded_models()
    yield
    forget_loaded_models()


@pytest.fixture
def model(history):
    return services.train_scoring_model(actor=system_actor()).model


@pytest.fixture
def scored_lead(model, open_lead):
    services.score_lead(open_lead)
    return open_lead


def test_staff_list_and_read_models_through_the_api(world, api_client, model):
    client = api_client(world.cam)
    listed = client.get("/api/leads/scoring/models")
    assert listed.status_code == 200
    body = listed.json()
    assert body["count"] == 1 and body["items"][0]["version"] == 1
    assert sum(part["count"] for part in body["items"][0]["calibration"]) == body["items"][0]["test_rows"]
    detail = client.get(f"/api/leads/scoring/models/{model.public_id}")
    assert detail.status_code == 200 and detail.json()["status"] == "active"
    assert "artifact" not in detail.json()


@pytest.mark.parametrize("who", ["admin_a", "rep_b", "dist_admin"])
def test_partners_never_see_models(world, api_client, login, model, who):
    user = getattr(world, who)
    client = api_client(user)
    assert client.get("/api/leads/scoring/models").status_code == 403
    assert client.get(f"/api/leads/scoring/models/{model.public_id}").status_code == 403
    assert client.post("/api/leads/scoring/train").status_code == 403
    page = login(user)
    assert page.get(reverse("leads:scoring_models")).status_code == 403
    assert page.get(reverse("leads:scoring_model", args=[model.public_id])).status_code == 403


def test_only_channel_ops_train(world, api_client, history, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        refused = api_client(world.cam).post("/api/leads/scoring/train")
    assert refused.status_code == 403 and not callbacks
    assert not ScoringModel.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        accepted = api_client(world.ops).post("/api/leads/scoring/train")
    assert accepted.status_code == 202 and accepted.json() == {"enqueued": True}
    trained = ScoringModel.objects.get()
    assert trained.trained_by == world.ops and trained.status == "active"


def test_training_without_enough_leads_is_a_coded_422(world, api_client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = api_client(world.ops).post("/api/leads/scoring/train")
    assert response.status_code == 422
    assert [error["code"] for error in response.json()["errors"]] == ["not_enough_data"]
    assert not callbacks and not ScoringModel.objects.exists()


def test_the_train_button(world, login, history, django_capture_on_commit_callbacks):
    cam_page = login(world.cam).get(reverse("leads:scoring_models"))
    assert cam_page.status_code == 200 and reverse("leads:scoring_train").encode() not in cam_page.content
    assert login(world.cam).post(reverse("leads:scoring_train")).status_code == 403
    ops = login(world.ops)
    assert reverse("leads:scoring_train").encode() in ops.get(reverse("leads:scoring_models")).content
    with django_capture_on_commit_callbacks(execute=True):
        response = ops.post(reverse("leads:scoring_train"))
    assert response.status_code == 302
    model = ScoringModel.objects.get()
    listing = ops.get(reverse("leads:scoring_models")).content.decode()
    assert f"v{model.version}" in listing and "0." in listing
    detail = ops.get(reverse("leads:scoring_model", args=[model.public_id]))
    assert detail.status_code == 200 and "Total visits" in detail.content.decode()


def test_a_partner_reads_the_score_of_its_own_leads_only(world, api_client, scored_lead):
    own = api_client(world.rep_a).get(f"/api/leads/scoring/leads/{scored_lead.public_id}")
    assert own.status_code == 200
    body = own.json()
    assert body["score"] == pytest.approx(scored_lead.score) and body["reasons"]
    assert body["model_version"] is None  # partners learn nothing about models
    assert all(reason["text"] for reason in body["reasons"])
    assert api_client(world.rep_b).get(f"/api/leads/scoring/leads/{scored_lead.public_id}").status_code == 404
    staff = api_client(world.cam).get(f"/api/leads/scoring/leads/{scored_lead.public_id}").json()
    assert staff["model_version"] == 1


def test_the_score_reads_in_the_readers_language(world, api_client, scored_lead):
    client = api_client(world.rep_a)
    url = f"/api/leads/scoring/leads/{scored_lead.public_id}"
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").json()
    russian = client.get(url, HTTP_ACCEPT_LANGUAGE="ru").json()
    assert [r["points"] for r in english["reasons"]] == [r["points"] for r in russian["reasons"]]
    assert english["reasons"][0]["text"] != russian["reasons"][0]["text"]


def test_an_unscored_lead_says_so(world, api_client, open_lead):
    Lead.objects.filter(pk=open_lead.pk).update(score=None)
    body = api_client(world.rep_a).get(f"/api/leads/scoring/leads/{open_lead.public_id}").json()
    assert body["score"] is None and body["reasons"] == [] and body["score_text"] == "not scored"
