"""Overdue, due within 30 days, current: judged on the clinic's own day, which tests pin."""

import datetime as dt

import pytest
import time_machine

from reviews.desk import State, clinic_today, desk_rows, review_state

pytestmark = pytest.mark.django_db

TODAY = dt.date(2027, 3, 15)


@pytest.mark.parametrize(
    ("next_review", "state"),
    [
        (TODAY - dt.timedelta(days=365), State.OVERDUE),
        (TODAY - dt.timedelta(days=1), State.OVERDUE),
        (TODAY, State.DUE_SOON),  # 0 days left: due today, not yet overdue
        (TODAY + dt.timedelta(days=1), State.DUE_SOON),
        (TODAY + dt.timedelta(days=30), State.DUE_SOON),
        (TODAY + dt.timedelta(days=31), State.CURRENT),
        (TODAY + dt.timedelta(days=300), State.CURRENT),
        (None, State.NOT_SCHEDULED),
    ],
)
def test_it_gives_each_next_review_date_its_state(next_review, state):
    assert review_state(next_review, TODAY) is state


def test_today_is_the_clinics_day_not_utcs(settings):
    settings.CLINIC_TIME_ZONE = "America/Toronto"
    # 02:30 UTC on March 16 is still 22:30 on March 15 in Toronto (EDT, UTC-4).
    with time_machine.travel(dt.datetime(2027, 3, 16, 2, 30, tzinfo=dt.UTC), tick=False):
        assert clinic_today() == TODAY
    settings.CLINIC_TIME_ZONE = "Asia/Tokyo"
    with time_machine.travel(dt.datetime(2027, 3, 15, 16, 0, tzinfo=dt.UTC), tick=False):
        assert clinic_today() == TODAY + dt.timedelta(days=1)


def write(content, slug, *, next_review, last_reviewed=TODAY - dt.timedelta(days=200)):
    content.write(
        slug,
        title=f"About {slug}",
        last_reviewed=last_reviewed.isoformat(),
        next_review=next_review.isoformat(),
    )


@time_machine.travel(dt.datetime(2027, 3, 15, 17, 0, tzinfo=dt.UTC), tick=False)
def test_the_desk_lists_every_article_then_the_faq_and_glossary_most_urgent_first(content):
    write(content, "first-article", next_review=TODAY + dt.timedelta(days=90))
    write(content, "due-today", next_review=TODAY)
    write(content, "late", next_review=TODAY - dt.timedelta(days=3))
    write(content, "soon", next_review=TODAY + dt.timedelta(days=30))
    content.write("a-draft", title="A draft", extra="draft: true\n")
    rows = desk_rows(TODAY)
    listed = [(row.page.title, row.state, row.due) for row in rows]
    assert listed == [
        ("About late", State.OVERDUE, "3 days ago"),
        ("About due-today", State.DUE_SOON, "due today"),
        ("About soon", State.DUE_SOON, "in 30 days"),
        ("About first-article", State.CURRENT, "in 90 days"),
        ("Frequently asked questions (1 question)", State.NOT_SCHEDULED, ""),
        ("Glossary (1 term)", State.NOT_SCHEDULED, ""),
    ]
    late = rows[0].page
    assert (late.url, late.reviewed_by) == ("/articles/late/", "Clinical team")
    assert late.last_reviewed == TODAY - dt.timedelta(days=200)
    assert rows[-1].page.url == "/glossary/" and rows[-1].feedback is None


@time_machine.travel(dt.datetime(2027, 3, 15, 17, 0, tzinfo=dt.UTC), tick=False)
def test_a_dated_faq_and_glossary_get_their_own_state_on_the_desk(content):
    write(content, "first-article", next_review=TODAY + dt.timedelta(days=90))
    for name, due in (("faq.yml", TODAY - dt.timedelta(days=1)), ("glossary.yml", TODAY)):
        path = content.root / name
        head = f"last_reviewed: 2026-09-01\nnext_review: {due.isoformat()}\nreviewed_by: Clinical team\n"
        path.write_text(head + "entries:\n" + path.read_text())
    listed = [(row.page.title, row.state, row.due) for row in desk_rows(TODAY)]
    assert listed == [
        ("Frequently asked questions (1 question)", State.OVERDUE, "1 day ago"),
        ("Glossary (1 term)", State.DUE_SOON, "due today"),
        ("About first-article", State.CURRENT, "in 90 days"),
    ]
