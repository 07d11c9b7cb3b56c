"""Hostile arguments (issue 11): every public function's bad arguments are the package's own
error, never a raw exception; the rules are in ``tests/test_hostile.py``'s module doc."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from _hostile import GOLD, NORMAL, PARETO, run

import tailstat

# --------------------------------------------------------------------------------------------
# arguments
# --------------------------------------------------------------------------------------------

def _xf(who_what: str) -> Any:
    return pytest.mark.xfail(strict=True, reason=who_what)


ESTIMATOR_XFAIL = _xf("estimators owner (tailstat/estimators/semiparametric.py): validate "
                      "ci / ci_method / n_boot / seed / k with tailstat._validation "
                      "(LEVEL, N_BOOT, SEED, Interval(Integral, 1, None))")

_DF = pd.DataFrame({"g": np.repeat(["a", "b"], 1500), "r": NORMAL, "v": GOLD})


def _other_threshold() -> Any:
    return tailstat.select_threshold(PARETO * 1000.0 + 5000.0)


#: (id, call, xfail reason or None): each call must raise a TailstatError.
BAD_ARGS: list[tuple[str, Callable[[], Any], str | None]] = []
for _name in ("hill", "moment", "pickands", "weibull_tail"):
    _f = getattr(tailstat, _name)
    BAD_ARGS += [
        (f"{_name}(k=0)", lambda f=_f: f(PARETO, k=0), None),
        (f"{_name}(k=-1)", lambda f=_f: f(PARETO, k=-1), None),
        (f"{_name}(k=True)", lambda f=_f: f(PARETO, k=True), None),
        (f"{_name}(k='10')", lambda f=_f: f(PARETO, k="10"), None),
        (f"{_name}(k=1.5)", lambda f=_f: f(PARETO, k=1.5), None),
        (f"{_name}(k=n+5)", lambda f=_f: f(PARETO, k=PARETO.size + 5), None),
        (f"{_name}(ci=1.5)", lambda f=_f: f(PARETO, ci=1.5), None),
        (f"{_name}(ci=nan)", lambda f=_f: f(PARETO, ci=float("nan")), None),
        (f"{_name}(ci='x')", lambda f=_f: f(PARETO, ci="x"), None),
        (f"{_name}(ci_method='bogus')", lambda f=_f: f(PARETO, ci_method="bogus"), None),
        (f"{_name}(n_boot=0)", lambda f=_f: f(PARETO, ci_method="bootstrap", n_boot=0), None),
        (f"{_name}(n_boot='x')", lambda f=_f: f(PARETO, ci_method="bootstrap", n_boot="x"),
         None),
        (f"{_name}(seed=-1)", lambda f=_f: f(PARETO, ci_method="bootstrap", seed=-1), None),
        (f"{_name}(seed='x')", lambda f=_f: f(PARETO, ci_method="bootstrap", seed="x"), None),
        (f"{_name}(column=['r'])", lambda f=_f: f(pd.DataFrame({"r": PARETO}), column=["r"]),
         None),
    ]
BAD_ARGS += [
    ("choose_k(k_max=0)", lambda: tailstat.choose_k(PARETO, k_max=0), None),
    ("choose_k(k_max=-1)", lambda: tailstat.choose_k(PARETO, k_max=-1), None),
    ("choose_k(k_max='10')", lambda: tailstat.choose_k(PARETO, k_max="10"), None),
    ("choose_k(method='bogus')", lambda: tailstat.choose_k(PARETO, method="bogus"), None),
    ("choose_k(n_boot=0)", lambda: tailstat.choose_k(PARETO, n_boot=0), None),
    ("choose_k(seed='x')", lambda: tailstat.choose_k(PARETO, seed="x"), None),
    ("tail_path(k_max=0)", lambda: tailstat.tail_path(PARETO, k_max=0), None),
    ("tail_path(k_max=-1)", lambda: tailstat.tail_path(PARETO, k_max=-1), None),
    ("tail_path(k_max=True)", lambda: tailstat.tail_path(PARETO, k_max=True), None),
    ("tail_path(k_max='10')", lambda: tailstat.tail_path(PARETO, k_max="10"), None),
    ("tail_path(method='bogus')", lambda: tailstat.tail_path(PARETO, method="bogus"), None),
    ("tail_path(ci=2)", lambda: tailstat.tail_path(PARETO, ci=2), None),
    ("upper_tail(k_max=0)", lambda: tailstat.upper_tail(PARETO, k_max=0), None),
    ("upper_tail(k_max='x')", lambda: tailstat.upper_tail(PARETO, k_max="x"), None),
    ("fit_gpd(threshold='bogus')", lambda: tailstat.fit_gpd(PARETO, "bogus"), None),
    ("fit_gpd(threshold=nan)", lambda: tailstat.fit_gpd(PARETO, float("nan")), None),
    ("fit_gpd(threshold=inf)", lambda: tailstat.fit_gpd(PARETO, float("inf")), None),
    ("fit_gpd(threshold above the max)", lambda: tailstat.fit_gpd(PARETO, 1e9), None),
    ("fit_gpd(threshold='150%')", lambda: tailstat.fit_gpd(PARETO, "150%"), None),
    ("fit_gpd(method='bogus')", lambda: tailstat.fit_gpd(PARETO, method="bogus"), None),
    ("fit_gpd(ci=2)", lambda: tailstat.fit_gpd(PARETO, ci=2), None),
    ("fit_gpd(another sample's ThresholdChoice)",
     lambda: tailstat.fit_gpd(PARETO, _other_threshold()), None),
    ("mean_excess(n_thresholds=0)", lambda: tailstat.mean_excess(PARETO, n_thresholds=0), None),
    ("mean_excess(n_thresholds='x')", lambda: tailstat.mean_excess(PARETO, n_thresholds="x"),
     None),
    ("mean_excess(thresholds=[nan])", lambda: tailstat.mean_excess(PARETO, [float("nan")]),
     None),
    ("mean_excess(ci=2)", lambda: tailstat.mean_excess(PARETO, ci=2), None),
    ("threshold_stability(n_thresholds=0)",
     lambda: tailstat.threshold_stability(PARETO, n_thresholds=0), None),
    ("select_threshold(rule='bogus')", lambda: tailstat.select_threshold(PARETO, rule="bogus"),
     None),
    ("select_threshold(alpha=2)", lambda: tailstat.select_threshold(PARETO, alpha=2), None),
    ("select_threshold(n_candidates=0)",
     lambda: tailstat.select_threshold(PARETO, n_candidates=0), None),
    ("select_threshold(lowest_quantile=1.5)",
     lambda: tailstat.select_threshold(PARETO, lowest_quantile=1.5), None),
    ("classify(method='bogus')", lambda: tailstat.classify(PARETO, method="bogus"), None),
    ("classify(seed=-1)", lambda: tailstat.classify(PARETO, seed=-1), None),
    ("classify(bayes_kwargs='x')",
     lambda: tailstat.classify(PARETO, method="bayes", bayes_kwargs="x"), None),
    ("classify(bayes_kwargs={'bogus': 1})",
     lambda: tailstat.classify(PARETO, method="bayes", bayes_kwargs={"bogus": 1}), None),
    ("analyze(method='bogus')", lambda: tailstat.analyze(_DF, "r", by="g", method="bogus"),
     None),
    ("analyze(fdr=2)", lambda: tailstat.analyze(_DF, "r", by="g", fdr=2),
     None),
    ("analyze(fdr=-1)", lambda: tailstat.analyze(_DF, "r", by="g", fdr=-1),
     None),
    ("analyze(fdr=nan)", lambda: tailstat.analyze(_DF, "r", by="g", fdr=float("nan")),
     None),
    ("analyze(fdr='x')", lambda: tailstat.analyze(_DF, "r", by="g", fdr="x"),
     None),
    ("analyze(seed=-1)", lambda: tailstat.analyze(_DF, "r", by="g", seed=-1),
     None),
    ("analyze(by=[])", lambda: tailstat.analyze(_DF, "r", by=[]), None),
    ("analyze(by=['g', 'g'])", lambda: tailstat.analyze(_DF, "r", by=["g", "g"]), None),
    ("analyze(by='nope')", lambda: tailstat.analyze(_DF, "r", by="nope"), None),
    ("analyze(column='nope')", lambda: tailstat.analyze(_DF, "nope", by="g"), None),
    ("analyze(gold='nope')", lambda: tailstat.analyze(_DF, "r", by="g", gold="nope"), None),
    ("analyze(column=by)", lambda: tailstat.analyze(_DF, "g", by="g"), None),
    ("analyze(nan='bogus')", lambda: tailstat.analyze(_DF, "r", nan="bogus"), None),
    ("check_sample(min_size=0)", lambda: tailstat.check_sample(PARETO, min_size=0), None),
    ("check_groups(by=[[...]])", lambda: tailstat.check_groups(_DF, "r", by=[["g"]]), None),
    ("tail_dependence(levels=[1.5])",
     lambda: tailstat.tail_dependence(NORMAL, GOLD, levels=[1.5]),
     None),
    ("tail_dependence(levels=[0])", lambda: tailstat.tail_dependence(NORMAL, GOLD, levels=[0]),
     None),
    ("tail_dependence(NaN)", lambda: tailstat.tail_dependence(np.full(100, np.nan), GOLD[:100]),
     None),
    ("tail_dependence(empty)", lambda: tailstat.tail_dependence(np.array([]), np.array([])),
     None),
    ("tail_dependence(lengths differ)", lambda: tailstat.tail_dependence(NORMAL, GOLD[:10]),
     None),
    ("tail_dependence(ci=2)", lambda: tailstat.tail_dependence(NORMAL, GOLD, ci=2),
     None),
    ("fit_bayes(draws=0)", lambda: tailstat.fit_bayes(PARETO, draws=0), None),
    ("fit_bayes(chains=0)", lambda: tailstat.fit_bayes(PARETO, chains=0), None),
    ("fit_bayes(level=2)", lambda: tailstat.fit_bayes(PARETO, level=2), None),
    ("fit_bayes(threshold='bogus')", lambda: tailstat.fit_bayes(PARETO, "bogus"), None),
    ("fit_bayes_hierarchical(by=[])",
     lambda: tailstat.fit_bayes_hierarchical(_DF, "r", by=[]), None),
    # the error-message audit: a raw AttributeError, AssertionError or TypeError escaped, or
    # the argument was taken silently (intercept='y' taken as True)
    ("goodhart_summary(error='x')",
     lambda: tailstat.goodhart_summary(NORMAL, GOLD, error="x"), None),
    ("goodhart_summary(error=a GPDFit)",
     lambda: tailstat.goodhart_summary(NORMAL, GOLD, error=tailstat.fit_gpd(NORMAL)), None),
    ("conditioning(v=None)", lambda: tailstat.conditioning(NORMAL, None), None),
    ("fit_overoptimization(intercept='y')",
     lambda: tailstat.fit_overoptimization(np.arange(1.0, 9.0), np.sqrt(np.arange(1.0, 9.0)),
                                           intercept="y"), None),
    ("merge_sketches(None)", lambda: tailstat.merge_sketches(None), None),
]


def _bad_arg_params() -> list[Any]:
    return [pytest.param(call, id=name, marks=_xf(why) if why else ())
            for name, call, why in BAD_ARGS]


@pytest.mark.parametrize("call", _bad_arg_params())
def test_bad_arguments_are_package_errors(call: Callable[[], Any]) -> None:
    kind, res = run(call)
    assert kind == "error", f"accepted, returned {res!r}"


def test_report_path_none_is_a_package_error(tmp_path: Path) -> None:
    # Path(None) raised a bare TypeError from pathlib
    kind, err = run(tailstat.report, PARETO, None)
    assert kind == "error" and "path must be a file name" in str(err)


@pytest.mark.parametrize("case", [
    pytest.param("path is a folder"),
    pytest.param("bad data, new folder"),
    "dpi=1", "max_points='x'", "method='bogus'", "fdr=2",
])
def test_report_bad_arguments(case: str, tmp_path: Path) -> None:
    out = tmp_path / "new" / "r.html"
    kwargs: dict[str, Any] = {"dpi=1": {"dpi": 1}, "max_points='x'": {"max_points": "x"},
                              "fdr=2": {"fdr": 2}, "method='bogus'": {"method": "bogus"}
                              }.get(case, {})
    data = _DF
    if case == "path is a folder":
        out.mkdir(parents=True)
    if case == "bad data, new folder":
        data = _DF.assign(r="text")
    kind, _ = run(tailstat.report, data, out, column="r", by="g", **kwargs)
    assert kind == "error"
    if case != "path is a folder":
        assert not (tmp_path / "new").exists()  # no empty folder left behind
