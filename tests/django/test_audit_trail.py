import pytest
from django.urls import reverse

from engraft.access.roles import Role
from engraft.audit.models import AuditEvent


def make_event(**fields) -> AuditEvent:
    defaults = {"actor_name": "coordinator", "action": "view", "object_type": "x.Y"}
    return AuditEvent.objects.create(**{**defaults, **fields})


@pytest.mark.django_db
def test_audit_events_cannot_be_changed_or_deleted():
    event = make_event()
    event.summary = "rewritten"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.update(summary="rewritten")
    assert AuditEvent.objects.get().summary == ""


@pytest.mark.django_db
def test_administrators_filter_the_trail_by_who_and_action(login):
    make_event(actor_name="coordinator", action="view", object_id="a")
    make_event(actor_name="physician", action="change", object_id="b")
    client = login(Role.ADMINISTRATOR)
    response = client.get(reverse("audit:trail"), {"actor": "phys", "action": "change"})
    assert [e.object_id for e in response.context["page"]] == ["b"]


@pytest.mark.django_db
def test_the_trail_offers_no_way_to_edit_entries(login):
    page = login(Role.ADMINISTRATOR).get(reverse("audit:trail")).content.decode()
    # The only form that posts is the header's "Sign out".
    assert page.count('method="post"') == 1
    assert not any("audit" in name for name in _admin_model_names())


def _admin_model_names() -> list[str]:
    from engraft.web.admin import site

    return [model._meta.label_lower for model in site._registry]


@pytest.mark.django_db
def test_a_coordinator_cannot_read_the_audit_trail(login):
    assert login(Role.COORDINATOR).get(reverse("audit:trail")).status_code == 403
