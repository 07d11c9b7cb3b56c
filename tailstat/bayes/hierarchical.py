"""Hierarchical Bayesian GPD: the tail shapes of several groups, partially pooled.

Why this model
--------------
Researchers score many reward models, checkpoints or prompt sets at once and ask *which of
them have heavy tails, and how sure are we?* Fitting each group alone answers badly for the
groups that matter most: a group with 20 exceedances gives a GPD shape whose interval spans
heavy and bounded alike, and its point estimate is the noisiest in the table, so it tops or
bottoms any ranking by chance. Pooling everything answers another question; this sits between:

    xi_g       ~ Normal(mu_xi, tau), xi_g > -1 each group's shape (truncated, as fit_bayes's)
    mu_xi      ~ Normal(xi_mu, xi_sd)          the shapes' location (before truncation)
    tau        ~ HalfNormal(tau_sd)            between-group spread of the shapes
    log sigma_g ~ Normal(log_sigma_mu, log_sigma_sd)   each group's own scale
    y_gi       ~ GPD(sigma_g, xi_g)            excesses over each group's own threshold

* **Partial pooling stabilises xi for groups with few exceedances.** A small group's shape is
  pulled towards the population mean by an amount the data choose (through ``tau``): a lot
  when the groups look alike, little when they differ or when the group has ample data:
  James–Stein shrinkage, done fully Bayesian, so the uncertainty in ``mu_xi`` and ``tau``
  is carried into every group's interval.
* **Honest answers to "which groups are heavy".** Each group gets ``P(xi_g > 0)`` and
  ``P(xi_g < 0)`` from the joint posterior; extreme-looking estimates from thin data are
  tempered instead of flagged: the multiple-comparison problem handled by the model. A
  group whose own exceedances clearly disagree is pulled too (the population is normal):
  when that overrules the verdict its data make, a warning names it (:mod:`._conflict`).
* **Scales and thresholds stay per group**: reward models have arbitrary location and
  scale, so only the shape is pooled; each group's excesses are scaled by their own
  ``median / log 2`` and each group keeps its own threshold rule.

Sampling geometry: by default every group is parameterised *non-centred* (``xi_g = mu_xi +
tau * z_g``, ``z_g`` standard normal truncated to ``xi_g > -1``), which avoids the funnel
between ``tau`` and ``xi_g`` as ``tau -> 0``. Centring the groups whose data pin ``xi_g``
down (``parameterization="auto"``) spares the ridge non-centring ties ``z_g``, ``mu_xi`` and
``tau`` into. Review 430 (3 and 8 groups of 30, 200 or 20-300 exceedances, shapes equal or
spread over -0.2..0.5): non-centred took 55-247 CPU s (60-217 gradient evaluations a draw);
"auto" kept its centred run for groups of 200 with spread shapes (0 divergences, 2-3 times
the ESS) at 9-15 times less CPU, but sampled again non-centred for equal shapes or 20-300
exceedances (the funnel test) at 1.1-1.9 times the CPU (review 404: 2-2.3); centred alone
diverged in 11 of 14 fits. So the default stays non-centred, never less reliable: pass "auto"
for groups of hundreds of exceedances whose shapes may differ. See Papaspiliopoulos, Roberts
& Sköld (2007, Statistical Science 22:59-73). Both forms define the same posterior.
Each ``sigma_g`` is parameterised so that the GPD support constraint holds by construction
(:mod:`tailstat.bayes._models`). The ``xi_g`` are truncated at -1, as in
:func:`~tailstat.bayes.fit_bayes` (the population density ``Normal(mu_xi, tau)`` restricted
to ``xi_g > -1``, its normaliser included): untruncated, a group whose largest excess is
tied (clipped or saturated scores) made the posterior improper.

Groups whose shapes are close: the posterior of ``tau`` reaches towards 0, where centred
groups form a funnel however many exceedances they have (four groups of 100 exceedances from
one GPD: 236 divergences of 4000 draws, R-hat 1.04), and may sample small ``tau`` poorly
without a divergence. So ``parameterization="auto"`` samples again with every group
non-centred when its centred groups diverge, or when ``tau``'s 5% quantile lies below the
largest posterior sd of their shapes, and keeps the non-centred run unless it diverges more
than twice as often and in over 1% of draws (``settings["auto_refit"]`` says so; the same
posterior; ``settings["seconds"]`` times the kept run, ``"other_run"`` the other: both cost).
Keeping the run with fewer divergences had kept a centred run whose ``tau`` stopped at
0.16-0.21 where the exact posterior reaches 0.078 (2 against 3). A ConvergenceWarning
reports the rest; ``target_accept`` defaults to 0.95 for the same reason.
"""
from __future__ import annotations

