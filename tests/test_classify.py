"""tailstat.classify: labels in the MGF sense, calibrated probabilities, invariances."""

from __future__ import annotations

import json
import re
import warnings
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest
from _helpers import BAYES_SHORT_RUN, filter_changes, rare_power_law_errors

import tailstat as ts
from tailstat.classification._likelihood import label_of_subtype


def _draw(name: str, n: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return {
        "pareto": lambda: rng.pareto(1.5, n) + 1,
        "student-t3": lambda: rng.standard_t(3, n),
        "lognormal": lambda: rng.lognormal(0, 1, n),
        "weibull0.5": lambda: rng.weibull(0.5, n),
        "normal": lambda: rng.normal(size=n),
        "exponential": lambda: rng.exponential(size=n),
        "weibull3": lambda: rng.weibull(3.0, n),
        "uniform": lambda: rng.uniform(size=n),
        "beta13": lambda: rng.beta(1, 3, n),
    }[name]()


TRUTH = {"pareto": "heavy", "student-t3": "heavy", "lognormal": "heavy", "weibull0.5": "heavy",
         "normal": "light", "exponential": "light", "weibull3": "light", "uniform": "bounded",
         "beta13": "bounded"}


@pytest.mark.parametrize("name", sorted(TRUTH))
def test_clear_cases_at_n_1e5(name: str) -> None:
    # Every draw is labelled right, and the typical draw (the median over 20 seeds) is
    # confident beyond 0.9. A single draw may fall below 0.9: the posterior's model
    # discrepancy is set so that probabilities stay calibrated *between* library members
    # (benchmarks/_loo.py), which leaves about one Weibull(0.5) or Beta(1, 3) draw in four at
    # n = 10^5 between 0.75 and 0.9. (Five seeds made the median itself a coin toss: with
    # the stop-20 constants Beta(1, 3)'s median over seeds 11-15 is 0.899, over 20 seeds
    # 0.94.)
    cs = [ts.classify(_draw(name, 100_000, seed=seed)) for seed in range(11, 31)]
    assert all(c.label == TRUTH[name] for c in cs), [c.label for c in cs]
    assert np.median([c.probabilities[TRUTH[name]] for c in cs]) > 0.9


def test_the_two_classic_traps() -> None:
    # the normal's penultimate ξ < 0 does not make it bounded ...
    normal = ts.classify(_draw("normal", 10_000, seed=1))
    assert normal.xi < 0 and normal.label == "light"
    # ... and the lognormal's penultimate ξ > 0 is heavy for the right reason (θ > 1)
    logn = ts.classify(_draw("lognormal", 10_000, seed=1))
    assert logn.label == "heavy" and logn.theta > 1


def test_probabilities_are_a_distribution_never_0_or_1() -> None:
    c = ts.classify(_draw("uniform", 100_000, seed=0))
    p = c.probabilities
    assert set(p) == {"heavy", "light", "bounded"}
    assert sum(p.values()) == pytest.approx(1.0, abs=1e-12)
    assert all(0 < v < 1 for v in p.values())


@pytest.mark.parametrize("name", ["pareto", "normal", "beta13", "exponential"])
def test_location_and_scale_do_not_matter(name: str) -> None:
    x = _draw(name, 20_000, seed=3)
    base = ts.classify(x)
    for loc, scale in ((-1000.0, 1e-3), (123.0, 50.0), (0.0, 1e6)):
        c = ts.classify(loc + scale * x)
        assert c.label == base.label
        for lab in base.probabilities:
            assert c.probabilities[lab] == pytest.approx(base.probabilities[lab], abs=1e-6)


def test_extreme_location_small_scale_normal_is_light() -> None:
    x = np.random.default_rng(0).normal(-1000.0, 0.001, 10_000)
    assert ts.classify(x).label == "light"


def test_permutation_invariance() -> None:
    x = _draw("student-t3", 5000, seed=2)
    a = ts.classify(x)
    b = ts.classify(np.random.default_rng(9).permutation(x))
    assert a.probabilities == b.probabilities


def test_exponential_type_is_light_with_its_own_subtype_and_caveat() -> None:
    c = ts.classify(np.random.default_rng(4).gamma(3.0, size=100_000))
    assert c.label == "light" and c.subtype == "exponential-type"
    text = c.explain()
    assert "KL" in text and "coefficient above the tail's scale" in text


def test_explain_quotes_a_name_as_the_user_wrote_it() -> None:
    """explain() showed a name with quotes as Python's repr, 'it\\'s "v2"', and the report
    showed the backslashes; now the name is quoted as written."""
    c = ts.classify(np.random.default_rng(1).normal(size=2000), name='it\'s "v2"')
    assert """The scores of 'it's "v2"'""" in c.explain() or \
        """the scores of 'it's "v2"'""" in c.explain()
    assert "\\" not in c.explain()


def test_result_contract() -> None:
    c = ts.classify(_draw("pareto", 5000, seed=0), name="rm <b>")
    d = c.to_dict()
    json.dumps(d)
    assert d["label"] == c.label and "evidence" in d
    row = c.to_frame()
    assert len(row) == 1 and {"p_heavy", "p_light", "p_bounded", "xi", "theta"} <= set(row)
    # each interval's level stands beside its ends, read from the interval itself
    assert row.xi_level.iloc[0] == c.xi_ci.level and row.theta_level.iloc[0] == c.theta_ci.level
    at_90 = replace(c, xi_ci=replace(c.xi_ci, level=0.9)).to_row()
    assert (at_90["xi_level"], at_90["theta_level"]) == (0.9, c.theta_ci.level)
    assert list(at_90)[list(at_90).index("xi_high") + 1] == "xi_level"
    assert "TailClassification(label=" in repr(c)
    assert set(c.evidence) >= {"moment", "moment_deep", "moment_high", "weibull_tail"}
    assert c.xi_ci.low <= c.xi <= c.xi_ci.high
    assert c.theta_ci.low <= c.theta <= c.theta_ci.high
    with pytest.raises(AttributeError):
        c.label = "light"  # type: ignore[misc]


def test_too_small_and_degenerate_inputs() -> None:
    with pytest.raises(ts.DataError, match="at least 50"):
        ts.classify(np.arange(30.0))
    # a floor of 900 zeros below 100 scores on 10 levels off any grid (10 copies of each):
    # too few levels above it to be a sample of their own, and no tail: degenerate (counts
    # 1..10 above the zeros are on one grid with them and read spread over its step:
    # tests/test_lattice.py)
    x = np.concatenate([np.zeros(900), np.repeat(np.sqrt(np.arange(2.0, 12.0)), 10)])
    with pytest.raises(ts.DataError, match="degenerate"):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ts.TiesWarning)
            ts.classify(x)
    # 100 distinct scores above it (it was refused the same way): read on their own
    x = np.concatenate([np.zeros(900), np.arange(1.0, 101.0)])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        c = ts.classify(x)
    assert c.n == 1000 and c.settings["n_read"] == c.n_read == 100
    assert any("read from the 100 scores above it" in str(w.message) for w in caught)
    assert any("small sample (n = 100)" in str(w.message) for w in caught)


