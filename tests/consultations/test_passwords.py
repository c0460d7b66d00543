"""Staff passwords: at least 12 characters, not common, not all digits, not like the user name."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from pytest_django.asserts import assertContains

from tests.consultations.conftest import sign_in

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("password", "because"),
    [
        ("Tr0ub4dor&3", "at least 12 characters"),
        ("password1234", "too common"),
        ("472019384756", "entirely numeric"),
        ("coordinator2026", "too similar to the username"),
    ],
)
def test_a_weak_password_is_refused(coordinator, password, because):
    with pytest.raises(ValidationError, match=because):
        validate_password(password, user=coordinator)


def test_a_long_passphrase_is_accepted(coordinator):
    validate_password("maple canoe lantern thirty", user=coordinator)


def test_the_admin_refuses_a_weak_password_for_a_new_staff_member(django_user_model):
    root = django_user_model.objects.create_superuser("root", password="a long test password")
    client = sign_in(Client(), root)
    response = client.post(
        reverse("admin:auth_user_add"),
        {"username": "newstaff", "password1": "newstaff12", "password2": "newstaff12"},
    )
    assertContains(response, "This password is too short.")
    assert not django_user_model.objects.filter(username="newstaff").exists()
    accepted = client.post(
        reverse("admin:auth_user_add"),
        {
            "username": "newstaff",
            "password1": "maple canoe lantern thirty",
            "password2": "maple canoe lantern thirty",
        },
    )
    assert accepted.status_code == 302
    assert django_user_model.objects.filter(username="newstaff").exists()
