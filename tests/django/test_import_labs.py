"""`engraft import-labs FILE`, as a data manager runs it on a laboratory export."""

import pytest
import time_machine
from django.db import IntegrityError, transaction
from django.test import override_settings

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


NORTH, SOUTH = "https://north.example/mrn", "https://south.example/mrn"


def _write(tmp_path, text: str):
    path = tmp_path / "labs.csv"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.django_db(transaction=True)
def test_a_number_two_hospitals_issued_is_refused_per_row_never_filed_under_the_last(
    tmp_path, capsys
):
    make_patient(hospital_number="1001", issuing_hospital=NORTH, family_name="North")
    south = make_patient(hospital_number="1001", issuing_hospital=SOUTH, family_name="South")
    path = _write(
        tmp_path,
        "patient_identifier,issuing_hospital,collected_at,analyte,value,unit\n"
        "1001,,2026-10-01T08:30+01:00,calcium,1.9,mmol/L\n"
        f"1001,{SOUTH},2026-10-01T08:30+01:00,calcium,2.1,mmol/L\n"
        "7777,,2026-10-01T08:30+01:00,calcium,2.1,mmol/L\n",
    )
    report = tmp_path / "errors.txt"
    assert run([str(path), "--report", str(report), "--quiet"]) == 1
    assert list(LabResult.objects.values_list("patient", "value")) == [(south.pk, 8.4168)]
    lines = report.read_text().splitlines()
    assert lines[0].startswith("line 2, patient_identifier: '1001' was issued by more than one")
    assert lines[1] == "line 4, patient_identifier: no patient '7777'"


@pytest.mark.django_db(transaction=True)
def test_a_value_the_database_cannot_hold_is_reported_on_its_line_and_the_rest_lands(
    tmp_path, capsys
):
    patient = make_patient(hospital_number="H1")
    long_analyte = "x" * 500
    path = _write(
        tmp_path,
        HEADER
        + GOOD[0]
        + f"H1,2026-10-01T08:30+01:00,{long_analyte},8.4,g/dL,Example Lab\n"
        + "H1,2026-10-01T08:30+01:00,calcium,1.9,mmol/L,"
        + "L" * 500
        + "\n"
        + "".join(GOOD[1:]),
    )
    report = tmp_path / "errors.txt"
    assert run([str(path), "--report", str(report), "--quiet"]) == 1
    assert LabResult.objects.count() == 3
    assert report.read_text().splitlines() == [
        "line 3, analyte: is 500 characters long; at most 32",
        "line 4, lab: is 500 characters long; at most 120",
    ]
    assert AuditEvent.objects.filter(object_id=str(patient.public_id)).count() == 1
    assert "3 added, 0 already imported, 2 refused" in capsys.readouterr().out


@pytest.mark.django_db(transaction=True)
def test_a_lab_dated_in_the_future_is_refused(tmp_path):
    make_patient(hospital_number="H1")
    path = _write(tmp_path, HEADER + "H1,2099-10-01T08:30+01:00,calcium,1.9,mmol/L,Lab\n")
    report = tmp_path / "errors.txt"
    with time_machine.travel("2026-11-30 12:00Z", tick=False):
        assert run([str(path), "--report", str(report), "--quiet"]) == 1
    assert LabResult.objects.count() == 0
    assert "line 2, collected_at: 2099-10-01 is in the future" in report.read_text()


@pytest.mark.django_db
def test_the_database_refuses_a_second_patient_with_a_hospitals_number():
    make_patient(hospital_number="1001", issuing_hospital=NORTH)
    make_patient(hospital_number="1001", issuing_hospital=SOUTH)  # another hospital: allowed
    make_patient(hospital_number="")  # no number: no constraint
    make_patient(hospital_number="")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_patient(hospital_number="1001", issuing_hospital=NORTH)


@pytest.mark.django_db
@override_settings(ENGRAFT_ISSUING_HOSPITAL="https://this-centre.example/mrn")
def test_a_patient_without_an_issuing_hospital_gets_this_centres():
    assert make_patient(hospital_number="H7").issuing_hospital == (
        "https://this-centre.example/mrn"
    )


@pytest.mark.django_db(transaction=True)
def test_an_import_stopped_mid_file_leaves_no_stored_row_unaudited():
    from engraft.record.lab_import import import_lab_rows, patient_directory

    first, second = make_patient(hospital_number="H1"), make_patient(hospital_number="H2")
    from engraft.core.record.lab_csv import iter_lab_csv  # the command's own reader

    rows = HEADER + GOOD[0] + GOOD[1].replace("H1", "H2") + GOOD[2]
    directory, patients = patient_directory()
    items = list(iter_lab_csv(rows.splitlines(keepends=True), patients=directory))

    audited_while_running = []

    def killed_after_two():
        for n, item in enumerate(items):
            if n == 1:  # the first row has committed: its audit event must be there already
                audited_while_running.append(
                    AuditEvent.objects.filter(object_id=str(first.public_id)).exists()
                )
            if n == 2:
                raise KeyboardInterrupt  # a kill -9 would not even run cleanup code
            yield item

    with pytest.raises(KeyboardInterrupt):
        import_lab_rows(items=killed_after_two(), patients=patients, actor=None, ip=None,
                        source="labs.csv")  # fmt: skip
    assert audited_while_running == [True]
    assert LabResult.objects.count() == 2
    for patient in (first, second):
        assert AuditEvent.objects.filter(object_id=str(patient.public_id)).count() == 1
