"""The trials catalogue: ClinicalTrials.gov records imported (service, web, command line and
the live-API fetch against a stub server), and the centre's own fields and curated rule.

Records are built here in the shape of software.md section 3.5 (API v2: protocolSection with
its identification, status, conditions, design, arms and eligibility modules). An update
rewrites the record and its columns and keeps what the centre wrote (issue 13, section 1).
"""

from __future__ import annotations

import html
import json
import logging
import os
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest
import time_machine
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from engraft.access.roles import Role
from engraft.audit.models import AuditEvent
from engraft.cli import main
from engraft.commands import trials as trials_command
from engraft.trials import services
from engraft.trials.models import Trial

pytestmark = pytest.mark.django_db
NOW = "2026-12-01 10:00 +00:00"
CRITERIA = (
    "Inclusion Criteria:\n* Severe osteopetrosis\n* Candidate for HSCT\n\n"
    "Exclusion Criteria:\n* Previous HSCT"
)


def study(nct_id: str = "NCT00775931", **changes) -> dict:
    """A v2 study record in software.md 3.5's shape; ``changes`` replace module fields."""
    record = {
        "protocolSection": {
            "identificationModule": {
                "nctId": nct_id,
                "briefTitle": "Allogeneic Transplantation For Severe Osteopetrosis",
                "officialTitle": "Allogeneic Hematopoietic Stem Cell Transplantation For "
                "Severe Osteopetrosis",
            },
            "statusModule": {
                "overallStatus": "RECRUITING",
                "startDateStruct": {"date": "2008-08", "type": "ACTUAL"},
                "primaryCompletionDateStruct": {"date": "2013-06", "type": "ACTUAL"},
                "lastUpdatePostDateStruct": {"date": "2019-07-31", "type": "ACTUAL"},
            },
            "sponsorCollaboratorsModule": {"leadSponsor": {"name": "A Sponsor", "class": "OTHER"}},
            "conditionsModule": {"conditions": ["Severe Osteopetrosis"]},
            "designModule": {"studyType": "INTERVENTIONAL", "phases": ["PHASE2", "PHASE3"]},
            "armsInterventionsModule": {
                "interventions": [
                    {"type": "PROCEDURE", "name": "umbilical cord blood transplantation"},
                    {"type": "DRUG", "name": "Busulfan"},
                ]
            },
            "eligibilityModule": {
                "eligibilityCriteria": CRITERIA,
                "sex": "ALL",
                "minimumAge": "0 Days",
                "maximumAge": "55 Years",
                "stdAges": ["CHILD", "ADULT"],
                "healthyVolunteers": False,
            },
        },
        "hasResults": True,
    }
    for dotted, value in changes.items():
        module, field = dotted.split("__")
        record["protocolSection"][module][field] = value
    return record


def rule_for(nct_id: str, covers: str = "I1") -> dict:
    return {
        "format": "engraft-trial-rule/1",
        "nct_id": nct_id,
        "criteria": {
            "and": [
                {"criterion": "diagnosis", "id": "op", "label": "Osteopetrosis (Q78.2)",
                 "icd10": "Q78.2", "covers": [covers]},
            ]
        },
    }  # fmt: skip


def import_(*documents, actor=None):
    return services.import_trial_records(documents=list(documents), actor=actor, ip=None)


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False):
        yield


# The import service ---------------------------------------------------------------------------


def test_a_new_record_is_created_with_its_columns_and_the_record_as_published():
    data = study()
    report = import_(("NCT00775931.json", data))
    (line,) = report.lines
    assert (line.where, line.nct_id, line.outcome, line.changes) == (
        "NCT00775931.json", "NCT00775931", "created", [],
    )  # fmt: skip
    assert report.summary == "1 created, 0 updated, 0 unchanged, 0 refused"
    trial = Trial.objects.get(nct_id="NCT00775931")
    assert trial.brief_title == "Allogeneic Transplantation For Severe Osteopetrosis"
    assert trial.overall_status == "RECRUITING"
    assert trial.phases == ["PHASE2", "PHASE3"]
    assert trial.conditions == ["Severe Osteopetrosis"]
    assert (trial.minimum_age, trial.maximum_age) == ("0 Days", "55 Years")
    assert trial.record_updated_on == "2019-07-31"
    assert trial.record == data
    # The centre's own fields start empty: a new trial is not open here until staff say so.
    assert (trial.site_status, trial.plain_summary, trial.rule) == ("closed", "", None)
    event = AuditEvent.objects.get(object_type="trials.Trial", action="create")
    assert event.object_id == str(trial.public_id)
    assert "NCT00775931" in event.summary


