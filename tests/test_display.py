"""How numbers and names are shown on the text surfaces (tailstat/_display.py): the command's
tables and a notebook's view of an analysis read as the verdict beside them."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd

import tailstat as ts
from tailstat._display import three_digits, visible_name


def test_three_digits_never_reads_an_uncertain_probability_as_confident() -> None:
    """0.79996 with three significant digits is "0.8", the confident level, beside a verdict
    "uncertain — leaning heavy (0.79)"; as a probability it reads 0.799. Other numbers and
    probabilities at or above 0.8 keep the plain rule."""
    assert three_digits(0.79996, probability=True) == "0.799"
    assert three_digits(0.79996) == "0.8"  # not a probability: three significant digits
    assert three_digits(0.8, probability=True) == "0.8"
    assert three_digits(0.98123, probability=True) == "0.981"
    assert three_digits(0.0104, probability=True) == "0.0104"
    assert three_digits(math.inf) == "inf" and three_digits(-math.inf) == "-inf"


def test_a_notebook_shows_p_heavy_as_the_verdict_beside_it() -> None:
    """TailAnalysis._repr_html_ printed P(heavy) = 0.7995 as 0.8 in the row whose verdict
    reads "uncertain — leaning heavy (0.79)"; it reads 0.799 (a failed group's is "–")."""
    x = np.random.default_rng(70).weibull(0.7, 3000)
    frame = pd.DataFrame({"g": np.repeat(["lean", "few"], [3000, 3]), "r": np.r_[x, 1, 2, 3]})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        res = ts.analyze(frame, "r", by="g")
    assert res.classifications["lean"].verdict == "uncertain — leaning heavy (0.79)"
    page = res._repr_html_()
    cells = [c.split("</td>")[0] for c in page.split("<td>")[1:]]
    lean = cells[cells.index("lean"):][:10]
    assert lean[2] == "uncertain — leaning heavy (0.79)" and lean[4] == "0.799", lean
    assert cells[cells.index("few") + 4] == "–"


def test_a_notebook_counts_uncertain_verdicts_as_leans_and_shows_no_missing_markers() -> None:
    """A review: the summary line of four groups, one heavy with confidence and two leaning
    heavy, read labels={'heavy': 3, ...}; a failed group's cells read NaN and <NA>, a
    classified one's error NaN, and a classification's view "pattern: None"."""
    x = np.random.default_rng(70).weibull(0.7, 3000)
    frame = pd.DataFrame({"g": np.repeat(["lean", "sure", "few"], [3000, 3000, 3]),
                          "r": np.r_[x, np.random.default_rng(1).pareto(1.0, 3000), 1, 2, 3]})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        res = ts.analyze(frame, "r", by="g")
    assert not res.classifications["lean"].confident
    assert res.classifications["sure"].confident
    assert "labels={'heavy': 1, 'leaning heavy': 1}, failed=1" in repr(res)
    page = res._repr_html_()
    cells = [c.split("</td>")[0] for c in page.split("<td>")[1:]]
    few = cells[cells.index("few"):][:10]
    assert few[2] == "not analysed" and few[3:9] == ["–"] * 6 and "50 are needed" in few[9]
    for bad in ("NaN", "&lt;NA&gt;", "None", ">nan<"):
        assert bad not in page
    view = res.classifications["lean"]._repr_html_()
    assert "<th style='text-align:left'>pattern</th><td>–</td>" in view and "None" not in view
    # a probability under the confident level never reads as it, beside confident False
    from dataclasses import replace

    # a value not estimated (a saturated sample's xi and theta) reads "–", not nan
    sat = ts.classify(np.minimum(np.random.default_rng(2).standard_normal(3000), 1.0),
                      warn=False)
    assert "<th style='text-align:left'>xi</th><td>–</td>" in sat._repr_html_()
    edge = replace(res.classifications["lean"],
                   probabilities={"heavy": 0.7999999, "light": 0.2, "bounded": 1e-7})
    assert "<th style='text-align:left'>p_heavy</th><td>0.7999</td>" in edge._repr_html_()


def test_a_key_of_several_by_columns_reads_as_written() -> None:
    """A review: the report's headings of groups by two columns showed the tuple's repr,
    whose escapes broke emoji sequences ('👩\\u200d👩\\u200d👧'), which visible() keeps
    whole; controls and bidi overrides inside are still escaped."""
    from tailstat._display import key_text

    family = "👩\u200d👩\u200d👧"
    assert visible_name((f"rm {family}", 1)) == f"('rm {family}', 1)"
    assert visible_name(("a\u202eb", None)) == "('a\\u202eb', None)"
    assert key_text(("x",)) == "('x',)" and key_text(5) == "5"
    assert visible_name(("",)) == "('',)" and visible_name("") == "''"


def test_no_group_message_drops_one_full_stop_per_reason_only() -> None:
    """Reasons are joined with "; ": each loses its closing full stop (".;" read badly), but
    not the dots of "e.g." or "..." (a review)."""
    from tailstat._display import no_group_classified

    msg = no_group_classified({"a": "too few values.", "b": "ties, e.g.", "c": "wait..."}, 3)
    assert msg == ("no group could be classified (3 groups: a, b, c). a: too few values; "
                   "b: ties, e.g.; c: wait....")


def test_an_intervals_level_reads_as_given() -> None:
    """A review: a 99.6% credible interval was labelled '100%', and 0.975 read '98%'."""
    from tailstat._display import level_percent

    assert [level_percent(v) for v in (0.95, 0.975, 0.996, 0.5, 0.99999)] == [
        "95%", "97.5%", "99.6%", "50%", "99.999%"]


def test_no_level_is_shown_to_a_whole_percent() -> None:
    import re
    from pathlib import Path

    import tailstat

    root = Path(tailstat.__file__).parent
    rounded = [f"{p.relative_to(root)}: {line.strip()}" for p in root.rglob("*.py")
               for line in p.read_text(encoding="utf-8").splitlines()
               if re.search(r"level[\w.]*:\.0%", line)]
    assert not rounded


def test_apart_gives_two_values_the_digits_that_tell_them_apart() -> None:
    """A review: "the maximum 1e+06, far above the next score (1e+06)"."""
    from tailstat._display import apart

    assert apart(1e6 + 0.005, 1e6) == ("1000000.01", "1000000")  # (nine digits)
    assert apart(3.5, 2.25) == ("3.5", "2.25") and apart(2.0, 2.0) == ("2", "2")
    assert apart(1.0 + 2**-52, 1.0) == ("1.0000000000000002", "1")


def test_notes_quote_values_that_read_apart() -> None:
    """The copies far above the next score, at an offset of 1e6 (a review), and the ξ = -1
    constraint's upper end, 0.0034, that read "(0.00)"."""
    rng = np.random.default_rng(0)
    x = np.r_[rng.normal(size=20_000) * 1e-3 + 1e6, [1e6 + 0.05] * 6]
    (note,) = [w for w in ts.classify(x, warn=False).warnings if "far above" in w]
    top, nxt = note.split("maximum ")[1].split(", far above the next score (")
    assert top != nxt.split(")")[0]
    c = ts.classify(np.random.default_rng(3090).standard_t(8, 90), warn=False)
    (bound,) = [w for w in c.warnings if "sits at its constraint" in w]
    assert f"upper end ({c.xi_ci.high:.2g})" in bound and "(0.00)" not in bound


def test_one_line_text_keeps_the_spaces_of_a_name_and_joins_lines():
    """A review: " ".join(text.split()) made the CLI's note on the group 'rm  a' name 'rm a',
    another group of the same table."""
    from tailstat._display import one_line_text

    assert one_line_text("the scores of 'rm  a'\n   spread\tover  x \r\n") == \
        "the scores of 'rm  a' spread over  x"
    assert one_line_text("a\u2028b\x1fc") == "a b c"


def test_one_line_text_is_linear_in_a_long_run_of_spaces():
    """Review 411: the pattern of a break with the spaces around it backtracked from every
    space (13 s for 40,000). One pass per run: the same text for a run 100 times longer."""
    from tailstat._display import one_line_text

    assert one_line_text(" " * 400_000 + "x\n" + " " * 400_000 + "y", limit=10) == "x y"
    assert one_line_text("a" + " " * 400_000 + "\n" + "b", limit=2_000_000) == "a b"


def test_cut_apart_keeps_names_apart() -> None:
    """Names cut alike keep where they differ; names unlike when cut are cut as before; two
    names alike in what is kept too are numbered."""
    from tailstat._display import cut_apart, cut_middle

    runs = [f"sweep-{'a' * 40}-lr{lr}-{'b' * 40}-seed0" for lr in ("1e-4", "3e-4")]
    cut = cut_apart(runs, 40)
    assert len(set(cut)) == 2 and "1e-4" in cut[0] and "3e-4" in cut[1]
    plain = ["short", "x" * 100 + "end", "y" * 100 + "end"]
    assert cut_apart(plain, 40) == [cut_middle(n, 40) for n in plain]
    same = ["a" * 50 + "x" + "b" * 200 + "c" * 50, "a" * 50 + "y" + "b" * 200 + "c" * 50]
    got = cut_apart(same, 40)
    assert len(set(got)) == 2
    assert cut_apart([], 40) == []


def test_cut_apart_reads_distinct_names_apart_whatever_they_are() -> None:
    """Review 417: names differing near an end (past the second cut's edges) read alike, as
    did a short name equal to another's cut; distinct names now always read apart, and a
    short name is shown whole unless a number must tell it apart."""
    import random

    from tailstat._display import cut_apart

    bodies = ["X" + "m" * 40 + "1" + "m" * 40 + "X", "X" + "m" * 40 + "2" + "m" * 40 + "X",
              "Y" + "m" * 81 + "Y"]
    names = [f"checkpoint-sweep/run-{f}-lr3e-4-warmup-500-seed/{b}/eval-helpfulness-v2-final"
             for f in "AB" for b in bodies]
    assert len(set(cut_apart(names, 60))) == 6
    rng = random.Random(0)
    for _ in range(2000):
        base = "".join(rng.choice("ab…. ") for _ in range(rng.randint(0, 40)))
        names = []
        for _ in range(rng.randint(2, 6)):
            chars = list(base)
            for _ in range(rng.randint(0, 3)):
                if chars:
                    chars[rng.randrange(len(chars))] = rng.choice("abxyz…")
            names.append("".join(chars))
        shown = cut_apart(names, rng.randint(1, 30))
        assert len(set(shown)) == len(set(names)), names
        assert all(a == b for n, a in zip(names, shown, strict=True)
                   for m, b in zip(names, shown, strict=True) if n == m)
    assert cut_apart(["short", "x" * 80], 20)[0] == "short"
