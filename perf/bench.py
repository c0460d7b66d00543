"""`make bench`: how fast each kind of page is, compared with a static file, in one run.

wrk (32 connections, one thread: a load generator in Python would take the CPU the server needs
on a small machine) against gunicorn with 2 sync workers on 127.0.0.1, production settings plus
a bare "ok" view, the floor (perf/settings.py), shown for information. Every row is judged
against the site's stylesheet as WhiteNoise serves it, measured in the same round: a finished
page should cost what a static file costs. Several rounds, the endpoints interleaved so that
background noise hits them alike; for each endpoint the median round (by its ratio to the static
file in that round) is reported. Then the RSS of each worker. Everything is printed before the
exit status says whether every target was met.
"""

import os
import re
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass

from perf import FLOOR_PATH
from perf.server import (
    HOST,
    PROXY_HEADERS,
    ROOT,
    VAR,
    fetch,
    gunicorn,
    load_average,
    prepare,
    production_env,
    rss_mb,
    worker_pids,
)

PORT = 8203
WORKERS = 2
CONNECTIONS = 32
ROUNDS = 5
SECONDS = 3  # per endpoint per round
WARM_UP_SECONDS = 2
# Targets, as a share of the static file's requests/second. Finished pages are answered right
# after WhiteNoise, as the static file is; a search answer is kept too but goes through the
# whole stack; the form page is built for each visitor (its CSRF token and form token).
FINISHED_PAGE_RATIO = 0.95
SEARCH_RATIO = 0.6
FORM_PAGE_RATIO = 0.5
P99_LIMIT_MS = 25.0
RSS_LIMIT_MB = 120.0
PREFERRED_ARTICLE = "what-is-ketamine-therapy"
SEARCH = "/search/?q=ketamine+depression"


@dataclass(frozen=True)
class Endpoint:
    name: str
    path: str
    min_ratio: float | None  # of the static file's requests/second


@dataclass(frozen=True)
class Measurement:
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    errors: int


def article_and_topic() -> tuple[str, str]:
    """A published article from content/ (the preferred one if it exists) and its topic."""
    candidates = sorted((ROOT / "content").glob("*.md"), key=lambda p: p.stem != PREFERRED_ARTICLE)
    for path in candidates:
        front = path.read_text(encoding="utf-8").split("\n---", 1)[0]
        category = re.search(r"^category:\s*(\S+)", front, re.MULTILINE)
        if category and not re.search(r"^draft:\s*true", front, re.MULTILINE):
            return f"/articles/{path.stem}/", f"/articles/topic/{category.group(1)}/"
    sys.exit("No published article in content/ to benchmark.")


def stylesheet() -> str:
    """The hashed name collectstatic gave css/site.css, as pages link to it."""
    manifest = (ROOT / "staticfiles" / "staticfiles.json").read_text()
    return "/static/" + re.search(r'"css/site\.css":\s*"([^"]+)"', manifest).group(1)


REFERENCE = "static CSS"  # every ratio is to this row, in the same round


def endpoints() -> list[Endpoint]:
    article, topic = article_and_topic()
    return [
        Endpoint(REFERENCE, stylesheet(), None),
        Endpoint("floor", "/" + FLOOR_PATH, None),
        Endpoint("home", "/", FINISHED_PAGE_RATIO),
        Endpoint("article", article, FINISHED_PAGE_RATIO),
        Endpoint("topic", topic, FINISHED_PAGE_RATIO),
        Endpoint("FAQ", "/faq/", FINISHED_PAGE_RATIO),
        Endpoint("glossary", "/glossary/", FINISHED_PAGE_RATIO),
        Endpoint("search", SEARCH, SEARCH_RATIO),
        Endpoint("form page", "/consultations/request/", FORM_PAGE_RATIO),
    ]


UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


# Every request says what a browser says: it accepts compressed answers.
BROWSER_HEADERS = {**PROXY_HEADERS, "Accept-Encoding": "gzip, deflate, br"}


