# Shared by scripts/start.sh and scripts/run-tests.sh (sourced, not run): the Debian packages Qt
# needs, and the .venv install that is skipped when nothing it depends on changed.
#
# The command line lives at .venv/bin/quality-desk; README's examples use that path.

# What the Qt platform plugins link (checked with `ldd` on libqxcb.so and libqoffscreen.so, see
# tests/packaging/test_system_libraries.py): the xcb plugin of a real X display, the offscreen
# plugin, OpenGL/EGL, fonts; and the CJK font the window pins on Linux.
QD_QT_PACKAGES="libglib2.0-0 libgl1 libegl1 libfontconfig1 libfreetype6 libdbus-1-3 \
libxkbcommon0 libxkbcommon-x11-0 libx11-6 libx11-xcb1 libxcb1 libxcb-cursor0 libxcb-icccm4 \
libxcb-image0 libxcb-keysyms1 libxcb-randr0 libxcb-render0 libxcb-render-util0 libxcb-shape0 \
libxcb-shm0 libxcb-sync1 libxcb-util1 libxcb-xfixes0 libxcb-xkb1 fonts-wqy-microhei"

QD_VENV=.venv
QD_COMMAND="$QD_VENV/bin/quality-desk"
QD_APT_WAIT_SECONDS=${QD_APT_WAIT_SECONDS:-600}
QD_APT_RETRY_SECONDS=${QD_APT_RETRY_SECONDS:-5}

qd_apt_get() {
  # apt-get that waits (up to 10 minutes) while another apt or dpkg holds its lock. dpkg's lock
  # is waited for by apt itself (DPkg::Lock::Timeout); `apt-get update` ignores that option and
  # fails at once on the lists lock, so it is retried here.
  local deadline=$((SECONDS + QD_APT_WAIT_SECONDS)) log status
  log=$(mktemp)
  while true; do
    status=0
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout="$QD_APT_WAIT_SECONDS" "$@" \
      >"$log" 2>&1 || status=$?
    if [ "$status" = 0 ]; then
      rm -f "$log"
      return 0
    fi
    if grep -q -E "Could not get lock|Unable to lock|Unable to acquire" "$log" \
        && [ "$SECONDS" -lt "$deadline" ]; then
      echo "waiting for another apt/dpkg process to finish…" >&2
      sleep "$QD_APT_RETRY_SECONDS"
      continue
    fi
    cat "$log" >&2
    rm -f "$log"
    return "$status"
  done
}

qd_install_debian_packages() {
  # Install the named Debian packages that are missing (only as root on a Debian-like system).
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    return 0
  fi
  local missing="" package
  for package in "$@"; do
    dpkg-query -W -f='${db:Status-Status}' "$package" 2>/dev/null | grep -qx installed \
      || missing="$missing $package"
  done
  [ -n "$missing" ] || return 0
  echo "installing system packages:$missing" >&2
  qd_apt_get update -qq
  # shellcheck disable=SC2086  # one word per package
  qd_apt_get install -y -qq --no-install-recommends $missing
}

qd_install_venv() {
  # Install the project (editable) into .venv with the given extras ("" or e.g. "test,build").
  # Skipped when .venv already holds it for the same pyproject.toml, setup.py, Python and extras:
  # code changes need no reinstall in an editable install, only its metadata does.
  local extras="$1" spec=. stamp="$QD_VENV/.quality-desk-install" fingerprint installed extra
  [ -n "$extras" ] && spec=".[$extras]"
  fingerprint="$(cat pyproject.toml setup.py | sha256sum | cut -c1-16) $(python3 -V 2>&1)"
  if [ -x "$QD_VENV/bin/python" ] && [ -x "$QD_COMMAND" ] && [ -f "$stamp" ] \
      && "$QD_VENV/bin/python" -c "" 2>/dev/null; then
    installed=$(cat "$stamp")
    if [ "${installed%%|*}" = "$fingerprint" ]; then
      local satisfied=1
      for extra in ${extras//,/ }; do
        case ",${installed#*|}," in *",$extra,"*) ;; *) satisfied=0 ;; esac
      done
      [ "$satisfied" = 1 ] && return 0
    fi
  fi
  echo "installing Quality Desk into $QD_VENV (pip install -e \"$spec\")…" >&2
  local log="$QD_VENV/pip-install.log"
  python3 -m venv "$QD_VENV"
  if ! { "$QD_VENV/bin/python" -m pip install -q --upgrade pip \
         && "$QD_VENV/bin/python" -m pip install -e "$spec"; } >"$log" 2>&1; then
    tail -n 40 "$log" >&2
    echo "pip install failed; the whole log is in $log" >&2
    return 1
  fi
  echo "$fingerprint|$extras" >"$stamp"
  echo "installed: the command line is $QD_COMMAND (README's examples use this path)" >&2
}
