"""The report's reproducibility block (tailstat.reporting._provenance): what the input was and
the command that makes the report again."""

from __future__ import annotations

import hashlib
import html as html_lib
import re
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

import tailstat as ts
from tailstat.reporting import report


def test_the_command_to_run_again_adds_no_goodhart_only_when_asked(tmp_path: Path) -> None:
    """Beyond 50 groups figures="auto" leaves the Goodhart sections out by itself: the
    command to run again added --no-goodhart, which was never passed."""

    rng = np.random.default_rng(0)
    df = pd.DataFrame({"r": rng.normal(size=60 * 300),
                       "m": np.repeat([f"g{i}" for i in range(60)], 300)})
    data = tmp_path / "many.csv"
    df.to_csv(data, index=False)
    calls = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        for g in (True, False):
            out = tmp_path / f"{g}.html"
            report(data, out, column="r", by="m", goodhart=g)
            page = out.read_text(encoding="utf-8")
            calls[g] = html_lib.unescape(
                re.search(r'to run again</td><td class="mono">(.*?)</td>', page).group(1))
    assert "--no-goodhart" not in calls[True] and calls[True].startswith("tailstat report")
    assert "--no-goodhart" in calls[False]
    # what the report left out is said in the open, not among the groups' 60 warnings
    page = (tmp_path / "True.html").read_text(encoding="utf-8")
    notes = page[page.index("About this report"):page.index("warnings issued during")]
    assert "left out with the per-group figures" in notes and "small sample" not in notes


def test_a_saved_analysis_is_named_with_its_checksum(tmp_path: Path) -> None:
    """``tailstat report results.json``: the page said "an analysis (TailAnalysis)" from an
    "in-memory DataFrame", without the file or its checksum, and gave a Python call to run
    it again instead of the command."""

    rng = np.random.default_rng(0)
    df = pd.DataFrame({"r": rng.standard_t(3.0, 4000), "m": np.repeat(["a", "b"], 2000)})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        saved = tmp_path / "results.json"
        ts.analyze(df, "r", by="m", goodhart=True).to_json(saved)
        out = tmp_path / "r.html"
        report(saved, out, figures="summary")
    page = html_lib.unescape(out.read_text(encoding="utf-8"))
    assert "a saved analysis (results.json" in page
    assert hashlib.sha256(saved.read_bytes()).hexdigest() in page
    assert f"tailstat report {saved} --figures summary" in page


def test_the_software_row_names_the_running_tailstat() -> None:
    """Run from a source tree the report said 'tailstat ?' (the installed metadata, which
    may also be another version's)."""
    import tailstat
    from tailstat.reporting._provenance import _versions

    assert _versions()[0] == ("tailstat", tailstat.__version__)


def test_a_file_name_that_is_not_utf8_is_shown_escaped() -> None:
    """'r\\xe9w.csv' reaches Python as 'r\\udce9w.csv': the report could not be written."""
    from tailstat._display import on_page, visible

    assert visible("r\udce9w.csv") == "r\\udce9w.csv" == on_page("r\udce9w.csv")
    assert visible("café.csv") == "café.csv"


def test_the_call_that_makes_a_dask_analysis_again() -> None:
    """The diff review: a report of an analysis made with Dask from one Parquet file gave a
    command line without --dask (the rows analysed in memory), and dropped capacity=."""
    from tailstat.reporting._provenance import _Input, call_text

    settings = {"engine": "dask", "source": "/data/d.parquet", "column": "reward",
                "by": ("model",), "seed": 0, "capacity": 500, "fdr": 0.05, "goodhart": False}
    text = call_text(_Input(label="x", path=None), settings, None, "auto", True)
    assert text == ("tailstat.report(tailstat.dask.analyze('/data/d.parquet', column='reward', "
                    "by='model', seed=0, capacity=500), path=...)")
