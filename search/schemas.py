from ninja import Schema


class SearchHitOut(Schema):
    title: str
    detail: str
    url: str


class SearchGroupOut(Schema):
    kind: str
    label: str
    hits: list[SearchHitOut]
    more: bool
    list_url: str | None

    @staticmethod
    def resolve_label(obj) -> str:
        return str(obj.label)


class SearchOut(Schema):
    query: str
    groups: list[SearchGroupOut]
