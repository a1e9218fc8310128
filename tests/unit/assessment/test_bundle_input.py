"""`engraft assess` reads a FHIR Bundle as the record exports it, as well as a case file."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

from engraft.commands.assess import run
from engraft.core.assessment.from_record import case_from_bundle, case_from_record
from engraft.core.cohort.generator import generate_cohort
from engraft.core.fhir.export import export_bundle

TODAY = date(2026, 11, 28)


def genotyped_record():
    cohort = generate_cohort(7, size=12, today=TODAY)
    return next(m.record for m in cohort if m.record.genetic_results and m.record.labs)


def test_a_bundle_maps_to_the_same_case_as_the_record_it_came_from():
    record = genotyped_record()
    bundle = export_bundle(record, generated_at=datetime(2026, 11, 28, tzinfo=UTC))
    assert case_from_bundle(bundle, today=TODAY, zone=UTC) == case_from_record(record, UTC)


def test_the_cli_assesses_an_exported_bundle(tmp_path, capsys):
    record = genotyped_record()
    path = tmp_path / "bundle.json"
    path.write_text(json.dumps(export_bundle(record, generated_at=datetime.now(UTC))))
    assert run([str(path), "--format", "json", "--as-of", TODAY.isoformat()]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["case_id"] == record.id
    assert result["candidacy"]["value"]
    assert result["candidacy"]["reasons"]


def test_a_bundle_with_a_bad_resource_exits_2_naming_it(tmp_path, capsys):
    bundle = {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [{"resource": {"resourceType": "Patient", "id": "p1", "birthDate": "2099-01-01"}}],
    }
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(bundle))
    assert run([str(path)]) == 2
    error = capsys.readouterr().err
    assert "FHIR Bundle" in error
    assert "Patient" in error
