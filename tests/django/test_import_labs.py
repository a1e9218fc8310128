"""`engraft import-labs FILE`, as a data manager runs it on a laboratory export."""

import pytest

from engraft.audit.models import AuditEvent
from engraft.commands.import_labs import run
from engraft.record.models import LabResult

from .factories import make_patient

HEADER = "patient_identifier,collected_at,analyte,value,unit,lab\n"
GOOD = [
    "H1,2026-10-01T08:30+01:00,haemoglobin,8.4,g/dL,Example Lab\n",
    "H1,2026-10-01T08:30+01:00,calcium,1.9,mmol/L,Example Lab\n",
    "H1,2026-10-08T08:30+01:00,718-7,91,g/L,Example Lab\n",
]
BAD = [
    "H1,2026-10-09T08:30+01:00,haemoglobin,8.0,furlongs,Example Lab\n",
    "H9,2026-10-09T08:30+01:00,haemoglobin,8.0,g/dL,Example Lab\n",
    "H1,2026-08-01T08:30+01:00,haemoglobin,8.0,g/dL,Example Lab\n",
]


@pytest.fixture
def lab_file(tmp_path):
    path = tmp_path / "labs.csv"
    path.write_text(HEADER + "".join(GOOD + BAD), encoding="utf-8")
    return path


@pytest.mark.django_db(transaction=True)
def test_good_rows_are_stored_and_bad_rows_reported_by_line_and_column(lab_file, tmp_path, capsys):
    make_patient(hospital_number="H1")
    report = tmp_path / "errors.txt"
    exit_code = run([str(lab_file), "--report", str(report), "--quiet"])
    assert exit_code == 1
    assert LabResult.objects.count() == 3
    lines = report.read_text().splitlines()
    assert len(lines) == 3
    assert lines[0].startswith("line 5, unit:")
    assert lines[1].startswith("line 6, patient_identifier:")
    assert lines[2].startswith("line 7, collected_at:")
    assert "3 added, 0 already imported, 3 refused" in capsys.readouterr().out


@pytest.mark.django_db(transaction=True)
def test_importing_the_same_file_again_changes_nothing(lab_file, capsys):
    make_patient(hospital_number="H1")
    run([str(lab_file), "--quiet"])
    before = list(LabResult.objects.values_list("public_id", "value").order_by("id"))
    run([str(lab_file), "--quiet"])
    after = list(LabResult.objects.values_list("public_id", "value").order_by("id"))
    assert after == before
    assert "0 added, 3 already imported" in capsys.readouterr().out.splitlines()[-1]


@pytest.mark.django_db(transaction=True)
def test_the_import_is_audited_once_per_patient_changed(lab_file):
    patient = make_patient(hospital_number="H1")
    run([str(lab_file), "--quiet"])
    events = AuditEvent.objects.filter(object_id=str(patient.public_id))
    assert events.count() == 1
    assert events.get().actor_name.startswith("command line")


def test_a_missing_file_is_refused_with_exit_code_2(tmp_path, capsys):
    assert run([str(tmp_path / "nope.csv")]) == 2
    assert "no such file" in capsys.readouterr().err