def test_a_re_import_updates_the_record_and_keeps_the_centres_fields(cast):
    import_(("first.json", study()))
    trial = Trial.objects.get()
    services.update_trial_at_site(
        trial=trial, version=trial.version, actor=cast[Role.COORDINATOR], ip=None,
        site_status="open", local_protocol_number="ENG-931", principal_investigator="Dr Lead",
        contact_name="Trials office", contact_phone="+44 20 7946 0001",
        contact_email="trials@example.org", plain_summary="A transplant study for children.",
    )  # fmt: skip
    services.save_trial_rule(
        trial=trial, rule_data=rule_for("NCT00775931"), version=trial.version,
        actor=cast[Role.COORDINATOR], ip=None,
    )  # fmt: skip
    changed = study(
        identificationModule__briefTitle="Allogeneic HSCT For Severe Osteopetrosis (v2)",
        statusModule__overallStatus="ACTIVE_NOT_RECRUITING",
    )

    report = import_(("second.json", changed))

    (line,) = report.lines
    assert line.outcome == "updated"
    assert line.changes == ["brief_title", "overall_status"]
    trial = Trial.objects.get()
    assert trial.brief_title == "Allogeneic HSCT For Severe Osteopetrosis (v2)"
    assert trial.overall_status == "ACTIVE_NOT_RECRUITING"
    assert trial.record == changed
    kept = {
        "site_status": "open", "local_protocol_number": "ENG-931",
        "principal_investigator": "Dr Lead", "contact_name": "Trials office",
        "contact_phone": "+44 20 7946 0001", "contact_email": "trials@example.org",
        "plain_summary": "A transplant study for children.", "rule": rule_for("NCT00775931"),
    }  # fmt: skip
    assert {name: getattr(trial, name) for name in kept} == kept
    assert trial.rule_curated_by == cast[Role.COORDINATOR]
    event = AuditEvent.objects.filter(object_type="trials.Trial", action="change").first()
    assert "brief_title, overall_status" in event.summary

    again = import_(("third.json", changed))
    assert [line.outcome for line in again.lines] == ["unchanged"]


def test_a_malformed_study_of_a_search_response_is_refused_by_path_and_the_other_imported():
    bad = study("NCT00000002", eligibilityModule__minimumAge="6 Moons")
    response = {"studies": [study("NCT00000001"), bad], "nextPageToken": None}

    report = import_(("search.json", response))

    by_id = {line.nct_id: line for line in report.lines}
    assert by_id["NCT00000001"].outcome == "created"
    refused = by_id["NCT00000002"]
    assert refused.outcome == "refused"
    assert refused.where == "search.json study 1"
    assert refused.message.startswith(
        "protocolSection.eligibilityModule.minimumAge: '6 Moons' is not an age"
    )
    assert list(Trial.objects.values_list("nct_id", flat=True)) == ["NCT00000001"]
    assert report.summary == "1 created, 0 updated, 0 unchanged, 1 refused"


def test_a_malformed_re_import_leaves_the_trial_as_it_was():
    import_(("first.json", study()))
    before = Trial.objects.values().get()
    broken = study(identificationModule__briefTitle="A new title", eligibilityModule__sex="BOTH")

    (line,) = import_(("second.json", broken)).lines

    assert line.outcome == "refused"
    assert line.message.startswith("protocolSection.eligibilityModule.sex: 'BOTH'")
    assert Trial.objects.values().get() == before


def test_a_document_that_is_not_a_search_page_is_refused_not_a_crash():
    report = import_(("odd.json", {"studies": {"NCT00000001": study("NCT00000001")}}))

    (line,) = report.lines
    assert line.outcome == "refused"
    assert line.message == "studies: a search response needs a list of studies"
    assert not Trial.objects.exists()


