"""The report's figures on a phone's width (``tailstat/reporting/templates/report.html.j2``)."""
from __future__ import annotations

import shutil
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from test_report import CHROMEDRIVER, CHROMIUM, _chromium

import tailstat as ts
from tailstat.reporting import report


def at_widths(page: Path, script: str, widths: tuple[int, ...] = (360, 1280)) -> dict:
    """``script``'s result on ``page`` laid out at each of ``widths`` (px) in Chromium."""
    driver, profile = _chromium(800)
    seen = {}
    try:
        for width in widths:
            driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
                "width": width, "height": 900, "deviceScaleFactor": 1, "mobile": False})
            driver.get(page.resolve().as_uri())
            seen[width] = driver.execute_script(script)
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)
    return seen


@pytest.mark.browser
@pytest.mark.skipif(CHROMIUM is None or CHROMEDRIVER is None,
                    reason="needs chromium and chromedriver (apt-get install chromium "
                           "chromium-driver)")
def test_on_a_phone_the_figures_keep_a_readable_width_and_scroll(tmp_path: Path) -> None:
    """A review: at 360 px the diagnostic figure (1066 px wide, eleven panels) was shown at
    30% of its size, its labels unreadable; it now keeps 820 px (the Goodhart figure 600 px)
    and scrolls sideways in its own box, the page no wider than the window; on a desktop
    both fit their column."""
    rng = np.random.default_rng(5)
    df = pd.DataFrame({"m": "normal", "r": rng.normal(size=3000)})
    out = tmp_path / "phone.html"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        report(df, out, column="r", by="m", figures="all", goodhart=True)
    seen = at_widths(out, "const boxes = [...document.querySelectorAll('.figscroll')];"
                     "return [boxes.map(b => [b.querySelector('img').getBoundingClientRect()"
                     ".width, b.scrollWidth > b.clientWidth + 1, b.clientWidth]),"
                     " document.documentElement.scrollWidth, window.innerWidth];")
    boxes, page, inner = seen[360]
    assert [round(w) for w, _, _ in boxes] == [820, 600] and all(s for _, s, _ in boxes)
    assert page <= inner
    boxes, page, inner = seen[1280]
    assert all(w <= box + 1 and not s for w, s, box in boxes) and page <= inner
