"""The first text of the public pages, loaded once by a data migration.

Written in our own words for families; facts come from shared/research/clinical.md and each
page ends with its sources. Administrators change the text in the admin afterwards.
Team names and phone numbers are placeholders, not real people or numbers.
"""

SOURCES_OSTEOPETROSIS = (
    "Stark Z, Savarirayan R. Osteopetrosis. Orphanet J Rare Dis 2009;4:5.\n"
    "GeneReviews: CLCN7-Related Osteopetrosis (NBK1127), updated 2022.\n"
    "Penna S, Villa A, Capo V. Dis Model Mech 2021;14:dmm048940.\n"
    "EBMT Inborn Errors Working Party registry of 746 children, Blood 2025;146(Suppl 1):165."
)

PAGES = [
    {
        "slug": "home",
        "title": "Osteopetrosis transplant programme",
        "menu_label": "Home",
        "menu_order": 0,
        "lead": (
            "We care for children with severe osteopetrosis, a rare inherited bone disease, "
            "and offer blood and marrow transplantation when it can help."
        ),
        "sections": [
            (
                "Who we are",
                "We are a paediatric blood and marrow transplant team. Together with "
                "specialists in endocrinology, genetics, neurology, neuropsychology, eye and "
                "hearing care, and physical and occupational therapy, we assess each child, "
                "explain the options to the family, and prepare and carry out a transplant "
                "when it is the right choice.",
            ),
            (
                "If your child has just been diagnosed",
                "Severe osteopetrosis in babies can affect sight within the first months of "
                "life, so early contact matters. You can ask us a question with the Request "
                "information form, or your child's doctor can refer your child to us "
                "directly.",
            ),
        ],
    },
    {
        "slug": "osteopetrosis",
        "title": "Osteopetrosis explained",
        "menu_label": "Osteopetrosis",
        "menu_order": 1,
        "lead": (
            'Osteopetrosis means "stone bone". The bones become too dense because the cells '
            "that normally remove old bone, the osteoclasts, are missing or do not work."
        ),
        "sections": [
            (
                "Why bones become too dense",
                "Bone is renewed throughout life: osteoclasts break down old bone and other "
                "cells build new bone. In osteopetrosis the osteoclasts fail, so old bone is "
                "not removed. The bones become thick and heavy yet brittle, and the space "
                "inside them where blood is made, the bone marrow, is crowded out.\n\n"
                "In most children the osteoclasts are present but cannot work; in a smaller "
                "group they never form. This difference matters for treatment.",
            ),
            (
                "The types of osteopetrosis",
                "The autosomal recessive form, also called infantile or malignant "
                "osteopetrosis, is inherited from both parents, who are usually healthy "
                "carriers. It is the severe form: it starts in the first months of life and, "
                "without treatment, many children do not survive early childhood.\n\n"
                "An intermediate form starts later in childhood and is less severe.\n\n"
                "The autosomal dominant form (Albers-Schönberg disease) can be passed on by "
                "one parent who has it. It usually shows in later childhood or adulthood, with "
                "fractures, bone pain or jaw infections, and is generally much milder. Some "
                "people with the gene change have no symptoms at all.",
            ),
            (
                "How the severe form affects a child",
                "Because the marrow has little room, the body makes too few blood cells. Too "
                "few red cells (anaemia) cause tiredness and paleness and may need "
                "transfusions. Too few platelets cause bruising and bleeding. Too few working "
                "white cells make infections more likely.\n\n"
                "The liver and spleen try to make blood instead, and become enlarged.\n\n"
                "The dense skull bones can press on the nerves that run through them. Pressure "
                "on the nerves of the eyes can cause loss of sight, often in the first months "
                "of life; pressure on the nerves of hearing can cause hearing loss. Some "
                "children develop raised pressure in the brain or fluid on the brain "
                "(hydrocephalus).\n\n"
                "Low calcium in the blood can cause twitching or seizures. Growth may slow, and "
                "some children have delays in development; in a few genetic types the brain "
                "itself is affected.",
            ),
            (
                "How rare it is",
                "The severe recessive form affects about 1 in 250,000 babies. It is more common "
                "in some communities, for example where parents are related to each other or "
                "where one gene change is shared by many families. The milder dominant form is "
                "more common.",
            ),
            (
                "The genes involved",
                "Changes in at least ten genes can cause osteopetrosis. In the severe form, "
                "TCIRG1 is the most common, in about half of children; others include CLCN7, "
                "OSTM1, SNX10, TNFSF11 (RANKL) and TNFRSF11A (RANK). Knowing the gene helps "
                "the team judge whether a transplant can help, so genetic testing is part of "
                "every assessment.",
            ),
            ("Sources", SOURCES_OSTEOPETROSIS),
        ],
    },
    {
        "slug": "diagnosis",
        "title": "What happens at diagnosis",
        "menu_label": "At diagnosis",
        "menu_order": 2,
        "lead": (
            "When a child is referred to us, we first find out how severe the disease is and "
            "whether a transplant is a good option."
        ),
        "sections": [
            (
                "Assessing severity",
                "We look at blood counts and any need for transfusions, the size of the liver "
                "and spleen, calcium levels, growth and development. Eye specialists test the "
                "sight and the optic nerves (including a test of the nerve's signals, the VEP), "
                "and hearing is tested. A brain scan looks for pressure on the nerves and on "
                "the brain.",
            ),
            (
                "Genetic testing",
                "A blood test looks for the gene change that causes the disease. Some genetic "
                "types respond very well to a transplant; in a few, a transplant cannot help "
                "because the cause lies outside the blood-forming cells, or because the brain "
                "is affected directly. We also test the tissue type (HLA) of the child and the "
                "family early, so that a donor search is not delayed.",
            ),
            (
                "Is a transplant a good option?",
                "A transplant is a serious treatment with real risks. We recommend it only for "
                "children who are seriously affected and whose type of osteopetrosis it can "
                "correct. In the severe infantile form, sight can be lost quickly, so when a "
                "transplant is right we aim to do it early. The decision is always made with "
                "the family, after a full discussion with the whole team.",
            ),
            (
                "Sources",
                "Gerritsen EJA et al. Pediatrics 1994;93(2):247-53.\n"
                "Driessen GJ et al. Bone Marrow Transplant 2003;32(7):657-63.\n"
                "ESID/EBMT consensus guidelines for osteopetrosis, version 3, 2015.",
            ),
        ],
    },
    {
        "slug": "transplant",
        "title": "Blood and marrow transplantation",
        "menu_label": "Transplantation",
        "menu_order": 3,
        "lead": (
            "Osteoclasts come from blood-forming stem cells. A transplant gives a child a "
            "donor's stem cells, which can make working osteoclasts for life."
        ),
        "sections": [
            (
                "Why it works",
                "After the transplant, the donor's stem cells settle in the marrow and start "
                "making blood. This is called engraftment. The donor-made osteoclasts can "
                "remove bone again, the marrow space opens up, and blood counts recover. "
                "Sight that has already been lost rarely comes back, which is why timing "
                "matters.",
            ),
            (
                "Who it is for",
                "Because a transplant carries serious risks, including the graft not taking, "
                "infections and problems with the lungs and liver, it is used only for "
                "children who are seriously affected and whose type of osteopetrosis it can "
                "correct. Children with milder forms are cared for without a transplant.",
            ),
            (
                "Finding a donor",
                "The best donor is usually a brother or sister with the same tissue type. If "
                "there is none, we search worldwide registries of volunteer donors and cord "
                "blood, and consider a parent as a half-matched donor.",
            ),
            (
                "Preparing together",
                "Before the transplant your child will meet the transplant team and several "
                "specialists: endocrinology (calcium and hormones), genetics, neurology, "
                "neuropsychology (development and learning), physical and occupational "
                "therapy, and eye, hearing, heart, dental and anaesthetic teams. These visits "
                "give a full picture of your child's health, a baseline to compare with after "
                "the transplant, and time for your questions. We give you a written schedule "
                "of every appointment.",
            ),
            (
                "Sources",
                "Orchard PJ et al. Blood 2015;126(2):270-6.\n"
                "Driessen GJ et al. Bone Marrow Transplant 2003;32(7):657-63.\n"
                "Gerritsen EJA et al. J Pediatr 1994 (EBMT series).",
            ),
        ],
    },
    {
        "slug": "team",
        "title": "Our team",
        "menu_label": "Our team",
        "menu_order": 4,
        "lead": "Many people work together to care for your child and your family.",
        "sections": [],
    },
    {
        "slug": "trials",
        "title": "Clinical trials",
        "menu_label": "Clinical trials",
        "menu_order": 5,
        "lead": (
            "Clinical trials test new treatments or new ways of giving existing ones. Taking "
            "part is always voluntary."
        ),
        "sections": [
            (
                "Asking about a trial",
                "If you would like to know whether a trial might suit your child, ask your "
                "child's doctor or use the Request information form.",
            ),
        ],
    },
    {
        "slug": "contact",
        "title": "Contact",
        "menu_label": "Contact",
        "menu_order": 6,
        "lead": "How to reach the programme, and where to find us.",
        "sections": [
            (
                "Referrals from doctors",
                "Doctors can refer a child by phone on the urgent referrals line, at any time "
                "of day for a baby who is unwell.",
            ),
        ],
    },
]

