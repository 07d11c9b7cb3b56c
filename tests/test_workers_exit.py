"""The process exits after its workers are ended mid-message (``tailstat/_workers.py``)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import tailstat

ROOT = str(Path(tailstat.__file__).resolve().parent.parent)

SCRIPT = textwrap.dedent('''
    import os, struct, sys, time
    import tailstat._workers as w

    def half_sent(x):
        # in a worker: the start of a result message whose rest never comes, as when the
        # worker is ended while it sends a large result
        frame = sys._getframe()
        while "result_queue" not in frame.f_locals:
            frame = frame.f_back
        queue = frame.f_locals["result_queue"]
        with queue._wlock:
            os.write(queue._writer.fileno(), struct.pack("!i", 100_000) + b"x" * 1000)
            time.sleep(120)

    w.worker_count = lambda: 2
    with w.Workers() as workers:
        workers.start(100)
        for i in range(4):
            workers.submit(half_sent, i)
        time.sleep(1.5)
        workers.close(failed=True)
    print("closed", flush=True)
''')


@pytest.mark.skipif(sys.platform == "win32" or not hasattr(os, "fork"), reason="fork workers")
def test_workers_ended_mid_message_do_not_hold_the_exit(tmp_path) -> None:
    """Review 441: SIGTERM during a report printed "tailstat: interrupted", then the process
    hung for good (2 of 45 runs): a worker ended while sending its result left the pool's
    thread reading the rest of the message, and the exit waits for that thread. Here a
    worker sends half a message, as such a worker does, and is ended: the process exits."""
    script = tmp_path / "half_sent.py"
    script.write_text(SCRIPT)
    env = {**os.environ, "PYTHONPATH": ROOT}
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                          timeout=60, env=env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "closed"
