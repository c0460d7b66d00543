"""`python -m perf.bench_nginx`: the site through nginx, as `make stack` runs it, in one run.

The stack from deploy/stack.py (nginx over HTTPS in front of two gunicorn instances of one sync
worker each: the two workers perf/bench.py measures) on free ports, and wrk over HTTPS with the
same connections, rounds and median-round rule as perf/bench.py. Three rows:

- static copy: an article's finished bytes (plain, and the gzipped copy beside it), written as a
  static file for the run and served by nginx itself: the most nginx can do with those bytes;
- article: the same page from the micro-cache, target at least 0.8 × the static copy;
- form page: through to gunicorn every time (never cached), for information: its speed is
  that of the two sync workers, which share the two cores with nginx and wrk here.

The first two rows must also have a p99 under 25 ms (perf.bench.P99_LIMIT_MS); no row may have
errors. Everything is printed before the exit status says whether every target was met.
"""

import http.client
import os
import secrets
import shutil
import socket
import ssl
import subprocess
import sys
import time
from dataclasses import dataclass

from deploy.stack import STATIC_ROOT, environment, running
from perf.bench import (
    CONNECTIONS,
    P99_LIMIT_MS,
    ROUNDS,
    SECONDS,
    WARM_UP_SECONDS,
    Measurement,
    article_and_topic,
    median_round,
    parse_wrk,
)
from perf.server import VAR, fetch, load_average, prepare

MICRO_CACHE_RATIO = 0.8  # of the static copy's requests/second
FORM_PATH = "/consultations/request/"
COPY_FOLDER = "bench-nginx"  # under the static root, for this run only
HEADERS = {"Accept-Encoding": "gzip, deflate, br"}  # what every browser says