import math
import time
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from numbers import Integral
from typing import Any, Literal

import numpy as np
import pandas as pd

from tailstat import _validation as v
from tailstat.bayes import _common as common
from tailstat.bayes._common import BayesResult, Diagnostics, Exceedances, GPDPriors
from tailstat.bayes._conflict import (
    at_bound_note,
    mle_fit,
    pooled_away,
    population_prior_note,
    scale_held,
)
from tailstat.bayes._hier_groups import check_threshold_mapping, group_exceedances
from tailstat.bayes._labels import label as _label
from tailstat.bayes._labels import label_matches
from tailstat.bayes._truncated import NUMPY_OPS, truncated_z
from tailstat.data import Groups, check_groups
from tailstat.data.groups import typed_label
from tailstat.errors import (
    ConvergenceWarning,
    DataError,
    InputWarning,
    TailstatWarning,
    TiesWarning,
)
from tailstat.results import Interval

__all__ = ["BayesHierarchicalFit", "fit_bayes_hierarchical"]

#: Fewest exceedances a group needs to enter the hierarchical model (fewer than a single
#: fit's :data:`tailstat.gpd.MIN_EXCEEDANCES`: pooling is what makes small groups usable).
MIN_EXCEED_GROUP = 5

PARAMETERIZATIONS = ("auto", "centred", "non-centred")


def _funnel_reached(post: dict[str, np.ndarray], layout: _Layout) -> bool:
    """Whether ``tau``'s posterior reaches the funnel of the centred groups: its 5% quantile
    below the largest posterior sd of their shapes, where their data no longer pin them down
    beside the population's spread and the centred form samples small ``tau`` poorly, with
    or without a divergence (a review: four groups of 100 exceedances beside one unlike
    them; tau's lower end 0.16-0.21 against 0.078 exact, and the odd group's P(xi > 0)
    halved)."""
    xs = post["xi"].reshape(-1, layout.centred.shape[0])[:, layout.centred]
    spread = float(np.max(np.std(xs, axis=0))) if xs.size else 0.0
    return float(np.quantile(post["tau"].ravel(), 0.05)) < spread


def centred_min_exceed(tau_sd: float) -> int:
    """Fewest exceedances for which ``parameterization="auto"`` centres a group."""
    # a tau prior so narrow that no group could be centred (1e-200 overflowed math.ceil)
    return math.ceil(min(2.0 / tau_sd, 1e9) ** 2)


