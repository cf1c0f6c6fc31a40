"""Krippendorff's unitizing alpha against DKPro Statistics' own tests and a port of its code.

Expected values are those asserted, with the tolerances asserted there, in
dkpro/dkpro-statistics at commit f7f4f89136659c50f175ac8db7bfdfc3875b07db:
- dkpro-statistics-agreement/src/test/java/org/dkpro/statistics/agreement/unitizing/
  Krippendorff2004Test.java, Krippendorff1995Test.java, UnitizingAgreementTest.java.
`dkpro_category` is a line-by-line port of `calculateObservedCategoryDisagreement` and
`calculateExpectedCategoryDisagreement` of KrippendorffAlphaUnitizingAgreement.java (same
commit), used as the reference on random studies to 1e-9.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.domain import Span, new_id
from desktop.review.unitizing import alpha_u, merge_units, spans_alpha_u

# --- DKPro's studies: addUnit(offset, length, rater, category) -------------------------


def study(units: list[tuple[int, int, int, str]], raters: int) -> list[list[tuple[int, int, str]]]:
    coders: list[list[tuple[int, int, str]]] = [[] for _ in range(raters)]
    for offset, length, rater, category in units:
        coders[rater].append((offset, offset + length, category))
    return coders


def krippendorff_2004() -> list[list[tuple[int, int, str]]]:
    """Krippendorff2004Test.createExample: continuum begins at 150, 300 long."""
    units = [
        (225, 70, 0, "c"),
        (370, 30, 0, "c"),
        (220, 80, 1, "c"),
        (355, 20, 1, "c"),
        (400, 20, 1, "c"),
        (180, 60, 0, "k"),
        (300, 50, 0, "k"),
        (180, 60, 1, "k"),
        (300, 50, 1, "k"),
    ]
    return study([(o - 150, n, r, c) for o, n, r, c in units], 2)


def krippendorff_1995(stretch: float) -> tuple[list[list[tuple[int, int, str]]], int]:
    """Krippendorff1995Test.createExample(stretch), with Java's (int) truncation."""

    def s(x: int) -> int:
        return int(x * stretch)

    raw = [
        (2, 8, 0, "A"), (14, 6, 0, "A"), (4, 4, 1, "A"), (15, 2, 1, "A"),
        (0, 18, 0, "B"), (0, 2, 1, "B"), (2, 1, 1, "B"), (3, 1, 1, "B"), (4, 1, 1, "B"),
        (5, 1, 1, "B"), (6, 3, 1, "B"), (9, 1, 1, "B"),
        (2, 6, 0, "C"), (10, 2, 0, "C"), (14, 4, 0, "C"), (20, 2, 0, "C"), (0, 2, 1, "C"),
        (4, 4, 1, "C"), (10, 4, 1, "C"), (16, 2, 1, "C"), (20, 2, 1, "C"),
        (0, 2, 0, "D"), (2, 8, 0, "D"), (10, 4, 0, "D"), (14, 6, 0, "D"), (20, 4, 0, "D"),
        (0, 4, 1, "D"), (4, 4, 1, "D"), (8, 7, 1, "D"), (15, 2, 1, "D"), (17, 7, 1, "D"),
    ]  # fmt: skip
    return study([(s(o), s(n), r, c) for o, n, r, c in raw], 2), s(24)


def test_krippendorff_2004_overall_and_per_category() -> None:
    """Krippendorff (2004: 254): alpha_U 0.8591, c: D_O 0.0144, D_E 0.0532, 0.7286; k: 1."""
    overall, by_label = alpha_u(krippendorff_2004(), 300)
    assert overall.alpha == pytest.approx(0.8591, abs=0.0005)
    assert by_label["c"].observed == pytest.approx(0.0144, abs=0.0001)
    assert by_label["c"].expected == pytest.approx(0.0532, abs=0.0001)
    assert by_label["c"].alpha == pytest.approx(0.7286, abs=0.0001)
    assert by_label["k"].observed == pytest.approx(0.0, abs=0.0001)
    assert by_label["k"].expected == pytest.approx(0.0490, abs=0.0001)
    assert by_label["k"].alpha == pytest.approx(1.0, abs=0.0001)


def test_krippendorff_1995_observed_disagreement() -> None:
    """Krippendorff (1995: 57), unstretched: D_O of A, B, C, D as DKPro asserts."""
    coders, length = krippendorff_1995(1)
    _, by_label = alpha_u(coders, length)
    expected = {"A": 0.03125, "B": 2.26736, "C": 0.02777, "D": 0.38715}
    for label, value in expected.items():
        assert by_label[label].observed == pytest.approx(value, abs=0.00001)


