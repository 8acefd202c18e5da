"""The prospect pipeline: which stage may follow which."""

from recruitment.models import ProspectStage as S

OPEN_STAGES: tuple[str, ...] = (S.NEW, S.CONTACTED, S.QUALIFIED, S.NEGOTIATING)
FINAL_STAGES: tuple[str, ...] = (S.CONVERTED, S.LOST)

# Converted is reached only through prospect_convert; lost may be reopened as new.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    **{stage: tuple(s for s in (*OPEN_STAGES, S.LOST) if s != stage) for stage in OPEN_STAGES},
    S.LOST: (S.NEW,),
    S.CONVERTED: (),
}


def allowed_next(stage: str) -> tuple[str, ...]:
    return TRANSITIONS.get(stage, ())


def is_open(stage: str) -> bool:
    return stage in OPEN_STAGES
