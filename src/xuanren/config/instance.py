"""The instance folder: where this installation keeps its database, secret key and uploads.

It is ``$XUANREN_INSTANCE`` when set, else ``./instance`` under the current directory (``make run``
runs from the repository root, so that is ``<repo>/instance``).
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path


def instance_dir() -> Path:
    path = Path(os.environ.get("XUANREN_INSTANCE", Path.cwd() / "instance")).resolve()
    path.mkdir(parents=True, exist_ok=True)
    return path


def secret_key(folder: Path) -> str:
    """``$SECRET_KEY`` if set; otherwise the key kept in the instance folder, made on first use."""
    if key := os.environ.get("SECRET_KEY"):
        return key
    key_file = folder / "secret_key"
    if not key_file.exists():
        # Created with 0600 so other local users cannot read it.
        fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_urlsafe(50))
    return key_file.read_text().strip()
