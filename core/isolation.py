"""The cross-partner walk: every URL and API route, visited as partner A's users against partner B's objects.

Every route must be classified in `core/tests/isolation_rules.py`; an unclassified route fails the walk,
so a new view is covered the moment it is added. For each route the walk checks the status code, that none
of partner B's identifying strings appear in the response, and that none of partner B's rows (or staff-only
rows) changed.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from django.apps import apps
from django.db.models import Max
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from core.actor import build_actor
from core.scoping import PUBLIC

# Access classes
PUBLIC_ROUTE = "public"  # anyone; must not show or change partner B's data
OWN = "own"  # a partner user's own pages (kwargs, if any, are public objects): must work, must not leak B
STAFF = "staff"  # vendor staff only: partner users get 403/404/405
SCOPED = (
    "scoped"  # addresses partner B's object: partner A's users get 404 (405 for a GET on a POST-only view)
)
SKIP_API = "api"  # ninja routes, walked through the OpenAPI schema instead

EXPECTED = {
    STAFF: {403, 404, 405},
    SCOPED: {404, 405},
}


@dataclass(frozen=True)
class Route:
    name: str
    kwarg_names: tuple[str, ...]


def iter_routes(urlconf=None) -> Iterator[Route]:
    def walk(patterns, namespace, kwargs):
        for p in patterns:
            names = _kwarg_names(p.pattern)
            if isinstance(p, URLResolver):
                ns = ":".join(x for x in (namespace, p.namespace) if x) if p.namespace else namespace
                yield from walk(p.url_patterns, ns, kwargs + names)
            elif isinstance(p, URLPattern) and p.name:
                yield Route(
                    f"{namespace}:{p.name}" if namespace else p.name, tuple(dict.fromkeys(kwargs + names))
                )

    yield from walk(get_resolver(urlconf).url_patterns, "", ())


def _kwarg_names(pattern) -> tuple[str, ...]:
    converters = getattr(pattern, "converters", None)
    if converters:
        return tuple(converters)
    regex = getattr(pattern, "_regex", None)
    if isinstance(regex, str):
        return tuple(re.compile(regex).groupindex)
    return ()


def fingerprint(partner, member) -> dict:
    """Row counts and last-update stamps of everything partner B owns, and of staff-only and public data."""
    actor = build_actor(member)
    out = {}
    for model in apps.get_models():
        scope = getattr(model, "partner_scope", "absent")
        if scope == "absent" or not hasattr(model.objects, "visible_to"):
            continue
        # Staff-only and public rows (charter, agreement texts, checklists, catalogue) are counted whole:
        # a partner user may change neither.
        qs = model.objects.all() if scope is None or scope == PUBLIC else model.objects.visible_to(actor)
        has_stamp = any(f.name == "updated_at" for f in model._meta.concrete_fields)
        agg = qs.aggregate(last=Max("updated_at")) if has_stamp else {}
        out[model._meta.label] = (qs.count(), agg.get("last"))
    partner.refresh_from_db()
    out["partner"] = {f.attname: getattr(partner, f.attname) for f in partner._meta.concrete_fields}
    return out


@dataclass
class WalkResult:
    failures: list[str] = field(default_factory=list)
    visited: int = 0

    def fail(self, message: str) -> None:
        self.failures.append(message)


def markers_of(world) -> list[str]:
    return [world.partner_b.name, world.admin_b.email, world.rep_b.email, world.partner_b.web_domain]


def walk_html(
    *, world, rules: dict[str, str], factories: dict[str, Callable], client_for, urlconf=None, personas=None
) -> WalkResult:
    result = WalkResult()
    markers = markers_of(world)
    kwargs_cache: dict[str, object] = {}
    for route in iter_routes(urlconf):
        access = rules.get(route.name) or _prefix_rule(rules, route.name)
        if access is None:
            result.fail(f"{route.name}: route is not classified in isolation rules")
            continue
        if access == SKIP_API:
            continue
        kwargs = {}
        for name in route.kwarg_names:
            if name not in factories:
                result.fail(f"{route.name}: no factory for URL argument {name!r}")
                break
            if name not in kwargs_cache:
                kwargs_cache[name] = factories[name](world)
            kwargs[name] = kwargs_cache[name]
        else:
            url = reverse(route.name, urlconf=urlconf, kwargs=kwargs or None)
            for user in personas or (world.admin_a, world.rep_a):
                client = client_for(user)
                for method in ("get", "post"):
                    result.visited += 1
                    before = fingerprint(world.partner_b, world.admin_b)
                    response = getattr(client, method)(url)
                    after = fingerprint(world.partner_b, world.admin_b)
                    _check(result, route.name, method, user, access, response, markers, before, after)
    return result


def _prefix_rule(rules, name):
    for key, value in rules.items():
        if key.endswith("*") and name.startswith(key[:-1]):
            return value
    return None


def _check(result, name, method, user, access, response, markers, before, after):
    where = f"{method.upper()} {name} as {user.email}"
    status = response.status_code
    if status >= 500:
        result.fail(f"{where}: server error {status}")
    if access in EXPECTED and status not in EXPECTED[access]:
        result.fail(f"{where}: expected {sorted(EXPECTED[access])}, got {status}")
    if access == OWN and method == "get" and status not in (200, 302, 405):
        result.fail(f"{where}: own page answered {status}")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    text = body.decode("utf-8", "replace")
    leaked = [m for m in markers if m and m in text]
    if leaked:
        result.fail(f"{where}: response shows partner B's data {leaked}")
    if before != after:
        changed = sorted(k for k in before if before[k] != after.get(k))
        result.fail(f"{where}: changed partner B's or staff-only data: {changed}")


# ---- API ------------------------------------------------------------


def iter_api_operations(api) -> Iterator[tuple[str, str]]:
    schema = api.get_openapi_schema()
    for path, operations in schema["paths"].items():
        for method in operations:
            yield method.upper(), path


def walk_api(
    *,
    world,
    api,
    rules: dict[str, tuple[str, dict | None]],
    factories: dict[str, Callable],
    token_client_for,
    personas=None,
) -> WalkResult:
    result = WalkResult()
    markers = markers_of(world)
    kwargs_cache: dict[str, object] = {}
    clients = {user: token_client_for(user) for user in (personas or (world.admin_a, world.rep_a))}
    for method, path in iter_api_operations(api):
        key = f"{method} {path}"
        if key not in rules:
            result.fail(f"{key}: API route is not classified in isolation rules")
            continue
        access, body = rules[key]
        url = path
        for name in re.findall(r"{(\w+)}", path):
            if name not in factories:
                result.fail(f"{key}: no factory for path parameter {name!r}")
                break
            if name not in kwargs_cache:
                kwargs_cache[name] = factories[name](world)
            url = url.replace("{" + name + "}", str(kwargs_cache[name]))
        else:
            for user, client in clients.items():
                result.visited += 1
                before = fingerprint(world.partner_b, world.admin_b)
                response = client.generic(
                    method, url, json.dumps(body or {}), content_type="application/json"
                )
                after = fingerprint(world.partner_b, world.admin_b)
                expected = {STAFF: {403, 404}, SCOPED: {404}}.get(access)
                where = f"{key} as {user.email}"
                if response.status_code >= 500 or response.status_code == 401:
                    result.fail(f"{where}: answered {response.status_code}")
                elif expected and response.status_code not in expected:
                    result.fail(f"{where}: expected {sorted(expected)}, got {response.status_code}")
                text = response.content.decode("utf-8", "replace")
                leaked = [m for m in markers if m and m in text]
                if leaked:
                    result.fail(f"{where}: response shows partner B's data {leaked}")
                if before != after:
                    changed = sorted(k for k in before if before[k] != after.get(k))
                    result.fail(f"{where}: changed partner B's or staff-only data: {changed}")
    return result


def random_uuid() -> str:
    return str(uuid.uuid4())
