"""The README image: a readable crop of the demo report, taken in headless Chromium.

Builds the demo report (the bundled reward-model data, as ``tailstat demo`` does) in a temporary
folder, opens it in headless Chromium at README width, keeps only the title, the verdict table
and one group's verdict and figures (the first heavy group, else the first group), and saves
``reports/demo.png``.

Run from the repository's root::

    python benchmarks/screenshot.py [--out reports/demo.png] [--width 1400]

(1400 px wide: narrower, the verdict table's last columns are cut off, and at 1000 px the
page is more than 2.2 times as tall as it is wide, which tests/test_readme.py refuses.)

Needs Chromium and chromedriver (Debian: ``apt-get install chromium chromium-driver``, as
``.ci/run`` does) and selenium (in the ``test`` extra).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

#: Hide everything but the title, the verdict table and one group's verdict and figures.
_CROP_JS = """
const section = document.querySelector('section[id^="g"] .verdict.heavy')
    ?.closest('section') || document.querySelector('section[id^="g"]');
const keep = [document.querySelector('h1'), document.querySelector('#summary'),
              section.querySelector('h2'), section.querySelector('.verdict'),
              section.querySelector('figure')].filter(Boolean);
for (const el of document.body.querySelectorAll('*')) {
  const kept = keep.some(k => k === el || k.contains(el) || el.contains(k));
  if (!kept) el.style.display = 'none';
}
for (const img of document.images) { img.style.maxWidth = '100%'; img.style.height = 'auto'; }
return section.id;
"""


def screenshot(out: Path, width: int = 1400) -> Path:
    """Write the README image.

    Parameters
    ----------
    out : Path
        The PNG to write.
    width : int
        Page width in CSS pixels (the image's width).

    Returns
    -------
    Path
        ``out``.
    """
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    from tailstat import datasets
    from tailstat.reporting import build_report

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver_path = shutil.which("chromedriver")
    if chromium is None or driver_path is None:
        raise SystemExit("screenshot.py: needs chromium and chromedriver (Debian: apt-get "
                         "install chromium chromium-driver)")
    with tempfile.TemporaryDirectory(prefix="tailstat-shot-") as tmp:
        html = Path(tmp) / "demo.html"
        build_report(datasets.path("reward_models"), html,
                     title="tailstat demo: three synthetic reward models", column="reward",
                     by="model", gold="gold", seed=0)
        opts = webdriver.ChromeOptions()
        opts.binary_location = chromium
        for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                     "--disable-background-networking", "--no-first-run",
                     f"--window-size={width},800", f"--user-data-dir={Path(tmp) / 'profile'}"):
            opts.add_argument(flag)
        driver = webdriver.Chrome(options=opts, service=Service(driver_path))
        try:
            driver.get(html.as_uri())
            group = driver.execute_script(_CROP_JS)
            height = int(driver.execute_script(
                "return Math.ceil(document.documentElement.scrollHeight);"))
            driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                                   {"width": width, "height": height, "deviceScaleFactor": 1,
                                    "mobile": False})
            png = driver.get_screenshot_as_png()
        finally:
            driver.quit()
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(png)
    print(f"wrote {out} ({width} x {height} px; verdict table and group section #{group})")
    return out


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--out", type=Path, default=ROOT / "reports" / "demo.png")
    p.add_argument("--width", type=int, default=1400)
    args = p.parse_args(argv)
    screenshot(args.out, args.width)
    return 0


if __name__ == "__main__":
    sys.exit(main())
