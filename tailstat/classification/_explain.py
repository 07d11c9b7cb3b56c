"""The plain-words explanation of one classification (:meth:`TailClassification.explain`).

What it says must match the numbers beside it: a subtype is named flatly only when it
clearly wins within its label, small values are not printed as ``0.00``, an uncertain
verdict on coarse scores does not promise that more data would settle it, and the
small-sample caveat is said where the verdict is.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tailstat._display import visible
from tailstat.classification._patterns import describe_pattern
from tailstat.classification.levels import (
    exponential_share,
    penalty_case,
    shown_probability,
    subtype_split,
)

if TYPE_CHECKING:
    from tailstat.classification.classifier import TailClassification

_WHAT = {
    "power-law": "a power-law (heavy) upper tail",
    # (no words in parentheses: the statistics follow in their own, "... (the scores have
    # a ceiling) (P(bounded) = 0.98, ...)", review 428)
    "subexponential": "a heavy upper tail that decays slower than any exponential, "
                      "lognormal-like",
    "exponential-type": "an exponential-type upper tail, the boundary case of a light tail",
    "lighter-than-exponential": "a light upper tail, lighter than exponential",
    "bounded": "a bounded upper tail, a ceiling on the scores",
}
_LABEL = {"heavy": "a heavy upper tail", "light": "a light upper tail"}
_CONSEQUENCE = {
    "heavy": "so a KL penalty will not stop optimisation from exploiting extreme scores "
             "(catastrophic Goodhart is possible).",
    "light": "so a KL penalty limits how far optimisation can push these scores.",
    # E exp(U/beta) is infinite for beta <= sigma: no penalised optimum there (the report's
    # consequence and the Goodhart verdict say the same)
    "exponential-type": "so a KL budget limits how far optimisation can push these scores, "
                        "and a KL penalty does only with a coefficient above the tail's scale "
                        "(at or below it the penalised optimum does not exist).",
    "bounded": "so optimisation cannot push these scores past that ceiling.",
}


def consequence(c: TailClassification) -> str:
    """What a confident verdict means for a KL penalty (:data:`_CONSEQUENCE`), by
    :func:`~tailstat.classification.levels.penalty_case`."""
    case = penalty_case(c)
    if case == "maybe-exponential":
        return ("so a KL budget limits how far optimisation can push these scores, and a KL "
                "penalty does too unless the tail is exponential-type (a "
                f"{100 * exponential_share(c):.0f}% share of P(light)), when it does only "
                "with a coefficient above the tail's scale.")
    return _CONSEQUENCE[case]


def num(value: float) -> str:
    """Two decimals, but one significant digit for small non-zero values (``0.005``, not
    ``0.00``; ``-0.004``, not ``-0.00``), and ``0.00`` below 0.0001, where one digit reads
    as e-notation (``-7e-05``: a review)."""
    if value == 0 or abs(value) >= 0.005:
        return f"{value:.2f}"
    if abs(value) < 1e-4:
        return "0.00"
    return f"{value:.1g}"


def above(value: float, bound: float) -> str:
    """``value`` with two decimals, or as many more (up to six) as show it on its side of
    ``bound``: an interval's end at 0.00085 "lies above 0" read "[0.00, ...]" (a review)."""
    for d in range(2, 7):
        text = f"{value:.{d}f}"
        if (float(text) > bound) == (value > bound) and float(text) != bound:
            return text
    return f"{value:.6g}"


def _what(c: TailClassification) -> tuple[str, str]:
    """The tail's description, and the split between its label's subtypes ("" when the
    subtype clearly wins within the label: it is then named flatly)."""
    if c.power_law_like:  # lognormal-like in the limit, a power law where observed
        return ("a heavy upper tail that decays slower than any exponential, as heavy as a "
                "power law at these scores", "")
    if c.power_law_possible:
        # ξ's interval excludes 0: a power law is as likely a reading as a lognormal's
        # (a review: a Dagum(4, 0.5) power law, ξ = 0.20 [0.15, 0.26], named "lognormal-like")
        return ("a heavy upper tail that decays slower than any exponential: lognormal-like "
                "or a power law", "")
    if c.subtype_in_doubt:
        # a review: z-scored t(3) scores read "lighter than exponential" beside θ = 1.16
        # [1.12, 1.21]: the label is named, not the subtype
        return _LABEL[c.label], ""
    shares = subtype_split(c)
    if c.label not in _LABEL or shares is None:
        return _WHAT[c.subtype], ""
    # shares of the label, as percentages ("P(heavy) = 0.43, of which subexponential 0.52"
    # read as a probability above the label's)
    split = " and ".join(f"{p:.0%} {s}" for s, p in shares.items())
    return _LABEL[c.label], f"of which {split}"


