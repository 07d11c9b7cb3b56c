"""Make ``reward_models.csv``: synthetic reward-model scores with known tails (seeded).

Three reward models score the same 10 000 sampled responses. Each response has a true
utility V ~ Normal(0, 1) (the "gold" score) and each model reports a proxy U = V + X with
its own error X:

* ``rm-light``   X ~ Normal(0, 0.5): light-tailed error, the case where a KL penalty works.
* ``rm-heavy``   X ~ 0.5 * Student-t(2.5): power-law error with ξ = 0.4 ("catastrophic
  Goodhart" territory).
* ``rm-bounded`` U = 3 * tanh((V + X) / 1.5) with X ~ Normal(0, 0.5): a squashed score that
  saturates near its ceiling of 3 (bounded, light).

Columns: ``model, response_id, reward, gold``. Run ``python datasets/make_synthetic_rewards.py``
to regenerate the file byte for byte (seed 20261126).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

SEED = 20261126
N = 10_000


def make(n: int = N, seed: int = SEED) -> pd.DataFrame:
    """The synthetic table (see the module docstring)."""
    rng = np.random.default_rng(seed)
    v = rng.normal(size=n)
    frames = []
    x_light = rng.normal(scale=0.5, size=n)
    x_heavy = 0.5 * rng.standard_t(2.5, size=n)
    x_bounded = rng.normal(scale=0.5, size=n)
    proxies = {
        "rm-light": v + x_light,
        "rm-heavy": v + x_heavy,
        "rm-bounded": 3.0 * np.tanh((v + x_bounded) / 1.5),
    }
    for model, u in proxies.items():
        frames.append(pd.DataFrame({"model": model, "response_id": np.arange(n),
                                    "reward": np.round(u, 6), "gold": np.round(v, 6)}))
    return pd.concat(frames, ignore_index=True)


if __name__ == "__main__":
    out = Path(__file__).with_name("reward_models.csv")
    make().to_csv(out, index=False)
    print(f"wrote {out}")