@dataclass(frozen=True, eq=False, repr=False)
class BayesHierarchicalFit(BayesResult):
    """Posterior of the hierarchical GPD model over several groups.

    Attributes
    ----------
    table : pandas.DataFrame
        One row per fitted group: ``group``, ``n``, ``threshold``, ``threshold_method``,
        ``n_exceed``, ``excess_scale`` (the ``median / log 2`` its excesses are divided by
        for the priors), ``parameterization`` (``"centred"`` or ``"non-centred"``, the
        form sampled), ``xi_mean``, ``xi_sd``, ``xi_low``, ``xi_high``, ``prob_heavy``
        (``P(xi_g > 0)``), ``prob_bounded`` (``P(xi_g < 0)``), ``sigma_mean``,
        ``sigma_low``, ``sigma_high`` (data units). Use :meth:`to_frame` for a copy.
    mu_xi_mean, mu_xi_sd : float
        Posterior mean and s.d. of the shapes' location ``mu_xi``: the centre of their
        normal law before its truncation at -1, not their mean (for ``mu_xi = -0.9``,
        ``tau = 0.3`` the truncated law's mean is -0.72).
    mu_xi_ci : Interval
    mu_prob_heavy : float
        ``P(mu_xi > 0)``.
    tau_mean : float
        Posterior mean of the between-group spread of the shapes.
    tau_ci : Interval
    n_groups : int
        Groups in the model.
    skipped : dict
        Group label -> why it was left out (failed intake, too few exceedances, ...).
    by : tuple of str
    column : str or None
    rhat_max, ess_bulk_min : float
        Worst R-hat and bulk ESS over ``mu_xi``, ``tau``, every ``xi_g`` and ``sigma_g``.
    divergences : int
    settings : dict
    warnings : tuple of str
    method : str
    idata : arviz.InferenceData
        Posterior ``mu_xi``, ``tau``, ``xi`` and ``sigma`` (dimension ``group``).
    """

    table: pd.DataFrame
    mu_xi_mean: float
    mu_xi_sd: float
    mu_xi_ci: Interval
    mu_prob_heavy: float
    tau_mean: float
    tau_ci: Interval
    n_groups: int
    skipped: dict[str, str]
    by: tuple[Hashable, ...]
    column: Hashable | None

    _repr_fields = ("n_groups", "mu_xi_mean", "mu_xi_ci", "tau_mean", "rhat_max", "divergences")

    @property
    def groups(self) -> list[str]:
        """Labels of the fitted groups, in table order."""
        return [str(g) for g in self.table["group"]]

    def draws(self, var: str = "xi", group: Hashable | None = None) -> np.ndarray:
        """Posterior draws (chains concatenated, a copy).

        Parameters
        ----------
        var : {"xi", "sigma", "mu_xi", "tau"}
        group : hashable, optional
            Group for ``xi``/``sigma``: its label, or its key as the data have it (a number,
            or a tuple of the ``by=`` values, as a threshold mapping takes); without it, an
            array ``(n_draws, n_groups)``. ``None`` means every group: the group of missing
            keys is selected by its label, ``"<NA>"`` (:meth:`label_of`).
        """
        if var not in ("xi", "sigma", "mu_xi", "tau"):
            raise DataError(f"var must be 'xi', 'sigma', 'mu_xi' or 'tau'; got {var!r} instead.")
        da = self._posterior(var)
        if var in ("mu_xi", "tau"):  # one for all groups: a group given is refused (a review)
            if group is not None:
                raise DataError(f"{var} is the population's, not a group's: leave out group=.")
            return np.asarray(da).reshape(-1).copy()
        if group is None:
            arr = np.asarray(da)
            return arr.reshape(-1, arr.shape[-1]).copy()
        return np.asarray(da.sel(group=self.label_of(group))).reshape(-1).copy()

    def label_of(self, group: Hashable) -> str:
        """The label of a fitted group (one of :attr:`groups`, the order of :attr:`table`),
        given as its label or as its key as the data have it (a number, a tuple of the
        ``by=`` values).

        Parameters
        ----------
        group : hashable
            A label of :attr:`groups` or a group key.

        Raises
        ------
        DataError
            When it is no fitted group.
        """
        if isinstance(group, str) and group in self.groups:
            return group
        # the key as the data have it, read by value: 1 for '1.0' (an integer column with a
        # missing value is read as floats), None or NaN for '<NA>', and tuples of such; a
        # number is never read as its text (the key 2.0 is the group 2, not a group "2.0")
        if typed_label(group) in self.groups:  # keys that print alike (1 and '1') are
            return typed_label(group)  # labelled by type (a review: unknown groups)
        parts = group if isinstance(group, tuple) else (group,)
        found = [g for g in self.groups if label_matches(g, parts)]
        if len(found) > 1:
            raise DataError(f"the group key {group!r} reads as any of the groups {found} (a "
                            "label keeps a key's text, not its type): give the label of "
                            "the one meant.")
        if not found:
            raise DataError(f"unknown group {group!r}; the fitted groups are {self.groups}.")
        return found[0]

    def to_frame(self) -> pd.DataFrame:
        """The per-group table (a copy), a column ``level``, that of the credible
        intervals ``xi_low``/``xi_high`` and ``sigma_low``/``sigma_high``, and one
        ``converged``, the fit's."""
        out = self.table.copy()
        out["level"] = float(self.mu_xi_ci.level)
        out["converged"] = self.converged  # the fit's, on each group's row (a review)
        return out

    def _scalar_items(self) -> dict[str, Any]:
        row = super()._scalar_items()
        row.pop("column", None)
        return row


