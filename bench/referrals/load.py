"""A bounded load for the referral benchmark: N client threads, each sending one GET after another (never
following a redirect) for a fixed time, over the paths given in turn.

Unlike the page benchmark's load (`bench.pages.load`), every answer is counted, warm-up included, by status:
the reliability check compares the redirects the clients received with the clicks the database holds. A
request that got no answer (refused or reset: the server was stopping) counts as a failure, status 0, and the
client waits a moment before its next one. Throughput counts the expected answers to requests started after
the warm-up and before the end, over the time from the warm-up's end until the last of them was answered.
"""

from __future__ import annotations

import http.client
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field

from bench.pages.load import LatencyFigures

FAILED = 0  # the status of a request that got no answer
PAUSE_AFTER_FAILURE = 0.01


@dataclass
class Load(LatencyFigures):
    expected: int  # the status that counts (302 for the redirect, 204 for the lookup)
    measured: int  # expected answers to requests started in the measured window
    seconds: float
    latencies_ms: list[float] = field(repr=False)
    answers: dict[int, int]  # every answer of the run by status, warm-up and failures included
    # Expected answers that arrived after `mark` (the graceful stop's signal), when one was given.
    answered_after_mark: int = 0

    @property
    def counted(self) -> int:
        return self.measured

    @property
    def received(self) -> int:
        """Expected answers over the whole run (warm-up included)."""
        return self.answers.get(self.expected, 0)

    @property
    def unexpected(self) -> dict[int, int]:
        return {status: n for status, n in self.answers.items() if status != self.expected}


def get_status(host: str, port: int, path: str, headers: dict[str, str], timeout: float = 30.0) -> int:
    conn = http.client.HTTPConnection(host, port, timeout=timeout)
    try:
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        response.read()
        return response.status
    except OSError:
        return FAILED
    finally:
        conn.close()


def run_load(
    host: str,
    port: int,
    paths: Sequence[str],
    headers: dict[str, str],
    *,
    expected: int,
    clients: int = 8,
    seconds: float = 2.0,
    warmup: float = 0.3,
    mark: threading.Event | None = None,
) -> Load:
    """Client i starts at paths[i % len(paths)] and goes round them. `mark`: an event set by someone else
    (the graceful stop); expected answers that arrive after it is set are counted apart."""
    start = time.perf_counter()
    measure_from = start + warmup
    stop = measure_from + seconds
    latencies: list[float] = []
    answers: dict[int, int] = {}
    last_end = [measure_from]
    after_mark = [0]
    lock = threading.Lock()

    def client(index: int) -> None:
        mine: list[float] = []
        seen: dict[int, int] = {}
        late = 0
        finished = measure_from
        turn = index
        while True:
            began = time.perf_counter()
            if began >= stop:
                break
            status = get_status(host, port, paths[turn % len(paths)], headers)
            turn += 1
            ended = time.perf_counter()
            seen[status] = seen.get(status, 0) + 1
            if status == expected and mark is not None and mark.is_set():
                late += 1
            if began >= measure_from and status == expected:
                finished = ended
                mine.append((ended - began) * 1000)
            if status == FAILED:
                time.sleep(PAUSE_AFTER_FAILURE)
        with lock:
            last_end[0] = max(last_end[0], finished)
            latencies.extend(mine)
            after_mark[0] += late
            for status, n in seen.items():
                answers[status] = answers.get(status, 0) + n

    threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return Load(
        expected=expected,
        measured=len(latencies),
        seconds=last_end[0] - measure_from,
        latencies_ms=latencies,
        answers=answers,
        answered_after_mark=after_mark[0],
    )


def merge(loads: Sequence[Load]) -> Load:
    """Several slices of the same path as one (the rounds of the throughput phase)."""
    answers: dict[int, int] = {}
    for load in loads:
        for status, n in load.answers.items():
            answers[status] = answers.get(status, 0) + n
    return Load(
        expected=loads[0].expected,
        measured=sum(load.measured for load in loads),
        seconds=sum(load.seconds for load in loads),
        latencies_ms=[x for load in loads for x in load.latencies_ms],
        answers=answers,
        answered_after_mark=sum(load.answered_after_mark for load in loads),
    )
