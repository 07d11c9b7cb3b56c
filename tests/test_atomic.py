"""Atomic outputs (``tailstat._atomic``): a file appears whole or not at all.

The full-disk case is tested twice: by fault injection (a write that raises ``ENOSPC``
half-way) everywhere, and on a real 64 KiB tmpfs when the tests run as root with ``mount``.
"""

from __future__ import annotations

import errno
import os
import pickle
import shutil
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tailstat import TailstatError
from tailstat._atomic import (
    OutputError,
    atomic_open,
    atomic_path,
    check_target,
    write_bytes,
    write_text,
)


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_write_text_creates_folders_and_leaves_no_temp(tmp_path: Path) -> None:
    out = tmp_path / "a" / "b" / "r.html"
    assert write_text(out, "<p>é</p>\n") == out
    assert out.read_bytes() == "<p>é</p>\n".encode()
    assert _leftovers(out.parent) == []


def test_replace_keeps_permissions_and_symlink(tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    out.write_text("old")
    os.chmod(out, 0o640)
    link = tmp_path / "latest.json"
    link.symlink_to(out)
    write_bytes(link, b"new")
    assert link.is_symlink() and out.read_bytes() == b"new"
    assert out.stat().st_mode & 0o777 == 0o640


def test_new_file_gets_umask_permissions_not_0600(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        out = write_text(tmp_path / "r.html", "x")
    finally:
        os.umask(old)
    assert out.stat().st_mode & 0o777 == 0o644


class _DiskFull:
    """A file object whose writes fail with ENOSPC after ``budget`` bytes."""

    def __init__(self, fh, budget: int) -> None:
        self.fh, self.budget = fh, budget

    def write(self, data):
        if len(data) > self.budget:
            self.fh.write(data[: self.budget])
            self.fh.flush()
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        self.budget -= len(data)
        return self.fh.write(data)

    def __getattr__(self, name):
        return getattr(self.fh, name)


def test_full_disk_by_fault_injection_keeps_the_old_file(tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    out.write_bytes(b"<html>the good old report</html>" * 100)
    before = out.read_bytes()
    with pytest.raises(OutputError) as info, atomic_open(out, "w") as fh:
        _DiskFull(fh, 1000).write("<html>new</html>" * 1000)
    err = info.value
    assert isinstance(err, OSError) and isinstance(err, TailstatError)
    assert err.errno == errno.ENOSPC and err.filename == str(out)
    assert str(out) in str(err) and "space" in str(err).lower()
    assert out.read_bytes() == before
    assert _leftovers(tmp_path) == []


def test_failure_in_the_body_removes_temp_and_created_folders(tmp_path: Path) -> None:
    out = tmp_path / "new" / "deeper" / "r.html"
    with pytest.raises(KeyError), atomic_path(out) as tmp:
        tmp.write_text("partial")
        raise KeyError("boom")
    assert not (tmp_path / "new").exists()  # no empty folders left behind
    assert list(tmp_path.iterdir()) == []


def test_failure_keeps_folders_that_existed(tmp_path: Path) -> None:
    (tmp_path / "kept").mkdir()
    out = tmp_path / "kept" / "sub" / "r.html"
    with pytest.raises(RuntimeError), atomic_path(out):
        raise RuntimeError("x")
    assert (tmp_path / "kept").is_dir() and not (tmp_path / "kept" / "sub").exists()


def test_os_error_about_another_file_passes_through(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError) as info, atomic_path(tmp_path / "r.html"):
        open(tmp_path / "input-missing.csv")
    assert not isinstance(info.value, OutputError)


@pytest.mark.parametrize("case", ["folder", "parent is a file", "empty name"])
def test_unwritable_targets_name_the_file(tmp_path: Path, case: str) -> None:
    (tmp_path / "afile").write_text("x")
    target = {"folder": tmp_path, "parent is a file": tmp_path / "afile" / "r.html",
              "empty name": Path("")}[case]
    with pytest.raises(OutputError) as info:
        write_text(target, "y")
    assert str(info.value).startswith("cannot write '")
    assert (tmp_path / "afile").read_text() == "x"


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0,
                    reason="root ignores folder permissions")
def test_read_only_folder(tmp_path: Path) -> None:
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o555)
    try:
        with pytest.raises(OutputError) as info:
            write_text(ro / "r.html", "x")
        assert info.value.errno == errno.EACCES and "r.html" in str(info.value)
        with pytest.raises(OutputError, match="permission denied"):
            check_target(ro / "sub" / "r.html")
        assert list(ro.iterdir()) == []
    finally:
        ro.chmod(0o755)


def test_output_error_pickles() -> None:
    err = pickle.loads(pickle.dumps(OutputError(errno.ENOSPC, "No space left", "/x/r.html")))
    assert isinstance(err, OutputError) and str(err) == "cannot write '/x/r.html': No space left"


# --------------------------------------------------------------------------------------------
# a real full disk: a 64 KiB tmpfs
# --------------------------------------------------------------------------------------------


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    mount = shutil.which("mount")
    if mount is None or not hasattr(os, "geteuid") or os.geteuid() != 0:
        pytest.skip("a real full disk needs root and mount(8); the fault-injection test covers "
                    "the same path")
    where = tmp_path / f"disk-{uuid.uuid4().hex[:6]}"
    where.mkdir()
    res = subprocess.run([mount, "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(where)],
                         capture_output=True, text=True)
    if res.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {res.stderr.strip()}")
    try:
        yield where
    finally:
        subprocess.run(["umount", str(where)], capture_output=True)


def test_full_disk_on_a_real_tmpfs_keeps_the_old_file(small_disk: Path) -> None:
    out = small_disk / "report.html"
    write_bytes(out, b"a" * 20_000)
    before = out.read_bytes()
    with pytest.raises(OutputError) as info:
        write_bytes(out, b"b" * 60_000)  # the old file and the new one do not both fit
    assert info.value.errno == errno.ENOSPC and str(out) in str(info.value)
    assert out.read_bytes() == before
    assert sorted(p.name for p in small_disk.iterdir()) == ["report.html"]


def test_check_target_creates_nothing(tmp_path: Path) -> None:
    (tmp_path / "afile").write_text("x")
    assert check_target(tmp_path / "a" / "b" / "r.html") == tmp_path / "a" / "b" / "r.html"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["afile"]
    for bad in (tmp_path, tmp_path / "afile" / "r.html"):
        with pytest.raises(OutputError):
            check_target(bad)


def test_nested_atomic_writes_name_the_outer_file(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "r.html"
    out.write_text("old")

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    with pytest.raises(OutputError) as info, atomic_path(out) as tmp:
        monkeypatch.setattr(os, "fsync", full)
        write_text(tmp, "new")  # e.g. a library that writes atomically itself
    assert info.value.filename == str(out) and str(out) in str(info.value)
    assert out.read_text() == "old" and _leftovers(tmp_path) == []


def test_replace_keeps_0666_permissions(tmp_path: Path) -> None:
    """A group-writable 0o666 file came back 0o644: the mode 0o666 stood for "no file to
    replace", so the umask was applied to it."""
    out = tmp_path / "shared.json"
    out.write_text("old")
    os.chmod(out, 0o666)
    old = os.umask(0o022)
    try:
        write_bytes(out, b"new")
    finally:
        os.umask(old)
    assert out.read_bytes() == b"new" and out.stat().st_mode & 0o777 == 0o666


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0,
                    reason="making a link owned by another user needs root")
def test_a_link_another_user_planted_in_a_shared_folder_is_not_followed(tmp_path: Path
                                                                        ) -> None:
    """-o /tmp/verdicts.json, where another user had made verdicts.json a link to a file of
    ours, overwrote that file: the link was resolved here and the file renamed over, which
    the kernel's fs.protected_symlinks (it refuses such a link to open()) does not cover.
    Refused as that protection refuses it; our own link there is still written through."""
    shared = tmp_path / "shared"
    shared.mkdir()
    os.chmod(shared, 0o1777)
    precious = tmp_path / "precious.txt"
    precious.write_text("keep")
    planted = shared / "verdicts.json"
    planted.symlink_to(precious)
    os.lchown(planted, 65534, 65534)
    with pytest.raises(OutputError, match="symbolic link another user made"):
        write_text(planted, "{}")
    with pytest.raises(OutputError, match="symbolic link another user made"):
        check_target(planted)
    assert precious.read_text() == "keep"
    folder_link = shared / "out"  # a planted link to a folder, on the way to the file
    folder_link.symlink_to(tmp_path)
    os.lchown(folder_link, 65534, 65534)
    with pytest.raises(OutputError, match="symbolic link another user made"):
        write_text(folder_link / "precious.txt", "{}")
    assert precious.read_text() == "keep"
    ours = shared / "latest.json"
    ours.symlink_to(precious)
    write_text(ours, "new")
    assert ours.is_symlink() and precious.read_text() == "new"


def test_a_target_that_is_no_path_is_a_data_error() -> None:
    # (error-message audit) report(x, None) raised pathlib's bare TypeError
    from tailstat import DataError

    for bad in (None, 5):
        with pytest.raises(DataError, match="path must be a file name"):
            check_target(bad)  # type: ignore[arg-type]


def test_a_name_too_long_for_the_file_system_is_an_output_error(tmp_path):
    # a bare OSError "[Errno 36] File name too long" before
    with pytest.raises(OutputError, match="too long") as info:
        check_target(tmp_path / ("a" * 5000 + ".html"))
    assert info.value.errno == errno.ENAMETOOLONG


def test_a_closed_pipe_in_the_body_is_not_the_file_s_failure(tmp_path: Path) -> None:
    """``tailstat report x.csv -o r.html 2>&1 | head -1``: the progress line written into the
    closed pipe during the report was reported as a failure to write r.html ("Broken pipe:
    'r.html'", exit 2); it propagates as it was (the command ends quietly, exit 141)."""
    target = tmp_path / "r.html"
    with pytest.raises(BrokenPipeError), atomic_path(target):
        raise BrokenPipeError(32, "Broken pipe")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="no /proc here")
def test_a_link_to_a_pipe_is_refused_as_not_a_regular_file(tmp_path: Path) -> None:
    """A review: `-o /dev/stdout | cat` said "cannot write '/proc/<pid>/fd/pipe:[575641]': No
    such file or directory" (the link was resolved to a name that is no path). The link is
    read through, and refused in the words of a device or a pipe."""
    read, write = os.pipe()
    try:
        with pytest.raises(TailstatError, match="not a regular file") as err:
            check_target(f"/proc/self/fd/{write}")
        assert "pipe:[" not in str(err.value) and "No such file" not in str(err.value)
    finally:
        os.close(read)
        os.close(write)
