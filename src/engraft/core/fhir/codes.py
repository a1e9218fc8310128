"""Code systems and codes used by the FHIR R4 export and import, with their status.

Sources: /work/shared/research/software.md sections 3.1 and 3.2. Codes not confirmed there
are marked "to verify" and must be checked (SNOMED browser, LOINC search, HL7 Genomics
Reporting IG) before a production exchange.
"""

from __future__ import annotations

from engraft.core.record.patient import Relationship
from engraft.core.vocabulary import VariantClassification, Zygosity

LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
SNOMED = "http://snomed.info/sct"
ICD10CM = "http://hl7.org/fhir/sid/icd-10-cm"  # software.md 3.2 [verified in public code]
HGVS = "http://varnomen.hgvs.org"
OBS_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
CONDITION_CLINICAL = "http://terminology.hl7.org/CodeSystem/condition-clinical"
ROLE_CODE = "http://terminology.hl7.org/CodeSystem/v3-RoleCode"

_BASE = "https://engraft.example.org/fhir"
CLINICAL_FORM_SYSTEM = f"{_BASE}/CodeSystem/clinical-form"
FINDING_SYSTEM = f"{_BASE}/CodeSystem/finding"
FINDING_PART_SYSTEM = f"{_BASE}/CodeSystem/finding-part"
ANALYTE_SYSTEM = f"{_BASE}/CodeSystem/analyte"
GENOTYPE_PENDING_URL = f"{_BASE}/StructureDefinition/genotype-pending"
RECORD_ID_SYSTEM = f"{_BASE}/NamingSystem/record-id"

# Osteopetrosis: ICD-10-CM Q78.2 is confirmed (software.md 3.2). The SNOMED CT concept is
# "not confirmed" there; 6062009 is the concept we believe is Osteopetrosis (disorder):
# TO VERIFY in the SNOMED browser before production use.
ICD10_OSTEOPETROSIS = ("Q78.2", "Osteopetrosis")
SNOMED_OSTEOPETROSIS = ("6062009", "Osteopetrosis (disorder)")
SNOMED_OSTEOPETROSIS_STATUS = "to verify"

# HL7 Genomics Reporting IG, variant shape. All LOINC codes below are TO VERIFY (they are
# not in software.md): they are the codes the IG uses for these elements.
GENETIC_PANEL = ("81247-9", "Master HL7 genetic variant reporting panel")
VARIANT_ASSESSMENT = ("69548-6", "Genetic variant assessment")
VARIANT_PRESENT = ("LA9633-4", "Present")
GENE_STUDIED = ("48018-6", "Gene studied [ID]")
DNA_CHANGE = ("48004-6", "DNA change (c.HGVS)")
AMINO_ACID_CHANGE = ("48005-3", "Amino acid change (pHGVS)")
ALLELIC_STATE = ("53034-5", "Allelic state")
CLINICAL_SIGNIFICANCE = ("53037-8", "Genetic variation clinical significance [Imp]")

ZYGOSITY_CODES: dict[Zygosity, tuple[str, str]] = {
    Zygosity.HOMOZYGOUS: ("LA6705-3", "Homozygous"),
    Zygosity.HETEROZYGOUS: ("LA6706-1", "Heterozygous"),
    Zygosity.HEMIZYGOUS: ("LA6707-9", "Hemizygous"),
    Zygosity.COMPOUND_HETEROZYGOUS: ("LA26217-0", "Compound heterozygous"),
}
CLASSIFICATION_CODES: dict[VariantClassification, tuple[str, str]] = {
    VariantClassification.PATHOGENIC: ("LA6668-3", "Pathogenic"),
    VariantClassification.LIKELY_PATHOGENIC: ("LA26332-9", "Likely pathogenic"),
    VariantClassification.UNCERTAIN_SIGNIFICANCE: ("LA26333-7", "Uncertain significance"),
    VariantClassification.LIKELY_BENIGN: ("LA26334-5", "Likely benign"),
    VariantClassification.BENIGN: ("LA6675-8", "Benign"),
}

