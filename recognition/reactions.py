"""Recognition's reactions to other apps' events (subscribed in `RecognitionConfig.ready`)."""

from __future__ import annotations

from typing import Any


def tier_changed(event: Any) -> None:
    """A partner's tier changed in a program: a rise gets its announcement draft (`services.tier_up_draft`),
    written in the background (`tasks.draft_tier_up`, queued in the same transaction as the change): the
    evaluation that moves hundreds of partners up does not wait for hundreds of announcements."""
    from programs.models import TIER_RANK
    from recognition.tasks import draft_tier_up

    before = (event.before or {}).get("tier")
    after = (event.after or {}).get("tier")
    if before in TIER_RANK and after in TIER_RANK and TIER_RANK[after] > TIER_RANK[before]:
        draft_tier_up.enqueue(event.pk)
