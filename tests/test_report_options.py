"""The report's own arguments (tailstat/reporting/_options.py): checked before any work."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from tailstat.errors import DataError
from tailstat.reporting import build_report, report


@pytest.mark.parametrize("value", ["x", 1, 0.5, "True"])
@pytest.mark.parametrize("fn", [report, build_report])
def test_a_progress_that_is_neither_a_bool_nor_a_callable_is_refused(
        fn: object, value: object, tmp_path: Path) -> None:
    """progress='x' (or 1) was silently taken as no progress at all, and the report written."""
    out = tmp_path / "r.html"
    with pytest.raises(DataError, match="progress") as err:
        fn(np.arange(100.0), out, progress=value)  # type: ignore[operator]
    assert "callable" in str(err.value) and "True or False" in str(err.value)
    assert not out.exists()


@pytest.mark.parametrize("value", [True, False, None, print])
def test_the_progress_values_that_are_taken(value: object) -> None:
    from tailstat._validation import check
    from tailstat.reporting._options import REPORT_CONSTRAINTS

    assert check("progress", value, REPORT_CONSTRAINTS["progress"]) is value


def test_the_report_is_never_written_over_one_of_its_inputs(tmp_path: Path) -> None:
    """report('scores.csv', 'scores.csv') or report('analysis.json', 'analysis.json') wrote
    the HTML over the data or the saved analysis (the command line refuses such an -o)."""
    import warnings

    import pandas as pd

    import tailstat as ts
    from tailstat.errors import OutputError

    rng = np.random.default_rng(0)
    src = tmp_path / "d.csv"
    pd.DataFrame({"r": rng.normal(size=200)}).to_csv(src, index=False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        res = ts.analyze(src, "r")
    saved = tmp_path / "s.json"
    res.to_json(saved)
    before = {p: p.read_bytes() for p in (src, saved)}
    link = tmp_path / "link.html"
    link.symlink_to(src)
    # the analysis read back from its file: that file is an input too (a review: report(
    # read_analysis("run.json"), "run.json") replaced the saved analysis by the page)
    back = ts.read_analysis(saved)
    for given, out in ((src, src), (saved, saved), (res, src), (res, link),
                       (str(saved), tmp_path / "." / "s.json"), (back, saved),
                       (back, tmp_path / "." / "s.json")):
        with pytest.raises(OutputError, match="an input of the report"):
            report(given, out)
    assert {p: p.read_bytes() for p in (src, saved)} == before
    assert report(res, tmp_path / "r.html").exists()


def test_figures_summary_of_one_group_points_at_no_overview(tmp_path: Path) -> None:
    """A review: with one group (no overview is drawn) the page said "Figures: summary (...;
    the overview above)"."""
    x = np.random.default_rng(0).normal(size=2000)
    one = report(x, tmp_path / "one.html", figures="summary").read_text(encoding="utf-8")
    assert "overview above" not in one and "one group has no overview" in one
    frame = pd.DataFrame({"r": np.r_[x, 2 * x], "m": np.repeat(["a", "b"], x.size)})
    two = report(frame, tmp_path / "two.html", column="r", by="m", figures="summary")
    assert "overview above" in two.read_text(encoding="utf-8")


def test_a_report_path_not_ending_in_html_is_refused(tmp_path: Path) -> None:
    """A review: report(df, "r.txt") wrote the page there without a word, while the command
    line refuses such an -o; a name like "scores.csv" would have replaced a table by HTML."""
    x = np.random.default_rng(0).normal(size=500)
    for name in ("r.txt", "scores.csv", "report", "r.html.bak"):
        with pytest.raises(DataError, match=r"HTML file: give path a name ending in \.html"):
            report(x, tmp_path / name)
        assert not (tmp_path / name).exists()
    assert report(x, tmp_path / "R.HTM", figures="none").exists()
