"""Recognition's reactions to other apps' events (subscribed in `RecognitionConfig.ready`)."""

from __future__ import annotations

from typing import Any


def tier_changed(event: Any) -> None:
    """A partner's tier changed in a program: a rise gets its announcement draft
    (`services.tier_up_draft`)."""
    from recognition.services import tier_up_draft

    tier_up_draft(event)
