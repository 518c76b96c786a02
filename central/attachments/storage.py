"""The attachment files: a folder of stripped images, each named by the SHA-256 of its bytes.

Content-addressed names make a write idempotent (the same photo twice is one file) and never overwrite
one photo with another. A file is written to a temporary name and renamed, so a reader never sees half
of it. Files are written before the database row commits: a failed commit leaves an unreferenced file,
which is harmless (a later upload of the same photo reuses it).
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

_NAME = re.compile(r"^[0-9a-f]{64}\.[a-z]{3,4}$")


class AttachmentStore:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def path(self, sha256: str, extension: str) -> Path:
        name = f"{sha256}{extension}"
        if not _NAME.match(name):  # names come from our own hashes; anything else is a bug, not a path
            raise ValueError(f"not an attachment file name: {name!r}")
        return self.root / sha256[:2] / name

    def put(self, sha256: str, extension: str, data: bytes) -> Path:
        target = self.path(sha256, extension)
        if target.is_file() and target.stat().st_size == len(data):
            return target
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".upload-")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        return target
