"""The text (and HTML) summary of a GPD fit, printed like a statsmodels summary:
:meth:`tailstat.gpd.GPDFit.summary`."""

from __future__ import annotations

import html
import math
import textwrap
from typing import TYPE_CHECKING

from tailstat.results import _fmt

if TYPE_CHECKING:
    from tailstat.gpd.fit import GPDFit

__all__ = ["Summary", "fit_summary"]


class Summary:
    """Text (and HTML) summary of a fit, printed like a statsmodels summary."""

    def __init__(self, text: str) -> None:
        self._text = text

    def as_text(self) -> str:
        """The summary as plain text."""
        return self._text

    def __str__(self) -> str:
        return self._text

    __repr__ = __str__

    def _repr_html_(self) -> str:
        return f"<pre>{html.escape(self._text)}</pre>"


def fit_summary(fit: GPDFit) -> Summary:
    """A text table of estimates, errors, intervals, tests and caveats of ``fit``."""
    w = 78
    lines = ["GPD peaks-over-threshold fit".center(w), "=" * w]
    meth = "MLE (profile likelihood)" if fit.method == "mle" else "PWM (Hosking-Wallis)"

    def pair(a: str, b: str, c: str, d: str) -> str:
        return f"{a:<14}{b:<25}{c:<16}{d}"

    # what does not fit its column is given whole below the pairs (it was cut at 24 and
    # 38 characters: "automatic: bader2018 ForwardStop (alph")
    name_fits, how_fits = len(fit.name) <= 24, len(fit.threshold_method) <= 38
    lines.append(pair("Data:", fit.name if name_fits else "(below)", "Method:", meth))
    lines.append(pair("Threshold:", _fmt(fit.threshold), "Chosen by:",
                      fit.threshold_method if how_fits else "(below)"))
    lines.append(pair("Exceedances:", f"{fit.n_exceed} of {fit.n} ({fit.zeta:.2%})",
                      "Log-lik.:", f"{fit.loglik:.4f}"))
    lines.append(pair("Converged:", "yes" if fit.converged else "NO", "Tied excesses:",
                      f"{fit.tie_fraction:.1%}"))
    for fits, head, text in ((name_fits, "Data: ", fit.name),
                             (how_fits, "Threshold chosen by: ", fit.threshold_method)):
        if not fits:
            lines.extend(textwrap.wrap(head + text, w, subsequent_indent="  ",
                                       break_on_hyphens=False))
    lines.append("=" * w)
    level = (fit.ci.level if fit.ci is not None else
             fit.sigma_ci.level if fit.sigma_ci is not None else None)
    # the quantiles with their own digits: 0.0005 and 0.9995 at ci=0.999 (".3f" showed
    # 0.001 and 1.000)
    lo_h = f"[{(1 - level) / 2:.6g}" if level else "[low"
    hi_h = f"{1 - (1 - level) / 2:.6g}]" if level else "high]"
    lines.append(f"{'':8}{'estimate':>11}{'std err':>11}{lo_h:>11}{hi_h:>11}   interval")
    lines.append("-" * w)
    for p, est, se, iv in (("xi", fit.xi, fit.se_xi, fit.ci),
                           ("sigma", fit.sigma, fit.se_sigma, fit.sigma_ci)):
        lo = iv.low if iv is not None else math.nan
        hi = iv.high if iv is not None else math.nan
        lines.append(f"{p:<8}{_num(est):>11}{_num(se):>11}{_num(lo):>11}{_num(hi):>11}   "
                     f"{iv.method if iv is not None else '-'}")
    lines.append("=" * w)
    if fit.lr_test_xi0 is not None:
        t = fit.lr_test_xi0
        lines.append(f"LR test of xi = 0: statistic = {t.statistic:.4f}, df = {t.df}, "
                     f"p-value = {t.p_value:.4g}")
    if fit.gof_test is not None:
        lines.append("GoF: " + fit.gof_test.summary_line())
    notes = list(fit.warnings)
    if fit.message and fit.message not in notes:
        notes.insert(0, fit.message)
    if notes:
        lines.append("Notes:")
        lines.extend(f"[{i}] {n}" for i, n in enumerate(notes, 1))
    return Summary("\n".join(lines))


def _num(v: float) -> str:
    """Four decimals where they read well, four significant digits for tiny or huge values
    (a scale of 3e-5 printed as 0.0000, or 1e300 as 300 digits, says nothing)."""
    return f"{v:.4f}" if not math.isfinite(v) or v == 0 or 1e-3 <= abs(v) < 1e5 else f"{v:.4g}"
