"""Locate the data files that ship with patchkit: sample fixtures and patchsets.

A wheel carries them inside the package, under `patchkit/_bundled/<kind>/`. An
editable install reads them from the repository root, next to `src/`.
"""

from __future__ import annotations

from pathlib import Path

from patchkit.errors import PatchkitError

BUNDLED_KINDS = ("fixtures", "patchsets")

_PACKAGE_DIR = Path(__file__).resolve().parent


def bundled_path(kind: str, name: str) -> Path:
    """Return the path of the bundled file or folder `name` of `kind` ("fixtures" or "patchsets").

    Raises PatchkitError when the kind is unknown, the name leaves its folder, or
    no installed copy of it exists.
    """
    if kind not in BUNDLED_KINDS:
        raise PatchkitError(
            f"Unknown kind of bundled data '{kind}': expected one of {', '.join(BUNDLED_KINDS)}."
        )
    relative = Path(name)
    if not name or relative.is_absolute() or ".." in relative.parts:
        raise PatchkitError(
            f"Invalid bundled {kind} name '{name}': expected a path inside the {kind} folder."
        )
    candidates = [root / relative for root in _bundled_roots(kind)]
    for candidate in candidates:
        if candidate.exists():
            return candidate
    searched = ", ".join(str(candidate) for candidate in candidates)
    raise PatchkitError(
        f"Bundled {kind} '{name}' not found (searched {searched}); reinstall patchkit."
    )


def _bundled_roots(kind: str) -> list[Path]:
    """Return the folders that may hold bundled data of `kind`, wheel layout first."""
    wheel_root = _PACKAGE_DIR / "_bundled" / kind
    source_root = _PACKAGE_DIR.parent.parent / kind
    return [wheel_root, source_root]
