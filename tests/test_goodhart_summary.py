"""goodhart_summary (the building block of issue 12, item 7) and its figure."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

import tailstat as ts
from tailstat.goodhart import GoodhartSummary, fit_tail_model, goodhart_summary, simulate


@pytest.fixture(scope="module")
def light() -> GoodhartSummary:
    d = simulate(200_000, error="normal", seed=31)
    return goodhart_summary(d.u, d.v, threshold="fast")


@pytest.fixture(scope="module")
def rare() -> GoodhartSummary:
    d = simulate(10**6, error="rare-exploit", eps=0.01, alpha=1.5, seed=32)
    return goodhart_summary(d.u, d.v, threshold="fast")


def test_light_summary(light: GoodhartSummary) -> None:
    assert light.label == "light"
    assert "costs at least" in light.verdict and "KL penalty limits" in light.verdict
    assert "in line with" in light.verdict
    assert light.verdict.count(".") >= 1 and light.verdict.endswith(".")
    # 3 sd of N(0, 2): the rate is 4.5 nats
    assert light.verdict_kl == pytest.approx(4.5, rel=0.05)
    assert light.gold is not None and light.gold["ratio"] == pytest.approx(1.0, abs=0.1)
    assert light.sample_stops["bon_n"] == 2**15  # first power of 2 past N/10
    assert light.sample_stops["threshold"] < light.sample_stops["sample_max"]
    assert 10_000 in set(light.best_of_n["n"])


def test_rare_exploit_verdict_says_so(rare: GoodhartSummary) -> None:
    assert rare.label == "heavy"
    v = rare.verdict
    assert "heavy tail" in v and "almost free" in v
    assert "KL penalty will not stop" in v
    assert "rare exploits" in v and "under half" in v
    assert rare.gold is not None and rare.gold["ratio"] < 0.5
    assert rare.verdict_kl <= 0.01


def test_summary_result_contract(light: GoodhartSummary) -> None:
    d = light.to_dict()
    json.dumps(d)
    assert d["verdict"] == light.verdict
    row = light.to_frame()
    assert isinstance(row, pd.DataFrame) and len(row) == 1
    assert {"verdict", "verdict_kl", "stops_bon_n", "gold_ratio"} <= set(row.columns)
    assert "GoodhartSummary" in repr(light)
    with pytest.raises(AttributeError):
        light.verdict = "x"  # type: ignore[misc]


def test_summary_without_gold_and_bounded() -> None:
    x = np.random.default_rng(4).random(20_000)
    s = goodhart_summary(x, threshold="fast")
    assert s.gold is None
    assert "impossible" in s.verdict and "bounded" in s.verdict
    model = fit_tail_model(x, "fast")
    s2 = goodhart_summary(x, tail=model, verdict_sd=1.0)
    assert s2.tail is model and "costs at least" in s2.verdict


def test_plot_goodhart(light: GoodhartSummary, rare: GoodhartSummary) -> None:
    mpl = pytest.importorskip("matplotlib")
    mpl.use("Agg", force=True)
    from matplotlib.figure import Figure

    from tailstat.plot.goodhart import goodhart

    fig = Figure(figsize=(10, 4))
    axs = fig.subplots(1, 2)
    for ax, res in zip(axs, (light, rare), strict=True):
        out = goodhart(res, ax)
        assert out is ax
        assert len(ax.get_lines()) >= 3
        assert ax.get_xlabel().startswith("KL")
    with pytest.raises(ts.DataError, match="GoodhartSummary"):
        goodhart(object(), axs[0])


def test_tail_model_reuses_a_classification_and_a_fit() -> None:
    import tailstat as ts
    from tailstat.errors import DataError

    x = np.random.default_rng(8).standard_normal(5000)
    cls = ts.classify(x)
    fit = ts.fit_gpd(x, "95%", ci=None)
    model = fit_tail_model(x, classification=cls, gpd=fit)
    assert model.threshold == fit.threshold and model.label == cls.label
    assert model.settings["reused"] == ["classification", "gpd"]
    with pytest.raises(DataError, match="made from"):
        fit_tail_model(x[:4000], gpd=fit)


def test_empirical_summary_says_the_sample_cannot_judge() -> None:
    x = np.random.default_rng(1).standard_normal(30)
    s = goodhart_summary(x, tail="empirical")
    assert "cannot be judged from the sample alone" in s.verdict
    assert s.sample_stops["bon_n"] is None
