"""The out-of-sample validation suite runs in CI (issue: verdicts on unseen tails).

Every family of ``benchmarks/validation_suite.py``, none of them in the classifier's training
library, at n = 10^4 with random location and scale, ten draws each (other draws than the
published run's: seed 7). A regression gate against the published figures
(``reports/accuracy_validation.md``, README), which at n = 10^4 do not meet the issue's
targets (heavy-vs-not 0.958 against 0.98, three-way 0.909 against 0.93, the worst family's
mean P(true label) 0.05 against 0.1). A review found the earlier twelve-family version
passing the targets (0.986 / 0.968) while the full suite missed them: it held none of the
failing families.
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.accuracy import reliability, run

REPS = 10
#: The published report (``python benchmarks/accuracy.py``), whose figures the gate reads.
REPORT = Path(__file__).resolve().parents[1] / "reports" / "accuracy_validation.md"


def _published() -> tuple[dict[str, float], set[str]]:
    """The report's heavy-vs-not and three-way accuracy at n = 10^4, and its families whose
    mean P(true label) is below 0.1 there (read, not copied: a re-read)."""
    lines = REPORT.read_text(encoding="utf-8").splitlines()
    summary = next(line for line in lines if line.startswith("| 10000 |")).split("|")
    acc = {"heavy": float(summary[2]), "three": float(summary[3])}
    below = {cells[1].strip() for line in lines if line.startswith("| ")
             and len(cells := line.split("|")) > 7 and cells[4].strip() == "10000"
             and cells[3].strip() == "False" and _number(cells[6]) < 0.1}
    return acc, below


def _number(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        return float("nan")


PUBLISHED, KNOWN_BELOW = _published()


@pytest.fixture(scope="module")
def results():  # type: ignore[no-untyped-def]
    return run(REPS, [10_000], seed=7, suite="ci")


def _lower(p: float, m: int) -> float:
    """Three binomial standard errors below the accuracy ``p`` over ``m`` cases."""
    return p - 3 * math.sqrt(p * (1 - p) / m)


@pytest.mark.slow
def test_heavy_vs_not_and_three_way_accuracy(results) -> None:  # type: ignore[no-untyped-def]
    easy = results[~results.hard]
    m = len(easy)
    heavy_ok = ((easy.label == "heavy") == (easy.truth == "heavy")).mean()
    three = (easy.label == easy.truth).mean()
    # the published figures at n = 10^4, less three binomial standard errors (not the
    # issue's 0.98 / 0.93, which the full suite does not meet)
    assert heavy_ok >= _lower(PUBLISHED["heavy"], m), heavy_ok
    assert three >= _lower(PUBLISHED["three"], m), three


@pytest.mark.slow
def test_no_other_family_is_confidently_wrong(results) -> None:  # type: ignore[no-untyped-def]
    """Only the family the published run names falls below a mean P(true label) of 0.1 (the
    issue's floor, which that family misses)."""
    fam = results[~results.hard].groupby("case").p_true.mean()
    below = set(fam.index[fam < 0.1])
    assert below <= KNOWN_BELOW, fam.sort_values().head(3)


@pytest.mark.slow
def test_probabilities_are_calibrated(results) -> None:  # type: ignore[no-untyped-def]
    rel = reliability(results, min_bin=30, tol=0.15)
    # with >= 30 predictions per bin the binomial s.e. is <= 0.09; 0.15 allows ~1.7 s.e.
    # plus the 0.07 calibration target of the full suite
    assert rel.ok.all(), rel
    # the bins with fewer than 30 predictions are exempt above (8 of 10 here): one check
    # over all bins together, the count-weighted gap (expected calibration error), at most
    # the full suite's 0.07 plus three of its binomial standard errors
    n_pred = int(rel["count"].sum())
    ece = float((rel["count"] * rel.abs_diff).sum()) / n_pred
    se = math.sqrt(float((rel["count"] * rel.observed * (1 - rel.observed)).sum())) / n_pred
    assert ece <= 0.07 + 3 * se, (ece, se, rel)
    # a review: a classifier that puts probability 1 on its label passed the bins (only the
    # two extreme ones are checked); the log loss of the true label is infinite for it, and
    # log 3 for the uninformative 1/3: it must be below half of that
    p_true = np.clip(results.p_true.to_numpy(), 1e-300, 1.0)
    assert float(np.mean(-np.log(p_true))) <= math.log(3) / 2
    assert np.isclose(results[[f"p_{lab}" for lab in ("heavy", "light", "bounded")]]
                      .sum(axis=1), 1).all()
