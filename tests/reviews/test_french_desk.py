"""The review desk lists the French pages too, each marked as French, and says which
translation's English changed since it was translated."""

import pytest
from django.urls import reverse

from tests.consultations.conftest import sign_in, staff_user
from tests.french_content import french_guides, translate

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewer(client, django_user_model):
    return sign_in(client, staff_user(django_user_model, "reviewer", "Clinical reviewer"))


def row_of(page: str, href: str) -> str:
    start = page.index(f'<a href="{href}"')
    return page[start : page.index("</tr>", start)]


def test_the_desk_lists_the_french_pages_and_their_state(content, reviewer):
    content.write("first-article", title="About ketamine")
    content.write("second-article")
    translate(content, title="À propos de la kétamine")
    translate(content, "deuxieme-article", source="second-article.md")
    french_guides(content)
    content.write("second-article", "Corrected. [@1]")  # the English moves on

    page = reviewer.get(reverse("review_desk")).content.decode()
    first = row_of(page, "/fr/articles/premier-article/")
    assert 'lang="fr">À propos de la kétamine</a>' in first and "(French)" in first
    second = row_of(page, "/fr/articles/deuxieme-article/")
    assert "(French: the English changed since it was translated)" in second
    assert "(French)" in row_of(page, "/fr/faq/") and "(French)" in row_of(page, "/fr/glossary/")
    assert "French" not in row_of(page, "/articles/first-article/")
