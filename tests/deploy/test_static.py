"""Static files come from collectstatic's folder through nginx itself, never from the app."""

from deploy.stack import STATIC_ROOT
from perf.bench import stylesheet
from tests.deploy.client import access_log_line, request

IMMUTABLE = "public, max-age=31536000, immutable"


def on_disk(url: str) -> bytes:
    return (STATIC_ROOT / url.removeprefix("/static/")).read_bytes()


def test_a_hashed_file_is_sent_from_its_gz_and_kept_a_year(stack):
    url = stylesheet()
    answer = request(stack, url, headers={"Accept-Encoding": "gzip, deflate, br"})
    assert answer.status == 200
    assert answer.header("Content-Encoding") == "gzip"
    assert answer.body == on_disk(url + ".gz")  # WhiteNoise's file, not compressed again
    assert answer.header("Cache-Control") == IMMUTABLE
    assert answer.header("Vary") == "Accept-Encoding"
    assert answer.header("Content-Type") == "text/css; charset=utf-8"


def test_a_browser_without_gzip_gets_the_plain_file(stack):
    url = stylesheet()
    answer = request(stack, url)
    assert answer.header("Content-Encoding") is None
    assert answer.body == on_disk(url)
    assert answer.header("Cache-Control") == IMMUTABLE


def test_a_name_without_a_hash_is_checked_again_soon(stack):
    answer = request(stack, "/static/css/site.css")
    assert answer.status == 200
    assert answer.header("Cache-Control") == "public, max-age=60"


def test_a_file_that_was_not_collected_is_a_404_kept_by_nobody(stack):
    answer = request(stack, "/static/css/site.0123456789ab.css")
    assert answer.status == 404
    assert answer.header("Cache-Control") is None


def test_static_files_never_reach_the_app(stack):
    url = stylesheet()
    request(stack, url, source="127.0.0.10")
    line = access_log_line(stack, lambda line: line.startswith("127.0.0.10 ") and url in line)
    assert line.endswith("upstream=-")


def test_an_unchanged_static_file_answers_304(stack):
    url = stylesheet()
    etag = request(stack, url).header("ETag")
    assert request(stack, url, headers={"If-None-Match": etag}).status == 304