# The web import ------------------------------------------------------------------------------


def upload(name: str, content: bytes, content_type: str = "application/json"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def test_a_coordinator_uploads_records_and_sees_the_report_per_record(login):
    bad = study("NCT00000002", eligibilityModule__minimumAge="6 Moons")
    response = {"studies": [study("NCT00000001"), bad]}
    page = login(Role.COORDINATOR).post(
        reverse("trials:import"),
        {"files": [upload("search.json", json.dumps(response).encode()),
                   upload("one.json", json.dumps(study("NCT00775931")).encode())]},
    )  # fmt: skip
    assert page.status_code == 200
    text = html.unescape(page.content.decode())
    assert "2 created, 0 updated, 0 unchanged, 1 refused." in text
    assert f'<a href="{reverse("trials:trial", args=["NCT00000001"])}">NCT00000001</a>' in text
    assert "search.json study 1" in text
    assert "protocolSection.eligibilityModule.minimumAge: '6 Moons' is not an age" in text
    assert set(Trial.objects.values_list("nct_id", flat=True)) == {"NCT00000001", "NCT00775931"}


def test_a_file_that_is_not_json_gets_a_clear_message_and_nothing_is_stored(login):
    page = login(Role.COORDINATOR).post(
        reverse("trials:import"),
        {"files": upload("trials.csv", b"nct_id,title\nNCT00000001,x\n", "text/csv")},
    )
    assert page.status_code == 400
    text = page.content.decode()
    assert "Some files could not be read" in text
    assert "trials.csv: not valid JSON (Expecting value, line 1)." in text
    assert not Trial.objects.exists()
    assert not AuditEvent.objects.filter(object_type="trials.Trial").exists()


# The command line ----------------------------------------------------------------------------


def write(path, data) -> None:
    path.write_text(json.dumps(data), encoding="utf-8")


def test_engraft_trials_import_stores_a_directory_into_the_test_database(tmp_path, capsys):
    write(tmp_path / "NCT00000001.json", study("NCT00000001"))
    write(tmp_path / "page.json", {"studies": [study("NCT00000002")]})
    write(tmp_path / "NCT00000001.rule.json", rule_for("NCT00000001"))
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level

    code = main(["trials", "import", str(tmp_path)])

    assert code == 0
    out = capsys.readouterr().out
    assert "skipped NCT00000001.rule.json: a rule file" in out
    assert "NCT00000001.json: NCT00000001 created" in out
    assert "page.json: NCT00000002 created" in out
    assert "2 created, 0 updated, 0 unchanged, 0 refused" in out
    # The rows are visible inside this test's transaction: the command wrote to the test
    # database, through pytest-django's settings, which setup_django left alone.
    assert set(Trial.objects.values_list("nct_id", flat=True)) == {"NCT00000001", "NCT00000002"}
    assert os.environ["DJANGO_SETTINGS_MODULE"] == "engraft.web.settings.test"
    assert settings.SETTINGS_MODULE == "engraft.web.settings.test"
    assert (root.handlers, root.level) == (handlers, level), "setup_django reconfigured logging"
    assert Trial.objects.get(nct_id="NCT00000001").rule is None  # rule files are not imported


def test_engraft_trials_import_names_an_unreadable_file_and_imports_the_rest(tmp_path, capsys):
    write(tmp_path / "good.json", study("NCT00000001"))
    (tmp_path / "broken.json").write_text('{"protocolSection": ', encoding="utf-8")

    code = trials_command.run(["import", str(tmp_path)])

    assert code == 1
    out = capsys.readouterr().out
    refused = next(line for line in out.splitlines() if line.startswith("broken.json"))
    assert "refused" in refused
    assert "not readable JSON" in refused
    assert list(Trial.objects.values_list("nct_id", flat=True)) == ["NCT00000001"]


class RegistryStub(BaseHTTPRequestHandler):
    """ClinicalTrials.gov's search, two pages linked by nextPageToken (or an HTTP error)."""

    def do_GET(self):
        self.server.asked.append(self.path)
        query = parse_qs(urlsplit(self.path).query)
        if self.server.fail:
            body, status = b'{"error": "down"}', 500
        elif "pageToken" not in query:
            page = {"studies": [study("NCT00000001"), study("NCT00000002")],
                    "nextPageToken": "page-2-token"}  # fmt: skip
            body, status = json.dumps(page).encode(), 200
        elif query["pageToken"] == ["page-2-token"]:
            body, status = json.dumps({"studies": [study("NCT00000003")]}).encode(), 200
        else:
            body, status = b"{}", 400
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):  # keep the test output quiet
        pass


