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


class StudyResult(StrEnum):
    """The coded result of a study that the assessment reads."""

    NORMAL = "normal"
    ABNORMAL = "abnormal"


# What an abnormal brain MRI showed, as rule 2's screen and the markers read it (the
# knowledge base's record_markers.json maps each to the markers it states).
BRAIN_MRI_FINDINGS: tuple[str, ...] = (
    "hydrocephalus",
    "raised_icp",
    "chiari_tonsillar_herniation",
    "foramen_magnum_stenosis",
    "optic_canal_narrowing",
    "cerebral_atrophy",
    "white_matter_abnormality",
    "cns_malformation",
    "cerebral_calcification",
    "other",
)


# What an abnormal abdominal ultrasound or echocardiogram showed, as the post-transplant
# surveillance reads it: the SOS/VOD baseline and its hepatomegaly and ascites criteria, and
# the echocardiogram that excludes pulmonary hypertension (core/surveillance).
ABDOMINAL_ULTRASOUND_FINDINGS: tuple[str, ...] = (
    "hepatomegaly",
    "ascites",
    "splenomegaly",
    "other",
)
ECHOCARDIOGRAM_FINDINGS: tuple[str, ...] = ("pulmonary_hypertension", "other")


@dataclass(frozen=True)
class StudySpec:
    code: str
    display: str
    kind: StudyKind
    workup_item: str | None
    # Coded results and result findings this study takes; empty: the conclusion text only.
    result_findings: tuple[str, ...] = ()

    @property
    def takes_result(self) -> bool:
        """True when the study records a coded result (normal / abnormal with what)."""
        return bool(self.result_findings)


STUDY_SPECS: dict[str, StudySpec] = {
    s.code: s
    for s in (
        StudySpec("skeletal_survey", "Skeletal survey (radiographs)", StudyKind.IMAGING,
                  "skeletal_radiographs"),
        StudySpec("brain_mri", "Brain MRI", StudyKind.IMAGING, "brain_mri",
                  BRAIN_MRI_FINDINGS),
        StudySpec("ct_optic_canal", "CT of the optic canal", StudyKind.IMAGING, "brain_mri"),
        StudySpec("abdominal_ultrasound", "Abdominal ultrasound", StudyKind.IMAGING,
                  "abdominal_ultrasound", ABDOMINAL_ULTRASOUND_FINDINGS),
        StudySpec("echocardiogram", "Echocardiogram", StudyKind.IMAGING, "echocardiogram",
                  ECHOCARDIOGRAM_FINDINGS),
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


def study_result_errors(
    code: str, result: str | None, findings: tuple[str, ...]
) -> list[tuple[str, str]]:
    """(field, message) pairs for a coded result that does not fit the study; empty if valid.

    An abnormal result names what was abnormal; a normal one names nothing.
    """
    spec = study_spec(code)
    errors: list[tuple[str, str]] = []
    if not spec.takes_result:
        if result is not None or findings:
            errors.append(("result", f"{spec.display} takes no coded result"))
        return errors
    if result is None:
        if findings:
            errors.append(("result", "give the result (normal or abnormal) with its findings"))
        return errors
    if result not in tuple(StudyResult):
        allowed = ", ".join(StudyResult)
        errors.append(("result", f"{result!r} is not a result of {spec.display} ({allowed})"))
        return errors
    unknown = [f for f in findings if f not in spec.result_findings]
    if unknown:
        allowed = ", ".join(spec.result_findings)
        errors.append(("result_findings", f"unknown finding(s) {unknown}; use: {allowed}"))
    if result == StudyResult.ABNORMAL and not findings:
        errors.append(("result_findings", f"an abnormal {spec.display} needs what was abnormal"))
    if result == StudyResult.NORMAL and findings:
        errors.append(("result_findings", f"a normal {spec.display} lists no findings"))
    return errors
