"""Groups whose own verdict the partial pooling of :func:`fit_bayes_hierarchical` overrules.

The population of shapes is normal, ``xi_g ~ Normal(mu_xi, tau)``: one group unlike the others
is read as an unlikely draw of that population and pulled towards them, however clearly its
own exceedances disagree. A review (eight groups of 60 GPD(0.6) excesses and one of 30
GPD(-0.5) excesses): alone, the odd group's maximum-likelihood interval of ``xi`` was
[-1, -0.31] and its posterior ``P(xi < 0)`` 0.98; pooled, its posterior mean was 0.12 and
``P(xi > 0)`` 0.62 (an independent quadrature of the same posterior; a short sampler run
gave 0.18 and 0.69), with no word beyond the convergence diagnostics. With four groups of
100 and one of 25, the pooled mean was -0.09 against the group's own [-1, -0.35]: bounded
said with ``P = 0.60`` only. A wider prior of ``tau`` helps little (the first case with
``tau_sd = 1``: mean -0.06, ``P(xi > 0)`` 0.43).

The check is prior-data conflict in its simplest form: a group is named when its own
exceedances make a verdict -- their profile-likelihood interval of ``xi`` at the fit's level
(:func:`tailstat.gpd.fit_gpd`, the data alone, no prior) lies entirely above 0 (heavy) or
below 0 (bounded) -- and the pooled posterior both puts its mean outside that interval,
towards 0, and gives that verdict a probability below the level. Groups whose data do not
decide (an interval across 0, or fewer than :data:`tailstat.gpd.MIN_EXCEEDANCES`
exceedances) are never named: pulling them is what the pooling is for.

Also here: the note for a posterior of ξ piled against the model's lower bound -1
(:func:`at_bound_note`), for one sample and for each group of the hierarchical model.
"""
from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from tailstat._display import level_percent
from tailstat.bayes._common import Exceedances
from tailstat.errors import DataError, FitError
from tailstat.gpd import MIN_EXCEEDANCES

__all__ = ["AT_BOUND", "at_bound_note", "flat_prior_mean", "mle_fit", "pooled_away",
           "population_prior_note", "scale_held"]

#: Share of the posterior of ξ within 0.05 of the model's lower bound -1 that is reported.
AT_BOUND = 0.5


def at_bound_note(xi: np.ndarray, who: str = "", level: float = 0.95) -> str | None:
    """The note for a posterior of ξ against the model's lower bound -1: piled there (more
    than :data:`AT_BOUND` of it within 0.05), a tail ending as abruptly as a uniform's, or
    more so (clipped scores); or reaching there (the equal-tailed interval at ``level``
    starts within 0.05 of -1), where the interval, which cannot reach -1, may leave out a
    uniform's ξ = -1 (review 383: uniform tails of 50-200 exceedances, 20-29% of the
    posterior there, read [-0.994, -0.657] and the like, without a word). ``who``: the
    group's name, for the hierarchical model."""
    share = float(np.mean(xi < -0.95))
    of = f" of group {who!r}" if who else ""
    if share > AT_BOUND:
        return (f"{share:.0%} of the posterior of xi{of} lies within 0.05 of -1, the model's "
                "lower bound: the tail ends at a maximum as abruptly as a uniform's (xi = -1) "
                "or more so (clipped or saturated scores?); read xi as about -1 or below: the "
                "equal-tailed interval cannot reach -1.")
    low = float(np.quantile(xi, (1.0 - level) / 2.0)) if xi.size else math.nan
    if not low < -0.95:
        return None
    return (f"the {level_percent(level)} interval of xi{of} starts at {low:.3g}, within 0.05 "
            "of -1, the model's lower bound, which an equal-tailed interval cannot reach: a "
            "tail that ends at a maximum as abruptly as a uniform's (xi = -1), or more so "
            "(clipped or saturated scores?), is not ruled out.")