TEAM = [
    ("Dr Alex Example", "Programme lead, paediatric BMT physician", "Transplantation"),
    ("Sam Placeholder", "Nurse coordinator", "Transplant coordination"),
    ("Dr Robin Sample", "Consultant paediatric endocrinologist", "Endocrinology"),
    ("Dr Kim Specimen", "Clinical geneticist", "Genetics"),
    ("Dr Jordan Model", "Paediatric neurologist", "Neurology"),
    ("Dr Casey Instance", "Clinical neuropsychologist", "Neuropsychology"),
    ("Morgan Demo", "Paediatric physiotherapist", "Physical therapy"),
    ("Taylor Mock", "Paediatric occupational therapist", "Occupational therapy"),
]

CONTACT = {
    "programme_name": "Osteopetrosis transplant programme",
    "phone_main": "+44 20 7946 0000",
    "phone_urgent": "+44 20 7946 0999",
    "phone_hours": "Monday to Friday, 9:00 to 17:00",
    "email": "families@engraft.invalid",
    "clinic_address": "Children's BMT Clinic, Level 4\n1 Example Road\nLondon EX1 1AA",
    "adult_programme_name": "Adult blood and marrow transplant programme",
    "adult_programme_url": "https://adult-bmt.example.org/",
}


def seed_public_content(page_model, section_model, team_model, contact_model) -> None:
    """Load the first public text; never overwrite what an administrator has edited.

    Takes the model classes so that the data migration can pass its historical models.
    """
    for spec in PAGES:
        page, created = page_model.objects.get_or_create(
            slug=spec["slug"],
            defaults={k: spec[k] for k in ("title", "menu_label", "menu_order", "lead")},
        )
        if created:
            for order, (heading, body) in enumerate(spec["sections"]):
                section_model.objects.create(page=page, order=order, heading=heading, body=body)
    if not team_model.objects.exists():
        for order, (name, position, discipline) in enumerate(TEAM):
            team_model.objects.create(
                name=name, position=position, discipline=discipline, order=order
            )
    if not contact_model.objects.exists():
        contact_model.objects.create(**CONTACT)
