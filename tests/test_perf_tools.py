"""The load test and the benchmark read their numbers correctly."""

import pytest

import perf.bench
from perf.bench import REFERENCE, Endpoint, Measurement, judge, median_round, parse_wrk
from perf.loadtest import cookies, hidden_fields
from perf.server import percentile

WRK_OUTPUT = """\
Running 5s test @ http://127.0.0.1:8203/
  1 threads and 32 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    15.12ms    3.21ms  40.00ms   80.00%
    Req/Sec     1.06k   100.00     1.20k    70.00%
  Latency Distribution
     50%  850.00us
     75%   16.00ms
     90%   18.00ms
     99%    1.20s
  10000 requests in 5.00s, 1.50MB read
  Socket errors: connect 0, read 2, write 0, timeout 1
  Non-2xx or 3xx responses: 5
Requests/sec:   2000.50
Transfer/sec:    300.00KB
"""


def test_wrk_output_is_read_in_milliseconds_with_every_error_counted():
    result = parse_wrk(WRK_OUTPUT)
    assert result.requests_per_second == 2000.5
    assert result.p50_ms == pytest.approx(0.85)
    assert result.p99_ms == pytest.approx(1200)
    assert result.errors == 8


def test_wrk_output_without_errors_counts_none():
    lines = [
        line for line in WRK_OUTPUT.splitlines() if "errors" not in line and "Non-2xx" not in line
    ]
    assert parse_wrk("\n".join(lines)).errors == 0


def speed(requests_per_second: float) -> Measurement:
    return Measurement(requests_per_second, p50_ms=1.0, p99_ms=2.0, errors=0)


def test_a_page_is_reported_from_its_round_with_the_median_ratio_to_the_floor():
    floors = [speed(1000), speed(2000), speed(500)]
    page = [speed(900), speed(1000), speed(450)]  # ratios 0.9, 0.5, 0.9
    result, ratio = median_round(page, floors)
    assert ratio == 0.9 and result.requests_per_second in (900, 450)


def test_the_floor_is_reported_from_its_round_with_the_median_speed():
    floors = [speed(1000), speed(2000), speed(500)]
    result, ratio = median_round(floors, floors)
    assert (result.requests_per_second, ratio) == (1000, 1.0)


def test_every_row_is_judged_against_the_static_file_of_the_same_round():
    pages = [Endpoint(REFERENCE, "/static/site.css", None), Endpoint("article", "/a/", 0.95),
             Endpoint("form page", "/f/", 0.5)]  # fmt: skip
    rounds = {
        REFERENCE: [speed(2000), speed(1000), speed(3000)],
        "article": [speed(1960), speed(900), speed(2900)],  # 0.98, 0.90, 0.97
        "form page": [speed(900), speed(520), speed(1400)],  # 0.45, 0.52, 0.47
    }
    verdicts = {verdict.page.name: verdict for verdict in judge(pages, rounds)}
    assert verdicts[REFERENCE].ratio == 1.0 and verdicts[REFERENCE].missed == ()
    assert verdicts["article"].ratio == pytest.approx(0.9667, abs=1e-3)
    assert verdicts["article"].missed == ()
    assert verdicts["form page"].ratio == pytest.approx(0.4667, abs=1e-3)
    assert verdicts["form page"].missed == ("ratio",)


def test_a_slow_p99_or_an_error_misses_the_target():
    pages = [Endpoint(REFERENCE, "/static/site.css", None), Endpoint("home", "/", 0.95)]
    slow = Measurement(2000, p50_ms=1.0, p99_ms=25.0, errors=3)
    verdict = judge(pages, {REFERENCE: [speed(2000)], "home": [slow]})[1]
    assert verdict.missed == ("3 errors", "p99")


def test_the_benchmark_has_a_row_and_a_target_for_every_kind_of_page(monkeypatch):
    monkeypatch.setattr(perf.bench, "stylesheet", lambda: "/static/css/site.abc123.css")
    targets = {page.name: page.min_ratio for page in perf.bench.endpoints()}
    assert targets == {
        REFERENCE: None, "floor": None, "home": 0.95, "article": 0.95, "topic": 0.95,
        "FAQ": 0.95, "glossary": 0.95, "search": 0.6, "form page": 0.5,
    }  # fmt: skip
    assert perf.bench.P99_LIMIT_MS == 25.0 and perf.bench.RSS_LIMIT_MB == 120.0


def test_percentiles_are_nearest_rank():
    values = list(range(1, 101))
    assert percentile(values, 0.5) == 50
    assert percentile(values, 0.99) == 99
    assert percentile([7.0], 0.99) == 7.0


@pytest.mark.django_db
def test_the_load_test_finds_both_tokens_in_the_real_form_page(client):
    response = client.get("/consultations/request/")
    fields = hidden_fields(response.content.decode())
    assert set(fields) == {"csrfmiddlewaretoken", "form_token"}
    assert all(fields.values())


def test_the_load_test_sends_back_each_cookie_without_its_attributes():
    headers = [
        ("Set-Cookie", "csrftoken=abc; Path=/; Secure; SameSite=Lax"),
        ("Content-Type", "text/html"),
        ("Set-Cookie", "sessionid=xyz; HttpOnly; Secure"),
    ]
    assert cookies(headers) == "csrftoken=abc; sessionid=xyz"
