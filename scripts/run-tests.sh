#!/usr/bin/env bash
# Install what the tests need on a fresh Debian machine of this kind, then run the whole suite.
# README's test command and CI (.ci/run) both call this script, so they never disagree.
# Extra arguments go to pytest (e.g. `-m "not gui"`).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/setup-common.sh

# Beyond what the app needs: LibreOffice Calc (the printed 月报), Xvfb + openbox + xwininfo (the
# real-window test on the xcb platform), binutils (`strip` and `nm`) and gcc (packaging/build.py:
# PyInstaller strips the libraries, packaging/icu_data.py links the smaller ICU data library).
# shellcheck disable=SC2086
qd_install_debian_packages $QD_QT_PACKAGES libreoffice-calc xvfb openbox x11-utils binutils gcc
qd_install_venv "test,build"

if [ -z "${QUALITY_DESK_TEST_PG_URL:-}" ]; then
  if url=$(bash .ci/start-postgres.sh 2>/dev/null); then
    export QUALITY_DESK_TEST_PG_URL="$url"
  else
    echo "PostgreSQL could not be started here: tests marked 'postgres' will be skipped"
  fi
fi

export QT_QPA_PLATFORM=offscreen
exec "$QD_VENV/bin/python" -m pytest "$@"
