"""Writing output files safely: atomically, never over an input."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Iterable

from gapcheck.errors import OutputError


def check_output_path(output: Path, inputs: Iterable[Path] = ()) -> None:
    """Refuse an output that is an input file or whose folder cannot be written."""
    out = Path(output)
    try:
        resolved = out.resolve()
    except OSError as err:
        raise OutputError(f"cannot use this output path ({err.strerror or err})", str(output)) from None
    for p in inputs:
        try:
            same = Path(p).resolve() == resolved or (out.exists() and os.path.samefile(p, out))  # hard links too
        except OSError:
            same = False
        if same:
            raise OutputError("the output path is one of the input files; refusing to overwrite an input", str(output))
    if out.is_dir():
        raise OutputError("the output path is a directory", str(output))
    parent = resolved.parent
    if not parent.is_dir():
        raise OutputError(f"the folder {parent} does not exist", str(output))
    if not os.access(parent, os.W_OK):
        raise OutputError(f"the folder {parent} is not writable", str(output))


def atomic_write(path: Path, data: str | bytes) -> None:
    """Write to a temporary file beside ``path``, fsync, then rename over it.

    An existing file is replaced only once the new content is complete.
    """
    path = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=str(path.parent or "."))
    except OSError as err:
        raise OutputError(f"cannot write in this folder ({err.strerror or err})", str(path)) from None
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(payload)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException as err:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(err, OSError):
            raise OutputError(f"cannot write ({err.strerror or err})", str(path)) from None
        raise
