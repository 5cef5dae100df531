#!/usr/bin/env bash
# Install what the tests need on a fresh Debian machine of this kind, then run the whole suite.
# README's test command and CI (.ci/run) both call this script, so they never disagree.
# Extra arguments go to pytest (e.g. `-m "not gui"`).
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES="libglib2.0-0 libgl1 libegl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 \
libfreetype6 libdbus-1-3 libxcb-cursor0 fonts-wqy-microhei libreoffice-calc"
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  missing=""
  for package in $APT_PACKAGES; do
    dpkg -s "$package" >/dev/null 2>&1 || missing="$missing $package"
  done
  if [ -n "$missing" ]; then
    echo "installing system packages:$missing"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
  fi
fi

python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e ".[test]"

if [ -z "${QUALITY_DESK_TEST_PG_URL:-}" ]; then
  if url=$(bash .ci/start-postgres.sh 2>/dev/null); then
    export QUALITY_DESK_TEST_PG_URL="$url"
  else
    echo "PostgreSQL could not be started here: tests marked 'postgres' will be skipped"
  fi
fi

export QT_QPA_PLATFORM=offscreen
exec .venv/bin/python -m pytest "$@"
