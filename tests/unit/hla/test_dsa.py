"""Donor-specific antibodies: which of the patient's antibodies recognise a donor allele."""

from engraft.core.hla.dsa import DSA_MFI_THRESHOLD, Antibody, dsa_hits


def test_an_antibody_to_a_serologic_antigen_recognises_the_donor_allele_of_that_antigen(nom):
    hits = dsa_hits(nom, ["A*02:01", "B*07:02"], [Antibody("A2", 4000)])
    assert [(h["specificity"], h["donor_alleles"]) for h in hits] == [("A2", ["A*02:01"])]


def test_an_antibody_below_the_mfi_threshold_is_not_a_dsa(nom):
    weak = Antibody("A*02:01", DSA_MFI_THRESHOLD - 1)
    assert dsa_hits(nom, ["A*02:01"], [weak]) == []
    assert dsa_hits(nom, ["A*02:01"], [Antibody("A*02:01", DSA_MFI_THRESHOLD)]) != []


def test_an_antibody_to_an_antigen_the_donor_lacks_is_no_dsa(nom):
    assert dsa_hits(nom, ["A*01:01", "A*03:01"], [Antibody("A2", 8000)]) == []
