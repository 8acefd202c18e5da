"""Staff pages of lead scoring: the model versions with their quality, one version's detail with its
calibration, and the "Train now" button (channel ops: leads.manage)."""

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.http import hx_redirect, run_button, staff_required
from leads.scoring.calibration import calibration_rows
from leads.scoring.explain import attributes_for, feature_label
from leads.scoring.selectors import closed_lead_counts, scoring_model_get, scoring_models
from leads.scoring.services import MIN_LEADS_PER_OUTCOME, request_training


@staff_required
def models(request):
    actor = request.actor
    versions = list(scoring_models(actor=actor)[:50])
    active = next((model for model in versions if model.status == "active"), None)
    context = {
        "versions": versions,
        "active": active,
        "calibration": calibration_rows(active) if active else [],
        "can_train": actor.can("leads.manage"),
        "counts": closed_lead_counts(actor=actor),
        "minimum": MIN_LEADS_PER_OUTCOME,
    }
    return render(request, "leads/scoring/models.html", context)


@staff_required
def model_detail(request, model_id):
    model = scoring_model_get(actor=request.actor, public_id=model_id)
    attributes = attributes_for([[{"feature": name} for name in model.features]])
    context = {
        "model": model,
        "calibration": calibration_rows(model),
        "feature_labels": [feature_label(name, attributes) for name in model.features],
    }
    return render(request, "leads/scoring/model.html", context)


@staff_required
@require_POST
def train(request):
    actor = request.actor
    actor.require("leads.manage")
    run_button(
        request,
        lambda: request_training(actor=actor),
        _("Training started: the new version appears here when it is done."),
    )
    return hx_redirect(request, "leads:scoring_models")
