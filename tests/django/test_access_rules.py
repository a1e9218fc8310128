"""Every URL of the project, walked with GET and POST by an anonymous visitor and each role.

The expected access is the hand-written matrix in `access_matrix.py`, never read from the
views' decorators or the role grants: a view given the wrong permission fails here. A 404
is never "allowed", a refused POST must change nothing in the database, and a URL with no
row in the matrix (or a row with no URL) fails the walk.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from importlib import import_module
from pathlib import Path

import pytest
from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from engraft.access.disciplines import (
    FINDINGS_BY_DISCIPLINE,
    GENETICS,
    STUDIES_BY_DISCIPLINE,
    finding_disciplines,
    study_disciplines,
)
from engraft.access.roles import Permission, Role, role_may_act
from engraft.core.record.findings import FindingKind
from engraft.core.record.studies import STUDY_SPECS
from engraft.workup import seed_template

from .access_matrix import (
    ANONYMOUS,
    MATRIX,
    NOT_SERVED,
    OUTSIDER,
    VISITORS,
    WALK_SPECIALIST_DISCIPLINE,
)
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
    "record:care_team": patient_id,
    "record:break_glass": patient_id,
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
    """The rule a view states (its decorator); for an API path, that of its operation.

    Only to check that every view states one: the expected access is the matrix's.
    """
    callback = pattern.callback
    if hasattr(callback, "access_rule"):
        return callback.access_rule
    for cell in callback.__closure__ or ():
        operations = getattr(cell.cell_contents, "operations", None)
        for operation in operations or ():
            if method in operation.methods:
                return getattr(operation.view_func, "access_rule", None)
    return None


def walked_urls() -> list[tuple[str, URLPattern]]:
    return [(name, pattern) for name, pattern in project_urls() if not admin_url(name)]


def test_every_url_has_a_row_in_the_access_matrix():
    names = {name for name, _ in walked_urls()}
    assert sorted(names - MATRIX.keys()) == [], "add these URLs to access_matrix.MATRIX"
    assert sorted(MATRIX.keys() - names) == [], "these matrix rows name no URL"


def test_every_view_states_its_access_rule():
    unruled = [name for name, pattern in walked_urls() if access_rule(pattern) is None]
    assert unruled == [], f"views without an access rule: {unruled}"


def test_every_url_with_parameters_has_a_sample():
    missing = [
        name for name, pattern in walked_urls() if has_parameters(pattern) and name not in SAMPLES
    ]
    assert missing == [], f"add samples for: {missing}"


def outcome(name: str, response) -> str:
    """What the visitor met, in words: allowed, login, forbidden, missing, not served, error."""
    code = response.status_code
    if code == 302 and "/staff/login/" in response["Location"]:
        return "login"
    if api_url(name) and code == 401:  # the API answers 401 where a page sends to sign-in
        return "login"
    if code == 403:
        return "forbidden"
    if code == 404:
        return "missing"
    if code == 405:
        return "not served"
    if code >= 500:
        return "error"
    return "allowed"  # 2xx, a redirect elsewhere, or input refused (400, 409, 422)


def refusal(visitor: str) -> str:
    return "login" if visitor == ANONYMOUS else "forbidden"


def acceptable(name: str, method: str, visitor: str) -> set[str]:
    """The outcomes the matrix allows for this visitor and method."""
    access = MATRIX[name]
    who, other = (access.get, access.post) if method == "GET" else (access.post, access.get)
    if who is NOT_SERVED:
        # Nobody gets in; those who pass the access check meet 405.
        return {"not served"} if visitor in other else {"not served", refusal(visitor)}
    if visitor not in who:
        return {refusal(visitor)}
    return {"allowed"} if access.page else {"missing"}


# The API reads JSON: a valid body, so that the permission, not the parser, decides.
JSON_BODIES: dict[str, dict[str, object]] = {
    "api:add_observation": {
        "analyte": "haemoglobin",
        "value": "9.1",
        "unit": "g/dL",
        "collected_at": "2026-10-01T08:00:00Z",
    },
}
JSON_BODIES["api:list_observations"] = JSON_BODIES["api:add_observation"]


def send(client, name: str, method: str, url: str):
    if method == "GET":
        return client.get(url)
    if name in JSON_BODIES:
        return client.post(url, JSON_BODIES[name], content_type="application/json")
    return client.post(url, {})


PRIVATE = ("/staff/", "/api/", "/admin/")
# A <script> element with content (not a JSON data block): what the CSP forbids.
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>\s*\S", re.I)


def unsafe_response(url: str, response) -> list[str]:
    """What is wrong with a page served to someone allowed to see it (empty: nothing)."""
    problems = []
    if "script-src 'self'" not in response.get("Content-Security-Policy", ""):
        problems.append("no Content-Security-Policy")
    if url.startswith(PRIVATE) and "no-store" not in response.get("Cache-Control", ""):
        problems.append(f"may be cached: Cache-Control {response.get('Cache-Control')!r}")
    html = response.get("Content-Type", "").startswith("text/html")
    page = "" if not html or getattr(response, "streaming", False) else response.content
    if page and INLINE_SCRIPT.search(page.decode("utf-8", "replace")):
        problems.append("inline script")
    return problems


# Rows that change on every request whatever was asked: the audit trail and the sessions.
UNWATCHED = {"audit.auditevent", "sessions.session"}


def database_state() -> dict[str, list[dict]]:
    """Every row of every table the app owns, to show that a refused POST changed nothing."""
    return {
        model._meta.label_lower: list(model._default_manager.order_by("pk").values())
        for model in apps.get_models()
        if model._meta.label_lower not in UNWATCHED and model._meta.managed
    }


def sign_in(client, cast, visitor: str) -> None:
    client.logout()
    if visitor == OUTSIDER:
        client.force_login(cast[None])
    elif visitor != ANONYMOUS:
        client.force_login(cast[Role(visitor)])


@pytest.mark.django_db
@pytest.mark.parametrize("visitor", VISITORS)
def test_each_url_admits_exactly_the_visitors_the_matrix_names(client, cast, visitor):
    cast[Role.SPECIALIST].discipline = WALK_SPECIALIST_DISCIPLINE
    cast[Role.SPECIALIST].save()
    wrong = []
    for name, pattern in walked_urls():
        for method in ("GET", "POST"):
            url = reverse(name, kwargs=SAMPLES[name]() if has_parameters(pattern) else None)
            sign_in(client, cast, visitor)
            before = database_state() if method == "POST" else None
            response = send(client, name, method, url)
            actual = outcome(name, response)
            expected = acceptable(name, method, visitor)
            if actual not in expected:
                wrong.append((name, method, sorted(expected), actual, response.status_code))
            elif method == "GET" and response.status_code == 200:
                wrong += [(name, problem) for problem in unsafe_response(url, response)]
            elif method == "POST" and actual != "allowed" and database_state() != before:
                wrong.append((name, method, "refused but changed the database"))
    assert wrong == [], "\n".join(map(str, wrong))


ADMIN_PAGES_WITHOUT_PARAMETERS = [
    name for name, pattern in project_urls() if admin_url(name) and not has_parameters(pattern)
]


@pytest.mark.django_db
@pytest.mark.parametrize("visitor", VISITORS)
def test_only_administrators_open_the_admin(client, cast, visitor):
    sign_in(client, cast, visitor)
    wrong = []
    for name in ADMIN_PAGES_WITHOUT_PARAMETERS:
        if name in ("admin:login", "admin:logout", "admin:autocomplete"):
            continue
        response = client.get(reverse(name))
        sent_to_login = response.status_code == 302 and "/admin/login/" in response["Location"]
        if sent_to_login == (visitor == Role.ADMINISTRATOR.value):
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


def test_a_specialist_holds_result_permissions_only_within_their_discipline():
    # (role, the user's discipline, the object's disciplines) -> may void
    cases = {
        (Role.SPECIALIST, "ophthalmology", frozenset({"ophthalmology"})): True,
        (Role.SPECIALIST, "ophthalmology", frozenset({"audiology"})): False,
        (Role.SPECIALIST, "", frozenset()): False,
        (Role.SPECIALIST, "ophthalmology", frozenset()): False,
        (Role.COORDINATOR, "", frozenset({"audiology"})): True,
        (Role.PHYSICIAN, "", frozenset()): True,
        (Role.DATA_MANAGER, "ophthalmology", frozenset({"ophthalmology"})): False,
    }
    for (role, mine, theirs), expected in cases.items():
        actual = role_may_act(
            role, Permission.RESULT_VOID, user_discipline=mine, object_disciplines=theirs
        )
        assert actual is expected, (role, mine, theirs)


def test_the_discipline_tables_name_real_disciplines_findings_and_studies():
    template_disciplines = {item[3] for item in seed_template.ITEMS}
    assert set(FINDINGS_BY_DISCIPLINE) <= template_disciplines
    assert set(STUDIES_BY_DISCIPLINE) <= template_disciplines
    assert GENETICS in template_disciplines
    assert set().union(*FINDINGS_BY_DISCIPLINE.values()) <= {k.value for k in FindingKind}
    assert set().union(*STUDIES_BY_DISCIPLINE.values()) <= set(STUDY_SPECS)


def test_each_work_up_item_reports_what_its_discipline_may_record():
    """The specialist who does a task may record (and void) the finding and study it makes."""
    items = {item[0]: item for item in seed_template.ITEMS}
    for code, item in items.items():
        discipline, kind = item[3], item[-1]
        if kind and item[4] == "specialist":
            assert discipline in finding_disciplines(kind), code
    for code, study in seed_template.RESULT_STUDIES.items():
        assert items[code][3] in study_disciplines(study), code
