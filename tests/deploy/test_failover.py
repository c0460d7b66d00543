"""One of the two app servers dies (SIGKILL, master and workers) part-way through 500
submissions. Every submission that got its redirect is stored exactly once; every one that did
not can be sent again, the same form with the same token, and is then stored exactly once.

Each submission is a new visitor: it loads the form (its own cookies, CSRF token and one-time
form token), then sends it. nginx sends new requests to the survivor at once; a POST that was
inside the dying server is answered 502 and never re-sent to the other by nginx itself (it
cannot know whether the dead one stored it). Sending it again is the visitor's choice, and the
form token makes it safe.
"""

import os
import signal
import sqlite3
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from http.client import HTTPException
from pathlib import Path

from perf.server import worker_pids
from tests.deploy.client import Visitor, confirmed, open_form, send_form

SUBMISSIONS = 500
CONCURRENCY = 16
KILL_AFTER = 150  # confirmed submissions
TIME_LIMIT = 120  # seconds for the whole run, whatever happens
RESENT_AFTER_A_REDIRECT = 20  # a reload of the form already confirmed: still one row each


@dataclass
class Outcome:
    visitor: Visitor | None
    confirmed: bool


class Killer:
    """Kills the first app server, master and workers at once, when enough forms are in."""

    def __init__(self, stack):
        self.port, self.master = next(iter(stack.apps.items()))
        self.confirmed = 0
        self.killed_at: int | None = None
        self.lock = threading.Lock()

    def count(self) -> None:
        with self.lock:
            self.confirmed += 1
            if self.confirmed == KILL_AFTER:
                self.killed_at = self.confirmed
                for pid in [self.master.pid, *worker_pids(self.master.pid)]:
                    os.kill(pid, signal.SIGKILL)


def submit(stack, number: int, killer: Killer, deadline: float) -> Outcome:
    if time.monotonic() > deadline:
        return Outcome(None, False)
    visitor = None
    for _ in range(3):  # loading the form may meet the dying server; a GET is safe to repeat
        try:
            visitor = open_form(stack, number)
            break
        except (OSError, HTTPException, AssertionError):  # refused, reset, or cut off mid-page
            continue
    if visitor is None:
        return Outcome(None, False)
    try:
        sent = confirmed(send_form(stack, visitor))
    except (OSError, HTTPException):
        sent = False
    if sent:
        killer.count()
    return Outcome(visitor, sent)


def resend(stack, visitor: Visitor) -> bool:
    for _ in range(3):
        try:
            if confirmed(send_form(stack, visitor)):
                return True
        except (OSError, HTTPException):
            pass
    return False


def rows_by_email(stack) -> dict[str, int]:
    database = Path(stack.env["DATABASE_URL"].removeprefix("sqlite:///"))
    with sqlite3.connect(database) as connection:
        return dict(
            connection.execute(
                "SELECT email, COUNT(*) FROM consultations_consultationrequest GROUP BY email"
            ).fetchall()
        )


def test_killing_one_app_server_mid_way_loses_no_request_and_stores_none_twice(busy_stack):
    stack, killer = busy_stack, Killer(busy_stack)
    deadline = time.monotonic() + TIME_LIMIT
    with ThreadPoolExecutor(CONCURRENCY) as pool:
        outcomes = list(pool.map(lambda n: submit(stack, n, killer, deadline), range(SUBMISSIONS)))
    assert time.monotonic() < deadline, "the run hit its time limit"
    assert killer.killed_at == KILL_AFTER
    assert killer.master.wait(timeout=10) == -signal.SIGKILL
    assert all(outcome.visitor for outcome in outcomes), "a form page never loaded"

    unanswered = [outcome.visitor for outcome in outcomes if not outcome.confirmed]
    # Only what was inside the dying server at that moment: everything after went to the other.
    assert len(unanswered) < CONCURRENCY * 2, len(unanswered)
    print(f"\n{len(unanswered)} of {SUBMISSIONS} submissions got no redirect; sending them again")
    assert all(resend(stack, visitor) for visitor in unanswered)
    again = [outcome.visitor for outcome in outcomes if outcome.confirmed]
    assert all(resend(stack, visitor) for visitor in again[:RESENT_AFTER_A_REDIRECT])

    rows = rows_by_email(stack)
    expected = {f"loadtest+{number}@example.com": 1 for number in range(SUBMISSIONS)}
    assert rows == expected, {email: n for email, n in rows.items() if n != 1}