# HL7 v3 RoleCode for RelatedPerson.relationship.
RELATIONSHIP_CODES: dict[Relationship, tuple[str, str]] = {
    Relationship.MOTHER: ("MTH", "mother"),
    Relationship.FATHER: ("FTH", "father"),
    Relationship.BROTHER: ("BRO", "brother"),
    Relationship.SISTER: ("SIS", "sister"),
    Relationship.SIBLING: ("SIB", "sibling"),
    Relationship.GRANDPARENT: ("GRPRN", "grandparent"),
    Relationship.GUARDIAN: ("GUARD", "guardian"),
    Relationship.OTHER: ("FAMMEMB", "family member"),
}


def reverse(table: dict) -> dict[str, object]:
    """Code -> enum member for one of the tables above."""
    return {code: member for member, (code, _display) in table.items()}


# --- The transplant (core/fhir/transplant.py) ---
# SNOMED CT 234336002 is [verified] in software.md 3.2 ("several FHIR IGs / ConceptMaps").
SNOMED_HSCT = ("234336002", "Hemopoietic stem cell transplant (procedure)")
SNOMED_HSCT_STATUS = "verified (software.md 3.2)"
# Not in software.md: TO VERIFY in the SNOMED browser before production use.
SNOMED_TRANSFUSION = ("116859006", "Transfusion of blood product (procedure)")
SNOMED_TRANSFUSION_STATUS = "to verify"
# Body weight: the vital-signs LOINC; not in software.md, TO VERIFY.
LOINC_BODY_WEIGHT = ("29463-7", "Body weight")
LOINC_BODY_WEIGHT_STATUS = "to verify"
# Chimerism: software.md 3.2 found no standard LOINC (LabCorp lists "N/A"; the CIBMTR IG has
# none), so the codes are local, one per lineage: TO VERIFY if a LOINC appears.
CHIMERISM_SYSTEM = f"{_BASE}/CodeSystem/chimerism"
CHIMERISM_STATUS = "to verify (local code: no standard LOINC found, software.md 3.2)"
ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
INPATIENT_ENCOUNTER = ("IMP", "inpatient encounter")
EPISODE_TYPE_SYSTEM = f"{_BASE}/CodeSystem/episode-type"
GRAFT_SOURCE_SYSTEM = f"{_BASE}/CodeSystem/graft-source"
DONOR_TYPE_SYSTEM = f"{_BASE}/CodeSystem/donor-type"
MANIPULATION_SYSTEM = f"{_BASE}/CodeSystem/graft-manipulation"
REGIMEN_SYSTEM = f"{_BASE}/CodeSystem/conditioning-regimen"
AGENT_SYSTEM = f"{_BASE}/CodeSystem/conditioning-agent"
BLOOD_PRODUCT_SYSTEM = f"{_BASE}/CodeSystem/blood-product"
TRANSPLANT_NUMBER_URL = f"{_BASE}/StructureDefinition/transplant-number"
TRANSPLANTED_PRODUCT_URL = f"{_BASE}/StructureDefinition/transplanted-product"
DONOR_TYPE_URL = f"{_BASE}/StructureDefinition/donor-type"
MANIPULATION_URL = f"{_BASE}/StructureDefinition/graft-manipulation"
GRAFT_CELLS_URL = f"{_BASE}/StructureDefinition/graft-cells-total"  # + "-tnc", "-cd34", "-cd3"
REGIMEN_URL = f"{_BASE}/StructureDefinition/conditioning-regimen"
AGENT_DAY_URL = f"{_BASE}/StructureDefinition/day-relative-to-day0"
TRANSFUSION_VOLUME_URL = f"{_BASE}/StructureDefinition/transfusion-volume"
GROWTH_FACTOR_CATEGORY = ("growth_factor", "Growth factor")
