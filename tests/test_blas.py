"""tailstat._blas: one BLAS thread inside the context, and nothing changed after it."""

from __future__ import annotations

import subprocess
import sys


def test_the_first_call_leaves_no_environment_variable_behind() -> None:
    """A review: importing threadpoolctl sets KMP_DUPLICATE_LIB_OK=True, which stayed set
    for the rest of the process (read in a fresh one: this one has imported it already)."""
    code = ("import os\n"
            "os.environ.pop('KMP_DUPLICATE_LIB_OK', None)\n"
            "from tailstat._blas import one_blas_thread\n"
            "with one_blas_thread():\n"
            "    from threadpoolctl import threadpool_info  # (imported already: no setdefault)\n"
            "    inside = [p['num_threads'] for p in threadpool_info()\n"
            "              if p['user_api'] == 'blas']\n"
            "print(os.environ.get('KMP_DUPLICATE_LIB_OK'), set(inside) <= {1})\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.split()
    assert out == ["None", "True"]
