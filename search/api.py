from ninja import Field, Router
from ninja import Query as QueryParams

from core.schemas import QuerySchema
from search.schemas import SearchOut
from search.selectors import MAX_LENGTH, PER_KIND, search_everything, search_query

router = Router(tags=["search"])


class SearchQuery(QuerySchema):
    q: str = Field("", max_length=MAX_LENGTH, description="What to look for (at least two characters).")
    limit: int = Field(PER_KIND, ge=1, le=20, description="Results per kind.")


def _token_areas(request):
    """Which API areas the request's token may read (None: no token, or a token without scopes). A token
    finds through search only the kinds it could list in their own areas."""
    token = getattr(request, "api_token", None)
    scopes = getattr(token, "scopes", None)
    if scopes is None:
        return None
    granted = set(scopes)
    return lambda area: f"{area}:read" in granted or f"{area}:write" in granted


@router.get("", response=SearchOut, summary="Search partners, registrations, accounts and people")
def search(request, params: QueryParams[SearchQuery]):  # type: ignore[type-arg]
    """Grouped by kind, at most `limit` per kind, only what the caller may see; typos and other scripts
    (Cyrillic for a Latin name) are forgiven. A query shorter than two characters finds nothing."""
    text = search_query(params.q)
    groups = search_everything(
        actor=request.actor, text=text, limit=params.limit, area_allowed=_token_areas(request)
    )
    return {"query": text, "groups": groups}
