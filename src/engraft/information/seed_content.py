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

SOURCES_WHAT_TO_EXPECT = (
    "Thompson DA et al. Neuropediatrics 1998;29:137-44 (VEP and ERG before transplant).\n"
    "Hamidieh AA et al. PMID 29730165 (hearing before and after transplant).\n"
    "Corbacioglu S et al. Bone Marrow Transplant 2018;53:138-45 (the EBMT criteria for VOD "
    "in children, with a liver scan just before the transplant as the baseline).\n"
    "Corbacioglu S et al. Lancet 2012;379:1301-9 (defibrotide to prevent VOD in children).\n"
    "EBMT Inborn Errors Working Party registry of 746 children, Blood 2025;146(Suppl 1):165 "
    "(conditioning medicines and the sources of the donor's cells).\n"
    "Kharfan-Dabaja MA et al. Transplant Cell Ther 2021;27(8):642-9, harmonised by Sureda A "
    "et al. Bone Marrow Transplant 2024 (the definitions of engraftment and graft failure).\n"
    "Martinez C et al. Bone Marrow Transplant 2010;45(5):939-44 (high calcium after the "
    "transplant: timing and treatment).\n"
    "Gerritsen EJA et al. J Pediatr 1994 (EBMT series: high calcium more common after age 2).\n"
    "Taylor-Miller T et al. Bone Rep 2021;14:100738 (high calcium in RANK osteopetrosis).\n"
    "Steward CG et al. Br J Haematol 2004;124(1):63-71 (pulmonary hypertension after "
    "transplant for osteopetrosis).\n"
    "Orchard PJ et al. Blood 2015;126(2):270-6 (graft failure, the most common cause of "
    "death).\n"
    "Bone Marrow Transplant 1998;22(10):941-6 (Minnesota series: partial donor cells can "
    "correct the blood counts).\n"
    "CIBMTR Forms Instruction Manual, Post-TED Form 2450 (reports due at 100 days, 6 months, "
    "then yearly)."
)

SOURCES_RESULTS = (
    "Orchard PJ et al. Blood 2015;126(2):270-6 (CIBMTR, 193 children).\n"
    "Driessen GJ et al. Bone Marrow Transplant 2003;32(7):657-63 (EBMT, 122 children)."
)

