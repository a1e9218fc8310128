import pytest

from engraft.access.roles import Role

from .factories import make_staff


@pytest.fixture
def cast(db):
    """One account per role, plus an outsider with no role: graded access."""
    people = {role: make_staff(role) for role in Role}
    people[None] = make_staff(None)
    return people


@pytest.fixture
def login(client, cast):
    def as_role(role: Role | None):
        client.force_login(cast[role])
        return client

    return as_role


@pytest.fixture
def specialist_in(client, cast):
    """The cast's specialist signed in, working in the given discipline (their scope)."""

    def sign_in(discipline: str):
        cast[Role.SPECIALIST].discipline = discipline
        cast[Role.SPECIALIST].save()
        client.force_login(cast[Role.SPECIALIST])
        return client

    return sign_in