@v.validate_params({**common.SAMPLER_CONSTRAINTS,
                    "by": [v.InstanceOf(str, Integral, list, tuple, text=(
                        "the grouping column(s), a name or a list of names (fit_bayes fits "
                        "a single sample)"))],
                    "parameterization": [v.StrOptions(PARAMETERIZATIONS)],
                    "warn": [v.InstanceOf(bool, text="True or False")]})
def fit_bayes_hierarchical(
    data: Any,
    column: Hashable | None = None,
    *,
    by: Hashable | Sequence[Hashable],
    threshold: Any = "95%",
    priors: GPDPriors | Mapping[str, Any] | None = None,
    draws: int = 1000,
    tune: int = 1000,
    chains: int = 4,
    seed: int | None = 0,
    level: float = 0.95,
    target_accept: float = 0.95,
    min_exceed: int = MIN_EXCEED_GROUP,
    parameterization: Literal["auto", "centred", "non-centred"] = "non-centred",
    warn: bool = True,
) -> BayesHierarchicalFit:
    """Fit GPDs to several groups' exceedances at once, pooling the shapes ``xi_g``.

    Parameters
    ----------
    data : DataFrame, polars DataFrame or path
        A table with the rewards and the grouping column(s).
    column : str, optional
        The reward column (optional when the table has one numeric column besides ``by``).
    by : str or int, or a list of them
        Grouping column(s): one group per reward model / prompt set / checkpoint.
    threshold : float, str or mapping
        Each group's threshold rule: one specification for all groups (a number, a
        percentage such as ``"95%"`` -- the default -- or ``"auto"``), applied to each group
        separately, or a mapping group key -> specification covering every group.
    priors : tailstat.bayes.GPDPriors or mapping, optional
        As in :func:`tailstat.bayes.fit_bayes`; ``priors["xi"]`` is the prior of the
        shapes' location ``mu_xi`` and ``priors["tau"]`` the half-normal scale of ``tau``.
    draws, tune, chains, seed, level
        As in :func:`tailstat.bayes.fit_bayes` (at least 100 draws per chain).
    target_accept : float
        NUTS target acceptance (0.95 by default: hierarchical posteriors are harder).
    min_exceed : int
        Fewest exceedances a group needs; groups with fewer are skipped and listed in
        ``skipped``.
    parameterization : {"non-centred", "auto", "centred"}
        How each group's ``xi_g`` enters the sampler (the posterior is the same; only the
        sampling efficiency differs). ``"non-centred"`` (the default) for every group;
        ``"auto"`` centres the groups whose data pin
        ``xi_g`` down -- ``n_exceed >= (2 / tau_sd)**2``, i.e. an approximate data-only
        standard error ``1/sqrt(n_exceed)`` below half the prior scale of ``tau`` (45
        exceedances with the default ``tau_sd = 0.3``) -- and non-centres the others
        (Papaspiliopoulos, Roberts & Sköld 2007); when the centred groups diverge it
        samples again with all groups non-centred (module doc). Shown per group in the
        table.
    warn : bool
        Issue the caveats below as warnings (default). As in
        :func:`tailstat.bayes.fit_bayes`, they are always recorded in the result's
        ``warnings``, each one's category in ``settings["warning_categories"]``.

    Returns
    -------
    BayesHierarchicalFit

    Raises
    ------
    DataError
        Bad input, an incomplete threshold mapping, or fewer than two usable groups.
    FitError
        The sampler could not start, or its draws are not finite.

    Warns
    -----
    TailstatWarning
        A group was skipped, a number in (0, 1) given as a group's threshold reads like a
        quantile level (as :func:`tailstat.gpd.resolve_threshold` says; the text names the
        group), the pooling overrules a verdict (heavy or bounded) that a group's own
        exceedances make (:mod:`tailstat.bayes._conflict`), or a group's posterior of
        ``xi`` is piled against its lower bound -1, or its interval starts within 0.05 of it.
    InputWarning
        Missing values were dropped.
    ConvergenceWarning, TiesWarning
        As in :func:`tailstat.bayes.fit_bayes`.
    """
    t_start = time.perf_counter()
    if isinstance(by, (list, tuple)) and not by:  # (not the intake's advice, by=None)
        raise DataError("by= is empty; give one or more grouping column names (for a single "
                        "sample, use fit_bayes).")
    groups = check_groups(data, column, by=by)
    pri = common.as_priors(priors)
    threshold_of = check_threshold_mapping(threshold, groups)
    settings = common.sampler_settings(
        seed=seed, draws=draws, tune=tune, chains=chains, target_accept=target_accept,
        level=level, priors=pri, threshold=threshold, min_exceed=min_exceed)
    settings.update(parameterization=parameterization,
                    centred_min_exceed=centred_min_exceed(pri.tau_sd))
    fitted, skipped, level_notes, ties_notes, skip_notes = group_exceedances(
        groups, threshold_of, int(min_exceed))
    dropped = [f"{_label(k)!r} {m}" for k, m in groups.missing.items() if m]
    missing_notes = ([f"missing values (NaN) were dropped, by group: {', '.join(dropped)}; "
                      "n counts the rest"] if dropped else [])  # as fit_bayes says them
    kinds: list[str] = []  # each caveat's category, in the order of the result's warnings

    def caveat(messages: Sequence[str], category: type[Warning]) -> None:
        kinds.extend(category.__name__ for _ in messages)
        if warn:
            common.warn_all(messages, category)

    caveat(level_notes, TailstatWarning)
    caveat(missing_notes, InputWarning)
    caveat(ties_notes, TiesWarning)
    caveat(skip_notes, TailstatWarning)
    layout = _Layout.make(fitted, parameterization, settings["centred_min_exceed"])
    post, idata, diag = _sample(fitted, layout, pri, settings, parameterization)
    if parameterization == "auto" and layout.n_centred and (
            diag.divergences or _funnel_reached(post, layout)):
        # similar groups: tau's posterior reaches 0, where the centred groups form a funnel
        # (a review: four groups of 100 exceedances, all centred, gave 236 divergences and
        # R-hat 1.04; all non-centred, none). The posterior is the same: the geometry that
        # samples it without the funnel is kept, and the table says which was used.
        nc = _Layout.make(fitted, "non-centred", settings["centred_min_exceed"])
        again = {**settings, "seconds": dict(settings.get("seconds") or {})}  # its own timings
        post_nc, idata_nc, diag_nc = _sample(fitted, nc, pri, again, "non-centred")
        said = (f"the first run (groups centred from {settings['centred_min_exceed']} "
                f"exceedances) gave {diag.divergences} divergences; all non-centred: "
                f"{diag_nc.divergences}" if diag.divergences else
                "tau's posterior reached below the centred groups' own spread of xi "
                f"(the funnel); all non-centred: {diag_nc.divergences} divergences")
        # the non-centred form unless it diverges far more: a few divergences of the centred
        # groups' funnel bias tau's lower end (the review above: 2 against 3 kept the run
        # whose odd group's P(xi > 0) was 0.077 against 0.112 exact)
        total = int(settings["draws"]) * int(settings["chains"])
        keep = diag_nc.divergences <= max(2 * diag.divergences, 0.01 * total)
        first = dict(settings["seconds"])
        if keep:
            layout, post, idata, diag = nc, post_nc, idata_nc, diag_nc
            settings.update(again)
        # the run left aside took time too (review 383: only the kept run's was said)
        settings["seconds"]["other_run"] = (first if keep else again["seconds"]).get("sample")
        settings["auto_refit"] = said + ("; the non-centred run is kept" if keep else
                                         "; the centred run is kept")
    xs = post["xi"].reshape(-1, len(fitted))
    pooled = pooled_away(fitted, xs, settings["level"]) + [  # and groups against xi = -1
        m for j, e in enumerate(fitted)
        if (m := at_bound_note(xs[:, j], e.name, settings["level"]))]
    if (note := population_prior_note(post["mu_xi"].ravel(), pri.xi_mu,
                                      pri.xi_sd)) is not None:
        pooled.insert(0, note)
    sig = post["sigma"].reshape(-1, len(fitted))
    held = [e.name for j, e in enumerate(fitted)
            if scale_held(mle_fit(e)[1], sig[:, j]) is not None]
    if held:  # the scale prior's doing, not the other groups' (a review: pooling was blamed)
        pooled = [m for m in pooled if not any(m.startswith(f"group {g!r}:") for g in held)]
        pooled.insert(0, f"the prior log sigma ~ Normal({pri.log_sigma_mu:g}, "
                      f"{pri.log_sigma_sd:g}) (on each group's excesses' scale) holds sigma "
                      f"of {', '.join(map(repr, held[:5]))}{' ...' if len(held) > 5 else ''} "
                      "a factor e^3 or more from their data's maximum-likelihood estimates: "
                      "that prior, not the data, sets their scales, and with them their xi. "
                      "Pass a log sigma prior closer to the data (the default).")
    caveat(pooled, TailstatWarning)
    caveat(diag.messages, ConvergenceWarning)
    settings["convergence_warnings"] = len(diag.messages)  # read by .converged
    settings["mixing_warnings"] = diag.mixing_problems  # as fit_bayes records it (a review)
    settings["warning_categories"] = kinds
    settings["seconds"]["total"] = time.perf_counter() - t_start
    return _wrap(fitted, layout, post, idata, diag, settings, skipped,
                 (*level_notes, *missing_notes, *ties_notes, *skip_notes, *pooled,
                  *diag.messages),
                 groups)


