"""A bounded load: N client threads, each sending one GET after another over http.client for a fixed time.

Gunicorn's sync workers close the connection after each answer, so each request opens its own connection
(as a browser's first visit through a proxy would). A request counts when it starts after the warm-up and
before the end; the measured time runs from the warm-up's end until the last counted request is answered.
"""

from __future__ import annotations

import http.client
import threading
import time
from dataclasses import dataclass, field


class LatencyFigures:
    """Throughput and latency of a load run: `counted` answers over `seconds`, and their latencies."""

    seconds: float
    latencies_ms: list[float]

    @property
    def counted(self) -> int:
        raise NotImplementedError

    @property
    def rps(self) -> float:
        return round(self.counted / self.seconds, 1) if self.seconds else 0.0

    @property
    def p95_ms(self) -> float:
        return percentile(self.latencies_ms, 0.95)

    @property
    def p50_ms(self) -> float:
        return percentile(self.latencies_ms, 0.50)


@dataclass
class LoadResult(LatencyFigures):
    requests: int
    seconds: float
    latencies_ms: list[float] = field(repr=False)
    errors: dict[int, int]

    @property
    def counted(self) -> int:
        return self.requests


def percentile(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(round(p * (len(ordered) - 1))))], 1)


def fetch(host: str, port: int, path: str, headers: dict[str, str], timeout: float = 30.0):
    conn = http.client.HTTPConnection(host, port, timeout=timeout)
    try:
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        body = response.read()
        return response.status, response, body
    finally:
        conn.close()


def run_load(
    host: str,
    port: int,
    path: str,
    headers: dict[str, str],
    *,
    clients: int = 8,
    seconds: float = 3.0,
    warmup: float = 0.5,
) -> LoadResult:
    start = time.perf_counter()
    measure_from = start + warmup
    stop = measure_from + seconds
    latencies: list[float] = []
    errors: dict[int, int] = {}
    last_end = [measure_from]
    lock = threading.Lock()

    def client() -> None:
        mine: list[float] = []
        failed: dict[int, int] = {}
        finished = measure_from
        while True:
            began = time.perf_counter()
            if began >= stop:
                break
            try:
                status, _response, _body = fetch(host, port, path, headers)
            except OSError:
                status = 0
            ended = time.perf_counter()
            if began >= measure_from:
                finished = ended
                if status == 200:
                    mine.append((ended - began) * 1000)
                else:
                    failed[status] = failed.get(status, 0) + 1
        with lock:
            last_end[0] = max(last_end[0], finished)
            latencies.extend(mine)
            for status, n in failed.items():
                errors[status] = errors.get(status, 0) + n

    threads = [threading.Thread(target=client, daemon=True) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = last_end[0] - measure_from
    return LoadResult(requests=len(latencies), seconds=elapsed, latencies_ms=latencies, errors=errors)


def merge(results: list[LoadResult]) -> LoadResult:
    """Several runs of the same page as one (the minimal page, measured before each page)."""
    errors: dict[int, int] = {}
    for r in results:
        for status, n in r.errors.items():
            errors[status] = errors.get(status, 0) + n
    return LoadResult(
        requests=sum(r.requests for r in results),
        seconds=sum(r.seconds for r in results),
        latencies_ms=[x for r in results for x in r.latencies_ms],
        errors=errors,
    )
