"""Every URL of the project, walked by an anonymous visitor and by each role.

The expected outcome comes from the rule each view states (`public` or `requires(...)`)
and the grants in `engraft.access.roles`. A view that states no rule fails this test, and
so does a URL with parameters for which no sample object is given below.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from importlib import import_module
from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from engraft.access.decorators import PUBLIC
from engraft.access.roles import Permission, Role, role_may

from .factories import make_document, make_lab, make_patient, make_request


def patient_id() -> dict[str, object]:
    return {"public_id": make_patient().public_id}


def patient_entry(kind: str, make) -> Callable[[], dict[str, object]]:
    def sample() -> dict[str, object]:
        patient = make_patient()
        return {"public_id": patient.public_id, "kind": kind, "entry_id": make(patient).public_id}

    return sample


def patient_document() -> dict[str, object]:
    patient = make_patient()
    return {"public_id": patient.public_id, "document_id": make_document(patient).public_id}


# How to fill the parameters of each URL that has some: name -> kwargs from a sample object.
# Each later app adds its own in tests/django/url_samples_<app>.py (a SAMPLES dict there).
SAMPLES: dict[str, Callable[[], dict[str, object]]] = {
    "information:request_detail": lambda: {"public_id": make_request().public_id},
    "information:assign": lambda: {"public_id": make_request().public_id},
    "information:set_status": lambda: {"public_id": make_request().public_id},
    "information:add_note": lambda: {"public_id": make_request().public_id},
    "information:log_contact": lambda: {"public_id": make_request().public_id},
    "record:patient": patient_id,
    "record:edit_diagnosis": patient_id,
    "record:add_relative": patient_id,
    "record:add_genetic_result": patient_id,
    "record:add_finding": patient_id,
    "record:add_lab_result": patient_id,
    "record:lab_charts": patient_id,
    "record:add_document": patient_id,
    "record:add_study": patient_id,
    "record:document": patient_document,
    "record:void_entry": patient_entry("labs", make_lab),
    "record:timeline": patient_id,
    "record:fhir_export": patient_id,
    "api:get_patient": patient_id,
    "api:list_findings": patient_id,
    "api:list_observations": patient_id,
    "api:add_observation": patient_id,
}
for module_path in sorted(Path(__file__).parent.glob("url_samples_*.py")):
    SAMPLES.update(import_module(f"{__package__}.{module_path.stem}").SAMPLES)


def walk(resolver: URLResolver, namespace: str = "") -> Iterator[tuple[str, URLPattern]]:
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from walk(entry, inner)
        else:
            yield f"{namespace}{entry.name}", entry


def project_urls() -> list[tuple[str, URLPattern]]:
    return list(walk(get_resolver()))


def has_parameters(pattern: URLPattern) -> bool:
    return pattern.pattern.regex.groups > 0


def admin_url(name: str) -> bool:
    return name.startswith("admin:")


def api_url(name: str) -> bool:
    return name.startswith("api:")


def access_rule(pattern: URLPattern, method: str = "GET") -> str | None:
    """The rule a view states; for an API path, the rule of its operation for `method`."""
    callback = pattern.callback
    if hasattr(callback, "access_rule"):
        return callback.access_rule
    for cell in callback.__closure__ or ():
        operations = getattr(cell.cell_contents, "operations", None)
        for operation in operations or ():
            if method in operation.methods:
                return getattr(operation.view_func, "access_rule", None)
    return None


def test_every_view_states_its_access_rule():
    unruled = [
        name
        for name, pattern in project_urls()
        if not admin_url(name) and access_rule(pattern) is None
    ]
    assert unruled == [], f"views without an access rule: {unruled}"


def test_every_url_with_parameters_has_a_sample():
    missing = [
        name
        for name, pattern in project_urls()
        if not admin_url(name) and has_parameters(pattern) and name not in SAMPLES
    ]
    assert missing == [], f"add samples for: {missing}"


VISITORS = [None, *Role, "outsider"]


def visitor_id(visitor) -> str:
    return "anonymous" if visitor is None else str(visitor)


@pytest.mark.django_db
@pytest.mark.parametrize("visitor", VISITORS, ids=visitor_id)
def test_each_url_admits_exactly_the_roles_its_rule_names(client, cast, visitor):
    if visitor == "outsider":
        client.force_login(cast[None])
    elif visitor is not None:
        client.force_login(cast[visitor])
    role = visitor if isinstance(visitor, Role) else None
    wrong = []
    for name, pattern in project_urls():
        if admin_url(name):
            continue
        url = reverse(name, kwargs=SAMPLES[name]() if has_parameters(pattern) else None)
        response = client.get(url)
        sent_to_login = response.status_code == 302 and "/staff/login/" in response["Location"]
        # The API answers 401 where a page would send the visitor to the login page.
        sent_to_login = sent_to_login or (api_url(name) and response.status_code == 401)
        rule = access_rule(pattern)
        if rule == PUBLIC:
            expected = "allowed"
        elif visitor is None:
            expected = "login"
        else:
            expected = "allowed" if role_may(role, Permission(rule)) else "forbidden"
        actual = (
            "login"
            if sent_to_login
            else "forbidden"
            if response.status_code == 403
            else ("allowed")
        )
        if actual != expected:
            wrong.append((name, expected, actual, response.status_code))
    assert wrong == []


ADMIN_PAGES_WITHOUT_PARAMETERS = [
    name for name, pattern in project_urls() if admin_url(name) and not has_parameters(pattern)
]


@pytest.mark.django_db
@pytest.mark.parametrize("visitor", VISITORS, ids=visitor_id)
def test_only_administrators_open_the_admin(client, cast, visitor):
    if visitor == "outsider":
        client.force_login(cast[None])
    elif visitor is not None:
        client.force_login(cast[visitor])
    wrong = []
    for name in ADMIN_PAGES_WITHOUT_PARAMETERS:
        if name in ("admin:login", "admin:logout", "admin:autocomplete"):
            continue
        response = client.get(reverse(name))
        sent_to_login = response.status_code == 302 and "/admin/login/" in response["Location"]
        if sent_to_login == (visitor is Role.ADMINISTRATOR):
            wrong.append((name, response.status_code))
    assert wrong == []
    assert ADMIN_PAGES_WITHOUT_PARAMETERS, "the admin is expected to be mounted"


@pytest.mark.django_db
def test_specialist_cannot_open_the_request_queue(login):
    response = login(Role.SPECIALIST).get(reverse("information:queue"))
    assert response.status_code == 403
    assert "You may not open this page" in response.content.decode()


@pytest.mark.django_db
def test_coordinator_opens_the_request_queue(login):
    assert login(Role.COORDINATOR).get(reverse("information:queue")).status_code == 200


@pytest.mark.django_db
def test_anonymous_visitor_is_sent_to_login_with_the_page_to_return_to(client):
    response = client.get(reverse("information:queue"))
    assert response.status_code == 302
    assert response["Location"] == "/staff/login/?next=/staff/requests/"
