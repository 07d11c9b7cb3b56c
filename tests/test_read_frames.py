"""Which frames name the file they were read from (``tailstat/data/_read_frames.py``)."""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd

import tailstat as ts
from tailstat.data import frame_source, read_table


def test_only_the_frame_read_names_its_file(tmp_path: Path) -> None:
    """A review: pandas carries attrs through selections and arithmetic, so a frame made
    from one tailstat read (one group, its rewards scaled) named the file, and its report
    said "to run again: tailstat report FILE ...", which gives another analysis."""
    rng = np.random.default_rng(0)
    path = tmp_path / "scores.csv"
    pd.DataFrame({"g": np.repeat(["a", "b"], 1000), "reward": rng.normal(size=2000)}).to_csv(
        path, index=False)
    df = read_table(path)
    derived = df[df["g"] == "a"].copy()
    derived["reward"] *= 10
    assert derived.attrs["tailstat_source"] == str(path)  # what pandas does
    assert frame_source(df) == str(path) and frame_source(derived) is None
    assert frame_source(None) is None and frame_source(pd.DataFrame()) is None
    assert ts.analyze(df, "reward", by="g").settings["source"] == str(path)
    assert ts.analyze(derived, "reward").settings["source"] == "in-memory DataFrame"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        page = ts.report(derived, tmp_path / "r.html", column="reward", goodhart=False,
                         figures="none").read_text(encoding="utf-8")
    assert "scores.csv" not in page



def test_the_public_readers_frames_name_their_file(tmp_path: Path) -> None:
    """A review: read_rewardbench(path) returned a frame whose attrs named the file, but only
    read_table registered frames, so its analysis said "in-memory DataFrame"."""
    import json

    rows = [{"subset": "s", "scores": [0.1 * i, 1.0], "num_correct": 1} for i in range(300)]
    path = tmp_path / "rb2.json"
    path.write_text(json.dumps(rows), encoding="utf-8")
    df = ts.data.read_rewardbench(path)
    assert frame_source(df) == str(path)
    assert ts.data.check_groups(df).source == str(path)
    assert frame_source(ts.data.read_rewardbench(pd.DataFrame(rows))) is None
