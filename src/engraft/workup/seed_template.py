"""The first work-up template, loaded once by a data migration; administrators edit it after.

Sources are from shared/research/clinical.md section 2c unless marked in-house. Lead times
(days before admission a task should be done) are in-house: no published timetable exists
in the research notes.
"""

_2C = "clinical.md 2c"
IN_HOUSE = "in-house (programme practice; not in the research notes)"
IMMUNE_GENES = ["TNFRSF11A", "IKBKG", "FERMT3"]

# code, name, kind, discipline, owner_role, why, source, family text, bring, lead days,
# default requirement, default reason, conditions, finding kind
ITEMS = [
    ("endocrinology", "Endocrinology consult", "consult", "endocrinology", "specialist",
     "Calcium, PTH and vitamin D: hypocalcaemic seizures, secondary hyperparathyroidism; "
     "plan for hypercalcaemia after engraftment",
     f"{_2C}: GeneReviews NBK1127; Martinez 2010 (hypercalcaemia after HSCT)",
     "A doctor who looks after calcium and hormones will check your child's calcium levels "
     "and plan how to keep them safe during and after the transplant.",
     "Any calcium or vitamin D medicines your child takes", 28, "required",
     "Every candidate (calcium disorders are common)", [], ""),
    ("genetics", "Genetics consult", "consult", "genetics", "specialist",
     "The genotype decides whether a transplant can help; counselling for the family",
     f"{_2C}: Wu 2017; Bone 2013 (OSTM1 deletion analysis)",
     "A genetics doctor will explain the gene result and what it means for your family.",
     "Any genetic reports you have", 42, "required", "Every candidate", [], ""),
    ("neurology", "Neurology consult", "consult", "neurology", "specialist",
     "Detect primary neurodegeneration (contraindication signal) and baseline neurology",
     f"{_2C}: Abinun 1999", "A children's brain and nerve doctor will examine your child.",
     "", 28, "required", "Every candidate", [], "developmental_assessment"),
    ("neuropsychology", "Neuropsychology assessment", "consult", "neuropsychology",
     "specialist", "Developmental baseline; detect neurodegeneration",
     f"{_2C}: Abinun 1999",
     "A specialist will play and talk with your child to see how they are developing.",
     "Your child's favourite toy", 28, "required", "Every candidate", [],
     "developmental_assessment"),
    ("physical_therapy", "Physical therapy assessment", "consult", "physical_therapy",
     "specialist", "Motor baseline and safe handling of fragile bones", IN_HOUSE,
     "A physiotherapist will see how your child moves and show you safe ways to hold them.",
     "", 21, "required", "Every candidate (programme practice)", [], ""),
    ("occupational_therapy", "Occupational therapy assessment", "consult",
     "occupational_therapy", "specialist", "Daily-living and vision-adapted play baseline",
     IN_HOUSE, "An occupational therapist will look at feeding, play and daily care.", "",
     21, "required", "Every candidate (programme practice)", [], ""),
    ("ophthalmology", "Ophthalmology with VEP and ERG", "consult", "ophthalmology",
     "specialist", "Delayed VEP latency is the earliest sign of optic nerve compression; ERG "
     "detects retinal degeneration (a neurodegeneration signal)", f"{_2C}: Thompson 1998",
     "An eye doctor will look at your child's eyes and test how signals travel from the eyes "
     "to the brain (VEP) and how the retina works (ERG).", "Glasses, if your child has them",
     21, "required", "Every candidate (vision is at stake)", [], "vep"),
    ("audiology", "Audiology with ABR", "consult", "audiology", "specialist",
     "Baseline conductive or sensorineural hearing loss", f"{_2C}: Hamidieh (PMID 29730165)",
     "A hearing specialist will test your child's hearing while they sleep or rest.", "",
     21, "required", "Every candidate", [], "hearing_abr"),
    ("cardiology", "Cardiology with echocardiogram", "consult", "cardiology", "specialist",
     "Pulmonary hypertension baseline before transplant",
     f"{_2C}: Steward 2004 (guideline item unverified)",
     "A heart doctor will do an ultrasound scan of your child's heart.", "", 21,
     "required", "Every candidate", [], ""),
    ("dental", "Dental and maxillofacial review", "consult", "dental", "specialist",
     "Eruption defects, caries, jaw osteomyelitis", f"{_2C}: Wu 2017; Stattin 2017",
     "A dentist will check your child's mouth and jaw.", "", 28, "required",
     "Every candidate", [], ""),
    ("anaesthesia", "Anaesthesia assessment", "consult", "anaesthesia", "specialist",
     "Airway and sedation safety (choanal stenosis)",
     f"{_2C}: GeneReviews (choanal stenosis; anaesthesia use unverified)",
     "An anaesthetist will plan how to keep your child safe during sedation.", "", 14,
     "required", "Every candidate", [], ""),
    ("ent_airway", "ENT airway assessment", "consult", "ent", "specialist",
     "Choanal stenosis and airway", f"{_2C}: GeneReviews (choanal stenosis)",
     "An ear, nose and throat doctor will check your child's breathing passages.", "", 21,
     "required", "Every candidate", [], ""),
    ("nutrition", "Nutrition assessment", "consult", "nutrition", "specialist",
     "Growth and feeding before conditioning", IN_HOUSE,
     "A dietitian will talk with you about feeding and growth.", "Your child's feeding plan",
     21, "required", "Every candidate (programme practice)", [], ""),
    ("social_work", "Social work", "consult", "social_work", "coordinator",
     "Practical support for a long stay", IN_HOUSE,
     "A social worker will help with travel, housing and practical matters.", "", 28,
     "required", "Every family (programme practice)", [], ""),
    ("psychology", "Psychology", "consult", "psychology", "specialist",
     "Support for the family", IN_HOUSE,
     "A psychologist will offer support to you and your family.", "", 21, "optional",
     "Offered to every family (programme practice)", [], ""),
    ("hla_typing", "HLA typing of patient and family", "test", "hla_laboratory",
     "coordinator", "Start the donor search without waiting for genetics",
     f"{_2C} (unverified as a guideline item); clinical.md 8 rule 5",
     "A blood sample from your child and, if you agree, from parents and brothers and "
     "sisters, to find a matching donor.", "", 56, "required", "Every candidate", [], ""),
    ("infection_markers", "Infection markers", "test", "laboratory", "coordinator",
     "Pre-transplant virology and serology", IN_HOUSE, "A blood test for infections.", "",
     14, "required", "Every candidate (programme practice)", [], ""),
    ("brain_mri", "Brain MRI (or CT of the optic canal)", "test", "radiology", "specialist",
     "Hydrocephalus, Chiari, foramen magnum stenosis, raised ICP, CNS malformations",
     f"{_2C}: GeneReviews; Stattin 2017; EBMT 2025",
     "A scan of your child's head, usually under sedation.", "", 21, "required",
     "Every candidate", [], "hydrocephalus"),
    ("abdominal_ultrasound", "Abdominal ultrasound", "test", "radiology", "specialist",
     "Liver and spleen size; baseline for the VOD/SOS diagnosis",
     f"{_2C}: Corbacioglu 2018 (EBMT paediatric VOD criteria)",
     "An ultrasound scan of your child's tummy.", "", 14, "required", "Every candidate", [],
     "hepatosplenomegaly"),
    ("skeletal_survey", "Skeletal survey", "test", "radiology", "specialist",
     "Radiographic baseline", f"{_2C}: Wu 2017; GeneReviews",
     "X-rays of your child's bones.", "", 28, "required", "Every candidate", [], "fractures"),
    ("immunology", "Immunoglobulins and lymphocyte subsets", "test", "laboratory",
     "coordinator", "RANK (hypogammaglobulinaemia), NEMO, LAD-III",
     f"{_2C}: Guerrini 2008; Miot 2017", "A blood test of the immune system.", "", 14,
     "optional", "Not required by the genotype",
     [{"gene_in": IMMUNE_GENES, "requirement": "required",
       "reason": "Genotype with an immune defect (RANK, NEMO, LAD-III): clinical.md 2c"}], ""),
    ("bicarbonate_urine_ph", "Venous bicarbonate and urine pH", "test", "laboratory",
     "coordinator", "CA2 renal tubular acidosis (persists after transplant)",
     f"{_2C}: Sly 1983; McMahon 2001", "A blood test and a urine sample.", "", 14,
     "optional", "Not required by the genotype",
     [{"gene_in": ["CA2"], "requirement": "required",
       "reason": "CA2 deficiency: renal tubular acidosis (clinical.md 2c)"}], ""),
    ("bone_mineral_labs", "Calcium, PTH and vitamin D", "test", "laboratory", "coordinator",
     "Hypocalcaemia and secondary hyperparathyroidism", f"{_2C}: GeneReviews",
     "A blood test of calcium and related hormones.", "", 7, "required", "Every candidate",
     [], ""),
    ("blood_count", "Blood count with film", "test", "laboratory", "coordinator",
     "Marrow failure and extramedullary haematopoiesis", f"{_2C}: Frontiers 2019; Kahraman 2023",
     "A blood count.", "", 7, "required", "Every candidate", [], ""),
]  # fmt: skip

