"""Diagnostic figures of tailstat results (matplotlib, imported lazily).

Every function takes a result computed elsewhere and an optional matplotlib ``Axes``, draws
on it and returns it; nothing here estimates anything. With ``ax=None`` a new pyplot figure
is made. Importing this package does not import matplotlib.

* :func:`survival` -- empirical survival function of the upper tail, log–log axes;
* :func:`path` -- Hill / moment / Pickands (or θ) paths over k from :func:`tailstat.tail_path`;
* :func:`mean_excess` -- mean excess against the threshold, with its band;
* :func:`threshold_stability` -- GPD shape ξ against the threshold;
* :func:`qq_exponential`, :func:`qq_gpd` -- Q–Q plots against the exponential and a GPD fit;
* :func:`diagnostics` -- a GPD fit's panel: Q–Q, P–P, return levels (with intervals), density;
  also :func:`pp_gpd`, :func:`return_levels`, :func:`density_gpd` one by one;
* :func:`posterior_xi` -- posterior of ξ from :func:`tailstat.bayes.fit_bayes`;
* :func:`probabilities` -- the three label probabilities of a classification;
* :func:`tail_dependence` -- χ(u) of (error, gold) against independence;
* :func:`survival_groups`, :func:`overview` -- several groups compared (seaborn);
* :func:`goodhart` -- what optimisation would do: the minimum-KL frontier and best-of-n curves
  of a :class:`tailstat.goodhart.GoodhartSummary`;
* :data:`LABEL_COLORS` -- the colour of each label (heavy, light, bounded; Okabe–Ito, readable
  with the common colour-vision deficiencies), as these figures and the report use them.
"""

from tailstat.plot._style import LABEL_COLORS
from tailstat.plot.bayes import posterior_xi
from tailstat.plot.dependence import tail_dependence
from tailstat.plot.diagnostics import density_gpd, diagnostics, pp_gpd, return_levels
from tailstat.plot.figures import (
    path,
    probabilities,
    qq_exponential,
    qq_gpd,
    survival,
)
from tailstat.plot.goodhart import goodhart
from tailstat.plot.groups import overview, survival_groups
from tailstat.plot.threshold import mean_excess, threshold_stability

__all__ = [
    "LABEL_COLORS",
    "density_gpd",
    "diagnostics",
    "goodhart",
    "mean_excess",
    "overview",
    "path",
    "posterior_xi",
    "pp_gpd",
    "probabilities",
    "qq_exponential",
    "qq_gpd",
    "return_levels",
    "survival",
    "survival_groups",
    "tail_dependence",
    "threshold_stability",
]
