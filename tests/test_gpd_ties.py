"""Tied excesses in a GPD fit (tailstat/gpd/_ties.py): a point mass, a coarse resolution and
rows repeated are each named."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

import tailstat as ts


def test_duplicated_rows_are_named_by_the_fit() -> None:
    """Rows read twice moved fit_gpd's automatic threshold and ξ by 6 of its standard errors
    without a word, where hill, moment and classify named the duplicated rows (a review)."""
    x = np.random.default_rng(100).standard_t(3.0, 5000)
    for threshold in ("auto", "95%"):
        with pytest.warns(ts.TiesWarning, match="duplicated rows") as caught:
            fit = ts.fit_gpd(np.concatenate([x, x]), threshold)
        assert len(caught) == 1 and fit.warnings == (str(caught[0].message),)
        assert "appears 2 times" in fit.warnings[0] and "drop_duplicates" in fit.warnings[0]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert ts.fit_gpd(x).warnings == ()  # the rows once: nothing to say
    # rounding ties vary in number from value to value: still called a resolution
    with pytest.warns(ts.TiesWarning, match="data resolution"):
        ts.fit_gpd(np.round(x, 1))


def test_counts_on_a_lattice_are_said_as_discretised_not_as_a_point_mass() -> None:
    """A review: negative-binomial counts (sigma about 12) put 5 of 48 excesses on one value
    in 19 of 20 samples, called "a point mass ... raise the threshold above the tied value or
    model the atom", where it is the lattice's ordinary share; clipped scores' atom stays one."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for s in range(5):
            x = np.random.default_rng(s).negative_binomial(2, 0.1, 5000).astype(float)
            notes = ts.fit_gpd(x, "99%").warnings
            assert not any("point mass" in w for w in notes)
            assert any("data resolution (1)" in w for w in notes)
        clipped = np.minimum(np.random.default_rng(1).normal(size=5000), 2.0)
        assert "share one value" in ts.fit_gpd(clipped, "95%").warnings[0]


def test_an_atom_far_out_on_a_lattice_is_still_a_point_mass() -> None:
    """A re-read's review: the lattice's ordinary share was that of its first step wherever
    the tied value sat, so 32 of 282 integer excesses at 60 (where about 2 are expected) were
    said as discretisation, not as the point mass they are."""
    r = np.random.default_rng(1)
    x = np.floor(r.exponential(12, 3000))
    x[np.flatnonzero(x > 27)[:29]] = 60.0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        notes = ts.fit_gpd(x, 27.0).warnings
    assert any("share one value" in w and "point mass" in w for w in notes)
