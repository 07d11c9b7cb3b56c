"""tailstat.dask.analyze's arguments as tailstat.analyze takes them (``tailstat/dask.py``):
the name of an unnamed Series, and ``method``."""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

dd = pytest.importorskip("dask.dataframe", reason="needs Dask: pip install 'tailstat[dask]'")
dask = pytest.importorskip("dask")

import tailstat as ts  # noqa: E402
import tailstat.dask as tsd  # noqa: E402
from tailstat.cli import main  # noqa: E402


def _quiet(f, *args, **kwargs):
    with warnings.catch_warnings(), dask.config.set(scheduler="synchronous"):
        warnings.simplefilter("ignore", ts.TailstatWarning)
        return f(*args, **kwargs)


def test_an_unnamed_series_is_the_group_analyze_names() -> None:
    """A review: tailstat.analyze names an unnamed Series' group 'x'; under Dask it was '0'
    (``to_frame()`` names the column 0), against the promise of the same table."""
    x = pd.Series(np.random.default_rng(0).standard_t(3, 5000))
    here = _quiet(ts.analyze, x).to_frame()
    there = _quiet(tsd.analyze, dd.from_pandas(x, npartitions=3)).to_frame()
    assert there["group"].tolist() == here["group"].tolist() == ["x"]
    named = _quiet(tsd.analyze, dd.from_pandas(x.rename("reward"), npartitions=3))
    assert named.to_frame()["group"].tolist() == ["reward"]


def test_method_is_taken_as_analyze_takes_it() -> None:
    """A review: ``method=`` was a TypeError (gold= and goodhart= are parameters so that they
    fail with a message). The Bayesian fit of a merged sketch equals that of the sketch in
    memory; an unknown method is refused before any work."""
    x = pd.Series(np.random.default_rng(1).pareto(2.0, 3000))
    there = _quiet(tsd.analyze, dd.from_pandas(x, npartitions=2), method="bayes", seed=1)
    here = _quiet(ts.analyze, {"x": ts.TailSketch.from_sample(x, name="x")}, method="bayes",
                  seed=1)
    assert there.settings["method"] == "bayes"
    cols = ["label", "xi", "xi_low", "xi_high", "p_heavy"]
    pd.testing.assert_frame_equal(there.table[cols], here.table[cols])
    with pytest.raises(ts.DataError, match="method must be 'fast' or 'bayes'"):
        tsd.analyze(dd.from_pandas(x, npartitions=2), method="slow")


def test_a_scheduler_that_cannot_be_reached_is_blamed_not_the_file(
        tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    """A review: the error read "shards/part0.parquet: could not connect to the Dask
    scheduler at ...", as if the file were at fault."""
    import dask

    path = tmp_path / "p0.parquet"
    pd.DataFrame({"r": np.random.default_rng(0).normal(size=2000)}).to_parquet(path)
    with dask.config.set({"distributed.comm.timeouts.connect": "1s"}):
        code = main(["classify", str(path), "--column", "r", "-q", "--dask", "tcp://127.0.0.1:1"])
    err = capsys.readouterr().err.strip()
    assert code == 2 and err.startswith("tailstat: error: --dask: could not connect to the Dask "
                                        "scheduler at 'tcp://127.0.0.1:1'")
    assert str(path) not in err


def test_the_cli_passes_bayes_to_the_sharded_analysis(tmp_path: Path, monkeypatch,
                                                       capsys: pytest.CaptureFixture) -> None:
    """A review: ``--dask --bayes`` was refused ("they need every row") after
    tailstat.dask.analyze learnt method="bayes" (a fit on each merged sketch)."""
    path = tmp_path / "p0.parquet"
    pd.DataFrame({"r": np.random.default_rng(0).pareto(2.0, 3000)}).to_parquet(path)
    seen = {}

    def analyze(source, column, **kw):  # the cluster's part stands in: the call is the test
        seen.update(kw)
        return _quiet(ts.analyze, pd.read_parquet(source), column, warn=False)

    monkeypatch.setattr(tsd, "analyze", analyze)
    code = main(["classify", str(path), "--column", "r", "-q", "--dask", "tcp://10.0.0.5:8786",
                 "--bayes"])
    assert code == 0 and seen["method"] == "bayes" and seen["client"] == "tcp://10.0.0.5:8786"
    assert main(["classify", str(path), "--column", "r", "-q", "--dask", "tcp://10.0.0.5:8786"]
                ) == 0 and seen["method"] == "fast"


def test_a_report_of_sketches_fits_them_with_bayes_as_analyze_does(tmp_path: Path) -> None:
    """report(sketches, bayes=True) said a Bayesian fit "needs the rows", while analyze of the
    same sketches with method="bayes" fits the exceedances each holds."""
    x = np.random.default_rng(1).pareto(2.0, 3000)
    sketch = ts.TailSketch.from_sample(x, name="x")
    out = tmp_path / "r.html"
    _quiet(ts.report, {"x": sketch}, path=out, bayes=True, seed=1)
    page = out.read_text()
    want = _quiet(ts.analyze, {"x": sketch}, method="bayes", seed=1).classifications["x"]
    assert want.settings["xi_method"].startswith("Bayesian") and "Bayesian" in page


def test_the_missing_values_warning_offers_no_option_it_lacks() -> None:
    """A review (stop 60): the warning said "nan='raise' refuses them instead", which
    tailstat.dask.analyze does not take (TypeError)."""
    x = np.random.default_rng(1).standard_t(3, 5000)
    x[[3, 9]] = np.nan
    ddf = dd.from_pandas(pd.DataFrame({"reward": x}), npartitions=2)
    with dask.config.set(scheduler="synchronous"), warnings.catch_warnings(record=True) as got:
        warnings.simplefilter("always")
        tsd.analyze(ddf)
    said = [str(w.message) for w in got if issubclass(w.category, ts.InputWarning)]
    assert any("missing rewards (NaN), dropped" in s for s in said), said
    assert not any("nan=" in s for s in said), said


def test_a_damaged_shard_is_a_clear_error(tmp_path: Path) -> None:
    """A review: a Parquet shard whose data pages were damaged (its footer intact, so the
    columns read) raised a raw OSError ("Couldn't deserialize thrift") from the computation;
    in memory the same folder is a DataError."""
    rng = np.random.default_rng(0)
    folder = tmp_path / "shards"
    folder.mkdir()
    for i in range(3):
        pd.DataFrame({"reward": rng.normal(size=4000)}).to_parquet(folder / f"part-{i}.parquet")
    part = folder / "part-1.parquet"
    raw = bytearray(part.read_bytes())
    for j in range(4, 60):  # the first page header, after the magic "PAR1"
        raw[j] ^= 0x5A
    part.write_bytes(bytes(raw))
    # the file is named (review 410: the folder only), from a folder and from a glob
    for source in (str(folder), str(folder / "*.parquet")):
        with pytest.raises(ts.DataError, match=r"could not read .*shards.* as Parquet .*the "
                                               r"file '.*part-1\.parquet' is damaged or "
                                               r"unreadable: write it again, or leave it out"):
            _quiet(tsd.analyze, source, "reward")


def test_an_oserror_not_from_reading_parquet_is_not_called_a_damaged_file() -> None:
    """A re-read: a connection reset (an OSError) inside the computation was called a damaged
    Parquet shard, its traceback dropped."""
    from tailstat.data.shards import unreadable_shards

    with pytest.raises(ConnectionResetError):
        with unreadable_shards("shards"):
            raise ConnectionResetError("peer closed")
