from django.conf import settings
from django.utils import timezone

from django import forms
from engraft.core.cohort.shares import PathwayStage
from engraft.core.record.analytes import ANALYTES
from engraft.core.record.findings import FINDING_SPECS, FindingKind
from engraft.core.record.studies import (
    ABDOMINAL_ULTRASOUND_FINDINGS,
    BRAIN_MRI_FINDINGS,
    ECHOCARDIOGRAM_FINDINGS,
    study_result_errors,
)
from engraft.core.vocabulary import VariantClassification

from . import models
from .models import STUDY_FINDING_WORDS, choices

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class PatientForm(forms.ModelForm):
    class Meta:
        model = models.Patient
        fields = [
            "family_name",
            "given_names",
            "birth_date",
            "sex",
            "hospital_number",
            "issuing_hospital",
            "consanguinity",
        ]
        widgets = {"birth_date": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Left empty, the number is this centre's (ENGRAFT_ISSUING_HOSPITAL).
        self.fields["issuing_hospital"].required = False

    def validate_unique(self):
        # A number already given is shown as a likely duplicate, so that the referral can be
        # recorded on that patient; the service refuses it for a new patient.
        pass

    def clean_birth_date(self):
        born = self.cleaned_data["birth_date"]
        if born and born > timezone.localdate():
            raise forms.ValidationError(f"The date of birth {born:%d %b %Y} is in the future.")
        return born


class ReferralForm(forms.ModelForm):
    report = forms.FileField(
        required=False,
        label="Referral letter or report",
        help_text="Optional. PDF, PNG or JPEG, at most 10 MB; more can be attached later.",
    )

    class Meta:
        model = models.Referral
        fields = [
            "received_on",
            "referring_clinician",
            "referring_institution",
            "diagnosis_status",
            "reason",
            "stated_urgency",
        ]
        widgets = {"received_on": DATE, "reason": forms.Textarea(attrs={"rows": 3})}

    def clean_report(self):
        upload = self.cleaned_data.get("report")
        if upload:
            self.cleaned_data["report_content_type"] = checked_upload(upload)
        return upload


class DiagnosisForm(forms.ModelForm):
    """The diagnosis, with the record's version as the user saw it (optimistic locking)."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = models.Patient
        # Consanguinity is corrected here too (it is asked once at intake), under the same lock.
        fields = [
            "clinical_form",
            "diagnosed_on",
            "genotype_pending",
            "consanguinity",
            "pathway_stage",
        ]
        widgets = {"diagnosed_on": DATE}


class RelativeForm(forms.ModelForm):
    class Meta:
        model = models.Relative
        fields = ["relationship", "given_names", "family_name", "sex", "birth_date", "phone"]
        widgets = {"birth_date": DATE}


class GeneticResultForm(forms.ModelForm):
    """A gene's report with up to two variants (compound heterozygous needs two)."""

    variant_1_hgvs = forms.CharField(
        label="Variant 1, HGVS (cDNA)",
        help_text="With its transcript, e.g. NM_006019.4:c.1674-1G>A",
        max_length=200,
    )
    variant_1_protein_hgvs = forms.CharField(
        label="Variant 1, HGVS (protein)", required=False, max_length=120
    )
    variant_1_classification = forms.ChoiceField(
        label="Variant 1, classification", choices=choices(VariantClassification)
    )
    variant_2_hgvs = forms.CharField(label="Variant 2, HGVS (cDNA)", required=False, max_length=200)
    variant_2_protein_hgvs = forms.CharField(
        label="Variant 2, HGVS (protein)", required=False, max_length=120
    )
    variant_2_classification = forms.ChoiceField(
        label="Variant 2, classification",
        choices=[("", "—"), *choices(VariantClassification)],
        required=False,
    )

    class Meta:
        model = models.GeneticResult
        fields = ["gene", "zygosity", "testing_lab", "reported_on"]
        widgets = {"reported_on": DATE}

    def clean_gene(self):
        return self.cleaned_data["gene"].strip().upper()

    def clean(self):
        data = super().clean()
        if data.get("variant_2_hgvs") and not data.get("variant_2_classification"):
            self.add_error("variant_2_classification", "Classify the second variant.")
        if data.get("zygosity") == "compound_heterozygous" and not data.get("variant_2_hgvs"):
            self.add_error("variant_2_hgvs", "Compound heterozygous needs a second variant.")
        return data


def _finding_kinds():
    return [(spec.kind.value, spec.display) for spec in FINDING_SPECS.values()]


def _categories():
    seen = {}
    for spec in FINDING_SPECS.values():
        for category in spec.categories:
            seen.setdefault(category, category.replace("_", " ").capitalize())
    return [("", "—"), *seen.items()]


class FindingForm(forms.ModelForm):
    kind = forms.ChoiceField(choices=_finding_kinds, label="Finding")
    present = forms.NullBooleanField(
        required=False,
        label="Present?",
        widget=forms.Select(choices=[("unknown", "Not applicable"), ("true", "Present"),
                                     ("false", "Absent")]),
    )  # fmt: skip
    category = forms.ChoiceField(choices=_categories, required=False, label="Result")

    class Meta:
        model = models.Finding
        fields = [
            "kind",
            "observed_on",
            "source",
            "present",
            "quantity",
            "category",
            "trend",
            "note",
        ]
        widgets = {"observed_on": DATE, "note": forms.Textarea(attrs={"rows": 2})}
        help_texts = {
            "quantity": "A measurement in the finding's unit: VEP latency ms, ABR dB, spleen "
            "cm below the costal margin, Lansky score, weight kg, length cm.",
            "source": "Who or what reported it: clinic, letter, report.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].initial = FindingKind.VEP.value


def _analytes():
    return [(a.key, f"{a.display} ({a.unit})") for a in ANALYTES]


class LabResultForm(forms.Form):
    analyte = forms.ChoiceField(choices=_analytes)
    value = forms.CharField(max_length=40, help_text="A decimal point or comma both work.")
    unit = forms.CharField(
        max_length=20, help_text="As the lab reported it, e.g. mmol/L or mg/dL for calcium."
    )
    collected_at = forms.DateTimeField(label="Sample taken at", widget=DATETIME)
    lab = forms.CharField(max_length=120, required=False, label="Laboratory")


ALLOWED_DOCUMENT_TYPES = {
    b"%PDF-": "application/pdf",
    b"\x89PNG\r\n\x1a\n": "image/png",
    b"\xff\xd8\xff": "image/jpeg",
}
MAX_DOCUMENT_BYTES = 10 * 1024 * 1024  # in-house limit: a scanned report fits easily


def sniff_content_type(head: bytes) -> str | None:
    """The type a file really is, from its first bytes (never from its name)."""
    for magic, content_type in ALLOWED_DOCUMENT_TYPES.items():
        if head.startswith(magic):
            return content_type
    return None


def checked_upload(upload) -> str:
    """The upload's real content type; refuses a file too large or not a PDF or image."""
    if upload.size > MAX_DOCUMENT_BYTES:
        raise forms.ValidationError(
            f"The file is {upload.size / 1_048_576:.1f} MB; the limit is 10 MB."
        )
    head = upload.read(16)
    upload.seek(0)
    content_type = sniff_content_type(head)
    if content_type is None:
        raise forms.ValidationError(
            "This file is not a PDF, PNG or JPEG (checked from its content, not its name)."
        )
    return content_type


class DocumentForm(forms.Form):
    title = forms.CharField(max_length=160)
    kind = forms.ChoiceField(
        choices=[
            (k, k.capitalize())
            for k in (
                "referral letter",
                "genetic report",
                "imaging report",
                "ophthalmology report",
                "audiology report",
                "consult note",
                "procedure report",
                "other",
            )
        ]
    )
    file = forms.FileField(help_text="PDF, PNG or JPEG, at most 10 MB.")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        self.cleaned_data["content_type"] = checked_upload(upload)
        return upload


class StudyForm(forms.ModelForm):
    """A study and, optionally, its report (stored as a document of the record)."""

    report_file = forms.FileField(
        required=False, label="Report", help_text="Optional. PDF, PNG or JPEG, at most 10 MB."
    )

    result = forms.ChoiceField(
        required=False,
        label="Coded result (brain MRI, abdominal ultrasound, echocardiogram)",
        choices=[("", "Not coded"), ("normal", "Normal"), ("abnormal", "Abnormal")],
        help_text="The assessment reads a brain MRI's for the neurodegeneration screen (rule "
        "2); the transplant's surveillance reads the ultrasound (SOS/VOD) and the echo "
        "(pulmonary hypertension).",
    )
    result_findings = forms.MultipleChoiceField(
        required=False,
        label="What was abnormal",
        choices=[
            (code, STUDY_FINDING_WORDS[code])
            for code in dict.fromkeys(
                BRAIN_MRI_FINDINGS + ABDOMINAL_ULTRASOUND_FINDINGS + ECHOCARDIOGRAM_FINDINGS
            )
        ],
        widget=forms.CheckboxSelectMultiple,
        help_text="For an abnormal result: only the findings of that study are accepted.",
    )

    class Meta:
        model = models.Study
        fields = ["code", "performed_on", "performed_by", "conclusion"]
        widgets = {"performed_on": DATE, "conclusion": forms.Textarea(attrs={"rows": 3})}

    def clean(self):
        cleaned = super().clean()
        code = cleaned.get("code")
        if code:
            result = cleaned.get("result") or None
            findings = tuple(cleaned.get("result_findings") or ())
            # The core's rules of a coded result; each error goes on the field it names.
            for field, message in study_result_errors(code, result, findings):
                self.add_error(field, message)
        return cleaned

    def clean_report_file(self):
        upload = self.cleaned_data.get("report_file")
        if upload:
            self.cleaned_data["report_content_type"] = checked_upload(upload)
        return upload


class VoidForm(forms.Form):
    reason = forms.CharField(max_length=300, label="Why is this entry void?")


class PatientFilterForm(forms.Form):
    stage = forms.ChoiceField(
        required=False, choices=[("", "All stages"), *choices(PathwayStage)], label="Stage"
    )
    form = forms.ChoiceField(
        required=False,
        choices=[("", "All forms"), *models.Patient._meta.get_field("clinical_form").choices],
        label="Clinical form",
    )
    q = forms.CharField(required=False, label="Search name or hospital number")
    sort = forms.ChoiceField(
        required=False,
        label="Sort",
        choices=[
            ("name", "Name"),
            ("-birth_date", "Youngest first"),
            ("birth_date", "Oldest first"),
            ("-updated_at", "Recently updated"),
        ],
    )


class BundleUploadForm(forms.Form):
    bundle = forms.FileField(label="FHIR R4 Bundle (JSON)")

    def clean_bundle(self):
        upload = self.cleaned_data["bundle"]
        limit = settings.ENGRAFT_FHIR_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                f"The file is {upload.size / 1_048_576:.1f} MB; a Bundle may be at most "
                f"{limit / 1_048_576:.1f} MB (ENGRAFT_FHIR_MAX_BYTES)."
            )
        return upload
