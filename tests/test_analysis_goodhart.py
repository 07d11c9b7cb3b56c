"""The Goodhart columns of an analysis and their reading: ``tailstat/analysis_goodhart.py``."""

from __future__ import annotations

import html
import re
import warnings

import numpy as np
import pandas as pd
import pytest
from _helpers import filter_changes

import tailstat as ts


def test_best_of_1024_of_gold_is_left_out_when_fewer_rows_have_gold() -> None:
    """A review: with gold on 201 of 2,000 rows, goodhart_bon_v_1024 was best-of-1024 of the
    201 gold rows: the top row's gold score 99% of the time (seeds gave 1.3 to 3.7 against
    2.29), beside a bon_u from all rows."""
    rng = np.random.default_rng(3)
    v = rng.normal(size=2000)
    u = v + rng.normal(size=2000)
    gold = np.where(rng.random(2000) < 0.1, v, np.nan)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        a = ts.analyze(pd.DataFrame({"r": u, "gold": gold}), "r", gold="gold", goodhart=True)
    row = a.table.iloc[0]
    assert row["n_gold"] < 1024 and pd.isna(row["goodhart_bon_v_1024"])
    assert np.isfinite(row["goodhart_bon_u_1024"])
    # missing in every group: still a column of numbers (a review: it was object, all None)
    assert a.table["goodhart_bon_v_1024"].dtype == np.float64
    assert a.to_dict()["table"][0]["goodhart_bon_v_1024"] is None
    # gold on every row: best-of-1024 within their reach (n <= rows / 10) only; a review:
    # on 1,500 rows it was the gold score of the top ~10 rows
    for rows, shown in ((2000, False), (10_240, True)):
        vv = rng.normal(size=rows)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ts.TailstatWarning)
            full = ts.analyze(pd.DataFrame({"r": vv + rng.normal(size=rows), "gold": vv}), "r",
                              gold="gold", goodhart=True)
        assert pd.notna(full.table.iloc[0]["goodhart_bon_v_1024"]) == shown


def test_explain_and_the_report_read_a_heavy_error_as_the_verdict_does(tmp_path) -> None:
    """A review: with the verdict reading a heavy error that moves with gold as the reward
    stretching true utility, explain() and the report still called it catastrophic."""
    rng = np.random.default_rng(0)
    v = rng.pareto(2.5, size=3000)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        a = ts.analyze(pd.DataFrame({"r": 1.5 * v + 0.3 * rng.normal(size=3000), "g": v}),
                       "r", gold="g", goodhart=True)
    assert "stretches true utility" in a.goodhart["r"].verdict
    text = a.explain()
    assert "stretches true utility, not the catastrophic-Goodhart case" in text
    assert "heavy-tailed with confidence in 'r'" not in text
    page = ts.report(a, tmp_path / "r.html").read_text(encoding="utf-8")
    words = re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))
    assert "the reward stretches true utility rather than adding an error" in words
    assert "A heavy-tailed error is the catastrophic-Goodhart case" not in words


def test_the_goodhart_columns_never_change_the_process_wide_warning_filters():
    """The Goodhart summaries of an analysis (gold on all rows of one group, some rows of
    another) read their caveats from the results: the analysis silenced the gold-scale
    warning with ``catch_warnings`` (process-wide: other threads' warnings went too), and
    the tail models caught every warning of the process into their notes."""
    rng = np.random.default_rng(1)
    v = rng.normal(size=6000)
    df = pd.DataFrame({"g": np.repeat(["a", "b"], 3000), "r": v + rng.standard_t(3, 6000),
                       "gold": v * 1000})  # gold on another scale: warned once, by analyze
    df.loc[df.index[:1000], "gold"] = np.nan  # group "a": gold on some rows only
    with filter_changes() as calls, pytest.warns(ts.TailstatWarning, match="spread") as seen:
        a = ts.analyze(df, column="r", by="g", gold="gold", goodhart=True)
    assert calls == []
    assert sum("spread" in str(w.message) for w in seen) == 1
    assert a.table["goodhart_error"].isna().all()


def test_a_gold_column_of_dates_is_called_the_gold_column() -> None:
    """A review: analyze(df, 'r', gold='when', goodhart=True) with dates in 'when' said
    "pass the numeric reward column", of the gold column."""
    df = pd.DataFrame({"r": np.random.default_rng(0).normal(size=200),
                       "when": pd.date_range("2024-01-01", periods=200, freq="h")})
    for when in (df["when"], df["when"] - df["when"].iloc[0],
                 df["when"].astype("timestamp[ns][pyarrow]")):
        with pytest.raises(ts.DataError, match="the gold= column 'when' holds dates") as info:
            ts.analyze(df.assign(when=when), "r", gold="when", goodhart=True)
        assert "gold (true) scores" in str(info.value)
        assert "reward column" not in str(info.value)


def test_tied_groups_whose_automatic_threshold_fails_still_get_a_summary() -> None:
    """A review: normal scores rounded to 0.1, 62 to 100 rows, had no Goodhart summary in 3
    to 4 of 10 seeds (the automatic threshold found no candidate among the ties), where 61
    rows (a fixed threshold) had one."""
    for seed in (1, 2, 5, 8):
        x = np.round(np.random.default_rng(seed).normal(size=62), 1)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ts.TailstatWarning)
            a = ts.analyze(pd.DataFrame({"r": x}), "r", goodhart=True)
        assert not a.goodhart_failures
        (g,) = a.goodhart.values()
        assert g.tail.warnings[0].startswith("the automatic threshold failed on 'r'")


def test_the_best_of_n_kl_of_the_table_is_the_reports() -> None:
    """A review: binary rewards' bon_kl was log n - (n - 1)/n = 5.93 nats, the continuous
    scores' formula, beside the report's 1.81 (the sample's own law)."""
    from tailstat.goodhart.bon import policy_kl

    u = (np.random.default_rng(25).normal(size=5000) > 1).astype(float)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        a = ts.analyze(pd.DataFrame({"r": u}), "r", goodhart=True)
    (g,) = a.goodhart.values()
    bon = g.best_of_n
    own = float(policy_kl(bon, g.tail)[list(bon["n"]).index(1024)])
    assert a.to_dict()["goodhart"]["r"]["bon_kl"] == pytest.approx(own)
    assert own < 2.0
