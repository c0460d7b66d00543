"""Staff preview a draft at its own URL, in the site's own look; everyone else gets a 404."""

import pytest
from django.test import Client

from tests.consultations.conftest import sign_in, staff_user

pytestmark = pytest.mark.django_db

DRAFT = "/articles/next-steps/"


@pytest.fixture
def library(content):
    content.write("first-article", "About sessions [@1].")
    content.write("next-steps", "Not ready yet [@1].", title="Next steps", extra="draft: true\n")
    return content


@pytest.fixture
def staff(django_user_model):
    return sign_in(Client(), staff_user(django_user_model, "editor", "Clinical reviewer"))


def test_a_signed_in_staff_member_sees_the_draft_with_a_banner(library, staff):
    response = staff.get(DRAFT)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Draft — not published." in page and "<h1>Next steps</h1>" in page
    assert 'class="site-header"' in page  # the site's own look, not the admin's


def test_a_preview_is_never_stored_by_any_cache(library, staff):
    response = staff.get(DRAFT)
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store", "no-cache"} <= cache_control
    assert "public" not in cache_control and "s-maxage=300" not in response["Cache-Control"]
    assert "ETag" not in response and "Cookie" in response["Vary"]
    assert response["X-Robots-Tag"] == "noindex"


def test_a_visitor_gets_404_even_right_after_a_staff_preview(library, staff):
    staff.get(DRAFT)
    staff.get(DRAFT)
    assert Client().get(DRAFT).status_code == 404
    assert Client().get(DRAFT).status_code == 404


@pytest.mark.parametrize("verified", [False, True])
def test_only_staff_signed_in_with_both_factors_may_preview(library, django_user_model, verified):
    user = staff_user(django_user_model, "halfway", "Clinical reviewer")
    client = sign_in(Client(), user, verified=verified)
    assert client.get(DRAFT).status_code == (200 if verified else 404)


@pytest.mark.parametrize(
    ("role", "status"),
    [("Clinical reviewer", 200), ("Clinic manager", 200), ("Intake coordinator", 404), (None, 404)],
)
def test_only_roles_that_see_the_review_desk_may_preview(library, django_user_model, role, status):
    client = sign_in(Client(), staff_user(django_user_model, "someone", role))
    assert client.get(DRAFT).status_code == status
    assert client.get("/articles/first-article/").status_code == 200


def test_a_signed_in_user_who_is_not_staff_gets_404(library, django_user_model):
    user = staff_user(django_user_model, "patient", "Clinical reviewer")
    user.is_staff = False
    user.save()
    assert sign_in(Client(), user).get(DRAFT).status_code == 404


def test_staff_get_the_same_published_pages_as_everyone(library, staff):
    published = "/articles/first-article/"
    assert staff.get(published).content == Client().get(published).content
    assert "Draft — not published" not in staff.get(published).content.decode()


def test_an_unknown_slug_is_404_for_staff_too(library, staff):
    assert staff.get("/articles/no-such-article/").status_code == 404
    assert staff.get("/articles/Not%20A%20Slug/").status_code == 404
