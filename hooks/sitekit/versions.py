"""Installed package versions, for cache keys: an entry made by other code is never reused."""
from __future__ import annotations

from importlib import metadata


def package_versions(names) -> str:
    """``name==version`` of each package, ``name==none`` when it is not installed."""
    found = []
    for name in names:
        try:
            found.append(f"{name}=={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            found.append(f"{name}==none")
    return ",".join(found)
