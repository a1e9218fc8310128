"""URL samples for the donors app, and the small builders its tests share.

A tiny synthetic registry (a few hundred donors, built once per test session in a temporary
folder) plus planted donors; a family whose typings give an HLA-identical sister and a
haploidentical brother; an antibody against a planted donor's mismatched allele.
"""

from __future__ import annotations

import csv
import functools
import tempfile
import uuid
from datetime import date
from pathlib import Path

from .factories import make_patient, make_staff

# Haplotypes (A, B, C, DRB1, DQB1, DPB1) of a synthetic family.
F1 = ("A*02:01", "B*07:02", "C*07:02", "DRB1*15:01", "DQB1*06:02", "DPB1*04:01")
F2 = ("A*01:01", "B*44:02", "C*05:01", "DRB1*04:01", "DQB1*03:01", "DPB1*02:01")
M1 = ("A*03:01", "B*08:01", "C*07:01", "DRB1*03:01", "DQB1*02:01", "DPB1*04:01")
M2 = ("A*24:02", "B*35:01", "C*04:01", "DRB1*11:01", "DQB1*03:01", "DPB1*03:01")


def gl(first: tuple[str, ...], second: tuple[str, ...]) -> str:
    return "^".join(f"{a}+{b}" for a, b in zip(first, second, strict=True))


PATIENT_GL = gl(F1, M1)
DSA_DONOR_HAPLOTYPE = ("A*11:01", *M1[1:])  # M1 with A*11:01 in place of A*03:01


def planted_rows() -> list[list[object]]:
    return [
        ["T-MATCH", "adult", "TEST-REG", 30, "male", "negative", "O", "", "", PATIENT_GL],
        ["T-DSA", "adult", "TEST-REG", 22, "male", "negative", "O", "", "",
         gl(F1, DSA_DONOR_HAPLOTYPE)],
        ["T-CORD", "cord", "TEST-CORD", 0, "unknown", "unknown", "unknown", "2e9", "6e6",
         PATIENT_GL],
    ]  # fmt: skip


@functools.cache
def tiny_registry() -> Path:
    """A 300-donor synthetic store with three planted donors; built once per session."""
    from engraft.core.donor_search.generator import generate_registry
    from engraft.core.donor_search.importers import import_file
    from engraft.donors.demo import haplotype_file
    from engraft.donors.registry import nomenclature

    path = Path(tempfile.mkdtemp(prefix="engraft-test-registry-"))
    generate_registry(nomenclature(), haplotype_file(), 300, path, 0.1, 7, 0.05)
    planted = path / "planted.csv"
    with planted.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["donor_id", "kind", "registry", "age", "sex", "cmv", "abo", "tnc",
                         "cd34", "hla"])  # fmt: skip
        writer.writerows(planted_rows())
    report = import_file(nomenclature(), planted, path, progress=False)
    assert not report.errors, report.errors
    return path


def make_family(**overrides):
    """A patient with father, mother, an HLA-identical sister and a haploidentical brother."""
    from engraft.record.models import Relative

    patient = make_patient(**overrides)
    people = {}
    for key, relationship, given in (
        ("father", "father", "Per"), ("mother", "mother", "Moa"),
        ("sister", "sister", "Siv"), ("brother", "brother", "Bo"),
    ):  # fmt: skip
        people[key] = Relative.objects.create(
            patient=patient, relationship=relationship, family_name=patient.family_name,
            given_names=given,
        )  # fmt: skip
    return patient, people


FAMILY_GL = {"father": gl(F1, F2), "mother": gl(M1, M2), "sister": gl(F1, M1),
             "brother": gl(F1, M2)}  # fmt: skip


def type_family(patient, people) -> None:
    """Typings of the patient and the four relatives, stored directly (no audit)."""
    from engraft.core.hla.hla_typing import parse_typing
    from engraft.donors.models import HlaTyping
    from engraft.donors.registry import nomenclature

    for relative, text in [(None, PATIENT_GL)] + [(people[k], v) for k, v in FAMILY_GL.items()]:
        parsed = parse_typing(nomenclature(), text)
        HlaTyping.objects.create(
            patient=patient, relative=relative, gl_string=text, normalised=parsed.gl(),
            typed_on=date(2026, 10, 1), method="ngs", laboratory="Test lab",
            imgt_release=parsed.imgt_release,
        )  # fmt: skip


def patient_id() -> dict[str, object]:
    return {"public_id": make_patient().public_id}


def confirmatory_request() -> dict[str, object]:
    from engraft.donors.models import ConfirmatoryTypingRequest

    patient = make_patient()
    ask = ConfirmatoryTypingRequest.objects.create(
        patient=patient, source="registry", donor_id="T-MATCH", donor_label="T-MATCH",
        requested_by=make_staff(None, username=f"sample-{uuid.uuid4().hex[:8]}"),
    )  # fmt: skip
    return {"public_id": patient.public_id, "request_id": ask.public_id}


def typing_sample() -> dict[str, object]:
    from engraft.core.hla.hla_typing import parse_typing
    from engraft.donors.models import HlaTyping
    from engraft.donors.registry import nomenclature

    patient = make_patient()
    parsed = parse_typing(nomenclature(), PATIENT_GL)
    typing = HlaTyping.objects.create(
        patient=patient, gl_string=PATIENT_GL, normalised=parsed.gl(), typed_on=date(2026, 10, 1),
        method="ngs", laboratory="Test lab", imgt_release=parsed.imgt_release,
    )  # fmt: skip
    return {"public_id": patient.public_id, "typing_id": typing.public_id}


def antibody_sample() -> dict[str, object]:
    from engraft.donors.models import AntiHlaAntibody

    patient = make_patient()
    antibody = AntiHlaAntibody.objects.create(patient=patient, specificity="A2", mfi=2000,
                                              tested_on=date(2026, 10, 2), laboratory="Test lab")  # fmt: skip  # noqa: E501
    return {"public_id": patient.public_id, "antibody_id": antibody.public_id}


def measurement_sample() -> dict[str, object]:
    from engraft.record.models import BodyMeasurement

    patient = make_patient()
    measurement = BodyMeasurement.objects.create(patient=patient, measured_on=date(2026, 10, 1),
                                                 weight_kg=9)  # fmt: skip
    return {"public_id": patient.public_id, "measurement_id": measurement.public_id}


SAMPLES = {
    "donors:patient": patient_id,
    "donors:add_typing": patient_id,
    "donors:add_antibody": patient_id,
    "donors:void_typing": typing_sample,
    "donors:void_antibody": antibody_sample,
    "donors:context": patient_id,
    "donors:add_measurement": patient_id,
    "donors:void_measurement": measurement_sample,
    "donors:search": patient_id,
    "donors:run_search": patient_id,
    "donors:select": patient_id,
    "donors:confirmatory": patient_id,
    "donors:request_confirmatory": patient_id,
    "donors:confirmatory_result": confirmatory_request,
}
