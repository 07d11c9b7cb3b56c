"""Cold start: the first ``analyze`` in a fresh process (20 groups of 20 sizes, 10^4-10^5).

The classifier's calibration is shipped (``calibration.json``) and its heavy flags need no
simulated null, so the first call costs little more than the later ones. Target: <= 1 s
beyond import (``import tailstat`` loads each public name on first use, so the import
timed here is ``tailstat.analyze``'s). Prints the import time, the first call and a second
(warm) call, each in the same fresh process.

Run: ``python benchmarks/cold_start.py``.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CODE = textwrap.dedent("""
    import time
    t0 = time.perf_counter()
    import warnings
    import numpy as np, pandas as pd
    import tailstat as ts
    ts.analyze  # the package loads a name on first use: this is analyze's import
    t_import = time.perf_counter() - t0
    rng = np.random.default_rng(0)
    sizes = np.unique(np.geomspace(10_000, 100_000, 20).astype(int))
    df = pd.DataFrame({"g": np.repeat(np.arange(sizes.size), sizes),
                       "r": rng.normal(size=sizes.sum())})
    times = []
    for _ in range(2):
        t0 = time.perf_counter()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            res = ts.analyze(df, "r", by="g")
        times.append(time.perf_counter() - t0)
    print(f"groups {len(res.table)}: import {t_import:.2f} s, first analyze {times[0]:.3f} s "
          f"(target <= 1 s), second {times[1]:.3f} s ({ts.__file__})")
""")


def main(argv: list[str] | None = None) -> int:
    argparse.ArgumentParser(description=__doc__,
                            formatter_class=argparse.RawDescriptionHelpFormatter).parse_args(argv)
    # this tree's tailstat, not an installed copy (a review: after a plain `pip install .` the
    # child timed the installed package), as the speed benchmarks' children do
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), *filter(None, [env.get("PYTHONPATH")])])
    out = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True,
                         check=True, cwd=ROOT, env=env)
    print(out.stdout.strip())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
