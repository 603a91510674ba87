"""Folders a command cannot write to, for tests of "read-only output folder" messages.

Root ignores folder permissions, and tests often run as root in CI containers, so a
command meant to meet a read-only folder runs as ``nobody`` (``setpriv``) there. The
folders live under a world-readable temporary directory, since pytest's own ``tmp_path``
is private to the user who runs the tests.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

NOBODY = 65534


def as_unprivileged(command: list[str]) -> list[str]:
    """``command`` run as a user whom permissions apply to."""
    if os.geteuid() != 0:
        return command
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        raise RuntimeError("running as root needs setpriv (util-linux) to test permissions")
    return [setpriv, f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", *command]


@contextmanager
def shared_folder() -> Iterator[Path]:
    """A temporary folder every user may read and write (like /tmp itself)."""
    folder = Path(tempfile.mkdtemp(prefix="opdcrawl-perm-"))
    folder.chmod(0o1777)
    try:
        yield folder
    finally:
        for path in [folder, *folder.rglob("*")]:
            if path.is_dir():
                path.chmod(0o755)
        shutil.rmtree(folder, ignore_errors=True)


def read_only(folder: Path) -> Path:
    """Make ``folder`` (created if needed) readable but not writable by anyone."""
    folder.mkdir(parents=True, exist_ok=True)
    folder.chmod(0o555)
    return folder
