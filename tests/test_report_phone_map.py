"""The overview heat map on a phone's width (review 432: shown at 55% at 375 px, its labels
about 6 px); it scrolls sideways in its box as the figures do."""
from __future__ import annotations

import re
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from test_report import CHROMEDRIVER, CHROMIUM
from test_report_phone import at_widths

import tailstat as ts
from tailstat.reporting import report


def _three_groups(path: Path) -> Path:
    rng = np.random.default_rng(7)
    df = pd.DataFrame({"m": np.repeat(["normal <b>", "student", "uniform"], 3000),
                       "r": np.r_[rng.normal(size=3000), rng.standard_t(2.5, 3000),
                                  rng.uniform(size=3000)]})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        report(df, path, column="r", by="m", figures="all", goodhart=True)
    return path


def test_the_heat_map_alone_of_the_figures_is_a_tab_stop(tmp_path: Path) -> None:
    html = _three_groups(tmp_path / "r.html").read_text()
    boxes = re.findall(r'<div class="figscroll[^"]*"[^>]*>', html)
    assert len(boxes) == 1 + 3 + 3  # the map, and each group's two figures
    assert [b for b in boxes if "tabindex" in b] == [
        '<div class="figscroll map" tabindex="0" role="region" aria-label="Heat map of the '
        'class probabilities by group">']  # one per page; no group's figure (a review)


@pytest.mark.browser
@pytest.mark.skipif(CHROMIUM is None or CHROMEDRIVER is None,
                    reason="needs chromium and chromedriver (apt-get install chromium "
                           "chromium-driver)")
def test_on_a_phone_the_heat_map_keeps_its_width(tmp_path: Path) -> None:
    seen = at_widths(_three_groups(tmp_path / "map.html"),
                     "const b = document.querySelector('.figscroll.map');"
                     "const i = b.querySelector('img');"
                     "return [i.getBoundingClientRect().width, Number(i.getAttribute('width')),"
                     " b.clientWidth, document.documentElement.scrollWidth, window.innerWidth];")
    shown, natural, box, page, inner = seen[360]
    assert natural > box and abs(shown - natural) <= 2 and page <= inner  # (a 1 px border)
    shown, natural, box, page, inner = seen[1280]
    assert shown <= box + 1 and page <= inner