def explain_text(c: TailClassification) -> str:
    """:meth:`TailClassification.explain` (see its docstring)."""
    shown = c.estimable()
    missing = [sym for sym in ("ξ", "θ") if sym not in shown]
    what, split_ = _what(c)
    stats_ = ", ".join([f"P({c.label}) = {shown_probability(c.probability, c.confident)}"
                        + (f", {split_};" if split_ else ""),
                        *(f"{sym} = {num(val)}" for sym, val in shown.items())]
                       + ([f"{' and '.join(missing)} not estimable"] if missing else []))
    stats_ = stats_.replace(";,", ";").rstrip(";")
    if c.confident:
        # keyed on the subtype, as the report's consequence beside it is (also when the
        # split between the light subtypes is given instead of its name)
        head = f"The scores of {_quoted(c.name)} show {what} ({stats_}), {consequence(c)}"
    else:
        p = c.probabilities
        split = ", ".join(f"{lab} {shown_probability(p[lab], False, cut=lab == 'heavy')}"
                          for lab in sorted(p, key=lambda v: -p[v]))
        settle = ("the scores take too few distinct values for any sample size to settle it: "
                  "add noise narrower than their step to check, or look at the largest scores"
                  if c.settings.get("coarse_levels") else
                  f"the rows are repeated (about {c.settings['row_copies']} times each): drop "
                  "the duplicated rows and classify again"
                  if c.settings.get("row_copies") else
                  "more data would not settle it, the outputs with the largest score would"
                  if c.pattern == "repeated-max" else
                  "more data, or a look at the largest scores, would settle it")
        head = (f"Uncertain: the scores of {_quoted(c.name)} lean towards {what} "
                f"({stats_}); the evidence is split ({split}): {settle}.")
    note = describe_pattern(c)
    if c.subtype_in_doubt:
        theta = (f"Its ξ ({num(c.xi)} [{num(c.xi_ci.low)}, {num(c.xi_ci.high)}]) is not "
                 "above 0, as a power law's is, while the other features read one (ties, as of "
                 "counts, can make the spacings look like a power law's): which heavy tail "
                 "this is is not settled." if c.subtype == "power-law" else
                 f"Its θ interval ([{above(c.theta_ci.low, 1.0)}, {c.theta_ci.high:.2f}]) lies "
                 "above 1, where exponential-type and heavier tails sit, while the other features "
                 "read lighter than exponential: how light the tail is is not settled.")
        note = f"{theta} {note}" if note else theta
    if c.label == "bounded" and c.pattern is None and not c.settings.get("coarse_levels"):
        # (not for scores on a few levels, ratings say: review 428)
        # measured: light mixtures with a narrow, high top category are read as bounded in
        # about a quarter of samples (benchmarks/verdict_cases.py, README)
        note = ("A ceiling and a narrow top category of a mixture (one kind of prompt scoring "
                "high and tightly) look alike at this sample size: if these scores have no "
                "natural maximum, read the tail as light and look at the highest-scoring "
                "prompts.")
    if c.power_law_like:
        # lognormal-like and power-law tails look alike at practical n (lognormal(2) and
        # Weibull(0.3) show moment-ξ of 0.5-0.6); "lognormal-like" must not read milder
        heavy = (f"Its ξ interval lies well above 0 ([{above(c.xi_ci.low, 0.0)}, "
                 f"{c.xi_ci.high:.2f}]): over the scores observed the tail is as heavy as a "
                 f"power law with ξ ≈ {c.xi:.2f}; a lognormal-like tail becomes lighter only "
                 "far beyond them.")
        note = f"{heavy} {note}" if note else heavy
    if c.label != "heavy" and float(c.xi_ci.low) > 0:
        # (a review: the rain data, "leaning exponential-type (0.75), ξ = 0.11" beside an
        # interval [0.04, 0.21] that the text left out, while a heavy verdict says its own)
        ph = shown_probability(c.probabilities["heavy"], False)
        above_0 = (f"Its ξ interval lies above 0 ([{above(c.xi_ci.low, 0.0)}, "
                   f"{c.xi_ci.high:.2f}]), which alone would read heavier than exponential; "
                   "light tails show such a ξ at practical sample sizes too (gamma-like ones, "
                   "whose mean excess still grows over the scores observed before it levels "
                   "off), which is why the verdict weighs it against reference tails of this "
                   f"size (P(heavy) = {ph}).")
        note = f"{above_0} {note}" if note else above_0
    caveats = [w for w in c.warnings if w.startswith(_VERDICT_CAVEATS)
               or any(words in w for words in _VERDICT_CAVEAT_WORDS)]
    if caveats:
        said = " ".join(f"Note: {w}." if i == 0 else f"{w[0].upper()}{w[1:]}."
                        for i, w in enumerate(caveats))
        note = f"{note} {said}" if note else said
    return f"{head} {note}" if note else head


#: The caveats that bear on the verdict itself, said in the explanation too (the others --
#: missing values dropped, a saturated maximum the pattern names -- stay in ``warnings``):
#: a small sample, ties (they can read as a ceiling), a floor inside the window the
#: classifier reads, a detached repeated maximum, n beyond the reference tables.
_VERDICT_CAVEATS = ("small sample",)
_VERDICT_CAVEAT_WORDS = ("order statistics are tied", "(an atom, such as a floor",
                         "far above the next score", "beyond the reference tables",
                         "sits at its constraint ξ = -1")


def _quoted(name: object) -> str:
    """A sample's name in quotes, but the key of several ``by=`` columns, already written
    ``('b', 'x')``, as it is ("'('b', 'x')'": a review)."""
    text = visible(str(name))
    tuple_like = text.startswith("(") and text.endswith(")") and ", " in text
    return text if tuple_like else f"'{text}'"
