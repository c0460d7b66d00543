"""`make loadtest`: 2,000 consultation requests, 50 at a time, against gunicorn with 4 workers,
first on SQLite (a fresh file under var/perf/) and then on PostgreSQL (a database it creates and
drops), with a real mail server that takes 1 s to accept each message and task workers
(`manage.py db_worker`) sending the emails beside the site.

It passes on each database with exactly 2,000 new rows, no errors, a submission p99 under
400 ms, and, once the workers have drained the queue, exactly one acknowledgement for each
visitor and 2,000 clinic alerts at the mail server; otherwise it exits non-zero.

Each submission is a new visitor: it loads the form, which gives it its own CSRF cookie and
signed form token, then sends the form with its own cookies and must be answered with the
redirect to the confirmation page. Anything else, or a failed connection, is an error.

Two anti-bot settings are relaxed for this run only, through the server's environment:
- CONSULTATION_RATE_LIMIT: every visitor here comes from 127.0.0.1, and the real limit (a few
  forms an hour per address) would answer all but the first few with 429;
- CONSULTATION_MIN_FILL_SECONDS=0: a script fills the form in milliseconds, which the real
  setting would store as spam (still a row, but not the request under test).

Usage: python -m perf.loadtest [sqlite] [postgres]
PostgreSQL: LOADTEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/clinic_loadtest)
names the database to create, use and drop; it must not exist already.
"""

import json
import os
import re
import sys
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

import psycopg
from psycopg import sql

from perf.mailserver import smtp_server
from perf.server import (
    HOST,
    VAR,
    fetch,
    gunicorn,
    load_average,
    manage,
    percentile,
    prepare,
    production_env,
    task_workers,
)

REQUESTS = 2000
CONCURRENCY = 50
WORKERS = 4
TIME_LIMIT = 600  # seconds per database: the run is bounded even if the server stalls
# The mail server takes this long to accept each message, as a slow real one might. Two task
# workers send beside the site while the requests arrive, as a clinic would run them; then more
# join, so that 4,000 emails at a second each drain in minutes rather than half an hour.
MAIL_DELAY = 1.0
TASK_WORKERS = 2
DRAIN_WORKERS = 30
DRAIN_LIMIT = 600
SUBMISSION_P99_MS = 400
CLINIC_INBOX = "intake@clinic.example.com"
PORTS = {"sqlite": 8201, "postgres": 8202}
FORM_PATH = "/consultations/request/"
RECEIVED_PATH = "/consultations/request/received/"
DEFAULT_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/clinic_loadtest"
HIDDEN_INPUT = re.compile(r'<input[^>]*name="(csrfmiddlewaretoken|form_token)"[^>]*>')
VALUE = re.compile(r'value="([^"]*)"')
COUNT_ROWS = """
import json
from consultations.models import ConsultationRequest as R, Email as E
print(json.dumps({
    "rows": R.objects.count(),
    "spam": R.objects.filter(status="spam").count(),
    "waiting": E.objects.filter(state__in=["queued", "retrying", "sending"]).count(),
    "failed": E.objects.filter(state="failed").count(),
}))
"""


@dataclass
class Visit:
    error: str = ""
    form_ms: float = 0.0
    submit_ms: float = 0.0


def answers(number: int) -> dict:
    """A valid form, different for each visitor."""
    return {
        "full_name": f"Load Test {number:04d}",
        "email": f"loadtest+{number}@example.com",
        "phone": f"613-555-{number % 10000:04d}",
        "contact_method": "email",
        "voicemail_ok": "no",
        "province": "ON",
        "is_adult": "on",
        "help_wanted": ["anxiety"],
        "referred_by_clinician": "no",
        "message": "Sent by the load test.",
        "consent": "on",
        "website": "",
    }


def cookies(headers) -> str:
    pairs = [value.split(";", 1)[0] for name, value in headers if name.lower() == "set-cookie"]
    return "; ".join(pairs)


def hidden_fields(html: str) -> dict:
    fields = {}
    for match in HIDDEN_INPUT.finditer(html):
        if value := VALUE.search(match.group(0)):
            fields[match.group(1)] = value.group(1)
    return fields


def visit(port: int, number: int, deadline: float) -> Visit:
    if time.monotonic() > deadline:
        return Visit(error="not sent: time limit reached")
    try:
        started = time.perf_counter()
        status, headers, body = fetch(port, FORM_PATH)
        form_ms = (time.perf_counter() - started) * 1000
        if status != 200:
            return Visit(error=f"form page answered {status}")
        data = {**answers(number), **hidden_fields(body.decode())}
        origin = f"https://{HOST}:{port}"
        started = time.perf_counter()
        status, headers, _ = fetch(
            port,
            FORM_PATH,
            method="POST",
            body=urlencode(data, doseq=True),
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": cookies(headers),
                "Origin": origin,
                "Referer": origin + FORM_PATH,
            },
        )
        submit_ms = (time.perf_counter() - started) * 1000
    except OSError as error:
        return Visit(error=f"connection: {type(error).__name__}")
    location = dict((name.lower(), value) for name, value in headers).get("location", "")
    if status not in (302, 303) or not location.endswith(RECEIVED_PATH):
        return Visit(error=f"submission answered {status} {location}".strip())
    return Visit(form_ms=form_ms, submit_ms=submit_ms)


def count_rows(env: dict) -> dict:
    return json.loads(manage(env, "shell", "--command", COUNT_ROWS).strip().splitlines()[-1])


