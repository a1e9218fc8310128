"""Donor search from the app: family, registry and cord at once, ranked, filtered, flagged."""

import pytest

from engraft.access.roles import Role
from engraft.audit.models import AuditEvent
from engraft.donors.models import AntiHlaAntibody, DonorSearch, DonorSelection

from .factories import make_patient
from .url_samples_donors import FAMILY_GL, PATIENT_GL, make_family, tiny_registry, type_family

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry(settings):
    settings.ENGRAFT_REGISTRY_DIR = tiny_registry()
    return settings.ENGRAFT_REGISTRY_DIR


@pytest.fixture
def family(registry):
    patient, people = make_family()
    type_family(patient, people)
    return patient, people


def run(client, patient, min_grade=""):
    response = client.post(f"/staff/donors/patients/{patient.public_id}/search/run/",
                           {"min_grade": min_grade}, follow=True)  # fmt: skip
    return response, DonorSearch.objects.filter(patient=patient).first()


def test_the_search_finds_family_registry_and_cord_donors_ranked(login, family):
    patient, people = family
    response, found = run(login(Role.COORDINATOR), patient)
    assert response.status_code == 200
    family_hits = found.results["family_donors"]
    hits = found.results["results"]
    assert {h["source"] for h in family_hits} == {"family"}
    assert {h["source"] for h in hits} == {"registry", "cord"}
    assert family_hits[0]["donor_id"] == str(people["sister"].public_id)  # identical sib first
    assert [h["rank"] for h in family_hits] == [1, 2, 3, 4]
    assert [h["rank"] for h in hits] == list(range(1, len(hits) + 1))
    ids = [h["donor_id"] for h in hits]
    assert ids.index("T-MATCH") < ids.index("T-DSA")
    assert all(h["why"] for h in family_hits + hits)
    page = response.content.decode()
    assert "T-MATCH" in page and "Siv" in page
    assert "<h3>Family donors</h3>" in page and "<h3>Unrelated donors and cord units</h3>" in page


def test_every_typed_relative_appears_even_when_the_registry_fills_the_top(
    login, family, monkeypatch
):
    from engraft.donors import services

    patient, people = family
    monkeypatch.setattr(services, "SEARCH_TOP", 2)  # the registry alone fills the top
    client = login(Role.PHYSICIAN)
    _, found = run(client, patient)
    family_ids = {h["donor_id"] for h in found.results["family_donors"]}
    assert family_ids == {str(r.public_id) for r in people.values()}
    assert len(found.results["results"]) == 2
    mother = str(people["mother"].public_id)
    response = client.post(f"/staff/donors/patients/{patient.public_id}/select/", {
        "search": found.public_id, "source": "family", "donor_id": mother, "role": "primary",
        "reason": "haploidentical mother, no matched donor",
    })  # fmt: skip
    assert response.status_code == 302
    chosen = DonorSelection.objects.get(withdrawn_at__isnull=True)
    assert (chosen.relative, chosen.role) == (people["mother"], "primary")


def test_each_locus_grade_is_written_in_words_with_its_colour_class(login, family):
    patient, _ = family
    page = run(login(Role.COORDINATOR), patient)[0].content.decode()
    assert '<td class="grade-match">match' in page
    assert '<td class="grade-antigen_mismatch">antigen mismatch' in page


def test_the_minimum_grade_filters_the_registry_and_marks_family_donors_below_it(login, family):
    patient, people = family
    response, found = run(login(Role.COORDINATOR), patient, "8/8")
    hits = found.results["results"]
    ids = {h["donor_id"] for h in hits}
    assert "T-MATCH" in ids and "T-DSA" not in ids
    assert all(h["grade_8"]["matched_max"] == 8 for h in hits)
    below = {h["donor_id"]: h["below_min_grade"] for h in found.results["family_donors"]}
    assert below == {
        str(people["sister"].public_id): False,
        str(people["brother"].public_id): True,  # haploidentical: shown, marked
        str(people["mother"].public_id): True,
        str(people["father"].public_id): True,
    }
    assert "below the minimum grade" in response.content.decode()


