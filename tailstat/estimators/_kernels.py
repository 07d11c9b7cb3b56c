"""Deprecated private alias of :mod:`tailstat.estimators.kernels`, kept only until
:mod:`tailstat.classification` imports the public module (see ``KNOWN_LEAD_TODO`` in
``tests/test_architecture.py``); delete it then."""

from tailstat.estimators.kernels import *  # noqa: F403
from tailstat.estimators.kernels import __all__  # noqa: F401
