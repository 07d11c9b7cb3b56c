"""The Goodhart section's GPD ξ beside the verdict's (review 432: "Its GPD has ξ = −0.68"
under a verdict and Evidence table giving −0.65, unexplained): where the two differ as
shown, the section says the GPD is fitted above its own threshold, within the classifier's
interval."""

from __future__ import annotations

import dataclasses

import numpy as np

import tailstat as ts
from tailstat.reporting import _text as T


def test_a_gpd_xi_apart_from_the_classifiers_says_why() -> None:
    g = ts.goodhart_summary(np.random.default_rng(0).standard_t(3, 20_000))
    model = g.tail
    assert "ForwardStop" in model.settings["threshold_method"]

    def first(ref: list[float]) -> str:
        tail = dataclasses.replace(model, settings={**model.settings, "classifier_xi": ref})
        return T.goodhart_details(dataclasses.replace(g, tail=tail))[0]

    xi = model.xi_fit
    apart = first([xi + 0.03, xi - 0.2, xi + 0.2])
    assert (f"Its GPD has ξ = {T.fmt(xi)} (fitted above its own threshold, within the "
            f"classifier's {T.fmt(xi + 0.03)} {T.ci(xi - 0.2, xi + 0.2)})") in apart
    same = first([xi + 0.001, xi - 0.2, xi + 0.2])  # shown alike: nothing to explain
    assert "own threshold" not in same and f"Its GPD has ξ = {T.fmt(xi)}" in same
    outside = first([xi + 0.5, xi + 0.4, xi + 0.6])  # the other explanation, not both
    assert "own threshold" not in outside and "goodness-of-fit tests accept" in outside
