#!/usr/bin/env bash
# Install Quality Desk into .venv (with the system libraries Qt needs for a real X display and
# offscreen, when run as root on Debian) and start it on its embedded default: SQLite in the user
# data folder. The install is skipped when nothing it depends on changed (scripts/setup-common.sh).
# Extra arguments go to quality-desk (e.g. `--data-dir DIR`, or a command such as `stats`); the
# same command is .venv/bin/quality-desk afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/setup-common.sh

# shellcheck disable=SC2086
qd_install_debian_packages $QD_QT_PACKAGES
qd_install_venv ""
exec "$QD_COMMAND" "$@"
