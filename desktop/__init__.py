"""Quality Desk (质量提升台账): offline ledger of the county Quality Improvement Action plan."""

from __future__ import annotations

APP_NAME = "quality-desk"
APP_TITLE_ZH = "质量提升台账"


DIST_INFO_PREFIX = "quality_desk-"


def _dist_info_version() -> str | None:
    """The version in the name of the installed ``quality_desk-X.Y.Z.dist-info`` folder.

    What ``importlib.metadata`` would answer, without importing it (that costs more than
    starting Python): ``quality-desk --version`` must stay about as quick as ``python -c``.
    """
    import os
    import sys

    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for name in names:
            if name.startswith(DIST_INFO_PREFIX) and name.endswith(".dist-info"):
                return name[len(DIST_INFO_PREFIX) : -len(".dist-info")]
    return None


def _installed_version() -> str:
    """The installed distribution's version; from ``pyproject.toml`` in a bare source tree."""
    found = _dist_info_version()
    if found:
        return found
    from importlib import metadata

    try:
        return metadata.version("quality-desk")
    except metadata.PackageNotFoundError:
        import tomllib
        from pathlib import Path

        pyproject = Path(__file__).resolve().parent.parent / "pyproject.toml"
        try:
            return str(tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["version"])
        except (OSError, KeyError, tomllib.TOMLDecodeError):
            return "unknown"


def __getattr__(name: str) -> str:
    # ``__version__`` is looked up on first use: importing importlib.metadata costs ~50 ms,
    # which the window's start-up (measured against a bare Qt window) cannot afford.
    if name == "__version__":
        version = _installed_version()
        globals()["__version__"] = version
        return version
    raise AttributeError(f"module 'desktop' has no attribute {name!r}")
