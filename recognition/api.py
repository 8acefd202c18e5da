"""`/api/recognition`: the leaderboards (as the leaderboard setting lets the reader see them), awards, the
awards granted, and what partners see on the leaderboards. The same inputs, selectors and services as the
pages; token area `program`."""

from uuid import UUID

from ninja import Query, Router, Status
from ninja.pagination import paginate

from core.inputs import body_values
from core.listing import filterset_schema, query_data
from core.pagination import KanalPagination
from recognition.filters import AwardFilterSet, GrantFilterSet
from recognition.inputs import BoardInput
from recognition.schemas import (
    AwardGrantDetailOut,
    AwardGrantOut,
    AwardIn,
    AwardPatch,
    GrantIn,
    LeaderboardLineOut,
    LeaderboardOut,
    LeaderboardQuery,
    LeaderboardSettingOut,
    LeaderboardSummaryQuery,
    RecognitionAwardDetailOut,
    RecognitionAwardOut,
    RevokeIn,
    SettingIn,
)
from recognition.selectors import (
    award_filters,
    award_get,
    board_for,
    grant_filters,
    grant_get,
    leaderboard_settings,
    setting_get,
)
from recognition.services import (
    award_create,
    award_update,
    grant_create,
    grant_revoke,
    setting_clear,
    setting_save,
)
from recognition.visibility import Presented

router = Router(tags=["recognition"])

AwardQuery = filterset_schema(AwardFilterSet, "RecognitionAwardQuery")
GrantQuery = filterset_schema(GrantFilterSet, "AwardGrantQuery")


def _board(request, query) -> Presented:
    values = {k: v for k, v in query_data(query).items() if v not in ("", None)}
    choice = BoardInput.from_api(values, actor=request.actor)
    choice.cleaned()  # a wrong value is refused (422), not ignored as on the page
    return board_for(actor=request.actor, **choice.choice())


@router.get(
    "/leaderboard",
    response=list[LeaderboardLineOut],
    summary="A leaderboard's rows, best first (partners: as the leaderboard setting allows)",
)
@paginate(KanalPagination)
def leaderboard_rows(request, query: Query[LeaderboardQuery]):  # type: ignore[valid-type]
    return _board(request, query).lines


@router.get(
    "/leaderboard/summary",
    response=LeaderboardOut,
    summary="A leaderboard's period, currency and setting, and the reader's own position",
)
def leaderboard_summary(request, query: Query[LeaderboardSummaryQuery]):  # type: ignore[valid-type]
    presented = _board(request, query)
    board = presented.board
    return {
        "period": board.window.period,
        "fiscal_period": board.window.code,
        "start": board.window.start,
        "end": board.window.last_day,
        "currency": board.currency,
        "metric": board.metric,
        "anonymity": presented.anonymity,
        "top_n": presented.visibility.top_n,
        "ranked": board.ranked,
        "missing_rates": list(board.missing_rates),
        "own": presented.own,
    }


@router.get("/awards", response=list[RecognitionAwardOut], summary="Awards (staff)")
@paginate(KanalPagination)
def list_awards(request, filters: Query[AwardQuery]):  # type: ignore[valid-type]
    request.actor.require("recognition.view")
    if not request.actor.is_staff:
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied
    return award_filters(actor=request.actor, data=query_data(filters), strict=True).qs


@router.post(
    "/awards",
    response={201: RecognitionAwardDetailOut},
    summary="Create an award (marketing, ops, the chief)",
)
def create_award(request, payload: AwardIn):  # type: ignore[valid-type]
    award = award_create(actor=request.actor, data=body_values(payload))
    return Status(201, award_get(actor=request.actor, public_id=award.public_id))


@router.get("/awards/{recognition_award_id}", response=RecognitionAwardDetailOut, summary="An award (staff)")
def get_award(request, recognition_award_id: UUID):
    return award_get(actor=request.actor, public_id=recognition_award_id)


@router.patch("/awards/{recognition_award_id}", response=RecognitionAwardDetailOut, summary="Change an award")
def update_award(request, recognition_award_id: UUID, payload: AwardPatch):  # type: ignore[valid-type]
    award = award_get(actor=request.actor, public_id=recognition_award_id)
    award_update(actor=request.actor, award=award, data=body_values(payload, exclude_unset=True))
    return award_get(actor=request.actor, public_id=recognition_award_id)


@router.get(
    "/grants",
    response=list[AwardGrantOut],
    summary="Awards granted (staff: every partner's; partners: their own company's badges)",
)
@paginate(KanalPagination)
def list_grants(request, filters: Query[GrantQuery]):  # type: ignore[valid-type]
    return grant_filters(actor=request.actor, data=query_data(filters), strict=True).qs


@router.post(
    "/grants", response={201: AwardGrantDetailOut}, summary="Grant an award to a partner for a period"
)
def create_grant(request, payload: GrantIn):  # type: ignore[valid-type]
    grant = grant_create(actor=request.actor, data=body_values(payload))
    return Status(201, grant_get(actor=request.actor, public_id=grant.public_id))


@router.get("/grants/{grant_id}", response=AwardGrantDetailOut, summary="An award granted")
def get_grant(request, grant_id: UUID):
    return grant_get(actor=request.actor, public_id=grant_id)


@router.post("/grants/{grant_id}/revoke", response=AwardGrantDetailOut, summary="Revoke an award, saying why")
def revoke_grant(request, grant_id: UUID, payload: RevokeIn):  # type: ignore[valid-type]
    grant = grant_get(actor=request.actor, public_id=grant_id)
    grant_revoke(actor=request.actor, grant=grant, data=body_values(payload))
    return grant_get(actor=request.actor, public_id=grant_id)


@router.get(
    "/settings", response=list[LeaderboardSettingOut], summary="What partners see on the leaderboards (staff)"
)
@paginate(KanalPagination)
def list_settings(request):
    if not request.actor.is_staff:
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied
    return leaderboard_settings(actor=request.actor)


@router.put(
    "/settings",
    response=LeaderboardSettingOut,
    summary="Set what partners see on the leaderboards of a program (or of every program)",
)
def put_setting(request, payload: SettingIn):  # type: ignore[valid-type]
    return setting_save(actor=request.actor, data=body_values(payload))


@router.delete(
    "/settings/{setting_id}",
    response={204: None},
    summary="Remove a program's own setting: it follows the setting for every program",
)
def delete_setting(request, setting_id: UUID):
    setting = setting_get(actor=request.actor, public_id=setting_id)
    setting_clear(actor=request.actor, setting=setting)
    return Status(204, None)
