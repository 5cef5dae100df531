"""Quality Desk (质量提升台账): offline ledger of the county Quality Improvement Action plan."""

from importlib import metadata

try:
    __version__ = metadata.version("quality-desk")
except metadata.PackageNotFoundError:  # running from a source tree or a frozen bundle
    __version__ = "0.1.0"

APP_NAME = "quality-desk"
APP_TITLE_ZH = "质量提升台账"