def test_ties_never_touch_the_process_wide_warning_state() -> None:
    """The Pickands evidence of tied scores notes the ties without a warnings filter: one
    (``catch_warnings``, process-wide) swallowed the warnings other threads issued meanwhile
    (37 of 40 small-sample warnings of a concurrent ``classify`` were lost)."""
    r = np.random.default_rng(5)
    # ties off any grid (rounded scores on a grid are read spread over their step: _lattice)
    x = r.choice(np.sort(r.normal(size=2000)), 20_000)
    with filter_changes() as calls:
        c = ts.classify(x, warn=False)
    assert calls == []  # the filters are process-wide: no thread-safe way to change them
    (note,) = c.evidence["pickands"].warnings  # the note pickands() records for ties
    assert note.endswith("% of the top order statistics are tied")


@BAYES_SHORT_RUN
def test_the_bayes_method_never_touches_the_process_wide_warning_state() -> None:
    """classify(method="bayes") caught the fit's caveats with ``catch_warnings`` (process-
    wide): warnings other threads issued during the fit, seconds long, were lost. The fit
    now records its caveats (fit_bayes(warn=False)); the classification's notes and their
    categories are the same."""
    import tailstat.bayes._models  # noqa: F401  (its import reads PyTensor's BLAS flags once, quietly)

    x = np.random.default_rng(0).standard_t(3.0, 5000)
    with filter_changes() as calls:
        c = ts.classify(x, name="rm-a", method="bayes", warn=False,
                        bayes_kwargs={"chains": 1, "draws": 100, "tune": 100})
    assert calls == []
    assert any(w.startswith("Bayesian GPD fit:") and "R-hat needs two chains" in w
               for w in c.warnings)
    with pytest.warns(ts.ConvergenceWarning, match="'rm-a': Bayesian GPD fit"):
        ts.classify(x, name="rm-a", method="bayes",
                    bayes_kwargs={"chains": 1, "draws": 100, "tune": 100})