@pytest.fixture
def registry(monkeypatch):
    """A stub registry on 127.0.0.1 (never the internet); no proxy is used to reach it."""
    for name in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy",
                 "ALL_PROXY"):  # fmt: skip
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    server = ThreadingHTTPServer(("127.0.0.1", 0), RegistryStub)
    server.asked, server.fail = [], False
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    server.base_url = f"http://127.0.0.1:{server.server_address[1]}/api/v2"
    yield server
    server.shutdown()
    server.server_close()
    thread.join()


def test_engraft_trials_fetch_follows_the_pages_and_imports_every_study(registry, capsys):
    code = main(["trials", "fetch", "--condition", "osteopetrosis",
                 "--base-url", registry.base_url])  # fmt: skip

    assert code == 0
    assert len(registry.asked) == 2
    first, second = (parse_qs(urlsplit(path).query) for path in registry.asked)
    assert all(urlsplit(path).path == "/api/v2/studies" for path in registry.asked)
    for query in (first, second):
        assert query["query.cond"] == ["osteopetrosis"]
        assert query["filter.overallStatus"] == ["RECRUITING,NOT_YET_RECRUITING"]
    assert "pageToken" not in first
    assert second["pageToken"] == ["page-2-token"]
    assert set(Trial.objects.values_list("nct_id", flat=True)) == {
        "NCT00000001", "NCT00000002", "NCT00000003",
    }  # fmt: skip
    assert "3 created, 0 updated, 0 unchanged, 0 refused" in capsys.readouterr().out


def test_engraft_trials_fetch_exits_2_naming_the_url_when_the_registry_fails(registry, capsys):
    registry.fail = True

    code = main(["trials", "fetch", "--condition", "osteopetrosis",
                 "--base-url", registry.base_url])  # fmt: skip

    assert code == 2
    err = capsys.readouterr().err
    assert f"{registry.base_url}/studies?query.cond=osteopetrosis" in err
    assert "HTTP 500" in err
    assert not Trial.objects.exists()


# The centre's fields ---------------------------------------------------------------------------


def site_data(version: int, **changes) -> dict:
    data = {
        "site_status": "open", "local_protocol_number": "", "principal_investigator": "",
        "contact_name": "Trials office", "contact_phone": "+44 20 7946 0001",
        "contact_email": "", "plain_summary": "A study of a new transplant for babies.",
        "version": version,
    }  # fmt: skip
    data.update(changes)
    return data


@pytest.fixture
def trial():
    import_(("NCT00775931.json", study()))
    return Trial.objects.get()


def test_a_coordinator_opens_the_trial_here_with_a_summary_and_it_is_audited(trial, login, cast):
    client = login(Role.COORDINATOR)
    response = client.post(reverse("trials:edit_site", args=[trial.nct_id]), site_data(1))

    assert response.status_code == 302
    assert response["Location"] == reverse("trials:trial", args=[trial.nct_id])
    trial.refresh_from_db()
    assert trial.site_status == "open"
    assert trial.plain_summary == "A study of a new transplant for babies."
    assert trial.contact_phone == "+44 20 7946 0001"
    assert (trial.version, trial.updated_by) == (2, cast[Role.COORDINATOR])
    event = AuditEvent.objects.filter(object_type="trials.Trial", action="change").get()
    assert event.actor == cast[Role.COORDINATOR]
    assert event.object_id == str(trial.public_id)
    assert event.summary == (
        "site fields of NCT00775931: site_status, contact_name, contact_phone, plain_summary"
    )


