"""Formulas shared by analyses, against values worked out by hand."""

from __future__ import annotations

import numpy as np
import pytest

from talentlib import formulas


def test_compound_closed_form():
    assert formulas.compound(100.0, 0.5, 2) == pytest.approx(225.0)
    assert formulas.compound(100.0, 0.0, 10) == 100.0
    np.testing.assert_allclose(formulas.compound(np.array([1.0, 2.0]), 0.1, 1), [1.1, 2.2])


def test_adoption_multiplier_by_hand():
    assert formulas.adoption_multiplier(0.0, 0.2) == 1.0
    assert formulas.adoption_multiplier(-15.0, 0.2) == 1.0  # above target: no bonus
    assert formulas.adoption_multiplier(10.0, 0.2) == pytest.approx(0.8)
    assert formulas.adoption_multiplier(20.0, 0.2) == pytest.approx(0.64)
    assert formulas.adoption_multiplier(5.0, 0.19) == pytest.approx(0.9)


def test_adoption_multiplier_never_rises_with_the_gap():
    gaps = np.linspace(0, 60, 61)
    values = formulas.adoption_multiplier(gaps, 0.15)
    assert np.all(np.diff(values) <= 0)
    assert formulas.adoption_multiplier(gaps, 0.0).tolist() == [1.0] * 61


def test_adoption_effect_must_be_a_share():
    with pytest.raises(ValueError):
        formulas.adoption_multiplier(10.0, 1.0)
    assert formulas.default_adoption_effect() == pytest.approx(0.06)  # assumption.fluency_adoption_effect