def test_ties_are_reported() -> None:
    x = np.round(np.random.default_rng(0).normal(size=20_000), 1)
    with pytest.warns(ts.TiesWarning):
        c = ts.classify(x)
    assert any("tied" in w for w in c.warnings)


def test_bayes_method_uses_the_pymc_posterior() -> None:
    x = _draw("pareto", 5000, seed=8)
    fast = ts.classify(x)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.ConvergenceWarning)
        c = ts.classify(x, method="bayes", seed=3,
                        bayes_kwargs={"draws": 1000, "tune": 1000, "chains": 2})
    fit = c.evidence["bayes"]
    assert c.method == "bayes" and c.settings["seed"] == 3
    assert c.xi == pytest.approx(fit.xi_mean) and c.xi_ci == fit.xi_ci
    assert fit.prob_heavy > 0.99 and c.label == "heavy"
    assert c.probabilities == fast.probabilities  # documented: the posterior is reported
    assert abs(fit.xi_mean - 1 / 1.5) < 4 * fit.xi_sd
    # the fit reads the top k + 1 values, but records the sample's size (rate k / n)
    assert fit.n == x.size and fit.n_exceed == c.k
    with warnings.catch_warnings():  # seed=None: the drawn seed is recorded (it was None)
        warnings.simplefilter("ignore", ts.ConvergenceWarning)
        d = ts.classify(x, method="bayes", bayes_kwargs={"draws": 100, "tune": 100,
                                                         "chains": 1})
    assert isinstance(d.settings["seed"], int)
    assert d.settings["seed"] == d.evidence["bayes"].settings["seed"]


@pytest.mark.parametrize("seed", range(3))
def test_no_crash_on_awkward_samples(seed: int) -> None:
    # rewards with heavy ties, negative values, huge offsets: a result or a clear DataError
    rng = np.random.default_rng(seed)
    samples = [
        np.round(rng.normal(size=500), 0),
        -np.abs(rng.standard_cauchy(400)),
        1e12 + rng.normal(size=300),
        np.concatenate([np.zeros(200), rng.exponential(size=100)]),
    ]
    # the rounded normal's top 201 values take 4 levels: with its maximum repeated (5 times
    # or more) a scale of a few levels, bounded by construction and saying so; else refused,
    # saying so (a mutation review: any DataError of any sample passed; a scale was refused
    # at any share until a review found binary rewards bounded or refused by their share)
    top_repeated = int(np.sum(samples[0] == samples[0].max())) >= 5
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        if top_repeated:
            c = ts.classify(samples[0])
            assert (c.label, c.pattern) == ("bounded", "saturated")
            assert "take only 4 distinct values" in c.warnings[-1]
        else:
            with pytest.raises(ts.DataError, match=r"degenerate.*4 distinct value"):
                ts.classify(samples[0])
    for x in samples[1:]:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ts.TailstatWarning)
            c = ts.classify(x)
        assert abs(sum(c.probabilities.values()) - 1) < 1e-12
        assert all(np.isfinite(list(c.probabilities.values())))


