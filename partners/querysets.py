from django.db.models import Q

from core.db import json_list_contains


def vertical_q(code: str) -> Q:
    return json_list_contains("verticals", code)
