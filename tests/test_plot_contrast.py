"""Text on the probability bars stands out from its bar (review 432: white on the bounded and
heavy bars had 3.4:1 and 3.9:1, below WCAG's 4.5:1 for text of that size)."""

from __future__ import annotations

import pytest

from tailstat.plot._style import LABEL_COLORS, ink_on

matplotlib = pytest.importorskip("matplotlib")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.colors import to_rgb  # noqa: E402

from tailstat.plot import figures  # noqa: E402


def _contrast(a: str, b: str) -> float:
    def lum(c: str) -> float:
        lin = [x / 12.92 if x <= 0.04045 else ((x + 0.055) / 1.055) ** 2.4 for x in to_rgb(c)]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]
    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


@pytest.mark.parametrize("label", sorted(LABEL_COLORS))
def test_text_inside_each_bar_reaches_aa_contrast(label: str) -> None:
    class _C:
        def __init__(self) -> None:
            self.probabilities = {lab: 0.9 if lab == label else 0.05 for lab in LABEL_COLORS}

    ax = figures.probabilities(_C())
    inside = [t for t in ax.texts if t.get_text() == "0.90"]
    assert len(inside) == 1
    assert _contrast(inside[0].get_color(), LABEL_COLORS[label]) >= 4.5
    assert inside[0].get_color() == ink_on(LABEL_COLORS[label])
    plt.close(ax.figure)