def test_each_locus_carries_its_mismatch_direction_and_counts(login, family):
    patient, people = family
    _, found = run(login(Role.COORDINATOR), patient)
    by_id = {h["donor_id"]: h for h in found.results["family_donors"] + found.results["results"]}
    dsa_a = by_id["T-DSA"]["loci"]["A"]
    assert (dsa_a["mismatches_min"], dsa_a["gvh"], dsa_a["hvg"], dsa_a["direction"]) == (
        1, 1, 1, "bidirectional")  # fmt: skip
    sister = by_id[str(people["sister"].public_id)]
    assert sister["grade_8"] == {"of": 8, "matched_min": 8, "matched_max": 8, "label": "8/8"}
    assert {locus["direction"] for locus in sister["loci"].values()} == {"none"}


def test_a_donor_with_a_donor_specific_antibody_is_flagged(login, family):
    patient, _ = family
    AntiHlaAntibody.objects.create(patient=patient, specificity="A11", mfi=3000,
                                   tested_on="2026-10-02", laboratory="Test lab")  # fmt: skip
    AntiHlaAntibody.objects.create(patient=patient, specificity="B44", mfi=200,
                                   tested_on="2026-10-02", laboratory="Test lab")  # fmt: skip
    response, found = run(login(Role.COORDINATOR), patient)
    by_id = {h["donor_id"]: h for h in found.results["results"]}
    assert by_id["T-DSA"]["dsa"] == [
        {"specificity": "A11", "mfi": 3000, "donor_alleles": ["A*11:01"]}]  # fmt: skip
    assert by_id["T-MATCH"]["dsa"] == []
    assert "HvG" in " ".join(by_id["T-DSA"]["why"])
    assert by_id["T-DSA"]["hvg_flag"] == ["A"]
    page = response.content.decode()
    assert "DSA: anti-A11 MFI 3000" in page
    assert "anti-B44" not in page  # below the MFI threshold


def test_a_search_without_a_patient_typing_says_so(login, registry):
    patient = make_patient()
    response, found = run(login(Role.COORDINATOR), patient)
    assert found is None
    assert "Record the patient&#x27;s HLA typing before searching" in response.content.decode()


def test_the_family_page_shows_identical_sibling_and_haploidentical_relatives(login, family):
    patient, _ = family
    page = login(Role.SPECIALIST).get(f"/staff/donors/patients/{patient.public_id}/")
    text = page.content.decode()
    assert "<td>HLA-identical sibling</td>" in text
    assert text.count("<td>haploidentical</td>") == 3  # both parents and the brother


def test_a_child_whose_typing_cannot_come_from_the_parents_is_flagged(login, registry):
    patient, people = make_family()
    type_family(patient, people)
    typing = people["brother"].hla_typings.get()
    typing.gl_string = typing.gl_string.replace("DRB1*15:01+", "DRB1*13:01+")
    typing.save()
    page = login(Role.PHYSICIAN).get(f"/staff/donors/patients/{patient.public_id}/")
    assert "Flag: typing cannot come from the parents" in page.content.decode()


def test_a_search_is_audited_with_what_it_found(login, family):
    patient, _ = family
    run(login(Role.COORDINATOR), patient)
    event = AuditEvent.objects.filter(object_type="donors.DonorSearch").get()
    assert event.action == "create" and "'family': 4" in event.summary


def _second_typing(patient, relative, text, typed_on="2026-10-20"):
    from engraft.core.hla.hla_typing import parse_typing
    from engraft.donors.models import HlaTyping
    from engraft.donors.registry import nomenclature

    parsed = parse_typing(nomenclature(), text)
    return HlaTyping.objects.create(
        patient=patient, relative=relative, gl_string=text, normalised=parsed.gl(),
        typed_on=typed_on, method="ngs", laboratory="Second lab",
        imgt_release=parsed.imgt_release,
    )  # fmt: skip


# The patient's typing with DRB1*03:01 replaced by DRB1*13:01: the same person cannot be both.
CONFLICTING_GL = PATIENT_GL.replace("DRB1*03:01", "DRB1*13:01")


def test_conflicting_typings_of_the_patient_refuse_the_search_naming_the_locus(login, family):
    patient, _ = family
    _second_typing(patient, None, CONFLICTING_GL)
    response, found = run(login(Role.COORDINATOR), patient)
    assert found is None
    page = response.content.decode()
    assert "Conflicting HLA typings of Alva Testchild at DRB1" in page
    assert "Neither is used until the wrong one is voided" in page


def test_once_the_wrong_typing_is_voided_the_search_uses_the_other(login, family):
    patient, _ = family
    wrong = _second_typing(patient, None, CONFLICTING_GL)
    client = login(Role.COORDINATOR)
    client.post(f"/staff/donors/patients/{patient.public_id}/typings/{wrong.public_id}/void/",
                {"reason": "sample of another child"})  # fmt: skip
    _, found = run(client, patient)
    assert found is not None and found.patient_typing.gl_string == PATIENT_GL


