"""Atomic file output: every file tailstat writes appears whole or not at all.

A file is written to a temporary sibling in the target folder (same file system), flushed to
disk, then renamed over the target with :func:`os.replace`, which is atomic on POSIX and
Windows. On any failure -- a full disk, a permission problem, an exception in the code that
produces the content -- the temporary file is removed, the folders this call created are
removed again, the previous file (if any) is left byte-identical, and the error names the
file: :class:`OutputError`, a :class:`~tailstat.errors.TailstatError` that is also an
:class:`OSError` (so ``except OSError`` keeps working).

Use :func:`atomic_path` when a library writes the file itself (it gets a temporary path),
:func:`atomic_open` for a file object, and :func:`write_text` / :func:`write_bytes` for
content already in memory::

    with atomic_path("reports/run.html") as tmp:
        build_report(data, tmp)
    write_text("out/summary.json", json.dumps(summary))
"""

from __future__ import annotations

import contextlib
import errno as _errno
import os
import secrets
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from tailstat.errors import DataError, OutputError

__all__ = ["OutputError", "atomic_open", "atomic_path", "check_target", "write_bytes",
           "write_text"]


def _reason(exc: OSError) -> str:
    text = exc.strerror or " ".join(str(exc).split()) or type(exc).__name__
    if exc.errno == _errno.ENOSPC:
        text += " (the disk is full)" if "space" not in text.lower() else ""
    return text


def _resolve_target(path: str | os.PathLike[str]) -> Path:
    if not isinstance(path, (str, os.PathLike)):  # (None: Path raised a bare TypeError)
        raise DataError(f"path must be a file name (a str or a path-like), e.g. 'report.html'; "
                        f"got {path!r} instead.")
    target = Path(path)
    if str(path) == "" or target.name in ("", ".", ".."):
        raise OutputError(_errno.EINVAL, "not a file name", str(path))
    try:
        os.lstat(target)  # a name too long for the file system raised a bare OSError
    except OSError as exc:
        if exc.errno == _errno.ENAMETOOLONG:
            raise OutputError(exc.errno, "the name is too long for the file system; give a "
                              "shorter file name", str(path)[:200]) from None
    _refuse_planted_links(target)
    # a device, a pipe, a socket: the atomic rename would replace it with a regular file (run
    # as root, -o /dev/null destroyed /dev/null); read through the links, as /dev/stdout into
    # a pipe is a link to 'pipe:[...]', which names no path
    try:
        mode = os.stat(target).st_mode
    except OSError:
        mode = None
    if mode is not None and not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
        raise OutputError(_errno.EINVAL, "it is not a regular file (a device or a pipe); "
                          "give the name of a file to write (the command line's -o - writes "
                          "to standard output)", str(path))
    if target.is_symlink():  # write through the link and keep it
        target = Path(os.path.realpath(target))
    if target.is_dir():
        raise OutputError(_errno.EISDIR, "it is a folder; give a file name", str(target))
    return target


def _refuse_planted_links(path: Path) -> None:
    """Refuse a symbolic link that the kernel's ``fs.protected_symlinks`` would not follow:
    one in a sticky folder anyone may write (``/tmp``) that belongs neither to this user nor
    to the folder's owner, i.e. planted by another user. The link is resolved here and the
    file it names replaced by a rename, which that protection does not cover: ``-o
    /tmp/report.html`` overwrote any file of the user's that another user's link there named.
    Checked for the path's folders, and for each link of a chain at its end."""
    geteuid = getattr(os, "geteuid", None)
    if geteuid is None:  # Windows: no such links
        return
    links = [p for p in reversed(path.parents) if p.is_symlink()]
    link, hops = path, 0
    while link.is_symlink() and hops < 40:
        links.append(link)
        link, hops = link.parent / os.readlink(link), hops + 1
    for link in links:
        try:
            folder, own = os.stat(link.parent), os.lstat(link).st_uid
        except OSError:
            continue
        shared = folder.st_mode & stat.S_ISVTX and folder.st_mode & stat.S_IWOTH
        if shared and own not in (geteuid(), folder.st_uid):
            raise OutputError(_errno.EACCES, f"'{link}' is a symbolic link another user made "
                              f"in the shared folder '{link.parent}' (it points to "
                              f"'{os.readlink(link)}'); not followed: give another file name",
                              str(path))


def check_target(path: str | os.PathLike[str]) -> Path:
    """Fail early, before any work, on a target that can never be written.

    Parameters
    ----------
    path : str or path-like
        The file to be written later.

    Returns
    -------
    pathlib.Path
        The file that will be written (a symbolic link resolved).

    Raises
    ------
    OutputError
        An empty name, an existing folder, a parent that is a file, or a folder (the
        nearest existing one) that cannot be written. Nothing is created.
    """
    target = _resolve_target(path)
    p = target.parent
    while not p.exists() and p.parent != p:
        p = p.parent
    if p.exists() and not p.is_dir():
        raise OutputError(_errno.ENOTDIR, f"'{p}' is a file, not a folder", str(target))
    if p.exists() and not os.access(p, os.W_OK | os.X_OK):
        raise OutputError(_errno.EACCES, f"permission denied in folder '{p}'", str(target))
    return target