def wrk(path: str, seconds: int) -> Measurement:
    headers = [arg for name, value in BROWSER_HEADERS.items() for arg in ("-H", f"{name}: {value}")]
    command = ["wrk", "-t1", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency", "--timeout=5s"]
    result = subprocess.run(  # noqa: S603
        [*command, *headers, f"http://{HOST}:{PORT}{path}"], capture_output=True, text=True
    )
    if result.returncode:
        sys.exit(f"wrk failed on {path}:\n{result.stdout}{result.stderr}")
    return parse_wrk(result.stdout)


def parse_wrk(output: str) -> Measurement:
    """Requests/second, median and 99th percentile latency, and errors: answers other than
    2xx/3xx plus socket errors (connect, read, write, timeout)."""

    def latency(percent: str) -> float:
        match = re.search(rf"^\s+{percent}%\s+([\d.]+)(us|ms|s)\s*$", output, re.MULTILINE)
        return float(match.group(1)) * UNITS_MS[match.group(2)]

    socket_errors = re.search(r"Socket errors: (.*)", output)
    bad_status = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors = int(bad_status.group(1)) if bad_status else 0
    if socket_errors:
        errors += sum(int(n) for n in re.findall(r"\d+", socket_errors.group(1)))
    return Measurement(
        requests_per_second=float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        p50_ms=latency("50"),
        p99_ms=latency("99"),
        errors=errors,
    )


def preflight(pages: list[Endpoint]) -> None:
    for page in pages:
        status = fetch(PORT, page.path)[0]
        if status != 200:
            sys.exit(f"{page.name} ({page.path}) answered {status}, not 200; nothing to measure.")


def conditional_requests(path: str) -> str:
    """Informational: does a page answer a conditional request with 304?"""
    headers = {name.lower(): value for name, value in fetch(PORT, path)[1]}
    lines = []
    for validator, condition in (("etag", "If-None-Match"), ("last-modified", "If-Modified-Since")):
        if validator not in headers:
            lines.append(f"  {path}: no {validator} header, so no 304 for {condition}")
            continue
        status = fetch(PORT, path, headers={condition: headers[validator]})[0]
        lines.append(f"  {path} with {condition}: {status} {'(ok)' if status == 304 else ''}")
    return "\n".join(lines)


def settle(timeout: float = 10.0) -> None:
    """Wait until the workers are idle again.

    When wrk stops, requests it had sent are still queued at the server, and the sync workers
    answer them all, to nobody. Without this pause the next endpoint would be measured while a
    slow page's leftovers were still being served.
    """
    deadline, quick = time.monotonic() + timeout, 0
    while quick < 3 and time.monotonic() < deadline:
        started = time.perf_counter()
        fetch(PORT, "/" + FLOOR_PATH)
        quick = quick + 1 if time.perf_counter() - started < 0.02 else 0


def measure(pages: list[Endpoint]) -> dict[str, list[Measurement]]:
    for page in pages:
        wrk(page.path, WARM_UP_SECONDS)
        settle()
    rounds: dict[str, list[Measurement]] = {page.name: [] for page in pages}
    for number in range(ROUNDS):
        print(f"  round {number + 1} of {ROUNDS}…", flush=True)
        # Each round starts at a different endpoint, so none is always measured first or last.
        for page in pages[number % len(pages) :] + pages[: number % len(pages)]:
            rounds[page.name].append(wrk(page.path, SECONDS))
            settle()
    return rounds


def median_round(
    runs: list[Measurement], references: list[Measurement]
) -> tuple[Measurement, float]:
    """The round with the median ratio to the reference in the same round (for the reference
    itself, its median speed)."""
    ratios = [
        run.requests_per_second / reference.requests_per_second
        for run, reference in zip(runs, references, strict=True)
    ]
    keys = [run.requests_per_second for run in runs] if runs is references else ratios
    middle = keys.index(statistics.median_low(keys))
    return runs[middle], ratios[middle]


@dataclass(frozen=True)
class Verdict:
    page: Endpoint
    result: Measurement
    ratio: float  # to the static file in the same round
    missed: tuple[str, ...]


def judge(pages: list[Endpoint], rounds: dict[str, list[Measurement]]) -> list[Verdict]:
    """Each endpoint's median round, against the static file and the p99 limit."""
    verdicts = []
    for page in pages:
        result, ratio = median_round(rounds[page.name], rounds[REFERENCE])
        errors = sum(run.errors for run in rounds[page.name])
        missed = [f"{errors} errors"] if errors else []
        if page.min_ratio is not None and ratio < page.min_ratio:
            missed.append("ratio")
        if result.p99_ms >= P99_LIMIT_MS:
            missed.append("p99")
        verdicts.append(Verdict(page, result, ratio, tuple(missed)))
    return verdicts


def table(pages: list[Endpoint], rounds: dict[str, list[Measurement]]) -> bool:
    print(f"\n{'endpoint':<11} {'req/s':>7} {'p50':>9} {'p99':>9} {'× CSS':>8}  "
          f"{'target':<22} result")  # fmt: skip
    verdicts = judge(pages, rounds)
    for verdict in verdicts:
        page, result = verdict.page, verdict.result
        target = f"≥ {page.min_ratio}×, " if page.min_ratio else ""
        target += f"p99 < {P99_LIMIT_MS:.0f} ms"
        shown = "FAIL (" + ", ".join(verdict.missed) + ")" if verdict.missed else "pass"
        print(
            f"{page.name:<11} {result.requests_per_second:>7.0f} {result.p50_ms:>6.1f} ms "
            f"{result.p99_ms:>6.1f} ms {verdict.ratio:>7.2f}×  {target:<22} {shown}"
        )
    return not any(verdict.missed for verdict in verdicts)


def memory(master_pid: int) -> bool:
    all_passed = True
    for pid in worker_pids(master_pid):
        rss = rss_mb(pid)
        all_passed &= rss < RSS_LIMIT_MB
        verdict = "pass" if rss < RSS_LIMIT_MB else "FAIL"
        print(f"worker {pid}: {rss:.0f} MB RSS (target < {RSS_LIMIT_MB:.0f} MB) {verdict}")
    return all_passed


def main() -> int:
    database = VAR / "bench.sqlite3"
    VAR.mkdir(parents=True, exist_ok=True)
    database.unlink(missing_ok=True)
    env = production_env(database_url=f"sqlite:///{database}", settings_module="perf.settings")
    prepare(env)
    pages = endpoints()
    started = time.monotonic()
    # No worker recycling: the memory figure is then that of workers that served everything.
    with gunicorn(
        env, port=PORT, workers=WORKERS, name="bench", GUNICORN_MAX_REQUESTS="0"
    ) as server:
        preflight(pages)
        for page in pages:
            print(f"{page.name:<11} {page.path}")
        print(f"Benchmark: gunicorn, {WORKERS} sync workers, wrk with {CONNECTIONS} connections, "
              f"{ROUNDS} rounds of {SECONDS} s per endpoint; load average before: "
              f"{load_average()}")  # fmt: skip
        rounds = measure(pages)
        print(f"\nMeasured in {time.monotonic() - started:.0f} s on {os.cpu_count()} cores; "
              f"load average after: {load_average()}")  # fmt: skip
        speed_ok = table(pages, rounds)
        print("\nConditional requests (informational):")
        for page in pages:
            if page.min_ratio == FINISHED_PAGE_RATIO:
                print(conditional_requests(page.path))
        print()
        memory_ok = memory(server.pid)
    passed = speed_ok and memory_ok
    print("\nBenchmark " + ("met every target" if passed else "MISSED a target"))
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
