"""Django sees each client's own address through nginx, and nothing a client says can change it.

The clients connect from different loopback addresses (127.0.0.2, 127.0.0.3…). The rate limit
on sent forms is counted per client address, so it shows which address the app believed.

It is counted in each app process's own memory here (no REDIS_URL): a client may get up to
RATE_LIMIT forms through each of the stack's processes before every one of them refuses it.
"""

from tests.deploy.client import access_log_line, confirmed, open_form, request, send_form
from tests.deploy.conftest import APP_WORKERS, RATE_LIMIT

PROCESSES = 2 * APP_WORKERS
# However nginx spreads the forms over the processes, a client is refused within this many.
MOST_FORMS_BEFORE_A_REFUSAL = RATE_LIMIT * PROCESSES + 1


def send_until_refused(stack, source: str, *, forged=lambda attempt: None) -> int:
    """Send forms from `source` until one is refused (429); return how many were sent."""
    for attempt in range(1, MOST_FORMS_BEFORE_A_REFUSAL + 1):
        headers = {"X-Forwarded-For": forged(attempt)} if forged(attempt) else {}
        visitor = open_form(stack, attempt, source=source)
        answer = send_form(stack, visitor, source=source, headers=headers)
        if answer.status == 429:
            return attempt
        assert confirmed(answer), answer.status
    raise AssertionError(f"{source} was never refused in {MOST_FORMS_BEFORE_A_REFUSAL} forms")


def test_a_client_over_the_limit_is_refused_and_another_is_not_held_back(stack):
    assert send_until_refused(stack, "127.0.0.2") > RATE_LIMIT
    assert confirmed(send_form(stack, open_form(stack, 1, source="127.0.0.3"), source="127.0.0.3"))


def test_a_forged_x_forwarded_for_does_not_lift_the_limit(stack):
    """Each form claims another sender; if the app believed it, none would ever be refused."""
    send_until_refused(stack, "127.0.0.5", forged=lambda attempt: f"198.51.100.{attempt}")


def test_a_forged_x_forwarded_for_does_not_put_someone_else_over_the_limit(stack):
    send_until_refused(stack, "127.0.0.6")
    # A newcomer claiming to be the refused client is judged by its own address.
    newcomer = open_form(stack, 1, source="127.0.0.7")
    answer = send_form(
        stack, newcomer, source="127.0.0.7", headers={"X-Forwarded-For": "127.0.0.6"}
    )
    assert confirmed(answer)


def test_the_access_log_names_the_client_and_never_the_query_string(stack):
    request(stack, "/search/?q=suicidal+thoughts", source="127.0.0.8")
    line = access_log_line(stack, lambda line: line.startswith("127.0.0.8 "))
    assert '"GET /search/ HTTP/1.1"' in line
    assert "suicidal" not in (stack.site.var / "access.log").read_text()