def test_a_stale_site_form_gets_409_naming_who_saved_and_the_first_save_is_kept(
    trial, client, cast
):
    url = reverse("trials:edit_site", args=[trial.nct_id])
    client.force_login(cast[Role.COORDINATOR])
    assert client.post(url, site_data(1)).status_code == 302
    client.force_login(cast[Role.PHYSICIAN])

    response = client.post(url, site_data(1, site_status="suspended", plain_summary="Other."))

    assert response.status_code == 409
    text = response.content.decode()
    assert "Coordinator saved this trial on 01 Dec 2026 at 10:00, after you opened it." in text
    # The form now shows the coordinator's save, at its version, to make the change again on.
    assert "A study of a new transplant for babies.</textarea>" in text
    assert re.search(r'<input type="hidden" name="version" value="2"', text)
    trial.refresh_from_db()
    assert (trial.site_status, trial.plain_summary) == (
        "open", "A study of a new transplant for babies.",
    )  # fmt: skip
    assert trial.version == 2
    assert AuditEvent.objects.filter(object_type="trials.Trial", action="change").count() == 1


# The curated rule ------------------------------------------------------------------------------


def post_rule(client, trial, text: str, version: int = 1):
    return client.post(
        reverse("trials:edit_rule", args=[trial.nct_id]), {"rule": text, "version": version}
    )


def test_a_valid_rule_is_saved_with_who_curated_it_and_audited(trial, login, cast):
    rule = rule_for("NCT00775931")
    response = post_rule(login(Role.COORDINATOR), trial, json.dumps(rule, indent=2))

    assert response.status_code == 302
    trial.refresh_from_db()
    assert trial.rule == rule
    assert trial.rule_curated_by == cast[Role.COORDINATOR]
    assert trial.rule_curated_at is not None
    assert trial.version == 2
    event = AuditEvent.objects.filter(object_type="trials.Trial", action="change").get()
    assert event.summary == "curated eligibility rule of NCT00775931"


def refused_unchanged(trial, response) -> str:
    """The page of a refused rule: 400, the rule not saved; its text for the assertions."""
    assert response.status_code == 400
    trial.refresh_from_db()
    assert (trial.rule, trial.version) == (None, 1)
    assert not AuditEvent.objects.filter(object_type="trials.Trial", action="change").exists()
    return html.unescape(response.content.decode())


def test_invalid_json_keeps_the_typed_text_and_says_the_line_and_column(trial, login):
    typed = '{"format": "engraft-trial-rule/1",\n  "nct_id": }'
    text = refused_unchanged(trial, post_rule(login(Role.COORDINATOR), trial, typed))

    # `}` is the 13th character of line 2: two spaces, "nct_id" in quotes (8), ":", a space.
    assert "Not valid JSON: Expecting value at line 2, column 13." in text
    assert typed in text


def test_a_rule_error_names_the_path_of_the_bad_field(trial, login):
    rule = rule_for("NCT00775931")
    rule["criteria"]["and"].append({"not": {
        "criterion": "lab", "id": "bili", "label": "Bilirubin above 2", "analyte": "bilirubin",
        "comparator": ">", "value": 2, "unit": "mg", "max_age_days": 30, "covers": ["E1"],
    }})  # fmt: skip
    text = refused_unchanged(trial, post_rule(login(Role.COORDINATOR), trial, json.dumps(rule)))

    assert (
        "criteria.and[1].not.unit: 'mg' is not a unit for Bilirubin (total); use mg/dL, umol/L"
        in text
    )


def test_a_rule_covering_an_item_the_trial_does_not_publish_is_refused(trial, login):
    rule = rule_for("NCT00775931", covers="I7")  # the record publishes I1, I2 and E1
    text = refused_unchanged(trial, post_rule(login(Role.COORDINATOR), trial, json.dumps(rule)))

    assert "criteria leaf 'op': covers 'I7', which the trial's published criteria do not have" in (
        text
    )


def test_a_rule_for_another_trial_is_refused(trial, login):
    rule = rule_for("NCT99999999")
    text = refused_unchanged(trial, post_rule(login(Role.COORDINATOR), trial, json.dumps(rule)))

    assert "nct_id: NCT99999999 is not this trial (NCT00775931)" in text