def _make_parents(folder: Path, target: Path) -> list[Path]:
    """Create the missing folders above ``target``; return them, outermost first."""
    missing: list[Path] = []
    p = folder
    while not p.exists():
        if p.is_symlink():  # a dangling link: do not build through it
            raise OutputError(_errno.ENOENT, f"folder '{p}' is a broken link", str(target))
        missing.append(p)
        if p.parent == p:
            break
        p = p.parent
    if p.exists() and not p.is_dir():
        raise OutputError(_errno.ENOTDIR, f"'{p}' is a file, not a folder", str(target))
    created: list[Path] = []
    for d in reversed(missing):
        try:
            d.mkdir()
        except FileExistsError:
            if not d.is_dir():
                _remove_folders(created)
                raise OutputError(_errno.ENOTDIR, f"'{d}' is a file, not a folder",
                                  str(target)) from None
            continue  # made by someone else meanwhile: not ours to remove
        except OSError as exc:
            _remove_folders(created)
            raise OutputError(exc.errno or 0, f"cannot create folder '{d}': {_reason(exc)}",
                              str(target)) from exc
        created.append(d)
    return created


def _remove_folders(created: list[Path]) -> None:
    for d in reversed(created):  # innermost first; a folder someone filled meanwhile stays
        with contextlib.suppress(OSError):
            d.rmdir()


def _new_temp(target: Path) -> Path:
    """Create an empty temporary sibling of ``target`` (permissions as a new file's)."""
    mode: int | None = None  # a new file: 0o666 less the umask, as open() gives
    with contextlib.suppress(OSError):
        mode = target.stat().st_mode & 0o7777  # replacing a file: keep its permissions
    stem = _temp_stem(target)
    for _ in range(100):
        tmp = target.with_name(f".{stem}.{secrets.token_hex(4)}.tmp")
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666 if mode is None
                         else mode)
        except FileExistsError:
            continue
        os.close(fd)
        if mode is not None:  # the umask applied to os.open: restore the old mode exactly
            with contextlib.suppress(OSError):
                os.chmod(tmp, mode)
        return tmp
    raise FileExistsError(_errno.EEXIST, "no free temporary file name", str(target))


#: What a temporary name adds to the target's: ``.``, ``.`` and 8 hex digits, ``.tmp``.
_TEMP_EXTRA = 14


def _temp_stem(target: Path) -> str:
    """The target's name as its temporary sibling's name holds it: cut (at a character) so
    that the temporary name fits the folder's longest name (a name of 242 to 255 bytes could
    not be written: "File name too long" for the temporary file; a review)."""
    try:
        longest = os.pathconf(target.parent, "PC_NAME_MAX")
    except (OSError, ValueError, AttributeError):  # (no pathconf on Windows)
        longest = 255
    name = target.name
    while name and 0 < longest < len(os.fsencode(name)) + _TEMP_EXTRA:  # (-1: no limit)
        name = name[:-1]
    return name


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike[str]) -> Iterator[Path]:
    """Give a temporary path to write; on success it replaces ``path`` atomically.

    Parameters
    ----------
    path : str or path-like
        The file to (re)place. Missing parent folders are created, and removed again if the
        write fails. A symbolic link is written through (the link is kept).

    Yields
    ------
    pathlib.Path
        An empty temporary file in the target folder. Write the content there (replace
        it or append to it); do not rename it.

    Raises
    ------
    OutputError
        When the folder, the temporary file or the rename fails, or the body raises an
        :class:`OSError` about the temporary file (e.g. ``ENOSPC``). The target is unchanged.
        Any other exception of the body propagates unchanged (after the same clean-up).
    """
    target = _resolve_target(path)
    created = _make_parents(target.parent, target)
    try:
        tmp = _new_temp(target)
    except OSError as exc:
        _remove_folders(created)
        raise OutputError(exc.errno or 0, _reason(exc), str(target)) from exc
    try:
        yield tmp
        if not tmp.exists():
            raise OutputError(_errno.ENOENT, "the temporary file disappeared before the "
                              "rename", str(target))
        _fsync(tmp)
        os.replace(tmp, target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        _remove_folders(created)
        if isinstance(exc, OutputError):
            if exc.filename == str(tmp):  # a nested atomic write into our temporary file
                raise OutputError(exc.errno or 0, exc.strerror or "", str(target)) from exc
        elif isinstance(exc, OSError) and not isinstance(exc, BrokenPipeError):  # stdout's
            about = {None, str(tmp), str(target), getattr(exc, "filename2", None)}
            if getattr(exc, "filename", None) in about:
                raise OutputError(exc.errno or 0, _reason(exc), str(target)) from exc
        raise


@contextlib.contextmanager
def atomic_open(path: str | os.PathLike[str], mode: str = "w", *,
                encoding: str | None = "utf-8", newline: str | None = None) -> Iterator[IO[Any]]:
    """Open a file for writing that appears at ``path`` only when the block succeeds.

    Parameters
    ----------
    path : str or path-like
        The file to (re)place; see :func:`atomic_path`.
    mode : {"w", "wb"}
        Text or binary.
    encoding, newline : str, optional
        As in :func:`open` (text mode only).

    Yields
    ------
    file object

    Raises
    ------
    OutputError
        As in :func:`atomic_path`.
    """
    if mode not in ("w", "wb"):
        raise ValueError(f"mode must be 'w' or 'wb', got {mode!r} instead.")
    with atomic_path(path) as tmp:
        if mode == "wb":
            with open(tmp, "wb") as fh:
                yield fh
        else:
            with open(tmp, "w", encoding=encoding, newline=newline) as fh:
                yield fh


def write_text(path: str | os.PathLike[str], text: str, *, encoding: str = "utf-8") -> Path:
    """Write ``text`` to ``path`` atomically; return the path written.

    Raises
    ------
    OutputError
        The file could not be written; a previous file at ``path`` is unchanged.
    """
    with atomic_open(path, "w", encoding=encoding, newline="") as fh:
        fh.write(text)
    return Path(path)


def write_bytes(path: str | os.PathLike[str], data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically; return the path written.

    Raises
    ------
    OutputError
        The file could not be written; a previous file at ``path`` is unchanged.
    """
    with atomic_open(path, "wb") as fh:
        fh.write(data)
    return Path(path)
