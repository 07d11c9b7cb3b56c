"""tailstat._blas: one BLAS thread inside the context, and nothing changed after it."""

from __future__ import annotations

from _helpers import BLAS_THREADS, fresh_python


def test_the_first_call_leaves_no_environment_variable_behind() -> None:
    """A review: importing threadpoolctl sets KMP_DUPLICATE_LIB_OK=True, which stayed set
    for the rest of the process (read in a fresh one: this one has imported it already)."""
    code = ("import os\n"
            "os.environ.pop('KMP_DUPLICATE_LIB_OK', None)\n"
            "from tailstat._blas import one_blas_thread\n"
            "with one_blas_thread():  # (threadpoolctl imported by it: no setdefault below)\n"
            f"    inside = {BLAS_THREADS}\n"
            "print(os.environ.get('KMP_DUPLICATE_LIB_OK'), set(inside) <= {1})\n")
    out = fresh_python(code).split()
    assert out == ["None", "True"]