def test_krippendorff_1995_stretched_expected_and_alpha() -> None:
    """Stretched by 50,000: D_E and alpha_U of A, B, C, D as DKPro asserts."""
    coders, length = krippendorff_1995(1200000 / 24)
    _, by_label = alpha_u(coders, length)
    d_e = {"A": 0.06990, "B": 1.17731, "C": 0.08642, "D": 0.41445}
    alpha = {"A": 0.553, "B": -0.926, "C": 0.679, "D": 0.066}
    for label in d_e:
        assert by_label[label].expected == pytest.approx(d_e[label], abs=0.005)
        assert by_label[label].alpha == pytest.approx(alpha[label], abs=0.02)


@pytest.mark.parametrize(
    ("stretch", "d_e", "alpha", "tolerance"),
    [
        (12 / 24, 0.05494, 0.494, 0.00001),
        (120 / 24, 0.08234, 0.663, 0.005),
        (1200 / 24, 0.08600, 0.677, 0.005),
        (12000 / 24, 0.08638, 0.678, 0.005),
        (120000 / 24, 0.08642, 0.679, 0.005),
    ],
)
def test_krippendorff_1995_varying_lengths(
    stretch: float, d_e: float, alpha: float, tolerance: float
) -> None:
    """testVaryingLengths: category C's D_O stays 0.02777 while D_E and alpha_U converge."""
    coders, length = krippendorff_1995(stretch)
    _, by_label = alpha_u(coders, length)
    assert by_label["C"].observed == pytest.approx(0.02777, abs=0.00001)
    assert by_label["C"].expected == pytest.approx(d_e, abs=tolerance)
    assert by_label["C"].alpha == pytest.approx(alpha, abs=0.02)


def test_unitizing_agreement_example() -> None:
    """UnitizingAgreementTest.createExample: D_O 0.9100, D_E 0.5351, alpha_U -0.7003."""
    coders = study([(1, 8, 0, "A"), (2, 1, 1, "A"), (4, 1, 1, "A"), (6, 1, 1, "A")], 2)
    overall, by_label = alpha_u(coders, 10)
    assert by_label["A"].observed == pytest.approx(0.9100, abs=0.0001)
    assert by_label["A"].expected == pytest.approx(0.5351, abs=0.0001)
    assert by_label["A"].alpha == pytest.approx(-0.7003, abs=0.0001)
    assert overall.alpha == pytest.approx(-0.7003, abs=0.0001)


def test_single_unit_gives_zero_and_empty_study_none() -> None:
    """testSingleAnnotationUnit gives 0.0; testEmptyAnnotationSet (NaN in DKPro) gives None."""
    overall, _ = alpha_u(study([(0, 1, 0, "X")], 3), 20)
    assert overall.alpha == 0.0
    assert alpha_u([[], [], []], 20)[0].alpha is None


def test_zero_length_units_beside_real_ones() -> None:
    """testZeroLengthUnitsMixedWithPositiveLengthUnits: full agreement on the real units, 1.0."""
    overall, _ = alpha_u(study([(0, 0, 0, "A"), (2, 5, 0, "A"), (2, 5, 1, "A")], 2), 15)
    assert overall.observed == 0.0 and overall.expected is not None and overall.expected > 0
    assert overall.alpha == pytest.approx(1.0, abs=0.001)


# --- A line-by-line port of DKPro's category disagreements, as the reference -------------


def _distance(o1: int, l1: int, c1: object, o2: int, l2: int, c2: object) -> float:
    begin_diff, length_diff = o1 - o2, l1 - l2
    if c1 is not None and c2 is not None and -l1 < begin_diff < l2:
        return begin_diff**2 + (begin_diff + length_diff) ** 2
    if c1 is not None and c2 is None and -length_diff >= begin_diff >= 0:
        return l1 * l1
    if c1 is None and c2 is not None and -length_diff <= begin_diff <= 0:
        return l2 * l2
    return 0.0