def _sample(fitted: Sequence[Exceedances], layout: _Layout, pri: Any, settings: dict[str, Any],
            parameterization: str) -> tuple[dict[str, np.ndarray], Any, Any]:
    """The posterior sampled in ``layout``'s geometry: the draws, as InferenceData, and
    their diagnostics."""
    post, stats = _posterior(fitted, layout, pri, settings)
    idata = _inference_data(fitted, post, stats)
    # the advice names what has not been tried (the default target_accept is already 0.95)
    advice = common.accept_advice(settings["target_accept"], "use a higher threshold" + (
        "" if parameterization == "non-centred" else ", or pass parameterization='non-centred' "
        "(the centred form can diverge where the groups' shapes are close)"))
    diag = common.diagnose(idata, ["mu_xi", "tau", "xi", "sigma"], settings["draws"],
                           settings["chains"], "fit_bayes_hierarchical",
                           divergence_advice=advice, level=settings["level"],
                           scales={"sigma": np.array([e.scale for e in fitted])})
    return post, idata, diag


# --- compute ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Layout:
    """Where each group sits in the model: centred groups first, then non-centred ones.

    ``centred[g]`` is per group in table order; ``order[i]`` is the table position of the
    group at model position ``i``; ``y_max`` (scaled) is in model order.
    """

    centred: np.ndarray
    order: np.ndarray
    y_max: np.ndarray

    @property
    def n_centred(self) -> int:
        return int(self.centred.sum())

    @property
    def n_noncentred(self) -> int:
        return int(self.centred.shape[0] - self.centred.sum())

    @classmethod
    def make(cls, fitted: Sequence[Exceedances], parameterization: str,
             cutoff: int) -> _Layout:
        if parameterization == "auto":
            centred = np.array([e.n_exceed >= cutoff for e in fitted])
        else:
            centred = np.full(len(fitted), parameterization == "centred")
        order = np.concatenate([np.flatnonzero(centred), np.flatnonzero(~centred)])
        y_max = np.array([float(fitted[g].scaled.max()) for g in order])
        return cls(centred=centred, order=order, y_max=y_max)

    def start(self) -> dict[str, Any]:
        """Starting point: ``xi_g`` near 0.1, ``tau = 0.1``, unit scales (PyMC jitters it)."""
        n_c, n_nc = self.n_centred, self.n_noncentred
        point: dict[str, Any] = {"mu_xi": 0.1, "tau": 0.1}
        if n_c:
            point["log_sigma_c"] = np.zeros(n_c)
            point["zeta_c"] = np.log(0.1 + np.minimum(1.0, 1.0 / self.y_max[:n_c]))
        if n_nc:
            point["u_nc"] = np.full(n_nc, 0.5)
            point["eta_nc"] = np.zeros(n_nc)
        return point

    def shapes_and_scales(self, draws: dict[str, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
        """``xi`` and scaled ``sigma`` draws ``(chains, draws, groups)`` in table order."""
        n_c, n_nc = self.n_centred, self.n_noncentred
        parts_xi, parts_sigma = [], []
        if n_c:
            sig_c = np.exp(draws["log_sigma_c"])
            parts_xi.append(-np.minimum(1.0, sig_c / self.y_max[:n_c])
                            + np.exp(draws["zeta_c"]))
            parts_sigma.append(sig_c)
        if n_nc:
            mu, tau = draws["mu_xi"][..., None], draws["tau"][..., None]
            xi_nc = mu + tau * truncated_z(draws["u_nc"], (mu + 1.0) / tau, NUMPY_OPS)
            parts_xi.append(xi_nc)
            parts_sigma.append(np.maximum(-xi_nc, 0.0) * self.y_max[n_c:]
                               + np.exp(draws["eta_nc"]))
        back = np.argsort(self.order)
        return (np.concatenate(parts_xi, axis=-1)[..., back],
                np.concatenate(parts_sigma, axis=-1)[..., back])


def _posterior(fitted: Sequence[Exceedances], layout: _Layout, priors: GPDPriors,
               settings: dict[str, Any]
               ) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """Draws of ``mu_xi``, ``tau``, ``xi`` and ``sigma`` and the sampler statistics.

    Records the run (timings, cache use, PyMC version) in ``settings``.
    """
    from tailstat.bayes import _models

    ys = [fitted[g].scaled for g in layout.order]
    data = {"y": np.concatenate(ys), "y_max": layout.y_max,
            "group": np.concatenate([np.full(len(y), i, dtype=np.int64)
                                     for i, y in enumerate(ys)])}
    run, info = _models.sample_posterior(
        "hierarchical", priors, (layout.n_centred, layout.n_noncentred), data,
        layout.start(), settings)
    settings.update(info)
    xi, sigma = layout.shapes_and_scales(run.draws)
    sigma = sigma * np.array([e.scale for e in fitted])
    common.check_finite(xi, sigma)
    post = {"mu_xi": run.draws["mu_xi"], "tau": run.draws["tau"], "xi": xi, "sigma": sigma}
    return post, run.stats


def _inference_data(fitted: Sequence[Exceedances], post: dict[str, np.ndarray],
                    stats: dict[str, np.ndarray]) -> Any:
    import arviz as az

    excess = np.concatenate([e.excess for e in fitted])
    gidx = np.concatenate([np.full(e.n_exceed, g, dtype=np.int64) for g, e in enumerate(fitted)])
    return az.from_dict(
        posterior=post,
        sample_stats=stats,
        observed_data={"excess": excess},
        constant_data={"group_index": gidx,
                       "threshold": np.array([e.threshold for e in fitted]),
                       "excess_scale": np.array([e.scale for e in fitted])},
        coords={"group": [e.name for e in fitted], "excess_dim_0": np.arange(excess.shape[0])},
        dims={"xi": ["group"], "sigma": ["group"], "threshold": ["group"],
              "excess_scale": ["group"], "excess": ["excess_dim_0"],
              "group_index": ["excess_dim_0"]},
    )


# --- wrap -------------------------------------------------------------------------------------

def _group_table(fitted: Sequence[Exceedances], layout: _Layout, post: dict[str, np.ndarray],
                 level: float) -> pd.DataFrame:
    """One row per group: threshold, exceedances, posterior of ``xi_g`` and ``sigma_g``."""
    n_groups = len(fitted)
    xi = post["xi"].reshape(-1, n_groups)
    sigma = post["sigma"].reshape(-1, n_groups)
    xi_lo, xi_hi = common.equal_tailed(xi, level, axis=0)
    s_lo, s_hi = common.equal_tailed(sigma, level, axis=0)
    rows = []
    for g, e in enumerate(fitted):
        rows.append({
            "group": e.name, "n": e.n, "threshold": e.threshold,
            "threshold_method": e.threshold_method, "n_exceed": e.n_exceed,
            "excess_scale": e.scale,
            "parameterization": "centred" if layout.centred[g] else "non-centred",
            "xi_mean": float(xi[:, g].mean()), "xi_sd": float(xi[:, g].std(ddof=1)),
            "xi_low": float(xi_lo[g]), "xi_high": float(xi_hi[g]),
            "prob_heavy": float(np.mean(xi[:, g] > 0)),
            "prob_bounded": float(np.mean(xi[:, g] < 0)),
            # on the scaled draws, then in data units (as fit_bayes and the summary do): the
            # mean of 2000 draws near 1e306 overflowed to inf
            "sigma_mean": float((sigma[:, g] / e.scale).mean()) * e.scale,
            "sigma_low": float(s_lo[g]), "sigma_high": float(s_hi[g]),
        })
    return pd.DataFrame(rows)


def _wrap(fitted: Sequence[Exceedances], layout: _Layout, post: dict[str, np.ndarray],
          idata: Any, diag: Diagnostics, settings: dict[str, Any], skipped: dict[str, str],
          messages: tuple[str, ...], groups: Groups) -> BayesHierarchicalFit:
    """Population summaries, the per-group table and settings as a result."""
    level = settings["level"]
    mu, tau = post["mu_xi"], post["tau"]
    return BayesHierarchicalFit(
        table=_group_table(fitted, layout, post, level),
        mu_xi_mean=float(mu.mean()), mu_xi_sd=float(mu.std(ddof=1)),
        mu_xi_ci=common.credible_interval(mu, level),
        mu_prob_heavy=float(np.mean(mu > 0)),
        tau_mean=float(tau.mean()),
        tau_ci=common.credible_interval(tau, level),
        n_groups=len(fitted), skipped=skipped, by=groups.by or (), column=groups.column,
        rhat_max=diag.rhat_max, ess_bulk_min=diag.ess_min, divergences=diag.divergences,
        settings=settings, warnings=messages,
        method="hierarchical Bayesian GPD, partially pooled xi (PyMC NUTS)",
        idata=idata, _summary=diag.summary,
    )