def _contaminated(n: int, eps: float, heavy: str, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    x = rng.normal(size=n)
    hit = rng.random(n) < eps
    m = int(hit.sum())
    x[hit] = rng.standard_t(2.0, m) if heavy == "t2" else rng.pareto(1.5, m) + 1.0
    return x


@pytest.mark.parametrize(("n", "eps", "heavy"), [(50_000, 0.01, "t2"),
                                                  (100_000, 0.001, "pareto")])
def test_rare_heavy_errors_in_a_light_body_are_heavy(n: int, eps: float, heavy: str) -> None:
    """The rare-exploit pattern: the top order statistics overrule the light body (in the
    t(2) draw the largest error alone decides, which a note says: its own test)."""
    c = ts.classify(_contaminated(n, eps, heavy, seed=21), warn=False)
    assert c.label == "heavy", c
    assert c.depth_probabilities["top"]["heavy"] > c.depth_probabilities["deep"]["heavy"]


def test_rare_exploit_pattern_is_named_in_words() -> None:
    # a draw whose deep features alone read light (in some draws a few errors reach deep
    # enough for the deep features to lean heavy too, and then there is no disagreement)
    c = ts.classify(_contaminated(100_000, 0.001, "pareto", seed=1))
    assert c.depth_probabilities["deep"]["heavy"] < 0.2
    assert c.pattern == "rare-exploits"
    assert "power law" in c.explain() and "rare exploitable errors" in c.explain()


def test_a_top_that_leans_heavy_under_a_light_verdict_is_named() -> None:
    """2% heavy errors in a normal body, n = 10^4: in this draw the verdict stays light
    (the errors barely pass the body's top) while the top features alone lean heavy; the
    pattern says so, and explain() tells the user where to look."""
    rng = np.random.default_rng(3)
    n = 10_000
    x = rng.normal(size=n)
    hit = rng.random(n) < 0.02
    x[hit] = 1.5 * rng.pareto(3.0, int(hit.sum()))
    c = ts.classify(x)
    assert c.label != "heavy"
    assert c.depth_probabilities["top"]["heavy"] >= 0.5 >= c.probabilities["heavy"]
    assert c.pattern == "heavy-top"
    text = c.explain()
    # (not "alone": the top reading also weighs how the spacings grow above the body)
    assert "lean heavy (P(heavy) = " in text and "in that reading" in text
    assert "alone" not in text and "read the highest-scoring samples" in text
    assert c.to_dict()["pattern"] == "heavy-top"


@pytest.mark.parametrize(("label", "top", "deep", "want"), [
    ("light", 0.62, 0.05, "heavy-top"),
    ("bounded", 0.5, 0.2, "heavy-top"),   # both limits are inclusive
    ("light", 0.49, 0.05, None),          # the top does not lean heavy
    ("light", 0.7, 0.3, None),            # the deep features do not read light: no split
    ("heavy", 0.9, 0.05, "rare-exploits"),  # the verdict followed the top
])
def test_which_depth_split_is_named(label: str, top: float, deep: float,
                                    want: str | None) -> None:
    from dataclasses import replace

    from tailstat.classification._patterns import find_pattern

    base = ts.classify(np.random.default_rng(0).normal(size=5_000))
    rest = (1 - top) / 2, (1 - deep) / 2
    c = replace(base, label=label, depth_probabilities={
        "top": {"heavy": top, "light": rest[0], "bounded": rest[0]},
        "deep": {"heavy": deep, "light": rest[1], "bounded": rest[1]}})
    assert find_pattern(c) == want


@pytest.mark.parametrize("n", [10_000, 100_000])
def test_plain_light_tails_rarely_show_a_heavy_top(n: int) -> None:
    """The split is named on about 0.7% of the tuning suite's light and bounded draws: on
    50 fixed seeds each of four plain light laws, at most one."""
    laws = {"normal": lambda r: r.normal(size=n), "exponential": lambda r: r.exponential(size=n),
            "gamma(2)": lambda r: r.gamma(2.0, size=n), "logistic": lambda r: r.logistic(size=n)}
    for name, draw in laws.items():
        hits = sum(ts.classify(draw(np.random.default_rng([11, s]))).pattern == "heavy-top"
                   for s in range(50))
        assert hits <= 1, name


@pytest.mark.parametrize(("w", "mu", "sd"), [(0.1, 2.0, 1.0), (0.02, 3.0, 0.5)])
def test_mixture_of_light_components_is_light_not_bounded(w: float, mu: float,
                                                          sd: float) -> None:
    rng = np.random.default_rng(5)
    n = 100_000
    x = np.where(rng.random(n) < w, rng.normal(mu, sd, n), rng.normal(size=n))
    c = ts.classify(x)
    assert c.label == "light", c


def test_saturated_scores_are_bounded_with_a_warning() -> None:
    x = np.minimum(np.random.default_rng(6).standard_t(3.0, 20_000), 3.0)  # 2.9% at the cap
    with pytest.warns(ts.DegenerateDataWarning, match="saturated"):
        c = ts.classify(x)
    assert c.label == "bounded" and c.pattern == "saturated"
    assert c.probabilities["bounded"] > 0.95
    assert "clipped" in c.explain()


def test_identical_scores_far_above_the_rest_are_no_ceiling() -> None:
    """Five copies of one exploit scored 8 sd above 10^4 normal scores were 'bounded (0.98):
    saturated, clipped at a ceiling' -- the rare-exploit case hidden. A repeated maximum with a
    gap to the rest is no ceiling: the features decide (heavy), and a note says what it is."""
    body = np.random.default_rng(0).normal(size=10_000)
    with pytest.warns(ts.DegenerateDataWarning) as said:  # the copies', no "saturated" one
        c = ts.classify(np.r_[body, [8.0] * 5])
    assert [str(w.message) for w in said if "saturated" in str(w.message)] == []
    assert any("one output scored several times" in str(w.message) for w in said)
    assert c.label == "heavy" and c.pattern != "saturated"
    assert any("not a ceiling, more likely one output scored several times" in w
               for w in c.warnings)
    # a clip, where the scores run right up to the repeated value, is still a ceiling
    clipped = np.minimum(body, 2.5)
    with pytest.warns(ts.DegenerateDataWarning, match="saturated"):
        assert ts.classify(clipped).pattern == "saturated"


def test_indices_that_ties_leave_undefined_are_said_not_estimable() -> None:
    """11% of the values on the cap: every order statistic the moment estimator reads is tied,
    ξ is not a number and θ's zero-width interval carries nothing; the sentence says so
    rather than printing nan and 0.00."""
    x = np.minimum(np.random.default_rng(0).standard_t(3.0, 5000), 1.5)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        c = ts.classify(x)
    # θ's zero-width interval carries nothing: θ is NaN in the result too (it was 0 with a
    # zero-width interval in to_dict and the tables while explain() said "not estimable")
    assert not np.isfinite(c.xi) and not np.isfinite(c.theta)
    assert not np.isfinite(c.theta_ci.low) and c.to_dict()["theta"] is None
    text = c.explain()
    assert "nan" not in text and "θ = 0.00" not in text
    assert "ξ and θ not estimable" in text


def test_discretised_scores_are_not_an_atom() -> None:
    """Rounding puts fewer values at the top of the grid than below it: no saturation."""
    x = np.round(np.random.default_rng(7).normal(size=20_000), 1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TiesWarning)
        c = ts.classify(x)
    assert c.pattern != "saturated"


def test_uncertain_verdicts_look_uncertain() -> None:
    import dataclasses

    c = ts.classify(_draw("normal", 5000, seed=0))
    split = dataclasses.replace(c, label="light", subtype="lighter-than-exponential",
                                probabilities={"heavy": 0.1, "light": 0.66, "bounded": 0.24})
    assert not split.confident and split.verdict == "uncertain — leaning light (0.66)"
    assert split.explain().startswith("Uncertain")
    d = split.to_dict()
    assert d["confident"] is False and d["label"] == "light"
    assert d["verdict"].startswith("uncertain")
    sure = dataclasses.replace(split, probabilities={"heavy": 0.01, "light": 0.98,
                                                     "bounded": 0.01})
    assert sure.confident and sure.verdict == "light (0.98)"
    assert sure.to_frame().confident.iloc[0]


def test_depth_probabilities_are_distributions() -> None:
    c = ts.classify(_draw("exponential", 10_000, seed=1))
    for level in ("deep", "top"):
        p = c.depth_probabilities[level]
        assert set(p) == {"heavy", "light", "bounded"}
        assert sum(p.values()) == pytest.approx(1.0)


def test_a_bounded_verdict_names_the_mixture_it_can_be_mistaken_for() -> None:
    bounded = ts.classify(_draw("uniform", 10_000, seed=2))
    assert bounded.label == "bounded" and bounded.pattern is None
    assert "narrow top category" in bounded.explain()
    assert "narrow top category" not in ts.classify(_draw("normal", 10_000, seed=2)).explain()


def test_coarsely_discretised_rewards_get_an_error_that_says_what_to_do() -> None:
    x = np.round(np.random.default_rng(19).normal(size=3000))  # integers: 4 levels at the top
    with pytest.raises(ts.DataError) as info:
        ts.classify(x, warn=False)
    msg = str(info.value)
    assert "4 distinct values (4, 3, 2, 1)" in msg and "coarsely rounded" in msg
    assert "bounded by construction" in msg and "raw scores" in msg


def test_scores_on_a_few_levels_are_bounded_at_every_size() -> None:
    # binomial(10, 0.7): ratings on a fixed scale. The top of the sample holds 2-4 levels at
    # every n; it was bounded at 10^3, light (0.80) at 10^4 and refused from 3*10^4 up, then
    # refused at every size, while a ceiling that filled the window was bounded: a scale of
    # a few levels is bounded by construction, at every size, with no shape read
    for n in (1000, 10_000, 30_000, 100_000):
        x = np.random.default_rng(1).binomial(10, 0.7, n).astype(float)
        c = ts.classify(x, warn=False)
        assert (c.label, c.pattern, c.probability) == ("bounded", "saturated", 0.98)
        assert np.isnan(c.xi) and np.isnan(c.settings["heavy_log_odds"]) and c.nearest == {}
        assert re.search(r"take only [234] distinct value", c.warnings[-1])
    # counts with enough levels at the top are classified (Poisson(8): 10-12 levels)
    c = ts.classify(np.random.default_rng(9).poisson(8, 10_000).astype(float), warn=False)
    assert c.label in ("light", "bounded")


@pytest.mark.parametrize("case", ["normal", "clipped", "pareto"])
def test_subtype_probabilities_sum_to_their_labels(case: str) -> None:
    rng = np.random.default_rng(0)
    x = {"normal": rng.normal(size=15_000), "clipped": np.clip(rng.normal(size=15_000), -3, 1.5),
         "pareto": rng.pareto(1.5, 15_000)}[case]
    c = ts.classify(x, warn=False)
    per = dict.fromkeys(c.probabilities, 0.0)
    for sub, p in c.subtype_probabilities.items():
        per[label_of_subtype(sub)] += p
    assert per == pytest.approx(c.probabilities, abs=1e-12)
    assert sum(c.subtype_probabilities.values()) == pytest.approx(1.0, abs=1e-12)


def test_a_subexponential_verdict_with_a_clearly_positive_xi_says_power_law_heavy() -> None:
    # 1% Pareto(1.2) errors in a normal body, n = 3000: the reference tails call it
    # subexponential (lognormal-like), while its ξ interval lies far above 0; explain() must
    # not let "lognormal-like" read milder than what the observed scores show
    c = ts.classify(rare_power_law_errors(), warn=False)
    assert c.label == "heavy" and c.subtype == "subexponential" and c.xi_ci.low > 0.25
    assert "as heavy as a power law" in c.explain()
    # a lognormal(1) sample, subexponential with a ξ interval from 0.09: no such sentence
    ln = ts.classify(np.random.default_rng(0).lognormal(0.0, 1.0, 3000), warn=False)
    assert ln.subtype == "subexponential" and ln.xi_ci.low < 0.2
    assert "as heavy as a power law" not in ln.explain()


def test_reported_theta_reads_one_for_exponential_tails() -> None:
    # θ of the c values above the centre, read as a sample of their own: about 1 for an
    # exponential tail (the excesses of an exponential are exponential), below 1 for a
    # normal, above 1 for a lognormal; tolerance three asymptotic sd, theta / sqrt(k)
    n = 10_000
    for seed in range(3):
        c = ts.classify(np.random.default_rng(seed).exponential(size=n), warn=False)
        ev = c.evidence["weibull_tail"]
        assert ev.n == c.settings["centre_depth"]  # read from the c values above the centre
        assert abs(c.theta - 1.0) < 3 * c.theta / np.sqrt(c.k)
        assert c.theta_ci.low < 1.0 < c.theta_ci.high  # (its coverage: test_classify_xi)
    normal = ts.classify(np.random.default_rng(5).normal(size=n), warn=False)
    lognormal = ts.classify(np.random.default_rng(5).lognormal(0.0, 1.0, n), warn=False)
    assert normal.theta < 1.0 - 2 * normal.theta / np.sqrt(normal.k)
    assert lognormal.theta > 1.0 + 2 * lognormal.theta / np.sqrt(lognormal.k)
    # location- and scale-free, as every reported estimate
    shifted = ts.classify(3.0 * np.random.default_rng(0).exponential(size=n) - 50, warn=False)
    ref = ts.classify(np.random.default_rng(0).exponential(size=n), warn=False)
    assert shifted.theta == pytest.approx(ref.theta, rel=1e-9)


def test_counts_on_few_levels_get_a_lean_not_a_verdict() -> None:
    """Poisson(5) counts at n = 10^4 (the top 1857 on 9 levels) were called heavy with
    P(heavy) = 0.968: whole-number ties make spacings that look like a power law's. On fewer
    than COARSE_LEVELS levels the probabilities are capped at COARSE_CAP (the label stays),
    with a note; a continuous sample is untouched."""
    from tailstat.classification._patterns import COARSE_CAP, COARSE_LEVELS, coarse_cap

    x = np.random.default_rng(4).poisson(5, 10_000)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        c = ts.classify(x)
    assert max(c.probabilities.values()) <= COARSE_CAP + 1e-12 and not c.confident
    assert c.verdict.startswith("uncertain")
    assert any("distinct values (counts or coarsely rounded scores)" in w for w in c.warnings)
    assert sum(c.probabilities.values()) == pytest.approx(1.0)
    assert sum(c.subtype_probabilities.values()) == pytest.approx(1.0)
    # the ranking is kept, and nothing changes with enough levels or a lean already
    probs = {"heavy": 0.968, "light": 0.022, "bounded": 0.01}
    subs = {"power-law": 0.9, "subexponential": 0.068, "exponential-type": 0.012,
            "lighter-than-exponential": 0.01, "bounded": 0.01}
    new, new_subs, note = coarse_cap(probs, subs, COARSE_LEVELS - 1, 1857)
    assert max(new, key=new.get) == "heavy" and new["heavy"] == pytest.approx(COARSE_CAP)
    assert sorted(new, key=new.get) == sorted(probs, key=probs.get) and note
    assert sum(new_subs.values()) == pytest.approx(1.0)
    assert coarse_cap(probs, subs, COARSE_LEVELS, 1857) == (probs, subs, None)
    lean = {"heavy": 0.6, "light": 0.3, "bounded": 0.1}
    assert coarse_cap(lean, subs, 3, 1857)[0] is lean
    smooth = ts.classify(x + np.random.default_rng(5).uniform(-0.5, 0.5, x.size))
    assert not any("distinct values" in w for w in smooth.warnings)


def test_distinct_count_of_sorted_values_is_numpys_unique() -> None:
    from tailstat.classification._patterns import distinct_count

    rng = np.random.default_rng(2)
    for _ in range(200):
        x = np.sort(np.round(rng.normal(size=int(rng.integers(0, 50))), 1))[::-1]
        x = np.where(x == 0, rng.choice([0.0, -0.0], x.size), x)  # both zeros: one value
        assert distinct_count(x) == np.unique(x).size


def test_missing_values_dropped_from_raw_data_are_said() -> None:
    """Half of an array NaN: classify dropped them and said nothing (n = 2500, no
    warning). The count is now in the warnings and a warning is issued; a validated Sample
    (as analyze passes, counting n_missing itself) adds nothing."""
    x = np.random.default_rng(9).normal(size=5000)
    x[:2500] = np.nan
    with pytest.warns(ts.TailstatWarning, match="2500 missing values"):
        c = ts.classify(x)
    assert c.n == 2500 and c.warnings[0].startswith("2500 missing values (NaN) were dropped")
    quiet = ts.classify(x, warn=False)
    assert quiet.warnings == c.warnings and quiet.probabilities == c.probabilities
    sample = ts.data.check_sample(x)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        s = ts.classify(sample)
    assert not any("missing" in w for w in s.warnings) and s.probabilities == c.probabilities


def test_a_sample_beyond_the_tables_largest_size_says_so() -> None:
    """Past 10^7 the feature laws are those of 10^7, silently (a review: an exponential at
    10^8 read P(heavy) = 0.14). At 10^7 itself nothing is said."""
    rng = np.random.default_rng(0)
    sketch = ts.TailSketch()
    for _ in range(12):
        sketch.update(rng.exponential(size=10**6))
    with pytest.warns(ts.TailstatWarning, match="beyond the reference tables' largest size"):
        c = ts.classify(sketch)
    assert any("12,000,000" in w for w in c.warnings)
    at_end = ts.TailSketch.from_sample(rng.exponential(size=10**7))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert not any("largest size" in w for w in ts.classify(at_end).warnings)


def test_readings_by_depth_are_capped_on_coarse_scores_like_the_verdict() -> None:
    """Counts on 7-9 levels: the verdict is a lean (no probability above 0.75), but the
    readings by depth kept their uncapped values (a top reading of P(light) = 0.88 beside
    it), giving back in to_dict() what the cap withholds."""
    rng = np.random.default_rng(0)
    for lam in (2, 5):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            c = ts.classify(rng.poisson(lam, 10_000).astype(float))
        assert c.settings["coarse_levels"] is not None
        for reading in c.depth_probabilities.values():
            assert max(reading.values()) <= 0.75 + 1e-12
            assert sum(reading.values()) == pytest.approx(1.0)


def test_a_group_key_is_a_name() -> None:
    """``classify(g.r, name=k)`` over ``df.groupby("step")`` passes an int (or a Timestamp);
    it is the sample's name as text (the error-message audit's check had refused it)."""
    x = np.random.default_rng(1).standard_t(3, 2000)
    assert ts.classify(x, name=5).name == "5"
    assert ts.goodhart_summary(x, name=pd.Timestamp("2026-01-02")).name == "2026-01-02 00:00:00"


def test_the_repr_of_an_uncertain_lean_never_reads_as_the_confident_level() -> None:
    """P(heavy) = 0.7995: the verdict says "uncertain — leaning heavy (0.79)", the repr said
    heavy=0.800, the confident level's reading. Below 0.8 it now reads 0.799; other values
    keep ordinary rounding."""
    c = ts.classify(np.random.default_rng(70).weibull(0.7, 3000))
    assert not c.confident and 0.7995 < c.probabilities["heavy"] < 0.8  # the case
    assert "heavy=0.799," in repr(c)
    assert f"light={c.probabilities['light']:.3f}," in repr(c)