def test_a_refined_typing_of_the_patient_is_not_a_conflict(login, family):
    patient, _ = family
    _second_typing(patient, None, PATIENT_GL.replace("A*02:01", "A*02:XX"), "2026-09-01")
    _, found = run(login(Role.COORDINATOR), patient)
    assert found is not None


def test_a_relative_with_conflicting_typings_is_left_out_and_named(login, family):
    patient, people = family
    _second_typing(patient, people["brother"], FAMILY_GL["brother"].replace("A*24:02", "A*68:01"))
    response, found = run(login(Role.COORDINATOR), patient)
    ids = {h["donor_id"] for h in found.results["family_donors"]}
    assert str(people["brother"].public_id) not in ids
    assert str(people["mother"].public_id) in ids
    [withheld] = found.results["withheld"]
    assert "Conflicting HLA typings of Bo Testchild (brother) at A" in withheld["text"]
    assert "Not graded: Conflicting HLA typings of Bo Testchild" in response.content.decode()


def test_a_voided_antibody_no_longer_flags_a_donor_specific_antibody(login, family):
    patient, _ = family
    antibody = AntiHlaAntibody.objects.create(
        patient=patient, specificity="A11", mfi=3000, tested_on="2026-10-02", laboratory="Test lab"
    )
    client = login(Role.COORDINATOR)
    client.post(f"/staff/donors/patients/{patient.public_id}/antibodies/{antibody.public_id}/void/",
                {"reason": "entered on the wrong patient"})  # fmt: skip
    _, found = run(client, patient)
    dsa_donor = next(h for h in found.results["results"] if h["donor_id"] == "T-DSA")
    assert dsa_donor["dsa"] == []


def test_the_page_says_how_sure_each_grade_is_and_labels_in_house_ranking_choices(login, family):
    patient, _ = family
    response, found = run(login(Role.COORDINATOR), patient)
    page = response.content.decode()
    match = next(h for h in found.results["results"] if h["donor_id"] == "T-MATCH")
    assert match["confidence"] == "confirmed"
    assert "8/8 <small>(confirmed)</small>" in page
    assert "(in-house choice)" in page and "Equal keys:" in page
    in_house = [f["name"] for f in found.results["ranking_fields"] if f["in_house"]]
    assert in_house == ["confidence", "no_hvg"]


def test_a_locus_the_donor_was_not_typed_at_is_not_typed_not_a_potential_match(login, family):
    patient, _ = family
    response, found = run(login(Role.COORDINATOR), patient)
    untyped = [h for h in found.results["results"] if "DPB1" not in h["donor_gl"]]
    assert untyped, "the tiny registry types some donors without DPB1"
    assert all(h["loci"]["DPB1"]["status"] == "not_typed" for h in untyped)
    assert '<td class="grade-not_typed">not typed' in response.content.decode()


def test_an_ambiguous_patient_is_searched_and_the_page_says_where_typing_would_help(
    login, registry
):
    from datetime import date

    from engraft.core.hla.hla_typing import parse_typing
    from engraft.donors.models import HlaTyping
    from engraft.donors.registry import nomenclature

    patient = make_patient()
    first_a = PATIENT_GL.split("^")[0]  # "A*x+A*y": copy 1 becomes the allele list A*x/A*01:02
    text = PATIENT_GL.replace(first_a, first_a.replace("+", "/A*01:02+", 1), 1)
    parsed = parse_typing(nomenclature(), text)
    assert parsed.ambiguous_loci == ("A",)
    HlaTyping.objects.create(
        patient=patient, gl_string=text, normalised=parsed.gl(), typed_on=date(2026, 10, 1),
        method="sso", laboratory="Test lab", imgt_release=parsed.imgt_release,
    )  # fmt: skip
    client = login(Role.COORDINATOR)
    page = client.get(f"/staff/donors/patients/{patient.public_id}/search/").content.decode()
    assert "ambiguous at A" in page and "High-resolution typing of the patient at A" in page
    response, found = run(client, patient)
    assert found is not None and found.results["results"]
    assert [a["locus"] for a in found.results["patient_ambiguity"]["loci"]] == ["A"]
    assert "This search: The patient&#x27;s typing is ambiguous at A" in response.content.decode()
