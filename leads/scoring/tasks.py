"""Background work of lead scoring (Django Tasks; JSON arguments; safe to run twice)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.tasks import task


@task
def train_scoring_model(*, user_id: int | None = None) -> dict:
    """On demand (the models page's button, the API) and weekly: train a new version from the closed leads.
    Unchanged data trains nothing; too few closed leads is reported, not raised, so a young instance's weekly
    run does not fail."""
    from accounts.models import User
    from core.actor import build_actor, system_actor
    from leads.scoring.services import train_scoring_model as train

    user = User.objects.filter(pk=user_id, is_active=True).first() if user_id else None
    actor = build_actor(user) if user is not None else system_actor()
    try:
        outcome = train(actor=actor)
    except ValidationError as exc:
        return {"trained": False, "code": exc.code, "message": " ".join(exc.messages)}
    except PermissionDenied:  # the person who asked lost the right before the task ran
        return {"trained": False, "code": "permission_denied", "message": ""}
    model = outcome.model
    return {"trained": outcome.created, "version": model.version, "status": model.status, "auc": model.auc}


@task
def rescore_open_leads(*, model_id: int | None = None) -> int:
    """After an activation: every open lead scored with the active model."""
    from leads.scoring.services import rescore_open_leads as rescore

    return rescore(model_id=model_id)
