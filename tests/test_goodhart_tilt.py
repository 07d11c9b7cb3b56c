"""The KL-tilted policy (``tailstat/goodhart/tilt.py``): what its notes say of the fitted
tail's bias. (Its closed-form checks are in ``tests/test_goodhart.py``.)"""

from __future__ import annotations

import numpy as np

from tailstat import kl_tilt


def test_the_end_point_note_says_which_way_u_and_kl_run_at_a_fixed_beta() -> None:
    """A review: for normal scores the fitted GPD ends (xi < 0), so at a fixed beta the tilted
    law puts less mass far out than the normal does: both u and kl come out low (kl 7.5
    against the exact 1 / (2 beta^2) = 12.5 at beta = 0.2, in 40 of 40 seeds), but the note
    said "u is likely low and kl high"."""
    u = np.random.default_rng(300).standard_normal(20_000)
    res = kl_tilt(u, beta=[0.3, 0.2])
    kl = res.table["kl"].to_numpy()
    assert np.all(kl < 1 / (2 * np.array([0.3, 0.2]) ** 2))  # the case: kl is low
    note = next(w for w in res.warnings if "extrapolated rows" in w)
    assert "u and kl are likely low" in note and "kl high" not in note
