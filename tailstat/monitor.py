"""``TailMonitor``: the tail of the rewards seen during training, logged as it grows.

A monitor keeps a :class:`tailstat.TailSketch` of the rewards fed to it batch by batch
(plain arrays in: numpy, lists, or anything with ``__array__`` such as a CPU tensor) and
every ``every`` updates classifies the tail seen so far (or, with ``window``, the tail of
the last ``window`` updates' rewards), returning a flat dictionary of
numbers for whatever logger the trainer uses (``tail/xi``, ``tail/prob_heavy``,
``tail/theta``, ...). The first time P(heavy) reaches ``level`` it issues one
:class:`tailstat.errors.HeavyTailWarning` (and once more after each restart, which starts a
new stream; with a window, again after a check below ``level``): the policy has found
rewards whose tail no KL
penalty controls (docs/science.md). Memory grows slowly (the sketch keeps the top
order statistics the classifier reads, about ``10 n^(2/3)`` values: 7 MB at 2.6·10^7
rewards), and each check reads only those: about 3 ms at ``n`` = 10^6 and 8 ms at 10^7 on
a sketch of normal rewards (a review measured a median of 33 ms at 2.6·10^7 during a
stream, with the sketch's trims).
"""

from __future__ import annotations

import math
import warnings
from collections import deque
from numbers import Integral, Real
from typing import Any, Literal

import numpy as np

from tailstat import _validation as v
from tailstat._sketch_batch import batch_values
from tailstat._warn import user_level
from tailstat.classification import (
    LEVEL_SLACK,
    MAX_PROBABILITY,
    MIN_PROBABILITY,
    TailClassification,
    applied_level,
    classify,
    k_for,
    reaches_level,
    shown_probability,
)
from tailstat.errors import DataError, HeavyTailWarning, TailstatWarning
from tailstat.sketch import TailSketch

__all__ = ["MAX_LEVEL", "TailMonitor"]

#: Smallest number of rewards before the first classification.
MIN_N = 500
#: The largest P(heavy) the classifier gives (its calibration keeps ``UNIFORM_MIX`` of the
#: probability spread evenly over the three labels): a higher ``level`` could never be reached.
MAX_LEVEL = MAX_PROBABILITY
#: A ``level`` within this above ``MAX_LEVEL`` is accepted (``MAX_LEVEL`` written out is a
#: few 1e-9 above the value); reaching a level is exact (``reaches_level``).
_LEVEL_SLACK = LEVEL_SLACK


