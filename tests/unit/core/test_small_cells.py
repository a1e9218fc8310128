import pytest

from engraft.core.small_cells import SMALL_CELL_MIN_N, is_small_cell


def test_the_threshold_is_the_research_notes_eleven_children():
    # software.md section 4.3: suppress cells with n<11 in any public-facing output.
    assert SMALL_CELL_MIN_N == 11


def test_ten_children_is_a_small_cell_and_eleven_is_not():
    assert is_small_cell(10)
    assert not is_small_cell(11)


@pytest.mark.parametrize("n", [None, "40", 12.0, True, -1, 0])
def test_anything_but_a_whole_count_of_children_is_suppressed(n):
    assert is_small_cell(n)


def test_a_numpy_count_is_a_count():
    numpy = pytest.importorskip("numpy")
    assert not is_small_cell(numpy.int64(40))
    assert is_small_cell(numpy.int64(4))
