"""Hill against the power-law fits of R's poweRlaw and Python's powerlaw at their own xmin
(the Clauset-Shalizi-Newman choice), from the vendored reference values."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import tailstat as ts

HERE = Path(__file__).resolve().parent


def test_hill_at_the_csn_xmin_of_python_and_r_powerlaw_fits() -> None:
    """Review 409: the CSN fits of R's poweRlaw and Python's powerlaw were vendored and
    never compared. At their xmin (chosen by the KS distance, which tailstat does not do)
    the continuous MLE is Hill's with xmin and its ties counted in the tail:
    xi = sum(log(x / xmin)) / n_tail over x >= xmin."""
    ref = json.loads((HERE / "reference_values.json").read_text())
    csn = ref["danish"]["poweRlaw_csn"]["estimate_xmin"]
    py = ref["python_peers"]["danish"]["powerlaw_Fit"]["Fit"]
    danish = pd.read_csv(HERE.parent / "datasets" / "danish.csv")["loss_mDKK"].to_numpy()
    assert csn["xmin"] == py["xmin"] and csn["ntail"] == py["n_tail"]
    k = int(np.count_nonzero(danish > csn["xmin"]))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TiesWarning)  # Danish losses are recorded tied
        r = ts.hill(danish, k)
    assert r.threshold == csn["xmin"]
    n_tail = int(np.count_nonzero(danish >= csn["xmin"]))
    assert n_tail == csn["ntail"] == 1564
    assert r.xi * k / n_tail == pytest.approx(csn["xi"], rel=1e-6)
    assert r.xi * k / n_tail == pytest.approx(py["xi"], rel=1e-6)
