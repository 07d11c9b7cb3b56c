"""The only intake of tailstat: validation of samples and groups, and upper order statistics.

* :func:`check_sample` -- one sample (array, list, Series, one column of a frame or file)
  to a validated, read-only float64 :class:`Sample`.
* :func:`check_groups` -- a frame or file with ``by=`` (and optional ``gold=``) to one
  :class:`Sample` per group; a group that fails validation keeps its :class:`DataError`.
* :func:`read_table` -- files (by shape or ``format=``: RewardBench outputs, TRL GRPO
  completion logs, a JSON ``rewards`` list, CSV / parquet / JSON lines), standard input
  (``"-"``), pyarrow / Hugging Face datasets / Arrow-stream objects to pandas; the readers
  live in :mod:`tailstat.data.readers`.
* :func:`upper_tail` -- the single ``np.partition`` per sample: the top order statistics
  that every estimator works on.
"""

from tailstat.data._drop import refused_at, refused_words
from tailstat.data._read_frames import frame_source
from tailstat.data._values import INFINITE_HINT, NAN_DROP_HINT
from tailstat.data.groups import Groups, check_groups, group_keys
from tailstat.data.intake import (
    Sample,
    check_sample,
    file_fingerprint,
    read_table,
)
from tailstat.data.pairs import check_pairs
from tailstat.data.readers import (
    FORMATS,
    SCORES,
    read_rewardbench,
    read_trl_completions,
)
from tailstat.data.tail import (
    TIE_WARN_FRACTION,
    UpperTail,
    as_upper_tail,
    tie_fraction,
    upper_tail,
)

__all__ = [
    "FORMATS",
    "INFINITE_HINT",
    "NAN_DROP_HINT",
    "SCORES",
    "TIE_WARN_FRACTION",
    "Groups",
    "Sample",
    "UpperTail",
    "as_upper_tail",
    "check_groups",
    "check_pairs",
    "check_sample",
    "file_fingerprint",
    "frame_source",
    "group_keys",
    "read_rewardbench",
    "read_table",
    "read_trl_completions",
    "refused_at",
    "refused_words",
    "tie_fraction",
    "upper_tail",
]