def dkpro_category(
    units: list[tuple[int, int, int, str]], raters: int, length: int, category: str
) -> tuple[float, float]:
    """(D_O, D_E) of one category; units as DKPro's TreeSet orders them (offset, length, rater)."""
    ordered = sorted(units)
    b, big_l, r = 0, length, raters

    def iterator(rater: int):
        return iter([u for u in ordered if u[2] == rater and u[3] == category])

    observed = 0.0
    for r1 in range(r):
        for r2 in range(r1 + 1, r):
            it1, it2 = iterator(r1), iterator(r2)
            n1, n2 = next(it1, None), next(it2, None)
            off1 = off2 = b
            len1 = len2 = 0
            cat1 = cat2 = None
            pos = b
            while pos < b + big_l and (n1 is not None or n2 is not None):
                if pos == off1 + len1:
                    if n1 is not None and pos == n1[0]:
                        len1, cat1 = n1[1], n1[3]
                        n1 = next(it1, None)
                    else:
                        len1, cat1 = (n1[0] if n1 is not None else b + big_l) - pos, None
                    off1 = pos
                if pos == off2 + len2:
                    if n2 is not None and pos == n2[0]:
                        len2, cat2 = n2[1], n2[3]
                        n2 = next(it2, None)
                    else:
                        len2, cat2 = (n2[0] if n2 is not None else b + big_l) - pos, None
                    off2 = pos
                observed += _distance(off1, len1, cat1, off2, len2, cat2)
                pos = min(off1 + len1, off2 + len2)
    observed = observed * 2.0 / (r * (r - 1) * big_l * big_l)

    mine = [u for u in ordered if u[3] == category]
    n_c = len(mine)
    squared = sum(u[1] * (u[1] - 1) for u in mine)
    gaps: list[int] = []
    for rater in range(r):
        it = iterator(rater)
        nxt = next(it, None)
        off, ln, pos = b, 0, b
        while pos < b + big_l:
            if pos == off + ln:
                if nxt is not None and pos == nxt[0]:
                    ln = nxt[1]
                    nxt = next(it, None)
                else:
                    ln = (nxt[0] if nxt is not None else b + big_l) - pos
                    gaps.append(ln)
                off = pos
            pos = off + ln
    gaps.sort(reverse=True)
    total = 0.0
    for u in mine:
        l1 = u[1]
        sum1 = (n_c - 1.0) * (2.0 * l1**3 - 3.0 * l1**2 + l1) / 3
        sum2 = 0.0
        for gap in gaps:
            if gap >= l1:
                sum2 += gap - l1 + 1.0
            else:
                break
        total += sum1 + sum2 * l1 * l1
    expected = total * (2 / big_l) / (r * big_l * (r * big_l - 1) - squared)
    return observed, expected


units_strategy = st.lists(
    st.tuples(st.integers(0, 2), st.integers(0, 38), st.integers(1, 12), st.sampled_from("XY")),
    max_size=12,
)


@settings(max_examples=150, deadline=None)
@given(units_strategy, st.integers(2, 3))
def test_matches_the_dkpro_port(raw: list[tuple[int, int, int, str]], raters: int) -> None:
    """D_O, D_E and alpha_U per category equal the port of DKPro's code to 1e-9."""
    length = 50
    coders: list[list[tuple[int, int, str]]] = [[] for _ in range(raters)]
    for rater, start, size, label in raw:
        coders[rater % raters].append((start, min(length, start + size), label))
    # DKPro's walk assumes a coder's units of one category do not overlap: join them first.
    units: list[tuple[int, int, int, str]] = []
    for rater, own in enumerate(coders):
        for label in "XY":
            for s, e in merge_units([(s, e) for s, e, lab in own if lab == label]):
                units.append((s, e - s, rater, label))
    _, by_label = alpha_u(coders, length)
    for label, score in by_label.items():
        d_o, d_e = dkpro_category(units, raters, length, label)
        assert score.observed == pytest.approx(d_o, abs=1e-9)
        assert score.expected == pytest.approx(d_e, abs=1e-9)
        if d_o != d_e and score.alpha is not None:
            assert score.alpha == pytest.approx(1 - d_o / d_e, abs=1e-9)


def span(doc: str, start: int, end: int, label: str) -> Span:
    return Span(new_id(), doc, "x", start, end, label, {})


def test_documents_are_laid_end_to_end() -> None:
    """Spans of two documents are the same units as on one continuum with shifted offsets."""
    a = {"d1": [span("d1", 0, 3, "X")], "d2": [span("d2", 2, 6, "X")]}
    b = {"d1": [span("d1", 1, 3, "X")], "d2": [span("d2", 2, 5, "X")]}
    joined = alpha_u([[(0, 3, "X"), (12, 16, "X")], [(1, 3, "X"), (12, 15, "X")]], 30)
    assert spans_alpha_u([a, b], {"d1": 10, "d2": 20}) == joined


@given(units_strategy)
def test_identical_coders_give_one(raw: list[tuple[int, int, int, str]]) -> None:
    """Two coders with the same units agree perfectly: alpha_U is 1 (or 0 with nothing)."""
    units = [(start, min(50, start + size), label) for _, start, size, label in raw]
    overall, _ = alpha_u([units, list(units)], 50)
    assert overall.alpha == (1.0 if units else None)


@given(units_strategy)
def test_coder_order_changes_nothing(raw: list[tuple[int, int, int, str]]) -> None:
    """Reversing the coders gives the same alpha_U."""
    coders: list[list[tuple[int, int, str]]] = [[], [], []]
    for rater, start, size, label in raw:
        coders[rater].append((start, min(50, start + size), label))
    assert alpha_u(coders, 50) == alpha_u(coders[::-1], 50)
