"""Tail classification in the moment-generating-function sense, with calibrated probabilities.

Labels (docs/science.md §1): **heavy** when E[exp(tY)] = ∞ for every t > 0 (power laws, lognormal,
Weibull with shape < 1), **light** otherwise with unbounded support, **bounded** with a finite
upper endpoint. Subtypes: power-law (ξ > 0), subexponential (ξ = 0, Weibull-tail coefficient
θ > 1), exponential-type (θ = 1), lighter-than-exponential (θ < 1), bounded (an end point).

How the probabilities are made (``method="fast"``)
---------------------------------------------------
Finite samples fall into two classic traps: at practical thresholds the normal has a negative
GPD/moment shape (it looks bounded) and the lognormal a positive one (it looks like a power law).
Rather than thresholding ξ̂, tailstat compares what *this* sample's estimates look like with what
each kind of tail produces *at the same n and k*:

1. One ``np.partition`` gives the top order statistics. Eight location- and scale-invariant
   features are computed on ``Z = X - X(n - c)``, centred at an order statistic inside the
   kept tail (``c = 4k``, or the median's order statistic in samples below ~80; so a
   :class:`tailstat.TailSketch` classifies exactly as the whole sample), at five depths: the
   moment estimator and the log Weibull-tail coefficient log θ at a deep level ``2k`` and at the
   tail level ``k ≈ n^(2/3)`` (at most n/10), the moment estimator at ``k/4``, an averaged
   Pickands estimate, and the moment estimator at the top of the sample, ``n^0.4`` and a
   quarter of that (:mod:`tailstat.classification._features`). The drift between depths
   separates penultimate behaviour from a true power law or endpoint; the top levels see a
   heavy component of small weight (rare exploitable errors) that every fixed fraction of
   the sample misses, and the light top of a mixture whose bump bends the deeper levels.
   Two local features read the top ``4 n^0.4`` values on their own, and ``xi_span``
   compares the spacing scale of the top ``n^0.4`` values with that of the body (the
   average ξ between them): positive for every heavy tail, including a light body with a
   few heavy errors, and zero or negative for a light mixture whose narrow upper component
   mimics a power law at moderate depth.
2. A reference table (``calibration.json``, built by :mod:`tailstat.classification.calibrate`
   from the exact joint law of the top order statistics) holds the mean and covariance of
   those features for a library of 92 distributions spanning the five subtypes (including
   light bodies with spliced heavy, exponential or bounded tails, light bodies contaminated
   by a small fraction of heavy values, mixtures of light components, exponential tails with
   a decreasing polynomial factor and bounded tails with ξ = 0), on a grid of n from 50
   to 10^7.
   The library is the classifier's *training set*; the hyperparameters below are chosen on
   a separate *tuning* suite (``benchmarks/tuning_suite.py``, ``benchmarks/tune.py``), and
   the accuracy it publishes is measured on a third, the validation suite
   (``benchmarks/validation_suite.py``); tests keep the three apart.
3. Each library member's feature law is approximated by a multivariate Student-t (ν = 15:
   heavier than Gaussian, so an unusual sample produces doubt rather than certainty), with
   mean and covariance interpolated in log n, plus a model-discrepancy variance (s.d. 0.14
   per feature: the library is a grid over a continuum of tails, and a sample between
   members must not be forced onto one). The prior puts 1/3 on each label, split
   equally over the label's subtypes and then over the subtype's members; Bayes' rule gives
   the probabilities. The subtype is the most probable subtype within the label. The
   sample is read two ways (``_likelihood.posterior``): as a whole, or as a body with a
   distinct top component; in the second reading ``xi_span`` is scored under the law
   pooled over each label's members (``calibration_span.json``).
4. The log-likelihoods are tempered by η = 1.4 (a "power likelihood", as in Bissiri, Holmes
   & Walker 2016 or Grünwald's SafeBayes). With the discrepancy term widening every
   member's law, η > 1 sharpens the posterior back. The constants (η, ν, the discrepancy
   of the eight features and that of ``xi_span``) were chosen with ``benchmarks/tune.py``
   (``reports/tuning.md``) on two instruments that never read the validation suite: the
   tuning suite, and the library itself with each member left out in turn (its exact
   draws classified by the posterior without it), which measures how the probabilities
   behave between library members (the member left out of everything it enters: its prior
   weight, its label's ``xi_span`` law and the pooled "any tail" law). The chosen setting
   had the largest reliability gap at 0.069 on the tuning suite and 0.036 between members
   when it was chosen; re-run on the tuning suite's own draws (stop 64, ``reports/tuning.md``)
   it reads 0.100 there (one pooled bin) and 0.036 between members, and no setting of the
   grid is more accurate by more than 0.008 on any of the four accuracies. The development
   cases stay about where they were (exponential samples at n = 10^4 called heavy in 1.7%
   of 600 seeds). A smaller discrepancy (0.08) looked as good on the tuning suite when the
   constants were chosen (0.006-0.007 less accurate on its own draws) but is over-confident
   by up to 0.20 between members.
   Below n = 10^4 the power is weaker: piecewise linear in log n through 0.9 at n = 2000
   and 0.8 at 500, down to 0.4 at n = 200 and below (``_likelihood.temper``; chosen on the
   tuning suite at n = 50 to 5000): a few hundred or thousand scores leave the library's
   shapes a worse description of real scores than their spread says (with the full power
   from n = 1000, the rule before stop 36, over-confident by up to 0.17 at n = 1000).
5. No probability is ever exactly 0 or 1, and none is below 1%: the posterior is mixed with
   3% of the uniform distribution (ε-contamination: with probability ε the sample comes from
   a tail outside the library, about which the features say nothing). In the accuracy
   benchmark the most confident bin is right about 97% of the time, as this ε allows.

When the depths disagree the probabilities say so (they are split), and
:meth:`TailClassification.explain` names the pattern: the posterior from the deep features alone
and that of the top-of-the-sample reading (the top features, with how the spacings grow above the
body) are kept in ``depth_probabilities``. A verdict whose largest probability is below 0.8 is
*uncertain* (``confident`` is False) and is shown as "uncertain — leaning light (0.66)". An atom at
the maximum (the largest value repeated, the values below running up to it: clipped scores) is a
ceiling: labelled bounded, with a warning -- unless the values below read heavy, or the copies are
fewer than 20 and than 0.1% of the scores, when it may as well be one output scored many times, and
both readings weigh in, leaning heavy above a heavy tail (``"repeated-max"``). Identical largest
values far above the rest (a gap over twenty times the spacing below) are no ceiling: the features
decide, and a note says so.

The exponential-type tail (ξ = 0, θ = 1: exponential, gamma, Gumbel, logistic) is the
boundary case of the theory: its MGF is finite only near 0, so a KL penalty bounds what can
be gained from it, up to a constant that depends on the scale. It is labelled light, with its
own subtype, and ``explain()`` says so.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Literal

import numpy as np
import pandas as pd

from tailstat._display import apart
from tailstat._group_warnings import say_or_defer
from tailstat._validation import SEED, InstanceOf, StrOptions, check, validate_params
from tailstat._warn import user_level
from tailstat.classification._bayes import bayes_update, check_bayes_kwargs
from tailstat.classification._explain import explain_text
from tailstat.classification._features import (
    FEATURES,
    LOCAL_FEATURES,
    SPAN_FEATURE,
    k_for,
    k_levels,
    top_levels,
)
from tailstat.classification._headline import MIN_HEADLINE_EXCESSES, headline_xi, loose_bound
from tailstat.classification._likelihood import (
    DEEP,
    LABELS,
    NU,
    P_TOP_COMPONENT,
    SUBTYPES,
    UNIFORM_MIX,
    heavy_score,
    label_of_subtype,
    posterior,
    read_window,
    table,
    temper,
)
from tailstat.classification._patterns import (
    COARSE_LEVELS,
    REPEAT_HEAVY,
    ceiling_reading,
    coarse_cap,
    coarse_shrink,
    distinct_count,
    either_reading,
    few_copies,
    find_pattern,
    lone_maximum,
    max_atom,
    reading_below,
    repeat_note,
)
from tailstat.classification._window import MIN_N, SMALL_N, above_floor, centred, tail_for
from tailstat.classification.levels import CONFIDENT, shown_probability
from tailstat.data.tail import TIE_WARN_FRACTION, UpperTail
from tailstat.errors import DegenerateDataWarning, InputWarning, TailstatWarning
from tailstat.estimators import kernels
from tailstat.estimators.semiparametric import TailIndexEstimate, asymptotic_estimate
from tailstat.results import Interval, Result

__all__ = ["CONFIDENT", "LABELS", "MIN_N", "SMALL_N", "SUBTYPES", "TailClassification",
           "classify"]

@dataclass(frozen=True, eq=False, repr=False)
class TailClassification(Result):
    """The tail class of one sample, with calibrated probabilities and the evidence.

    Attributes
    ----------
    label : str
        ``"heavy"``, ``"light"`` or ``"bounded"`` (MGF sense; docs/science.md §1).
    subtype : str
        ``"power-law"``, ``"subexponential"``, ``"exponential-type"``,
        ``"lighter-than-exponential"`` or ``"bounded"``.
    probabilities : dict
        Probability of each label; they sum to 1 and are never exactly 0 or 1.
    subtype_probabilities : dict
        Probability of each subtype; a label's subtypes sum to its probability.
    xi, xi_ci : float, Interval
        The tail index: the GPD maximum-likelihood fit to the ``k`` excesses above
        ``X(n - k)`` and its 95% profile-likelihood interval (:func:`headline_xi`;
        ``settings["xi_method"]``). Where the GPD fit fails, the moment estimate above the
        centre ``X(n - c)`` and its asymptotic interval; NaN ("not estimated") where fewer
        than 10 of the top ``k`` lie above ``X(n - k)`` or the scores are saturated. A ξ at
        the fit's constraint -1 with an open interval is reported but said so in
        ``warnings`` and left out of :meth:`estimable`. With ``method="bayes"``, the
        posterior of the Bayesian GPD fit, when its chains mixed.
    theta, theta_ci : float, Interval
        Girard's Weibull-tail coefficient θ at ``k`` of the ``c`` values above the centre
        (``evidence["weibull_tail"].n`` is ``c``) and its asymptotic interval: about 1 for an
        exponential-type tail, below for lighter ones (a normal about 0.8 at n = 10^4,
        rising slowly towards 1), above for heavier ones (a lognormal about 1.3).
    n, k : int
        Sample size and number of upper order statistics used.
    method : str
    features : dict
        The feature values the decision used.
    nearest : dict
        The five library distributions the sample resembles most, with their weights.
    depth_probabilities : dict
        ``{"deep": {...}, "top": {...}}``: the label probabilities from the deep features
        alone and from the top-of-the-sample reading (the top features, with how the
        spacings grow above the body); they differ when a heavy component hides in a light
        body, or a mixture's bump bends the deeper levels.
    pattern : str or None
        ``"rare-exploits"``, ``"heavy-top"``, ``"cut-off"``, ``"mixture"``, ``"saturated"``,
        ``"repeated-max"`` or ``None``: a named shape (:meth:`explain`, ``_patterns``).
    evidence : dict
        The estimator results (``moment``, ``moment_high``, ``moment_deep``, ``weibull_tail``,
        ``pickands``) on the sample centred at ``X(n - c)``, the classifier's centre
        (``settings["centre"]``; their thresholds are relative to it): the decision uses the
        features, the evidence shows them as estimates with intervals.
    warnings : tuple of str
        Caveats: ties, small n, saturation, missing values dropped (``analyze``: n_missing).
    settings : dict
    name : str
    """

    label: str
    subtype: str
    probabilities: dict[str, float]
    subtype_probabilities: dict[str, float]
    xi: float
    xi_ci: Interval
    theta: float
    theta_ci: Interval
    n: int
    k: int
    method: str
    features: dict[str, float]
    nearest: dict[str, float]
    depth_probabilities: dict[str, dict[str, float]] = field(default_factory=dict)
    pattern: str | None = None
    evidence: dict[str, Any] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()
    settings: dict[str, Any] = field(default_factory=dict)
    name: str = "x"

    def __repr__(self) -> str:
        # an uncertain 0.7996 reads 0.799, not the confident level's 0.800 (as the verdict)
        p = ", ".join(f"{k}={shown_probability(v, decimals=3)}"
                      for k, v in self.probabilities.items())
        return (f"TailClassification(label={self.label!r}, subtype={self.subtype!r}, {p}, "
                f"xi={self.xi:.3g}, theta={self.theta:.2f}, n={self.n}, k={self.k})")

    @property
    def probability(self) -> float:
        """Probability of the chosen label."""
        return self.probabilities[self.label]

    @property
    def confident(self) -> bool:
        """Whether the largest probability reaches ``CONFIDENT`` (0.8)."""
        return self.probability >= CONFIDENT

    @property
    def n_read(self) -> int:
        """The scores the classification read: ``n``, or fewer when a floor of tied scores
        was set aside (``settings["n_read"]``; docs/science.md, "Atoms")."""
        return int(self.settings.get("n_read") or self.n)

    @property
    def power_law_like(self) -> bool:
        """A subexponential verdict whose ξ interval starts above ``SUBEXP_XI_NOTE`` (0.25):
        over the observed scores the tail is as heavy as a power law (lognormal-like and
        power-law tails look alike at practical n)."""
        return bool(self.subtype == "subexponential"
                    and float(self.xi_ci.low) > SUBEXP_XI_NOTE)

    @property
    def power_law_possible(self) -> bool:
        """A subexponential verdict with ξ's interval above 0: a power law reads it as well."""
        return bool(self.subtype == "subexponential" and float(self.xi_ci.low) > 0)

    @property
    def subtype_in_doubt(self) -> bool:
        """A subtype its own estimate contradicts (only the label is named): lighter than
        exponential with θ's interval above 1; a power law with ξ <= 0 on tied scores (counts)."""
        return bool((self.subtype == "lighter-than-exponential" and self.theta_ci.low > 1) or (
            self.subtype == "power-law" and self.xi <= 0 and any("are tied" in w
                                                                 for w in self.warnings)))

    @property
    def verdict(self) -> str:
        """Short text for tables: ``"heavy (0.98)"`` or ``"uncertain — leaning light (0.66)"``."""
        if self.confident:
            return f"{self.label} ({self.probability:.2f})"
        return (f"uncertain — leaning {self.label} "
                f"({shown_probability(self.probability, False)})")

    def _scalar_items(self) -> dict[str, Any]:
        row: dict[str, Any] = {"name": self.name, "n": self.n, "k": self.k, "label": self.label,
                               "subtype": self.subtype, "confident": self.confident}
        for lab in LABELS:
            row[f"p_{lab}"] = self.probabilities[lab]
        # each interval's level and method beside its ends (bayes with another level: ξ's,
        # θ's differ; ξ's method: profile likelihood, moment when the GPD fit failed, bayes)
        row.update(xi=self.xi, xi_low=self.xi_ci.low, xi_high=self.xi_ci.high,
                   xi_level=self.xi_ci.level, xi_ci_method=self.xi_ci.method, theta=self.theta,
                   theta_low=self.theta_ci.low, theta_high=self.theta_ci.high,
                   theta_level=self.theta_ci.level, theta_ci_method=self.theta_ci.method,
                   pattern=self.pattern, method=self.method, warnings="; ".join(self.warnings))
        return row

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe dictionary of every field, plus ``confident`` and ``verdict``."""
        out = super().to_dict()
        out.update(confident=self.confident, verdict=self.verdict)
        return out

    def to_frame(self) -> pd.DataFrame:
        """One tidy row: label, subtype, confident, probabilities, ξ and θ with intervals
        (``_low``, ``_high``, the interval's ``_level`` and how it was made, ``_ci_method``)."""
        return pd.DataFrame([self.to_row()])

    def to_row(self) -> dict[str, Any]:
        """The row of :meth:`to_frame` as a dict (column -> value), without building a
        DataFrame (what the table of an analysis of many groups is made from)."""
        return dict(self._scalar_items())

    def estimable(self) -> dict[str, float]:
        """ξ and θ, by symbol, when they carry information: ξ finite and not the fit's
        constraint -1 with an open interval (its warnings say so), θ finite with an
        interval of positive width (a zero-width θ comes from tied top scores)."""
        out = {}
        if math.isfinite(self.xi) and not loose_bound(self.xi, self.xi_ci):
            out["ξ"] = float(self.xi)
        lo, hi = float(self.theta_ci.low), float(self.theta_ci.high)
        if math.isfinite(self.theta) and math.isfinite(lo) and math.isfinite(hi) and hi > lo:
            out["θ"] = float(self.theta)
        return out

    def explain(self) -> str:
        """Plain words for a non-statistician: the verdict, what it means, and the pattern."""
        return explain_text(self)


def classify(
    x: Any,
    column: Hashable | None = None,
    *,
    method: Literal["fast", "bayes"] = "fast",
    name: str | None = None,
    seed: int | None = 0,
    bayes_kwargs: Mapping[str, Any] | None = None,
    warn: bool = True,
) -> TailClassification:
    """Classify the upper tail of a reward sample as heavy, light or bounded.

    Parameters
    ----------
    x : array-like, Series, DataFrame (+ ``column``), path, Sample or UpperTail
        The rewards. An :class:`UpperTail` (or a :class:`tailstat.TailSketch`) must hold the
        top ``k_for(n) + 1`` order statistics.
    column : str, optional
        The rewards' column of a table (``classify(df, "reward")``, as ``analyze``).
    method : {"fast", "bayes"}
        ``"fast"``: the calibrated feature likelihood described in the module docstring, no
        MCMC. ``"bayes"``: also fits the PyMC GPD model to the exceedances over the same
        threshold (ties as for the fast ξ); ξ and its interval become the posterior mean and
        credible interval if its chains mixed (else a note says why not), and the fit joins
        the evidence (the label probabilities stay the calibrated ones).
    name : str, optional
    seed : int, optional
        Seed for the Bayesian fit (``method="bayes"``).
    bayes_kwargs : dict, optional
        Passed to :func:`tailstat.fit_bayes`.
    warn : bool
        Issue the caveats (ties, a small sample, saturation, a verdict that rests on the
        maximum) as warnings (default). With ``False`` they are only recorded in the result's
        ``warnings``: a caller that shows them itself needs no process-wide warning filter.

    Returns
    -------
    TailClassification

    Raises
    ------
    DataError
        Fewer than 50 values, or too few distinct values in the upper tail.
    """
    _check_args(method, seed, bayes_kwargs)
    check("warn", warn, [InstanceOf(bool, text="True or False")])
    name = None if name is None else str(name)  # a group key (int, Timestamp) as its text
    tail, missing, count_at = tail_for(x, column, name)
    label_name = name or tail.name
    n_all = tail.n  # the result's n: all the scores (a tail read above a floor reads fewer)
    tail, floor = above_floor(tail, label_name, warn)
    # read in the window every path holds (a sketch may hold more; a review)
    atom, copies = max_atom(tail.desc[: k_for(tail.n) + 1])
    # rows repeated m times (data.tail.row_copies), read once: the ties note and the settings
    dup = tail.row_copies(k_levels(tail.n)[1]) if copies is None else None
    z, notes, blind = centred(tail, label_name, atom=atom, copies=copies, warn=warn,
                              count_at=count_at, rows=dup)
    if blind and atom is None:  # a scale of a few levels: its repeated maximum is a ceiling
        atom, copies = int(np.count_nonzero(tail.desc == tail.desc[0])), None
    if floor is not None:
        notes.insert(0, floor)
    if missing is not None:
        notes.insert(0, missing)
        if warn:
            warnings.warn(f"{label_name!r}: {missing}.", InputWarning, stacklevel=user_level())
    n = tail.n
    k_deep, k, k_high = k_levels(n)
    m1, m2, f, t, s, post = read_window(z.desc, n, copies)
    depth = {"deep": posterior(f, n, use=DEEP).labels, "top": post.top_labels or {}}
    if blind:  # the prior's reading, not a resemblance (a review: "resembles beta(1,3)")
        post, depth = replace(post, nearest={}, top_labels=None), {"deep": {}, "top": {}}
    probs, subs = post.labels, post.subtypes
    coarse_levels = None  # the distinct top values, when too few to read a shape from
    rows = None  # the copies of each row, when the rows are repeated (said, not capped)
    # (a ceiling that fills the window hides the features: no "repeated" reading of them)
    below = (None if atom is None or blind else reading_below(z.desc, atom, n)) or (probs, subs)
    heavy_below = below[0]["heavy"] >= REPEAT_HEAVY  # (the values below the copies)
    repeated = atom is not None and not blind and (heavy_below or few_copies(atom, tail.n))
    if repeated and atom is not None:  # (atom is not None: said for the type checker)
        probs, subs = either_reading(*below)
        notes.append(repeat_note(atom, tail.desc[0], heavy_below))
        if warn:
            warnings.warn(f"{label_name!r}: {notes[-1]}.", DegenerateDataWarning,
                          stacklevel=user_level())
    elif atom is not None:
        probs, subs = ceiling_reading(probs, subs)
        # a ceiling that hides the shape: centred's note (last) says it and what to do, once
        notes.append(notes.pop() if blind else
                     f"{atom} values equal the maximum {tail.desc[0]:.6g}: the scores are "
                     "saturated (clipped at a ceiling), so the tail is bounded by construction")
        if warn:
            warnings.warn(f"{label_name!r}: {notes[-1]}.", DegenerateDataWarning,
                          stacklevel=user_level())
    else:  # counts or coarsely rounded scores: a lean, never a verdict to act on
        read = k_for(n) + 1
        levels = distinct_count(tail.desc[:read])
        probs, subs, coarse = coarse_cap(probs, subs, levels, read)
        # repeated rows: said by the ties note, and by explain() when the verdict is
        # uncertain (the verdicts themselves held: `python benchmarks/repeated_rows.py`)
        rows = dup if coarse is None else None
        if coarse is not None:
            notes.append(coarse)
            if warn:  # (a review: recorded, never said, unlike every other caveat)
                say_or_defer("coarse", label_name, f"{label_name!r}: {coarse}.")
        # too few levels to read a shape from, whether or not the cap had to act
        coarse_levels = levels if levels < COARSE_LEVELS else None
        if coarse_levels is not None:
            # the readings by depth capped alike (0.98 beside a capped 0.75 gave it back)
            depth = {where: (dict(zip(ps, coarse_shrink(np.array(list(ps.values()))).tolist(),
                                      strict=True)) if ps else ps)
                     for where, ps in depth.items()}
    xi_tail = tail  # ξ's values: a repeated maximum's copies read once, as its verdict reads
    if repeated:  # them (a review: the best of 1,000 Pareto(1.5) scores 20 times: ξ = 1.86)
        atom, xi_tail = None, UpperTail(desc=np.r_[tail.desc[:1], tail.desc[atom:]], n=n)
    elif copies is not None:
        # identical scores far above the rest: no ceiling, more likely one output repeated
        top, nxt = apart(tail.desc[0], tail.desc[copies])
        notes.append(f"{copies} values equal the maximum {top}, far above the "
                     f"next score ({nxt}): not a ceiling, more likely one "
                     "output scored several times; read the highest-scoring samples")
        if warn:
            warnings.warn(f"{label_name!r}: {notes[-1]}.", DegenerateDataWarning,
                          stacklevel=user_level())
    lone = (lone_maximum(tail.desc[: k_for(n) + 1], z.desc, n, probs)
            if atom is None and copies is None and coarse_levels is None else None)
    if lone is not None:  # a confident verdict that one to four equal scores decide
        notes.append(lone)
        if warn:  # (one warning for all the groups of an analysis)
            say_or_defer("lone-max", label_name, f"{label_name!r}: {lone}.")
    largest = round(10 ** float(table().log10_n[-1]))  # the reference tables' last size
    if n > largest:
        # the feature laws are held at the tables' last size: a light tail reads more
        # heavy-looking past it (a review: an exponential at 10^8 read P(heavy) = 0.14)
        notes.append(f"n = {n:,} is beyond the reference tables' largest size "
                     f"({largest:,}); the features are scored under the laws of "
                     "that size, so the probabilities are rough: classify a random subsample "
                     f"of {largest:,} values to compare")
        if warn:
            warnings.warn(f"{label_name!r}: {notes[-1]}.", TailstatWarning, stacklevel=user_level())
    evidence = {key: replace(ev, name=label_name)  # (they were all named 'x': a review)
                for key, ev in _evidence(z, n, (k, k_high, k_deep), m1, m2).items()}
    if blind:  # the flat window's thresholds are all 0: X(n - k) less the centre, as read
        # (a review: the report gave 1-10 ratings the threshold 8, the centre, at every k)
        evidence = {key: replace(ev, threshold=float(
            tail.desc[4 * ev.k - 1 if key == "pickands" else ev.k] - tail.desc[k_for(n)]))
            for key, ev in evidence.items()}
    xi, xi_ci = headline_xi(xi_tail.desc, k, evidence["moment"])
    # too few levels: a lean, which the flags must not test (Poisson counts' p was < 0.05)
    score = (heavy_score(probs["heavy"], post) if coarse_levels is None and not blind
             else math.nan)
    settings: dict[str, Any] = {
        "method": method, "k_levels": {"deep": k_deep, "tail": k, "high": k_high,
                                       "top": top_levels(n)[0], "extreme": top_levels(n)[1]},
        "k_rule": "k = max(10, min(n/10, n^(2/3))); centre X(n - c), c = max(k + 2, "
                  "min((n-1)/2, 4k)); deep max(k + 1, c/2); high max(5, k/4); top max(10, "
                  "n^0.4); extreme max(5, top/4)", "prior": "equal over labels",
        "nu": NU, "temper": temper(n),
        "uniform_mix": UNIFORM_MIX, "p_top_component_prior": P_TOP_COMPONENT,
        "p_top_component": post.p_top_component, "centre_depth": k_for(n),
        "centre": float(tail.desc[k_for(n)]), "coarse_levels": coarse_levels, "n_read": n,
        "row_copies": rows,
        "heavy_log_odds": score,
        "xi_method": ("GPD maximum likelihood on the k excesses above X(n - k) (values "
                      "tied with X(n - k) left out, the others then measured from halfway to "
                      "the next value)" + ("; the repeated maximum's copies read once (the "
                      "evidence rows read them all)" if repeated else "")
                      if xi_ci.method == "profile likelihood"
                      else f"none: fewer than {MIN_HEADLINE_EXCESSES} of the top k values lie "
                      "above X(n - k), the others tied with it" if xi_ci.method ==
                      "not estimated" else "moment estimator above the centre (the GPD fit "
                      "failed)")}
    if method == "bayes" and atom is None:  # (a ceiling's ξ is not estimated: below)
        b_xi, b_ci, b_notes = bayes_update(xi_tail, k, evidence, seed,
                                           dict(bayes_kwargs or {}), label_name)
        if b_xi is not None and b_ci is not None:
            xi, xi_ci = b_xi, b_ci
            settings["xi_method"] = "Bayesian GPD fit (posterior mean, equal-tailed interval)"
        for text, category in b_notes:
            notes.append(text)
            if warn:
                warnings.warn(f"{label_name!r}: {text.rstrip('.')}.", category,  # (no "..")
                              stacklevel=user_level())
        fit = evidence.get("bayes")  # seed=None: the seed the fit drew, to reproduce it
        settings["seed"] = seed if seed is not None or fit is None else fit.settings.get("seed")
    if atom is not None:
        # saturated scores: bounded by construction, and a GPD fitted to excesses piled on
        # the ceiling gave xi = 0.56 [0.16, 1.03] beside "bounded" (a review)
        xi, xi_ci = math.nan, Interval(math.nan, math.nan, xi_ci.level, "not estimated")
        settings["xi_method"] = ("none: the scores are saturated (an atom at the maximum), "
                                 "bounded by construction")
        if method == "bayes":  # said, and the seed given kept (review 404: without a word)
            notes.append("no Bayesian GPD fit: the scores are saturated, bounded by construction")
            settings["seed"] = seed
    if loose_bound(xi, xi_ci):  # the fit's constraint, not an estimate
        notes.append(f"the GPD fit to the top {k} values sits at its constraint ξ = -1 (no "
                     "interior maximum of the likelihood with so few excesses): the reported "
                     f"ξ is that bound, not an estimate; its interval's upper end "
                     f"({xi_ci.high:.2g}) is what the fit can say")
        if warn:
            say_or_defer("xi-bound", label_name, f"{label_name!r}: {notes[-1]}.")
    theta, theta_ci = evidence["weibull_tail"].theta, evidence["weibull_tail"].ci
    if not theta_ci.high > theta_ci.low or xi_ci.method == "not estimated":
        # tied top scores (a ceiling, or nearly all the top k tied): θ carries nothing
        theta, theta_ci = math.nan, Interval(math.nan, math.nan, theta_ci.level, "not estimated")
        evidence["weibull_tail"] = replace(evidence["weibull_tail"], estimate=theta,
                                           ci=theta_ci, se=math.nan)
    label = max(probs, key=lambda lab: probs[lab])
    subtype = max((s for s in SUBTYPES if label_of_subtype(s) == label), key=lambda s: subs[s])
    result = TailClassification(
        label=label, subtype=subtype, probabilities=probs, subtype_probabilities=subs,
        xi=float(xi), xi_ci=xi_ci, theta=theta, theta_ci=theta_ci, n=n_all, k=k, method=method,
        features={**dict(zip(FEATURES, map(float, f), strict=True)),
                  **dict(zip(LOCAL_FEATURES, map(float, t), strict=True)),
                  SPAN_FEATURE: s},
        nearest=post.nearest,
        depth_probabilities=depth, evidence=evidence, warnings=tuple(notes), settings=settings,
        name=label_name)
    pattern = ("saturated" if atom is not None else "repeated-max" if repeated
               else find_pattern(result))
    return result if pattern is None else replace(result, pattern=pattern)


@validate_params({"method": [StrOptions({"fast", "bayes"})], "seed": SEED,
                  "bayes_kwargs": [InstanceOf(Mapping, text="a dict of fit_bayes keywords"),
                                   None]})
def _check_args(method: str, seed: int | None, bayes_kwargs: Mapping[str, Any] | None) -> None:
    """The arguments of :func:`classify` other than the data (one message format)."""
    check_bayes_kwargs(bayes_kwargs or {}, method)


#: A subexponential verdict whose ξ interval starts above this says the tail is as heavy as
#: a power law over the observed scores (explain()).
SUBEXP_XI_NOTE = 0.25


def _evidence(z: UpperTail, n: int, ks: tuple[int, int, int], m1: np.ndarray,
              m2: np.ndarray) -> dict[str, Any]:
    """The estimator results behind the features, from the shared log moments."""
    k, k_high, k_deep = ks  # m1, m2: at depths(n) = (k_deep, k, k_high, ...)
    with np.errstate(all="ignore"):
        ev_m, ev_hi, ev_deep = (
            asymptotic_estimate("moment", float(kernels.moment_from_m(m1[i], m2[i])), j, n,
                                float(z.desc[j]))
            for i, j in ((1, k), (2, k_high), (0, k_deep)))
        # Girard's θ of the c values above the centre X(n - c), read as a sample of their
        # own (read with n, θ drifts with n and is about 2 for an exponential tail); about
        # 1 for exponential-type tails at every n
        c = z.desc.shape[0] - 1
        theta = float(kernels.weibull_tail_at(m1[1], k, c))
        ev_t = asymptotic_estimate("weibull_tail", theta, k, c, float(z.desc[k]))
    evidence: dict[str, Any] = {"moment": ev_m, "moment_high": ev_hi, "moment_deep": ev_deep,
                                "weibull_tail": ev_t}
    k_p = max(1, k // 4)
    # pickands(z, k_p) without its intake and its one warning (ties, said above): a warnings
    # filter would swallow other threads' warnings too (the filters are process-wide)
    est = float(kernels.pickands_at(z.desc, np.array([k_p]))[0])
    if math.isfinite(est):  # else a zero spacing: pickands() refuses it, no evidence
        ev_p: TailIndexEstimate = asymptotic_estimate("pickands", est, k_p, n,
                                                      float(z.desc[4 * k_p - 1]))
        frac = z.tie_fraction(4 * k_p - 1)
        if frac > TIE_WARN_FRACTION:  # the note pickands() records
            ev_p = replace(ev_p, warnings=(f"{frac:.0%} of the top order statistics are tied",))
        evidence["pickands"] = ev_p
    return evidence
