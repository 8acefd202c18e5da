from django.db.models import Q

from core.db import json_list_contains


def search_q(text: str) -> Q:
    q = Q()
    for word in text.split():
        q &= (
            Q(name__icontains=word)
            | Q(legal_name__icontains=word)
            | Q(web_domain__icontains=word)
            | Q(tax_id__icontains=word)
            | Q(city__icontains=word)
        )
    return q


def vertical_q(code: str) -> Q:
    return json_list_contains("verticals", code)
