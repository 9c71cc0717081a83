"""The chart palette stays distinguishable for colour-blind readers (simulated protanopia and deuteranopia)."""

from __future__ import annotations

import itertools

import numpy as np

from talentlib.plots import PALETTE

# Machado, Oliveira & Fernandes (2009), severity 1.0, on linear RGB.
DEUTERANOPIA = np.array(
    [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.011820, 0.042940, 0.968881]]
)
PROTANOPIA = np.array(
    [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]]
)
#: Smallest sRGB distance between two simulated colours (the suite's old tab10-like palette reached 0.03).
MIN_DISTANCE = 0.12


def _linear(colour: str) -> np.ndarray:
    c = np.array([int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)])
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def _srgb(linear: np.ndarray) -> np.ndarray:
    c = np.clip(linear, 0, 1)
    return np.where(c <= 0.0031308, 12.92 * c, 1.055 * c ** (1 / 2.4) - 0.055)


def min_simulated_distance(colours: list[str], matrix: np.ndarray) -> float:
    simulated = [_srgb(matrix @ _linear(c)) for c in colours]
    return min(float(np.linalg.norm(a - b)) for a, b in itertools.combinations(simulated, 2))


def test_the_first_six_colours_stay_apart_for_colour_blind_readers():
    for matrix in (DEUTERANOPIA, PROTANOPIA):
        assert min_simulated_distance(PALETTE[:6], matrix) >= MIN_DISTANCE


def test_the_check_can_fail():
    old = [
        "#1b6ca8",
        "#e07b39",
        "#3a9d5d",
        "#8e5ea2",
        "#c44e52",
        "#6b6b6b",
    ]  # blue and purple merge for protanopes
    assert min_simulated_distance(old, PROTANOPIA) < MIN_DISTANCE


# The compensation heatmap's diverging map: a cell below the midpoint and one the same distance above it must stay
# apart for colour-blind readers (red–green maps fold their two arms onto one brownish yellow).
ARM_OFFSETS = (0.15, 0.25, 0.35, 0.5)  # distance from the centre, as a fraction of the map
MIN_ARM_DISTANCE = 0.2


def _hex(rgba: tuple[float, ...]) -> str:
    return "#" + "".join(f"{round(c * 255):02x}" for c in rgba[:3])


def min_arm_distance(cmap, matrix: np.ndarray) -> float:
    pairs = [(_hex(cmap(0.5 - d)), _hex(cmap(0.5 + d))) for d in ARM_OFFSETS]
    return min(min_simulated_distance(list(pair), matrix) for pair in pairs)


def test_the_compa_ratio_heatmap_map_keeps_its_two_arms_apart_for_colour_blind_readers():
    import pandas as pd

    from talentlib import compensation as cp

    comp = pd.DataFrame(
        {
            "role": ["ai_ml_engineer"] * 6,
            "level": ["mid"] * 6,
            "location_tier": ["coastal"] * 6,
            "business_unit": ["A"] * 6,
            "compa_ratio": [0.8, 0.9, 1.0, 1.1, 1.2, 1.0],
            "below_min": [False] * 6,
            "above_max": [False] * 6,
        }
    )
    chart = cp.heatmap_chart(comp, cp.CompensationParams())
    cmap = chart.fig.axes[0].collections[0].get_cmap()
    for matrix in (DEUTERANOPIA, PROTANOPIA):
        assert min_arm_distance(cmap, matrix) >= MIN_ARM_DISTANCE
    assert "orange" in chart.alt and "green" not in chart.alt


def test_the_arm_check_can_fail():
    from matplotlib import colormaps

    assert min_arm_distance(colormaps["RdYlGn"], DEUTERANOPIA) < MIN_ARM_DISTANCE
