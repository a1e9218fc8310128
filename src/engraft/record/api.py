"""API of the patient record: patients, findings and observations (lab values)."""

from datetime import date, datetime
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination, paginate

from engraft.access.api import api_requires
from engraft.access.roles import Permission
from engraft.audit.models import AuditAction
from engraft.audit.services import client_address, record_access

from . import selectors, services
from .models import Finding, LabResult, Patient

router = Router(tags=["record"])

# Beyond these a page is empty anyway; bounded so that no number exceeds what the database's
# LIMIT and OFFSET take (64-bit), which used to give a 500.
MAX_PAGE_SIZE = 500
MAX_OFFSET = 2**31 - 1


class BoundedPagination(LimitOffsetPagination):
    class Input(Schema):
        limit: int = Field(100, ge=1, le=MAX_PAGE_SIZE)
        offset: int = Field(0, ge=0, le=MAX_OFFSET)


class PatientOut(Schema):
    public_id: UUID
    hospital_number: str
    family_name: str
    given_names: str
    birth_date: date
    sex: str
    clinical_form: str
    genotype_pending: bool
    pathway_stage: str


class FindingOut(Schema):
    public_id: UUID
    kind: str
    observed_on: date
    source: str
    present: bool | None
    quantity: float | None
    category: str
    trend: str
    note: str
    voided: bool


class ObservationOut(Schema):
    public_id: UUID
    analyte: str
    collected_at: datetime
    value: float
    unit: str
    entered_value: str
    entered_unit: str
    flags: str
    lab: str
    voided: bool


# No database text column holds a NUL character; refused here with the field named.
NO_NUL = r"^[^\x00]*$"


class ObservationIn(Schema):
    analyte: str = Field(max_length=32, pattern=NO_NUL)
    value: str = Field(max_length=40, pattern=NO_NUL)
    unit: str = Field(max_length=20, pattern=NO_NUL)
    collected_at: datetime
    lab: str = Field("", max_length=120, pattern=NO_NUL)


class ErrorOut(Schema):
    detail: str | dict[str, list[str]]


def _patient(request: HttpRequest, public_id: UUID) -> Patient:
    patient = get_object_or_404(Patient, public_id=public_id)
    record_access(request, AuditAction.VIEW, patient, summary=f"API {request.path}")
    return patient


@router.get("/", response=list[PatientOut])
@api_requires(Permission.PATIENT_VIEW)
@paginate(BoundedPagination)
def list_patients(
    request: HttpRequest, stage: str = "", q: str = "", sort: str = "name"
) -> QuerySet[Patient]:
    """Patients by stage of the pathway, with a name or hospital-number search."""
    # The search and the page asked are part of what was read: audited with them.
    record_access(request, AuditAction.VIEW, "record.Patient",
                  summary=f"API {request.get_full_path()}")  # fmt: skip
    return selectors.patients(stage=stage, search=q, sort=sort)


@router.get("/{public_id}", response=PatientOut)
@api_requires(Permission.PATIENT_VIEW)
def get_patient(request: HttpRequest, public_id: UUID) -> Patient:
    return _patient(request, public_id)


@router.get("/{public_id}/findings", response=list[FindingOut])
@api_requires(Permission.PATIENT_VIEW)
def list_findings(request: HttpRequest, public_id: UUID) -> list[dict]:
    patient = _patient(request, public_id)
    return [
        {**_fields(f, FindingOut), "voided": f.is_voided}
        for f in Finding.objects.filter(patient=patient)
    ]


@router.get("/{public_id}/observations", response=list[ObservationOut])
@api_requires(Permission.PATIENT_VIEW)
def list_observations(request: HttpRequest, public_id: UUID, analyte: str = "") -> list[dict]:
    patient = _patient(request, public_id)
    labs = LabResult.objects.filter(patient=patient)
    if analyte:
        labs = labs.filter(analyte=analyte)
    return [{**_fields(lab, ObservationOut), "voided": lab.is_voided} for lab in labs]


@router.post("/{public_id}/observations", response={201: ObservationOut, 422: ErrorOut})
@api_requires(Permission.RESULT_RECORD)
def add_observation(request: HttpRequest, public_id: UUID, payload: ObservationIn):
    """Record a lab value; it is converted to the analyte's UCUM unit and checked."""
    patient = get_object_or_404(Patient, public_id=public_id)
    try:
        lab = services.record_lab_result(
            patient=patient, actor=request.user, ip=client_address(request), **payload.dict()
        )
    except ValidationError as error:
        problems = "; ".join(f"{k}: {' '.join(v)}" for k, v in error.message_dict.items())
        raise HttpError(422, problems) from None
    return 201, {**_fields(lab, ObservationOut), "voided": False}


def _fields(instance, schema: type[Schema]) -> dict:
    return {name: getattr(instance, name) for name in schema.model_fields if name != "voided"}