FIELDS = (
    "code", "name", "kind", "discipline", "owner_role", "why", "source", "family_description",
    "what_to_bring", "lead_days", "default_requirement", "default_reason", "conditions",
    "result_finding_kind",
)  # fmt: skip


def seed_plan_items(plan_item_model) -> None:
    """Create the template items that do not exist yet (never overwrite an edited one).

    Lead days come from the knowledge base's work-up timetable (schedule.json) where it has
    the item; the figure in ITEMS is only a fallback.
    """
    from engraft.core.workup.schedule import default_lead_days

    for order, values in enumerate(ITEMS):
        fields = dict(zip(FIELDS, values, strict=True))
        lead_days = default_lead_days(fields["code"])
        if lead_days is not None:
            fields["lead_days"] = lead_days
        plan_item_model.objects.get_or_create(
            code=fields.pop("code"), defaults={**fields, "order": order}
        )


# Items whose result is also a structured study in the record (record/studies.py codes): so
# a finished work-up ticks the assessment's list of what is missing at diagnosis.
RESULT_STUDIES = {
    "skeletal_survey": "skeletal_survey",
    "brain_mri": "brain_mri",
    "abdominal_ultrasound": "abdominal_ultrasound",
    "cardiology": "echocardiogram",
    "dental": "dental_review",
    "ent_airway": "airway_ent",
}


def link_result_studies(plan_item_model) -> None:
    """Set the study each item's result becomes, where an administrator has not set one."""
    for code, study in RESULT_STUDIES.items():
        plan_item_model.objects.filter(code=code, result_study_code="").update(
            result_study_code=study
        )
