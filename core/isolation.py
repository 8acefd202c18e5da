"""The cross-partner walk: every URL and API route, visited as partner A's users against partner B's objects.

Every route must be classified in `core/tests/isolation_rules.py`; an unclassified route fails the walk,
so a new view is covered the moment it is added. For each route the walk checks the status code, that none
of partner B's identifying strings appear in the response, that none of the staff-only rows planted before
the walk (each carrying a unique marker) shows, and that none of partner B's rows (or staff-only, public or
B's users' personal rows) changed.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import connection
from django.db.models import F
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from core.actor import build_actor
from core.scoping import PUBLIC, STAFF_ONLY

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


class MissingFactory(LookupError):
    def __str__(self) -> str:
        return f"no factory for URL argument {self.args[0]!r}"


class RouteUrls:
    """Concrete URLs of routes: each URL argument is made once, by `factories[name](context)`.

    The isolation walk and the browser walk (e2e/walk.py) share it, each with its own factories: partner B's
    objects there, objects the personas may open here. A factory keyed `(route name, argument)` serves that
    route alone (a page that needs its object in a particular state).
    """

    def __init__(
        self, context, factories: dict[Any, Callable], *, urlconf=None, before_factory: Callable | None = None
    ):
        self.context = context
        self.factories = factories
        self.urlconf = urlconf
        self.before_factory = before_factory
        self._made: dict[str, object] = {}

    def url(self, route: Route) -> str:
        kwargs = {name: self._argument(route.name, name) for name in route.kwarg_names}
        return reverse(route.name, urlconf=self.urlconf, kwargs=kwargs or None)

    def _argument(self, route_name: str, name: str) -> object:
        key: Any = (route_name, name) if (route_name, name) in self.factories else name
        if key not in self.factories:
            raise MissingFactory(name)
        if key not in self._made:
            if self.before_factory is not None:
                self.before_factory()
            self._made[key] = self.factories[key](self.context)
        return self._made[key]


def _kwarg_names(pattern) -> tuple[str, ...]:
    converters = getattr(pattern, "converters", None)
    if converters:
        return tuple(converters)
    regex = getattr(pattern, "_regex", None)
    if isinstance(regex, str):
        return tuple(re.compile(regex).groupindex)
    return ()


class Fingerprint:
    """Row counts and last-update stamps of everything partner B owns (through `visible_to` as B's admin),
    of B's users' personal rows, and of all staff-only and public rows: a partner user may change none.

    The SQL is compiled once, when the walk starts; each visit then only runs it (two per request).
    """

    def __init__(self, partner, member):
        self.partner = partner
        actor = build_actor(member)
        b_users = partner.memberships.values("user_id")
        self.statements: list[tuple[str, str, tuple]] = []
        for model in apps.get_models():
            user_scope = getattr(model, "user_scope", None)
            scope = getattr(model, "partner_scope", "absent")
            if (scope == "absent" and not user_scope) or not hasattr(model.objects, "visible_to"):
                continue
            if user_scope:
                rows = model._base_manager.filter(**{f"{user_scope}__in": b_users})
            elif scope is STAFF_ONLY or scope == PUBLIC:
                rows = model._base_manager.all()  # counted whole: charter, catalogue, direct sales …
            else:
                rows = model.objects.visible_to(actor)
            has_stamp = any(f.name == "updated_at" for f in model._meta.concrete_fields)
            rows = rows.order_by()
            if has_stamp:
                sql, params = (
                    rows.annotate(fp_stamp=F("updated_at")).values_list("fp_stamp").query.sql_with_params()
                )
                stamp = "MAX(fp.fp_stamp)"
            else:
                sql, params = rows.values_list("pk").query.sql_with_params()
                stamp = "NULL"
            self.statements.append((model._meta.label, f"SELECT COUNT(*), {stamp} FROM ({sql}) fp", params))

    def take(self) -> dict:
        out: dict[str, Any] = {}
        with connection.cursor() as cursor:
            for label, sql, params in self.statements:
                cursor.execute(sql, params)
                out[label] = tuple(cursor.fetchone())
        self.partner.refresh_from_db()
        out["partner"] = {
            f.attname: getattr(self.partner, f.attname) for f in self.partner._meta.concrete_fields
        }
        return out


def fingerprint(partner, member) -> dict:
    return Fingerprint(partner, member).take()


@dataclass
class WalkResult:
    failures: list[str] = field(default_factory=list)
    visited: int = 0

    def fail(self, message: str) -> None:
        self.failures.append(message)


def markers_of(world) -> list[str]:
    return [world.partner_b.name, world.admin_b.email, world.rep_b.email, world.partner_b.web_domain]


def plant_staff_only_rows(world, planters: Sequence[Callable]) -> list[str]:
    """Create the staff-only rows (draft rule sets, direct-only products, internal notes …); their markers."""
    markers = [marker for plant in planters for marker in plant(world)]
    assert len(set(markers)) == len(markers), "staff-only markers must be unique"
    return markers


@dataclass
class _Walk:
    """What every visit is checked against: partner B's markers, staff-only markers, and the fingerprint."""

    world: object
    markers: list[str]
    staff_markers: list[str]
    fingerprint: Fingerprint
    result: WalkResult = field(default_factory=WalkResult)
    _last: dict | None = None  # the fingerprint after the last visit, while nothing else has run since

    def setting_up(self) -> None:
        """Call before anything but a visit touches the database (URL factories, logging in)."""
        self._last = None

    @classmethod
    def start(cls, world, staff_only_rows):
        staff_markers = plant_staff_only_rows(world, staff_only_rows)
        return cls(world, markers_of(world), staff_markers, Fingerprint(world.partner_b, world.admin_b))

    def visit(self, where: str, send: Callable, *args, **kwargs):
        """Send one request (`send(*args, **kwargs)`) and check the response and the data around it."""
        self.result.visited += 1
        before = self._last if self._last is not None else self.fingerprint.take()
        response = send(*args, **kwargs)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        after = self._last = self.fingerprint.take()  # after the body: a streamed export runs as it is read
        text = body.decode("utf-8", "replace")
        leaked = [m for m in self.markers if m and m in text]
        if leaked:
            self.result.fail(f"{where}: response shows partner B's data {leaked}")
        shown = [m for m in self.staff_markers if m in text]
        if shown:
            self.result.fail(f"{where}: response shows staff-only data {shown}")
        if before != after:
            changed = sorted(k for k in before if before[k] != after.get(k))
            self.result.fail(f"{where}: changed partner B's or staff-only data: {changed}")
        return response


def walk_html(
    *,
    world,
    rules: dict[str, str],
    factories: dict[str, Callable],
    client_for,
    staff_only_rows: Sequence[Callable] = (),
    urlconf=None,
    personas=None,
    only: Collection[str] | None = None,
) -> WalkResult:
    """Visit every route (or the `only` ones) as partner A's users, with GET and POST."""
    walk = _Walk.start(world, staff_only_rows)
    result = walk.result
    urls = RouteUrls(world, factories, urlconf=urlconf, before_factory=walk.setting_up)
    for route in iter_routes(urlconf):
        if only is not None and route.name not in only:
            continue
        access = rule_for(rules, route.name)
        if access is None:
            result.fail(f"{route.name}: route is not classified in isolation rules")
            continue
        if access == SKIP_API:
            continue
        try:
            url = urls.url(route)
        except MissingFactory as missing:
            result.fail(f"{route.name}: {missing}")
        else:
            for user in personas or (world.admin_a, world.rep_a):
                walk.setting_up()
                client = client_for(user)
                for method in ("get", "post"):
                    where = f"{method.upper()} {route.name} as {user.email}"
                    response = walk.visit(where, getattr(client, method), url)
                    _check_status(result, where, method, access, response.status_code)
    return result


def rule_for(rules: dict[str, Any], name: str) -> Any:
    """The rule for a route name: its own entry, else the first `prefix*` entry it starts with."""
    if name in rules:
        return rules[name]
    for key, value in rules.items():
        if key.endswith("*") and name.startswith(key[:-1]):
            return value
    return None


def _check_status(result, where, method, access, status):
    if status >= 500:
        result.fail(f"{where}: server error {status}")
    if access in EXPECTED and status not in EXPECTED[access]:
        result.fail(f"{where}: expected {sorted(EXPECTED[access])}, got {status}")
    if access == OWN and method == "get" and status not in (200, 302, 405):
        result.fail(f"{where}: own page answered {status}")


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
    staff_only_rows: Sequence[Callable] = (),
    personas=None,
) -> WalkResult:
    walk = _Walk.start(world, staff_only_rows)
    result = walk.result
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
                walk.setting_up()
                kwargs_cache[name] = factories[name](world)
            url = url.replace("{" + name + "}", str(kwargs_cache[name]))
        else:
            for user, client in clients.items():
                where = f"{key} as {user.email}"
                body_json = json.dumps(body or {})
                response = walk.visit(
                    where, client.generic, method, url, body_json, content_type="application/json"
                )
                expected = {STAFF: {403, 404}, SCOPED: {404}}.get(access)
                if response.status_code >= 500 or response.status_code == 401:
                    result.fail(f"{where}: answered {response.status_code}")
                elif expected and response.status_code not in expected:
                    result.fail(f"{where}: expected {sorted(expected)}, got {response.status_code}")
    return result


def random_uuid() -> str:
    return str(uuid.uuid4())
