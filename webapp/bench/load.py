"""A small closed-loop HTTP load generator: N clients, each sending requests back to back."""

import http.client
import statistics
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

# A request: (method, path, body, headers) for one client's n-th request, or None
# when that client has nothing more to send.
RequestMaker = Callable[[int, int], tuple[str, str, bytes | None, dict] | None]


@dataclass
class LoadResult:
    requests: int
    errors: int
    seconds: float
    latencies_ms: list[float]

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @classmethod
    def combined(cls, results: list["LoadResult"]) -> "LoadResult":
        """Several runs of one load as if one: their requests over their time."""
        return cls(
            sum(r.requests for r in results),
            sum(r.errors for r in results),
            sum(r.seconds for r in results),
            [ms for r in results for ms in r.latencies_ms],
        )

    @property
    def p95_ms(self) -> float:
        if len(self.latencies_ms) < 2:
            return self.latencies_ms[0] if self.latencies_ms else 0.0
        return statistics.quantiles(self.latencies_ms, n=20)[18]


def run_load(
    base_url: str,
    make_request: RequestMaker,
    *,
    clients: int,
    seconds: float,
    ok_statuses=(200, 204, 302),
) -> LoadResult:
    """Run `clients` loops for `seconds` (or until they run out of requests);
    count answers outside ok_statuses as errors."""
    host = urlsplit(base_url)
    deadline = time.perf_counter() + seconds
    latencies: list[list[float]] = [[] for _ in range(clients)]
    errors = [0] * clients

    def client(index: int) -> None:
        connection = http.client.HTTPConnection(host.hostname, host.port, timeout=30)
        n = 0
        while time.perf_counter() < deadline:
            made = make_request(index, n)
            if made is None:
                break
            method, path, body, headers = made
            started = time.perf_counter()
            try:
                connection.request(method, path, body=body, headers=headers)
                response = connection.getresponse()
                response.read()
                if response.status not in ok_statuses:
                    errors[index] += 1
            except (OSError, http.client.HTTPException):
                errors[index] += 1
                connection.close()
                connection = http.client.HTTPConnection(host.hostname, host.port, timeout=30)
            latencies[index].append((time.perf_counter() - started) * 1000)
            n += 1
        connection.close()

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    flat = [ms for per_client in latencies for ms in per_client]
    return LoadResult(len(flat), sum(errors), elapsed, flat)
