"""Settings of the whole test suite.

Hypothesis is derandomized: every run, CI's included, draws the same examples, so a change is
judged by the code and never by the luck of the draw. Set ``TAILSTAT_HYPOTHESIS_HUNT=1`` to
draw new examples (a search for counterexamples; what it finds becomes a fixed test).
"""

from __future__ import annotations

import os

from hypothesis import settings

settings.register_profile("fixed", derandomize=True, database=None)
settings.register_profile("hunt", derandomize=False)
settings.load_profile("hunt" if os.environ.get("TAILSTAT_HYPOTHESIS_HUNT") else "fixed")