def pooled_away(fitted: Sequence[Exceedances], xi: np.ndarray, level: float) -> list[str]:
    """One warning text per group whose own verdict (heavy or bounded) the pooling overrules.

    Parameters
    ----------
    fitted : sequence of Exceedances
        The groups, in the order of the last axis of ``xi``.
    xi : numpy.ndarray
        Pooled posterior draws of the shapes, ``(n_draws, n_groups)``.
    level : float
        The fit's credible level (also that of each group's own interval).
    """
    from tailstat.gpd import fit_gpd

    notes = []
    for g, e in enumerate(fitted):
        if e.n_exceed < MIN_EXCEEDANCES:
            continue
        try:
            ci = fit_gpd(e.excess, 0.0, ci=level, warn=False).ci
        except (DataError, FitError):
            continue
        if ci is None or not (math.isfinite(ci.low) and math.isfinite(ci.high)):
            continue
        draws = xi[:, g]
        mean = float(draws.mean())
        if ci.low > 0.0 and mean < ci.low:
            verdict, sign, p = "heavy", ">", float(np.mean(draws > 0.0))
        elif ci.high < 0.0 and mean > ci.high:
            verdict, sign, p = "bounded", "<", float(np.mean(draws < 0.0))
        else:
            continue
        if p >= level:
            continue
        notes.append(
            f"group {e.name!r}: its own {e.n_exceed} exceedances say {verdict} (xi in "
            f"[{ci.low:.3g}, {ci.high:.3g}], {level_percent(level)} profile likelihood), but "
            "pooled with "
            f"the other groups its xi is {mean:.3g} and P(xi {sign} 0) = {p:.2f}: the other "
            "groups, not its data, set its shape (its tail is unlike theirs, which the "
            "normal population of shapes cannot hold). Read its own fit (fit_bayes) or fit "
            "the groups without it.")
    return notes


def population_prior_note(mu: np.ndarray, xi_mu: float, xi_sd: float) -> str | None:
    """The note when the prior of the shapes' location ``mu_xi`` rather than the data sets
    it, and so every group's ``xi``: the draws of ``mu`` reweighted to a flat prior move their
    mean by more than ``max(3 sd, 0.1)`` (a lower bound of the pull, as for
    :func:`~tailstat.bayes.fit_bayes`; a review: ``mu_xi ~ Normal(2, 0.05)`` with
    ``tau_sd = 0.01`` held every group at 1.93 where their data say 0.2, without a word).
    For a normal likelihood of ``mu`` the pull reaches ``3 sd`` only when the prior's centre
    lies several prior sds from the data's estimate."""
    mean, sd = float(mu.mean()), float(mu.std(ddof=1))
    flat = flat_prior_mean(mu, xi_mu, xi_sd)
    if sd < xi_sd:
        # the same under normal laws, in closed form: the reweighting cannot pass the largest
        # draw, and from a few hundred draws it found a pull of many sds in about half the
        # runs (a review)
        gauss = mean + sd * sd / (xi_sd * xi_sd - sd * sd) * (mean - xi_mu)
        flat = gauss if abs(gauss - mean) > abs(flat - mean) else flat
    if not abs(flat - mean) > max(3.0 * sd, 0.1):
        return None
    return (f"the prior mu_xi ~ Normal({xi_mu:g}, {xi_sd:g}) pulls the shapes' location to "
            f"{mean:.3g} (under a flat prior its mean would be {flat:.3g} or further; "
            f"posterior sd {sd:.2g}): the prior, not the data, sets it, and with it every "
            "group's xi. Pass a wider prior (priors={'xi': (0.0, 2.0)}) or read the groups' "
            "own fits (fit_bayes).")


def flat_prior_mean(draws: np.ndarray, mu: float, sd: float) -> float:
    """The posterior mean had the ``Normal(mu, sd)`` prior of these draws been flat, from the
    draws reweighted by ``1 / prior`` (self-normalised importance sampling). Where the
    flat-prior posterior reaches beyond the draws the weights cannot show all of it, so the
    value errs towards the posterior mean: the pull it measures is a lower bound."""
    logw = 0.5 * ((draws - mu) / sd) ** 2
    w = np.exp(logw - logw.max())
    return float(np.sum(w * draws) / np.sum(w))


def mle_fit(e: Exceedances) -> tuple[float, float]:
    """``(xi, sigma)`` of the maximum-likelihood GPD fit to the exceedances alone (no prior;
    NaN when it cannot be made), the reference the prior notes measure pulls from."""
    from tailstat.gpd import fit_gpd

    try:
        fit = fit_gpd(e.excess, 0.0, ci=None, warn=False)
    except (DataError, FitError):
        return math.nan, math.nan
    return float(fit.xi), float(fit.sigma)


def scale_held(s_mle: float, sigma: np.ndarray) -> float | None:
    """The posterior's sigma (geometric mean of the draws, data units) when it holds sigma a
    factor ``e^3`` or more from ``s_mle``, the estimate of the exceedances alone
    (:func:`mle_fit`), beyond four of its own log sds: the scale prior then decides, and
    ``xi`` follows its prior whatever the data (a review: log sigma ~ Normal(50, 0.01) was
    told as xi's prior, or as the other groups' pull); ``None`` otherwise (or without an
    estimate)."""
    if not (s_mle > 0 and math.isfinite(s_mle)):
        return None
    ls = np.log(sigma)
    if abs(float(ls.mean()) - math.log(s_mle)) > max(3.0, 4.0 * float(ls.std())):
        return math.exp(float(ls.mean()))
    return None
