"""The only intake of tailstat: validation of samples and groups, and upper order statistics.

* :func:`check_sample` -- one sample (array, list, Series, one column of a frame or file)
  to a validated, read-only float64 :class:`Sample`.
* :func:`check_groups` -- a frame or file with ``by=`` (and optional ``gold=``) to one
  :class:`Sample` per group; a group that fails validation keeps its :class:`DataError`.
* :func:`upper_tail` -- the single ``np.partition`` per sample: the top order statistics
  that every estimator works on.
"""

from tailstat.data.intake import (
    Groups,
    Sample,
    check_groups,
    check_sample,
    file_fingerprint,
    read_table,
)
from tailstat.data.tail import (
    TIE_WARN_FRACTION,
    UpperTail,
    as_upper_tail,
    tie_fraction,
    upper_tail,
)

__all__ = [
    "TIE_WARN_FRACTION",
    "Groups",
    "Sample",
    "UpperTail",
    "as_upper_tail",
    "check_groups",
    "check_sample",
    "file_fingerprint",
    "read_table",
    "tie_fraction",
    "upper_tail",
]
