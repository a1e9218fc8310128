import pytest
from django.contrib.auth import get_user_model

from engraft.access.roles import Role
from engraft.information.models import InformationRequest
from engraft.web.demo import DEMO_PASSWORD, prepare_demo


@pytest.mark.django_db
def test_the_demo_creates_one_account_per_role_that_can_sign_in():
    accounts = prepare_demo()
    assert sorted(username for username, _ in accounts) == sorted(r.value for r in Role)
    for role in Role:
        user = get_user_model().objects.get(username=role.value)
        assert user.role == role.value
        assert user.check_password(DEMO_PASSWORD)


@pytest.mark.django_db
def test_preparing_the_demo_twice_changes_nothing():
    prepare_demo()
    counts = (get_user_model().objects.count(), InformationRequest.objects.count())
    prepare_demo()
    assert (get_user_model().objects.count(), InformationRequest.objects.count()) == counts
    assert counts[1] > 0
