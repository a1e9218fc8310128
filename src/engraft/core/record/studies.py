"""Imaging, procedures and consults recorded as structured studies (clinical.md 2c).

Each study code names what was done; `workup_item` is the assessment-at-diagnosis item of
clinical.md section 2c it completes (the knowledge base's workup.json ids), if any.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class StudyKind(StrEnum):
    IMAGING = "imaging"
    PROCEDURE = "procedure"
    CONSULT = "consult"


@dataclass(frozen=True)
class StudySpec:
    code: str
    display: str
    kind: StudyKind
    workup_item: str | None


STUDY_SPECS: dict[str, StudySpec] = {
    s.code: s
    for s in (
        StudySpec("skeletal_survey", "Skeletal survey (radiographs)", StudyKind.IMAGING,
                  "skeletal_radiographs"),
        StudySpec("brain_mri", "Brain MRI", StudyKind.IMAGING, "brain_mri"),
        StudySpec("ct_optic_canal", "CT of the optic canal", StudyKind.IMAGING, "brain_mri"),
        StudySpec("abdominal_ultrasound", "Abdominal ultrasound", StudyKind.IMAGING,
                  "abdominal_ultrasound"),
        StudySpec("echocardiogram", "Echocardiogram", StudyKind.IMAGING, "echocardiogram"),
        StudySpec("dental_review", "Dental and maxillofacial review", StudyKind.CONSULT,
                  "dental_review"),
        StudySpec("airway_ent", "Airway and ENT assessment", StudyKind.CONSULT, "airway_ent"),
        StudySpec("bone_marrow_procedure", "Bone marrow aspirate or biopsy",
                  StudyKind.PROCEDURE, None),
        StudySpec("central_line", "Central venous line insertion", StudyKind.PROCEDURE, None),
        StudySpec("other_imaging", "Other imaging", StudyKind.IMAGING, None),
        StudySpec("other_procedure", "Other procedure", StudyKind.PROCEDURE, None),
        StudySpec("other_consult", "Other consult", StudyKind.CONSULT, None),
    )
}  # fmt: skip


def study_spec(code: str) -> StudySpec:
    """The spec of a study code; KeyError names the code when it is unknown."""
    try:
        return STUDY_SPECS[code]
    except KeyError:
        raise KeyError(f"unknown study {code!r}; known: {', '.join(STUDY_SPECS)}") from None
