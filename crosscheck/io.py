"""Durable output: a report is either fully written or not touched at all.

Why: a run interrupted by Ctrl-C, a full disk or a crash must never leave a half-written
report, or destroy the previous one. We write a temporary file in the same folder (so
the rename stays on one file system), flush it to disk, then ``os.replace`` it.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import CrosscheckError


def atomic_write(path: str | Path, data: str | bytes, *, force: bool = True) -> Path:
    """Write ``data`` to ``path`` atomically; refuse to overwrite unless ``force``."""
    target = Path(path)
    if target.exists() and not force:
        raise CrosscheckError(f"{target}: already exists; pass --force to overwrite it")
    if target.exists() and target.is_dir():
        raise CrosscheckError(f"{target}: is a folder")
    target.parent.mkdir(parents=True, exist_ok=True)
    blob = data.encode("utf-8") if isinstance(data, str) else data
    # mkstemp creates 0600 files; keep the old file's mode, or the usual 0666 minus the umask.
    umask = os.umask(0)
    os.umask(umask)
    mode = target.stat().st_mode & 0o777 if target.exists() else 0o666 & ~umask
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as fh:
            fh.write(blob)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target