def run(label: str, database_url: str, port: int) -> bool:
    with smtp_server(delay=MAIL_DELAY) as (smtp_port, mail):
        env = production_env(
            database_url=database_url,
            CONSULTATION_RATE_LIMIT="1000000/h",
            CONSULTATION_MIN_FILL_SECONDS="0",
            DJANGO_EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST=HOST,
            EMAIL_PORT=str(smtp_port),
            EMAIL_USE_TLS="0",
            CLINIC_NOTIFY_EMAIL=CLINIC_INBOX,
        )
        print(f"\n{label}: preparing (collectstatic, migrate)…", flush=True)
        prepare(env)
        before = count_rows(env)
        name = f"loadtest-{label.lower()}"
        with (
            task_workers(env, count=TASK_WORKERS, name=name),
            gunicorn(env, port=port, workers=WORKERS, name=name),
        ):
            print(f"{label}: sending, with {TASK_WORKERS} task workers running…", flush=True)
            deadline = time.monotonic() + TIME_LIMIT
            started, cpu_started = time.perf_counter(), time.process_time()
            with ThreadPoolExecutor(CONCURRENCY) as pool:
                visits = list(pool.map(lambda n: visit(port, n, deadline), range(REQUESTS)))
            seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
            print(f"{label}: sent; {DRAIN_WORKERS} more task workers drain the emails…", flush=True)
            with task_workers(env, count=DRAIN_WORKERS, name=f"{name}-drain"):
                after, drained = drain(env, started)
        delivered = Counter(address for item in mail.received for address in item.to)
    return report(label, visits, (seconds, cpu, drained), before, after, delivered)


def drain(env: dict, started: float) -> tuple[dict, float]:
    """Wait (bounded) until no email is waiting; the counts then, and seconds since the start."""
    deadline = time.monotonic() + DRAIN_LIMIT
    while True:
        counts = count_rows(env)
        if counts["waiting"] == 0 or time.monotonic() > deadline:
            return counts, time.perf_counter() - started
        time.sleep(5)


def report(label: str, visits, times: tuple, before: dict, after: dict, delivered) -> bool:
    (seconds, cpu, drained), done = times, [v for v in visits if not v.error]
    errors = Counter(v.error for v in visits if v.error)
    added, spam = after["rows"] - before["rows"], after["spam"] - before["spam"]
    patients = [f"loadtest+{number}@example.com" for number in range(REQUESTS)]
    acknowledged = Counter(delivered[address] for address in patients)
    alerts = delivered[CLINIC_INBOX]
    p99 = percentile([v.submit_ms for v in done], 0.99) if done else float("inf")
    passed = (
        not errors
        and added == REQUESTS
        and spam == 0
        and p99 < SUBMISSION_P99_MS
        and acknowledged == Counter({1: REQUESTS})
        and alerts == REQUESTS
        and after["waiting"] == after["failed"] == 0
    )
    print(f"{label}: {REQUESTS:,} requests, {CONCURRENCY} at a time, {WORKERS} workers")
    print(f"  {len(done):,} sent in {seconds:.1f} s: {len(done) / seconds:.1f} requests/s")
    print(f"  (this load generator used {cpu:.0f} s of CPU; load average now {load_average()})")
    if done:
        for what, times in (
            ("form page ", [v.form_ms for v in done]),
            ("submission", [v.submit_ms for v in done]),
            ("both      ", [v.form_ms + v.submit_ms for v in done]),
        ):
            print(
                f"  {what}  p50 {percentile(times, 0.5):6.0f} ms   "
                f"p99 {percentile(times, 0.99):6.0f} ms"
            )
    print(f"  rows {before['rows']:,} → {after['rows']:,} (+{added:,}, of which spam {spam})")
    print(
        f"  emails, mail server taking {MAIL_DELAY:g} s each, {TASK_WORKERS} task workers "
        f"(then {TASK_WORKERS + DRAIN_WORKERS}): drained {drained:.0f} s after the first submission"
    )
    print(
        f"    acknowledgements: {acknowledged[1]:,} visitors got exactly one, "
        f"{sum(n for k, n in acknowledged.items() if k > 1)} got more, {acknowledged[0]} none"
    )
    waiting, failed = after["waiting"], after["failed"]
    print(f"    clinic alerts: {alerts:,}; still waiting {waiting}, failed {failed}")
    print(
        f"  errors {sum(errors.values())}" + "".join(f"\n    {n} × {e}" for e, n in errors.items())
    )
    print(f"  {'PASS' if passed else 'FAIL'}")
    return passed


def sqlite() -> bool:
    path = VAR / "loadtest.sqlite3"
    VAR.mkdir(parents=True, exist_ok=True)
    for leftover in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        leftover.unlink(missing_ok=True)
    return run("SQLite", f"sqlite:///{path}", PORTS["sqlite"])


def postgres() -> bool:
    url = os.environ.get("LOADTEST_DATABASE_URL", DEFAULT_POSTGRES_URL)
    name = urlsplit(url).path.lstrip("/")
    server = urlsplit(url)._replace(path="/postgres").geturl()
    try:
        admin = psycopg.connect(server, autocommit=True)
    except psycopg.OperationalError as error:
        print(f"\nPostgreSQL: cannot connect ({error}); set LOADTEST_DATABASE_URL. FAIL")
        return False
    with admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        try:
            return run("PostgreSQL", url, PORTS["postgres"])
        finally:
            drop = "DROP DATABASE IF EXISTS {} WITH (FORCE)"
            admin.execute(sql.SQL(drop).format(sql.Identifier(name)))


def main(argv: list[str]) -> int:
    runs = {"sqlite": sqlite, "postgres": postgres}
    chosen = argv or list(runs)
    if unknown := set(chosen) - set(runs):
        sys.exit(f"Unknown database {', '.join(unknown)}; choose from: sqlite postgres")
    results = [runs[name]() for name in chosen]
    print("\nLoad test " + ("passed" if all(results) else "FAILED"))
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
