"""Lab values are converted to canonical units; impossible ones refused, unusual ones flagged."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engraft.core.record.analytes import ANALYTES, LOINC_CONFIRMED, LOINC_TO_VERIFY, get_analyte
from engraft.core.record.lab_value import LabFlag, LabValueError, normalise_lab_value


def test_calcium_in_mmol_per_litre_is_stored_in_mg_per_decilitre():
    result = normalise_lab_value("calcium", 2.5, "mmol/L")
    assert result.unit == "mg/dL"
    assert result.value == pytest.approx(10.02)
    assert (result.entered_value, result.entered_unit) == (2.5, "mmol/L")


def test_ionised_calcium_in_mg_per_decilitre_is_stored_in_mmol_per_litre():
    assert normalise_lab_value("calcium_ionised", 4.8, "mg/dL").value == pytest.approx(1.1976, 1e-3)


def test_analyte_may_be_named_by_its_loinc_code():
    assert normalise_lab_value("718-7", 95, "g/L").value == pytest.approx(9.5)


def test_common_unit_spellings_are_understood():
    assert normalise_lab_value("platelets", 45, "x10^9/L").value == 45
    assert normalise_lab_value("creatinine", 30, "µmol/L").value == pytest.approx(0.3394, 1e-3)


def test_decimal_comma_is_accepted():
    assert normalise_lab_value("haemoglobin", "8,5", "g/dL").value == 8.5


def test_unknown_unit_is_refused_naming_the_unit_field_and_the_accepted_units():
    with pytest.raises(LabValueError) as caught:
        normalise_lab_value("calcium", 2.1, "mEq/L")
    assert caught.value.field == "unit"
    assert "mg/dL, mmol/L" in caught.value.message


def test_unknown_analyte_is_refused():
    with pytest.raises(LabValueError) as caught:
        normalise_lab_value("unobtainium", 1, "g/L")
    assert caught.value.field == "analyte"


def test_impossible_value_is_refused():
    with pytest.raises(LabValueError, match="physiologically possible") as caught:
        normalise_lab_value("haemoglobin", 80, "g/dL")
    assert caught.value.field == "value"


def test_unusual_value_is_accepted_but_flagged():
    assert normalise_lab_value("calcium", 12.5, "mg/dL").flags == (LabFlag.UNUSUALLY_HIGH,)
    assert normalise_lab_value("haemoglobin", 5.0, "g/dL").flags == (LabFlag.UNUSUALLY_LOW,)
    assert normalise_lab_value("haemoglobin", 11.0, "g/dL").flags == ()


def test_lab_dated_before_birth_is_refused():
    with pytest.raises(LabValueError) as caught:
        normalise_lab_value(
            "calcium",
            9,
            "mg/dL",
            collected_at=datetime(2024, 1, 1, tzinfo=UTC),
            birth_date=date(2024, 2, 1),
        )
    assert caught.value.field == "collected_at"


def test_naive_collection_time_is_refused():
    with pytest.raises(LabValueError, match="time zone"):
        normalise_lab_value("calcium", 9, "mg/dL", collected_at=datetime(2024, 1, 1))


def test_every_analyte_has_a_loinc_status_and_in_house_limits_are_labelled():
    for analyte in ANALYTES:
        assert analyte.loinc_status in (LOINC_CONFIRMED, LOINC_TO_VERIFY)
        assert analyte.limits_source == "in-house"
        assert analyte.possible[0] <= analyte.unusual[0] < analyte.unusual[1] <= analyte.possible[1]


def test_no_reference_band_is_invented():
    assert all(a.reference_band is None for a in ANALYTES)


@given(st.sampled_from(ANALYTES), st.data())
def test_converting_from_any_accepted_unit_and_back_gives_the_entered_value(analyte, data):
    unit, factor = data.draw(st.sampled_from(((analyte.unit, 1.0), *analyte.alternative_units)))
    low, high = analyte.possible
    canonical = data.draw(st.floats(low, high, allow_nan=False))
    entered = canonical / factor
    result = normalise_lab_value(analyte.key, entered, unit)
    assert result.value == pytest.approx(entered * factor, abs=1e-5)
    assert result.unit == analyte.unit


@given(st.text(max_size=12))
def test_arbitrary_text_as_value_is_either_a_number_or_refused_on_the_value_field(text):
    try:
        normalise_lab_value("calcium", text, "mg/dL")
    except LabValueError as error:
        assert error.field == "value"


@given(st.floats(allow_nan=True, allow_infinity=True))
def test_values_outside_the_possible_range_are_always_refused(value):
    analyte = get_analyte("platelets")
    low, high = analyte.possible
    try:
        result = normalise_lab_value("platelets", value, "10*9/L")
    except LabValueError:
        assert not (low <= value <= high) or value != value
    else:
        assert low <= result.value <= high


def test_lab_dated_after_today_is_refused_on_its_collection_time():
    with pytest.raises(LabValueError) as caught:
        normalise_lab_value(
            "calcium", "9", "mg/dL", collected_at=datetime(2099, 1, 1, tzinfo=UTC),
            today=date(2026, 11, 30),
        )  # fmt: skip
    assert caught.value.field == "collected_at"
    assert "in the future" in caught.value.message