class TailMonitor:
    """Classify the upper tail of a reward stream every ``every`` batches.

    Parameters
    ----------
    level : float in (0.010001, MAX_LEVEL]
        P(heavy) at which the monitor warns (once); above 0.01, the smallest P(heavy) the
        classifier gives, by a margin of 1e-6 for its rounding, and at most :data:`MAX_LEVEL`
        (0.98), the largest probability the classifier gives, which clear heavy tails
        approach only to within about 1e-4: a level within 0.001 of it is read as 0.979
        (:func:`tailstat.classification.reaches_level`). The level holds for each check,
        not for the run: a light-tailed stream checked many times reaches a low level at some
        check far more often than at any one check. Gamma(0.5) rewards, 120 checks of up
        to 153,600 rewards: at level 0.5, 1.5% of checks and 16 of 20 runs warned; at 0.8
        and 0.9, none, nor of exponential or normal rewards (``benchmarks/monitor_alarms.py``).
        Keep the level at 0.8 or above for a long run.
    every : int
        Classify after every ``every``-th call of :meth:`update` (and return the metrics).
    min_n : int
        No classification before this many rewards (default 500; at least 50).
    prefix : str
        Prefix of the metric names (``"tail/"``).
    name : str
        Label of the stream (in the warning).
    window : int, optional
        Classify only the rewards of the last ``window`` updates (a sliding window), not all
        those since the start: the checks then follow the current policy, and a heavy
        episode that ended leaves the metrics once it leaves the window. The monitor keeps
        those rewards (8 bytes each: 200 updates of 4,096 rewards take 6.5 MB, and as much
        again during a check, which joins them) and
        classifies them whole at each check, as :func:`tailstat.classify` would the same
        values; ``tail/n`` counts them, ``tail/n_missing`` the missing values dropped from
        them and ``tail/since`` is the window's first update. The warning is given again
        when P(heavy) reaches ``level`` after a check below it. There is no restart (the
        window holds every value it reads), and :attr:`sketch` is the sketch of the window
        made at the last check. Default ``None``: the whole stream, in a sketch.

    Notes
    -----
    :meth:`update` takes the batch before it checks, and the check may warn
    (:class:`tailstat.errors.HeavyTailWarning`, or a :class:`tailstat.errors.TailstatWarning`
    at a restart): with warnings raised as errors, the batch is counted all the same, so do
    not feed it again. A monitor is not safe to feed from several threads at once (its
    sketch's mean and variance are updated without a lock): give each thread its own and
    :func:`tailstat.merge_sketches` their :attr:`sketch`. A monitor pickles (a checkpoint),
    and one pickled by an earlier version of tailstat loads with the defaults of what it
    lacks.

    Examples
    --------
    >>> import numpy as np, tailstat as ts
    >>> monitor = ts.TailMonitor(level=0.9, every=5)
    >>> rng = np.random.default_rng(0)
    >>> for step in range(20):
    ...     metrics = monitor.update(rng.normal(size=256))
    ...     if metrics:          # every 5th step: log them with your trainer's logger
    ...         pass             # e.g. wandb.log(metrics, step=step)
    >>> sorted(monitor.latest)[:4]
    ['tail/n', 'tail/n_missing', 'tail/prob_bounded', 'tail/prob_heavy']
    """

    def __init__(self, level: float = 0.9, *, every: int = 10, min_n: int = MIN_N,
                 prefix: str = "tail/", name: str = "reward", window: int | None = None
                 ) -> None:
        v.check("level", level, [v.Interval(Real, 0, 1, closed="neither")])
        if level > MAX_LEVEL + _LEVEL_SLACK:
            raise DataError(f"level must be at most {MAX_LEVEL:.2f}, got {level!r} instead: the "
                            f"classifier's P(heavy) never exceeds {MAX_LEVEL:.2f} (its "
                            "calibration keeps a share for the unexpected), so the monitor "
                            f"would never warn. Pass a level of at most {MAX_LEVEL:.2f}.")
        if level <= MIN_PROBABILITY + _LEVEL_SLACK:  # as --level (review 405: 1e-9 warned of
            # a normal stream)
            # (review 420: "above 0.01" refused 0.0100001, which is above 0.01)
            raise DataError(f"level must be above {MIN_PROBABILITY + _LEVEL_SLACK:.6g} (the "
                            f"smallest P(heavy) the classifier gives, {MIN_PROBABILITY:.2f}, and "
                            f"a margin for its rounding), got {level!r} instead: the monitor "
                            "would warn of every stream.")
        v.check("every", every, [v.Interval(Integral, 1, None)])
        v.check("min_n", min_n, [v.Interval(Integral, 50, None)])
        v.check("prefix", prefix, [v.InstanceOf(str, text="a string")])
        v.check("name", name, [v.InstanceOf(str, text="a string")])
        v.check("window", window, [v.Interval(Integral, 1, None), None])
        self.level, self.every, self.min_n = float(level), int(every), int(min_n)
        self.window = None if window is None else int(window)
        #: With ``window``: the last ``window`` updates' ``(update, values, missing)``.
        self._recent: deque[tuple[int, np.ndarray, int]] = deque()
        self._window_n = 0  # rewards in the window
        self._small_window_said = False  # whether a full window under min_n was warned of
        self.prefix, self.name = prefix, name
        self.sketch = TailSketch(name=name)
        #: The update (1-based) from which :attr:`sketch` holds the rewards: 1, or later after a
        #: restart (:meth:`_restart`).
        self.since = 1
        self.updates = 0
        self.latest: dict[str, float] = {}
        self.classification: TailClassification | None = None
        #: Why the last check could not classify (constant or mostly tied rewards), else None.
        self.problem: str | None = None
        self.warned = False
        self._batch: Any = None  # the batch of the update being checked (:meth:`_restart`)

    def update(self, rewards: Any, *, nan: Literal["drop", "raise"] = "drop"
               ) -> dict[str, float]:
        """Add a batch of rewards; every ``every``-th call, return the tail metrics.

        Parameters
        ----------
        rewards : array-like or pandas Series
            A batch, as :meth:`tailstat.TailSketch.update` takes it (missing values are
            dropped and counted; an infinite value is a :class:`DataError`).
        nan : {"drop", "raise"}
            Drop and count missing values (``tail/n_missing``), or refuse the batch with a
            :class:`DataError` (a reward model that returns NaN is usually a bug upstream);
            a refused batch leaves the monitor as it was.

        Returns
        -------
        dict
            Empty between checks (and before ``min_n`` rewards); at a check
            ``{prefix}xi``, ``xi_low``, ``xi_high`` (the classification's ξ, the GPD fit to its k
            excesses, and its interval),
            ``prob_heavy``, ``prob_light``, ``prob_bounded``, ``theta`` (Weibull-tail
            coefficient), ``n`` (rewards in the sketch, or the window), ``n_missing``
            (missing rewards dropped) and ``since`` (the update from which the sketch holds
            them: 1, or later after a restart; with ``window``, the window's first update).
            When the rewards so far have no tail to classify (all equal), every metric but
            the three counts is NaN and :attr:`problem` says why; binary rewards, or a few
            levels with the top one repeated, are bounded by construction (``prob_bounded``
            0.98, ``xi`` and ``theta`` NaN).
        """
        v.check("nan", nan, [v.StrOptions({"drop", "raise"})])
        if self.window is None:
            self.sketch.update(rewards, nan=nan)
            self.updates += 1
        else:
            values, missing = batch_values(rewards, nan=nan, name=self.name)
            self.updates += 1  # (a copy: a trainer may reuse its buffer for the next batch)
            self._recent.append((self.updates, np.array(values, dtype=np.float64), missing))
            self._window_n += values.shape[0]
            while self._recent[0][0] <= self.updates - self.window:
                self._window_n -= self._recent.popleft()[1].shape[0]
            if (len(self._recent) == self.window and self._window_n < self.min_n
                    and not self._small_window_said):
                # a full window below min_n may stay so: never a check, and nothing said (a
                # review: window=1 over batches of 256 went silent for good)
                self._small_window_said = True
                warnings.warn(f"{self.name!r}: the monitor's window of the last "
                              f"{self.window:,} updates holds {self._window_n:,} rewards, fewer "
                              f"than min_n={self.min_n:,}: no check is made until it holds "
                              "that many. Give a longer window, or a smaller min_n (at least "
                              "50).", TailstatWarning, stacklevel=user_level())
        if self.updates % self.every or self._held() < self.min_n:
            return {}
        self._batch = rewards  # a restart at this check starts from it (not after it)
        try:
            return self.check()
        finally:
            self._batch = None

    def check(self) -> dict[str, float]:
        """Classify the tail seen so far (or in the window) now and return the metrics (see
        :meth:`update`).

        Returns
        -------
        dict

        Raises
        ------
        DataError
            Before the monitor has seen 50 rewards (the classifier's minimum), or while its
            window holds fewer.
        """
        if self.window is not None:
            self._window_sketch()
        if self.sketch.n < 50:
            # (after reset() there is no problem to see: a review)
            since = "" if self.since <= 1 else (
                f" since its restart at update {self.since:,} (the rewards before it are no "
                "longer held; see problem)" if self.problem is not None else
                f" since reset() (from update {self.since:,})")
            if self.window is not None:
                since = f" in its window of the last {self.window:,} updates"
            raise DataError(f"the monitor has seen {self.sketch.n} rewards{since}; a tail "
                            "check needs at least 50.")
        p = self.prefix
        if self.window is None and self.sketch.k_max < min(k_for(self.sketch.n),
                                                          self.sketch.n - 1):
            said = self._restart()
            self.classification = None
            self.latest = {f"{p}{key}": math.nan for key in _METRICS} | self._counts()
            # warned once the state is whole: with warnings raised as errors (pytest's
            # filterwarnings = error) the restart had no problem and no metrics (a review)
            warnings.warn(said, TailstatWarning, stacklevel=user_level())
            return dict(self.latest)
        try:
            # ties / small samples: recorded in the result, not warned (warn=False; a warnings
            # filter here would be process-wide and swallow other threads' warnings meanwhile)
            c = classify(self.sketch, name=self.name, warn=False)
        except DataError as exc:
            # constant rewards (common early in training) have no tail to classify:
            # the metrics are NaN until they do, and the reason is kept; training goes on
            # (its advice is for a sample; a monitor holds none to edit: a review)
            self.problem = f"{exc} In this monitor: " + (
                "when the rewards seen so far hold a phase that no longer stands for the "
                "policy's (a constant warm-up), call reset() to follow the rewards from the "
                "next update." if self.window is None else "the window classifies again once "
                "its rewards have a tail (a constant phase leaves it by itself).")
            self.classification = None
            if self.window is not None:  # a window's next heavy episode is warned of again,
                self.warned = False  # whatever came between (a review)
            self.latest = {f"{p}{key}": math.nan for key in _METRICS} | self._counts()
            return dict(self.latest)
        self.problem = None
        self.classification = c
        self.latest = {f"{p}xi": _num(c.xi), f"{p}xi_low": _num(c.xi_ci.low),
                       f"{p}xi_high": _num(c.xi_ci.high),
                       f"{p}prob_heavy": c.probabilities["heavy"],
                       f"{p}prob_light": c.probabilities["light"],
                       f"{p}prob_bounded": c.probabilities["bounded"],
                       f"{p}theta": _num(c.theta)} | self._counts()
        if self.window is not None and not reaches_level(c.probabilities["heavy"], self.level):
            self.warned = False  # a window's heavy episode may end, and another begin
        if not self.warned and reaches_level(c.probabilities["heavy"], self.level):
            self.warned = True
            level = applied_level(self.level)  # as the CLI's gate says it (0.979, not 0.98)
            probably = "is probably heavy" if level >= 0.5 else f"reaches P(heavy) {level:g}"
            seen, over = (("the rewards seen so far", f"after {self.sketch.n:,} rewards")
                          if self.window is None else
                          (f"the rewards of the last {self.window:,} updates",
                           f"over their {self.sketch.n:,} rewards"))
            warnings.warn(
                f"{self.name!r}: the upper tail of {seen} {probably} "
                f"(P(heavy) = {shown_probability(c.probabilities['heavy'])} >= {level:g} "
                f"{over}, ξ = {c.xi:.2f}): the policy may be exploiting "
                "reward-model errors that a KL penalty does not control. "
                f"{c.explain().splitlines()[0]}", HeavyTailWarning, stacklevel=user_level())
        return dict(self.latest)

    def reset(self) -> None:
        """Forget the rewards seen so far and follow the stream from the next update on.

        For a stream that changed in a way the automatic restart does not see: a new reward
        model, or rewards that began constant or on a few levels (a warm-up) and left them,
        whose repeated top can keep every later check from classifying (NaN metrics with
        :attr:`problem` naming the tied maximum; a review). The update count and the settings
        are kept; ``since`` becomes the next update, the metrics and :attr:`problem` start
        again, and the heavy-tail warning may be given again.
        """
        self.sketch = TailSketch(name=self.name)
        self.since = self.updates + 1
        self.latest, self.classification, self.problem, self.warned = {}, None, None, False
        self._recent, self._window_n = deque(), 0
        self._small_window_said = False  # a window under min_n is said again (review 436)

    def _held(self) -> int:
        """Rewards the next check reads: in the sketch, or in the window."""
        return self.sketch.n if self.window is None else self._window_n

    def _window_sketch(self) -> None:
        """Make :attr:`sketch` the sketch of the window's rewards, and ``since`` its first
        update."""
        self.sketch = TailSketch(name=self.name)
        if self._recent:
            self.sketch.update(np.concatenate([values for _, values, _ in self._recent]))
            self.since = self._recent[0][0]

    def __setstate__(self, state: dict[str, Any]) -> None:
        """A monitor pickled by an earlier version (before ``since``, ``problem`` or
        ``window`` existed) loads with their defaults rather than failing at its next
        update."""
        defaults: dict[str, Any] = {
            "since": 1, "problem": None, "_batch": None, "window": None, "_recent": deque(),
            "_window_n": 0, "_small_window_said": False}
        self.__dict__.update(defaults | state)

    def _counts(self) -> dict[str, float]:
        """The metrics that count: rewards in the sketch, missing ones dropped, and the
        update the sketch starts at."""
        p = self.prefix
        return {f"{p}n": float(self.sketch.n),
                f"{p}n_missing": float(self.sketch.n_nan_dropped if self.window is None
                                       else sum(missing for _, _, missing in self._recent)),
                f"{p}since": float(self.since)}

    def _restart(self) -> str:
        """Start the sketch afresh from the next batch; the warning to give is returned.

        The sketch keeps the top order statistics the classifier reads at the current n
        (twice ``capacity_for(n)``, growing with n). When the rewards fall far below those seen
        earlier (a new reward model, a penalty switched on), values dropped while they were
        below the kept top become needed as n grows, and the sketch can no longer classify
        the whole stream. The monitor then follows the rewards from the batch of that check on
        (from the next batch when :meth:`check` is called outside an update) rather than
        going blind: a tail check describes the current policy's rewards.
        """
        old_n = self.sketch.n
        self.reset()  # a new stream (a new reward model): its heavy tail is said too
        if getattr(self, "_batch", None) is not None:  # the batch whose check restarts it,
            self.sketch.update(self._batch)  # kept (a review: dropped, "since" one later)
            self.since = self.updates
        self.problem = (f"restarted from update {self.since:,} (see the warning); the next "
                        f"check comes at the first multiple of every={self.every} updates "
                        f"with at least {self.min_n} new rewards (tail/n counts the rewards "
                        "since the restart)")
        return (f"{self.name!r}: the rewards have moved so far below those seen earlier that "
                f"the monitor's sketch of all {old_n:,} rewards can no longer classify them "
                "(it keeps only the top values a stationary stream needs); it now follows the "
                f"rewards from update {self.since:,} on (metric {self.prefix}since).")

    def __repr__(self) -> str:
        state = (f", P(heavy)={self.latest[self.prefix + 'prob_heavy']:.3f}"
                 if self.latest else "")
        window = "" if self.window is None else f", window={self.window}"
        return (f"TailMonitor(name={self.name!r}, n={self.sketch.n}, updates={self.updates}, "
                f"level={self.level:g}{window}{state})")


_METRICS = ("xi", "xi_low", "xi_high", "prob_heavy", "prob_light", "prob_bounded", "theta")


def _num(x: float) -> float:
    return float(x) if math.isfinite(x) else math.nan
