"""The content review desk in the staff admin: who sees it, and what it shows them."""

import datetime as dt

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.urls import reverse

from reviews.feedback import feedback_record
from tests.conftest import restore_roles
from tests.consultations.conftest import sign_in, staff_user

pytestmark = pytest.mark.django_db

DESK = reverse("review_desk")
# 03:00 UTC on December 2 is still December 1 on the clinic's clock (Toronto, UTC-5).
NOW = dt.datetime(2026, 12, 2, 3, 0, tzinfo=dt.UTC)
TODAY = dt.date(2026, 12, 1)


@pytest.fixture
def reviewer(client, django_user_model):
    return sign_in(client, staff_user(django_user_model, "reviewer", "Clinical reviewer"))


def write(content, slug, days_left):
    content.write(
        slug,
        title=f"About {slug}",
        last_reviewed=(TODAY - dt.timedelta(days=200)).isoformat(),
        next_review=(TODAY + dt.timedelta(days=days_left)).isoformat(),
    )


@pytest.fixture
def pinned(content):
    write(content, "first-article", 90)
    write(content, "late", -1)
    write(content, "soon", 0)
    with time_machine.travel(NOW, tick=False):
        yield content


def test_the_clinical_reviewer_role_holds_the_desk_and_nothing_else():
    restore_roles()
    reviewer = Group.objects.get(name="Clinical reviewer")
    assert list(reviewer.permissions.values_list("content_type__app_label", "codename")) == [
        ("reviews", "view_review_desk")
    ]
    manager = Group.objects.get(name="Clinic manager")
    assert manager.permissions.filter(codename="view_review_desk").exists()
    coordinator = Group.objects.get(name="Intake coordinator")
    assert not coordinator.permissions.filter(codename="view_review_desk").exists()


def test_the_desk_shows_each_page_its_state_and_a_link_to_it(
    pinned, reviewer
):  # signed in on the pinned day
    page = reviewer.get(DESK).content.decode()
    assert "Tuesday, December 1, 2026" in page  # the clinic's day, not UTC's
    late, soon, current = (
        page.index(f"About {slug}") for slug in ("late", "soon", "first-article")
    )
    assert late < soon < current  # most urgent first
    assert '<a href="/articles/late/">About late</a>' in page
    assert "<strong>Overdue</strong> (1 day ago)" in page
    assert "Due within 30 days (due today)" in page
    assert "Current (in 90 days)" in page
    assert '<a href="/faq/">Frequently asked questions (1 question)</a>' in page
    assert '<a href="/glossary/">Glossary (1 term)</a>' in page
    assert "Overdue: <strong>1</strong>" in page and "No review date: <strong>2</strong>" in page


def test_the_desk_counts_each_articles_answers_and_reasons(
    pinned, reviewer
):  # signed in on the pinned day
    for helpful, reason in [(True, "clear"), (True, ""), (False, "hard"), (False, "hard")]:
        feedback_record(slug="late", helpful=helpful, reason=reason)
    page = reviewer.get(DESK).content.decode()
    row = page[page.index("About late") : page.index("About soon")]
    assert '<td data-label="Helpful: yes">2</td>\n      <td data-label="Helpful: no">2</td>' in row
    assert "It was hard to understand: 2" in row and "It was clear and easy to follow: 1" in row
    assert row.index("hard to understand") < row.index("clear and easy")  # most given first
    other = page[page.index("About soon") : page.index("About first-article")]
    assert (
        '<td data-label="Helpful: yes">0</td>\n      <td data-label="Helpful: no">0</td>' in other
        and "None" in other
    )


def test_staff_who_may_see_the_desk_find_it_on_the_admin_index(reviewer):
    page = reviewer.get(reverse("admin:index")).content.decode()
    assert f'<a href="{DESK}">Content review desk</a>' in page


def test_an_intake_coordinator_neither_sees_the_link_nor_opens_the_desk(client, django_user_model):
    sign_in(client, staff_user(django_user_model, "coordinator", "Intake coordinator"))
    assert DESK not in client.get(reverse("admin:index")).content.decode()
    assert client.get(DESK).status_code == 403


def test_a_clinical_reviewer_sees_no_consultation_request(reviewer):
    changelist = reverse("admin:consultations_consultationrequest_changelist")
    assert reviewer.get(changelist).status_code == 403


def test_the_desk_is_never_stored_by_a_browser(reviewer):
    response = reviewer.get(DESK)
    assert "no-store" in response["Cache-Control"]