@dataclass(frozen=True)
class Row:
    name: str
    path: str
    min_ratio: float | None  # of the static copy's requests/second
    cached: bool  # must come from the micro-cache
    p99_limit_ms: float | None = P99_LIMIT_MS


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wrk(url: str, seconds: int) -> Measurement:
    headers = [arg for name, value in HEADERS.items() for arg in ("-H", f"{name}: {value}")]
    command = ["wrk", "-t1", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency", "--timeout=5s"]
    result = subprocess.run([*command, *headers, url], capture_output=True, text=True)  # noqa: S603
    if result.returncode:
        sys.exit(f"wrk failed on {url}:\n{result.stdout}{result.stderr}")
    return parse_wrk(result.stdout)


def through_nginx(stack, path: str, headers: dict | None = None):
    """(status, headers, body) over HTTPS, trusting the stack's own certificate."""
    context = ssl.create_default_context(cafile=str(stack.site.certificate))
    connection = http.client.HTTPSConnection("127.0.0.1", stack.site.https_port, context=context)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.msg, response.read()
    finally:
        connection.close()


def copy_article_as_static_file(stack, article: str) -> str:
    """The article's bytes as nginx serves them from the cache, written as a static file."""
    folder = STATIC_ROOT / COPY_FOLDER
    folder.mkdir(exist_ok=True)
    _, _, plain = through_nginx(stack, article)
    _, headers, packed = through_nginx(stack, article, HEADERS)
    assert headers["Content-Encoding"] == "gzip", "the app sent the article uncompressed"
    (folder / "article.html").write_bytes(plain)
    (folder / "article.html.gz").write_bytes(packed)
    path = f"/static/{COPY_FOLDER}/article.html"
    assert through_nginx(stack, path, HEADERS)[2] == packed
    return path


def settle(stack, timeout: float = 10.0) -> None:
    """Wait until gunicorn has answered what wrk left queued (see perf.bench.settle)."""
    port = next(iter(stack.apps))
    deadline, quick = time.monotonic() + timeout, 0
    while quick < 3 and time.monotonic() < deadline:
        started = time.perf_counter()
        fetch(port, "/healthz")
        quick = quick + 1 if time.perf_counter() - started < 0.02 else 0


def preflight(stack, rows: list[Row]) -> None:
    for row in rows:
        status, headers, _ = through_nginx(stack, row.path, HEADERS)
        through_nginx(stack, row.path, HEADERS)  # the second one is the cached one
        if status != 200:
            sys.exit(f"{row.name} ({row.path}) answered {status}, not 200; nothing to measure.")
        cache = through_nginx(stack, row.path, HEADERS)[1].get("X-Cache-Status")
        if row.cached and cache != "HIT":
            sys.exit(f"{row.name} ({row.path}) is not served from the micro-cache ({cache}).")
        if not row.cached and cache == "HIT":
            sys.exit(f"{row.name} ({row.path}) is served from the micro-cache; it must not be.")


def measure(stack, rows: list[Row]) -> dict[str, list[Measurement]]:
    for row in rows:
        wrk(stack.url(row.path), WARM_UP_SECONDS)
        settle(stack)
    rounds: dict[str, list[Measurement]] = {row.name: [] for row in rows}
    for number in range(ROUNDS):
        print(f"  round {number + 1} of {ROUNDS}…", flush=True)
        for row in rows[number % len(rows) :] + rows[: number % len(rows)]:
            rounds[row.name].append(wrk(stack.url(row.path), SECONDS))
            settle(stack)
    return rounds


def table(rows: list[Row], rounds: dict[str, list[Measurement]]) -> bool:
    print(f"\n{'endpoint':<12} {'req/s':>7} {'p50':>9} {'p99':>9} {'× static':>9}  "
          f"{'target':<22} result")  # fmt: skip
    all_passed = True
    floor = rounds[rows[0].name]
    for row in rows:
        result, ratio = median_round(rounds[row.name], floor)
        errors = sum(run.errors for run in rounds[row.name])
        missed = [f"{errors} errors"] if errors else []
        if row.min_ratio is not None and ratio < row.min_ratio:
            missed.append("ratio")
        if row.p99_limit_ms is not None and result.p99_ms >= row.p99_limit_ms:
            missed.append("p99")
        target = (
            ", ".join(
                ([f"≥ {row.min_ratio}×"] if row.min_ratio else [])
                + ([f"p99 < {row.p99_limit_ms:.0f} ms"] if row.p99_limit_ms else [])
            )
            or "(information)"
        )
        verdict = "FAIL (" + ", ".join(missed) + ")" if missed else "pass"
        all_passed &= not missed
        print(
            f"{row.name:<12} {result.requests_per_second:>7.0f} {result.p50_ms:>6.1f} ms "
            f"{result.p99_ms:>6.1f} ms {ratio:>8.2f}×  {target:<22} {verdict}"
        )
    return all_passed


def main() -> int:
    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed: run scripts/require-package wrk /usr/bin/wrk")
    var = VAR / "bench-nginx"
    shutil.rmtree(var, ignore_errors=True)
    var.mkdir(parents=True)
    https_port = free_port()
    env = environment(
        database_url=f"sqlite:///{var / 'db.sqlite3'}",
        secret_key=secrets.token_urlsafe(50),
        https_port=https_port,
    )
    prepare(env)
    article = article_and_topic()[0]
    started = time.monotonic()
    with running(
        env, var=var, https_port=https_port, http_port=free_port(),
        app_ports=(free_port(), free_port()), app_workers=1, with_task_worker=False,
        name="bench-nginx",
    ) as stack:  # fmt: skip
        try:
            rows = [
                Row("static copy", copy_article_as_static_file(stack, article), None, False),
                Row("article", article, MICRO_CACHE_RATIO, True),
                Row("form page", FORM_PATH, None, False, p99_limit_ms=None),
            ]
            preflight(stack, rows)
            for row in rows:
                print(f"{row.name:<12} {row.path}")
            print(f"Benchmark through nginx (HTTPS, HTTP/1.1 keep-alive): 2 gunicorn instances of "
                  f"1 sync worker, wrk with {CONNECTIONS} connections, {ROUNDS} rounds of "
                  f"{SECONDS} s per endpoint; load average before: {load_average()}")  # fmt: skip
            rounds = measure(stack, rows)
        finally:
            shutil.rmtree(STATIC_ROOT / COPY_FOLDER, ignore_errors=True)
    print(f"\nMeasured in {time.monotonic() - started:.0f} s on {os.cpu_count()} cores; "
          f"load average after: {load_average()}")  # fmt: skip
    passed = table(rows, rounds)
    print("\nBenchmark through nginx " + ("met every target" if passed else "MISSED a target"))
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