# The pages of issue 17, listed in the menu after the first ones. Menu positions tie with
# the first pages' on purpose: the menu orders ties by slug, so existing rows keep theirs.
SITE_PAGES = [
    {
        "slug": "what-to-expect",
        "title": "What to expect during the transplant",
        "menu_label": "What to expect",
        "menu_order": 3,
        "lead": (
            "A transplant happens in steps. This page goes through them in order, so that you "
            "know what is coming and what the team watches for. Every child is different, and "
            "your team will tell you what each step means for yours."
        ),
        "sections": [
            (
                "Before the transplant: visits and tests",
                "Before the transplant your child meets the transplant team and several "
                "specialists, and has a series of tests. The eye team checks sight and "
                "the optic nerves, including tests of the nerve's signals (VEP) and of the "
                "retina (ERG). Hearing is tested. A brain scan (MRI) looks for pressure on the "
                "nerves and the brain. Other specialists look at development, growth, calcium "
                "and hormones, the heart, the teeth and the airway, and an ultrasound scan "
                "measures the liver and spleen.\n\n"
                "These tests show whether a transplant can help, and they give a starting "
                "picture of your child's health that the team compares with afterwards. For "
                "example, the liver scan taken just before the transplant helps the team "
                "notice early if the liver comes under strain later.\n\n"
                "We give you a written schedule of every appointment.",
            ),
            (
                "Coming into hospital",
                "Your child is admitted to the transplant ward before the treatment starts. A "
                "thin, soft tube is placed into a large vein (a central line). Through it, "
                "medicines, fluids, transfusions and the donor's cells can be given, and blood "
                "taken for tests, without repeated needles. The team shows you the ward and "
                "explains its routines for families.",
            ),
            (
                "Conditioning: the days counted down to day 0",
                "Before the donor's cells can settle, room has to be made for them in the bone "
                "marrow, and your child's own immune system has to be held back so that it "
                "does not reject them. This preparation is called conditioning. It uses "
                "chemotherapy medicines, for example busulfan or treosulfan together with "
                "fludarabine, given on a set number of days before the transplant. Your team "
                "will tell you how many days your child's plan has.\n\n"
                "You will hear the days counted: each day before the transplant has a minus "
                "number (day \u22122 is two days before it), the day of the transplant is day 0, "
                "and the days after it count up (day +1, day +2). These numbers tell everyone "
                "where your child is in the plan.",
            ),
            (
                "Day 0: the transplant",
                "On day 0 the donor's cells are given through the central line, like a blood "
                "transfusion. It is not an operation. The cells come from the donor's bone "
                "marrow, from their blood, or from umbilical cord blood, and they find their "
                "own way from the bloodstream into the bone marrow.",
            ),
            (
                "Isolation and the wait for engraftment",
                "Until the donor's cells start working, your child has very few blood cells: "
                "too few white cells to fight infection, and too few red cells and platelets, "
                "which are given as transfusions when they are needed. To protect your child "
                "from infection, they are cared for in a protective room, and the team "
                "explains the precautions for visitors and for everything brought in.\n\n"
                "Every day the team looks at the blood counts for the first signs that the "
                "donor's cells are working. This is called engraftment: it is counted from "
                "the first of three days in a row on which the neutrophils, the white cells "
                "that fight bacteria, reach 0.5 \u00d7 10⁹ per litre. If the new cells have not "
                "started working by day +30 after marrow or blood stem cells, or by day +42 "
                "after cord blood, doctors call it graft failure (see below).",
            ),
            (
                "What the team watches for",
                "Children with osteopetrosis have some particular risks after a transplant. "
                "The team checks for each of them every day, so that a problem is found and "
                "treated early. Not every child has them. Please tell the nurses at once if "
                "you notice something new, for example if your child is suddenly short of "
                "breath.",
            ),
            (
                "High calcium in the blood",
                "When the donor's osteoclasts start working, they begin to remove the extra "
                "bone, and this can release calcium into the blood. High calcium is most "
                "likely two to four weeks after the transplant (in one series it began, in "
                "the middle of the range, on day +23) and lasted from 2 to 24 days. It is "
                "more common in children who are older than 2 at the transplant, and it can "
                "be stronger and last longer in children with RANK (TNFRSF11A) "
                "osteopetrosis. Calcium is measured often in those weeks, and high calcium is "
                "treated with extra fluids and medicines.",
            ),
            (
                "The liver (VOD)",
                "After the conditioning medicines, the small veins inside the liver can become "
                "blocked. This is called veno-occlusive disease (VOD), or sinusoidal "
                "obstruction syndrome. Children with osteopetrosis are known to have a higher "
                "risk of it, so every day the team weighs your child and checks the liver "
                "and the blood tests for its signs: weight gain, a growing liver, fluid in "
                "the tummy and a rising bilirubin (which can turn the skin yellow). The team "
                "may give a medicine, defibrotide, to help prevent it.",
            ),
            (
                "The lungs (pulmonary hypertension)",
                "In some children the blood pressure in the lungs rises after the transplant. "
                "This is called pulmonary hypertension. It can begin from just before the "
                "transplant until about three months after it. Its main signs are sudden "
                "breathlessness and a low oxygen level, usually without a fever. If the team "
                "suspects it, they check the heart and lungs with an ultrasound scan of the "
                "heart (an echocardiogram) so that it can be treated.",
            ),
            (
                "When the new cells do not take (graft failure)",
                "Sometimes the donor's cells do not start working, or work for a while and "
                "then fade. This is called graft failure. It is the most common reason a "
                "transplant for osteopetrosis does not succeed, so the team follows it "
                "closely: a blood test (chimerism) measures how much of your child's blood "
                "is made by the donor's cells. Even when only part of it comes from the "
                "donor, that can be enough to correct the blood counts. If the graft fails, "
                "the team talks with you about what can be done next, which can include a "
                "second transplant.",
            ),
            (
                "Going home",
                "There is no fixed date for going home: it depends on how your child "
                "recovers. The team decides with you when your child is ready, once the blood "
                "counts have recovered and any problems are under control. Before you leave, "
                "the team goes through the medicines, the signs that mean you should call, "
                "and how to reach us.",
            ),
            (
                "Follow-up in the first years",
                "After going home your child comes back to clinic often at first, then less "
                "often. The main reviews are around day +100, 6 months and 1 year after the "
                "transplant, and then once a year: the times at which international "
                "transplant registries ask centres to report how each child is doing. At the "
                "reviews the team checks the donor's cells (chimerism), the immune system, "
                "growth, development, sight, hearing, calcium and hormones, the teeth and "
                "the bones, so that any late effect is found early.",
            ),
            ("Sources", SOURCES_WHAT_TO_EXPECT),
        ],
    },
    {
        "slug": "research",
        "title": "Current research",
        "menu_label": "Research",
        "menu_order": 5,
        "lead": (
            "Research helps children with osteopetrosis do better after a transplant. These "
            "are the programme's research projects and publications, and how your family can "
            "take part."
        ),
        "sections": [
            (
                "Taking part",
                "Taking part in research is always your choice. Before your child joins a "
                "study, the team explains what it involves, what it could mean for your "
                "child, and what happens to the information collected, and you have time to "
                "ask questions and decide. Saying no does not change your child's care, and "
                "you can change your mind later.",
            ),
        ],
    },
    {
        "slug": "results",
        "title": "Our results",
        "menu_label": "Our results",
        "menu_order": 5,
        "lead": (
            "How children have done after a transplant in our programme: the survival and "
            "engraftment figures we publish, beside the results of large published series."
        ),
        "sections": [
            (
                "What these numbers can tell you",
                "They show how the children treated in our programme have done so far: how "
                "many are alive at set times after the transplant, and in how many the "
                "donor's cells started working (engraftment). Each figure says how many "
                "children it rests on and how certain it is. Beside it you can see what large "
                "published series report.",
            ),
            (
                "What they cannot tell you",
                "They cannot tell you what will happen to your child. The type of "
                "osteopetrosis, the age and health before the transplant and the donor all "
                "differ from child to child, and they all affect the outcome.\n\n"
                "A programme treats few children with a rare disease, so its figures rest on "
                "small numbers and can change a lot with one child; the range given with each "
                "figure shows how uncertain it is. Results have improved over the years, so "
                "figures that include earlier years may not reflect care today. Published "
                "series combine many centres and years, and their children differ from ours, "
                "so they are a guide rather than a direct comparison.\n\n"
                "Your child's doctors can talk with you about what the figures mean for your "
                "child.",
            ),
            (
                "What published series report",
                "In the largest international series (CIBMTR, 193 children), 62% of the "
                "children whose donor was a matched brother or sister were alive 5 years after "
                "the transplant, and 42% of those with other donors; among the other donors, "
                "an unrelated volunteer and a partly matched relative gave similar results. "
                "Graft failure was the most common cause of death.\n\n"
                "In a European series of 122 children transplanted from 1980 to 2001 (EBMT), "
                "73% of the children whose donor was a genetically identical brother or "
                "sister were alive and free of the disease 5 years after the transplant, and "
                "24% of those whose donor was a half-matched relative; for half-matched "
                "relatives, the figure was 17% before 1994 and 45% after.",
            ),
            ("Sources", SOURCES_RESULTS),
        ],
    },
    {
        "slug": "sources",
        "title": "Recommended sources",
        "menu_label": "Recommended sources",
        "menu_order": 5,
        "lead": (
            "Other places where you can read about osteopetrosis and its treatment. We chose "
            "them because experts write or review them; some are written for doctors and use "
            "medical words."
        ),
        "sections": [
            (
                "A word about reading online",
                "What you read online is general: it cannot tell you what will happen to your "
                "child. Bring what you read, and your questions, to your child's team.",
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


# Recommended sources: only organisations and documents the research notes name, at
# addresses the notes give or that follow from the identifiers they cite (NCBI Bookshelf
# NBK1127, PMC4497967, doi 10.1210/jc.2017-01127). The Osteopetrosis Support Trust's guide is
# cited in clinical.md; its address is that of the page the guide is published on. No link
# has been checked by the team yet: "link last checked" is left for an administrator to fill.
RECOMMENDED_SOURCES = [
    (
        "Osteopetrosis Support Trust: what is osteopetrosis?",
        "https://www.osteopetrosis-support-trust.org.uk/what-is-osteopetrosis/",
        "A support organisation for families: the types of osteopetrosis, their signs and "
        "treatment, in plain words, with medical text by a transplant doctor.",
    ),
    (
        "GeneReviews: CLCN7-related osteopetrosis",
        "https://www.ncbi.nlm.nih.gov/books/NBK1127/",
        "An expert review, written for doctors, of the CLCN7 forms: signs, diagnosis, "
        "treatment and what the inheritance means for the family.",
    ),
    (
        "Transplants for osteopetrosis: the CIBMTR report (Blood, 2015)",
        "https://pmc.ncbi.nlm.nih.gov/articles/PMC4497967/",
        "The full text of the largest international report of transplants for osteopetrosis, "
        "193 children: survival, engraftment and complications. Written for doctors.",
    ),
    (
        "Osteopetrosis Working Group guidance (J Clin Endocrinol Metab, 2017)",
        "https://doi.org/10.1210/jc.2017-01127",
        "Expert guidance for doctors on the milder, later-starting forms of osteopetrosis, "
        "for which a transplant is not the usual treatment.",
    ),
    (
        "ClinicalTrials.gov",
        "https://clinicaltrials.gov/",
        "The public register of clinical studies around the world: search for osteopetrosis "
        "to see which studies are open.",
    ),
]


def seed_pages(page_model, section_model) -> None:
    """Create the public pages that do not exist yet, with their first sections.

    A page that exists is left as it is: its text is the administrator's.
    """
    for spec in [*PAGES, *SITE_PAGES]:
        page, created = page_model.objects.get_or_create(
            slug=spec["slug"],
            defaults={k: spec[k] for k in ("title", "menu_label", "menu_order", "lead")},
        )
        if created:
            for order, (heading, body) in enumerate(spec["sections"]):
                section_model.objects.create(page=page, order=order, heading=heading, body=body)


def seed_public_content(page_model, section_model, team_model, contact_model) -> None:
    """Load the first public text; never overwrite what an administrator has edited.

    Takes the model classes so that the data migration can pass its historical models.
    """
    seed_pages(page_model, section_model)
    if not team_model.objects.exists():
        for order, (name, position, discipline) in enumerate(TEAM):
            team_model.objects.create(
                name=name, position=position, discipline=discipline, order=order
            )
    if not contact_model.objects.exists():
        contact_model.objects.create(**CONTACT)


def seed_recommended_sources(source_model) -> None:
    """Load the first recommended sources into an empty list (the data migration runs once)."""
    if source_model.objects.exists():
        return
    for order, (name, url, description) in enumerate(RECOMMENDED_SOURCES):
        source_model.objects.create(name=name, url=url, description=description, order=order)
