#!/usr/bin/env bash
# The Linux package, end to end (scripts/test.sh's package stage, after scripts/package.sh):
#   1. the .deb holds the console, /usr/bin/hesctl, the desktop entry and icons; sizes printed
#      against the goal (<= 8 MB, DEB_GOAL_BYTES); above DEB_MAX_BYTES (default 20 MB, a
#      regression ceiling) it fails; the .rpm holds /usr/bin/hesctl too (when rpm is installed);
#   2. installs it with apt (a copy left by an earlier run is purged first);
#   3. starts the *installed* console in a virtual display (dbus-run-session + xvfb-run) on a
#      scratch workspace until it logs ready_ms (its first screen with data), then stops it;
#   4. runs the installed hesctl (on PATH): --version names the version, this commit and the HES
#      releases; it reads the workspace the installed console created;
#   5. purges the package: every file it installed is gone, dpkg no longer knows it.
# Needs root or sudo (apt), xvfb, dbus (scripts/install-deps.sh --test installs them).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

fail() {
  printf 'deb-test: FAIL: %s\n' "$*" >&2
  exit 1
}
say() { printf 'deb-test: %s\n' "$*"; }

# ---- inside the virtual display: start the installed console, wait for ready_ms ------------------
if [ "${1:-}" = --start-installed ]; then
  bin=$2 dir=$3
  HOME="$dir/home" XDG_CONFIG_HOME="$dir/home/.config" XDG_DATA_HOME="$dir/home/.local/share" \
    HES_CONSOLE_WORKSPACE="$dir/workspace.sqlite" "$bin" 2>"$dir/console.log" &
  pid=$!
  ready=""
  for _ in $(seq 1 600); do # 60 s
    ready=$(grep -ao 'ready_ms=[0-9]*' "$dir/console.log" || true)
    [ -n "$ready" ] && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  if [ -z "$ready" ]; then
    echo "deb-test: the installed console did not log ready_ms within 60 s; its log:" >&2
    tail -n 40 "$dir/console.log" >&2
    exit 1
  fi
  echo "deb-test: the installed console ($bin) started: ${ready%%$'\n'*}"
  exit 0
fi

SUDO=()
if [ "$(id -u)" -ne 0 ]; then SUDO=(sudo); fi
TARGET=${CARGO_TARGET_DIR:-target}
shopt -s nullglob
PROFILE=${PACKAGE_PROFILE:-release} # debug: the test command's installers (scripts/package.sh)
debs=("$TARGET"/"$PROFILE"/bundle/deb/*.deb)
rpms=("$TARGET"/"$PROFILE"/bundle/rpm/*.rpm)
shopt -u nullglob
[ "${#debs[@]}" -eq 1 ] || fail "expected one .deb in $TARGET/$PROFILE/bundle/deb/, found ${#debs[@]} (run scripts/package.sh)"
DEB=${debs[0]}
PKG=$(dpkg-deb -f "$DEB" Package)
VERSION=$(dpkg-deb -f "$DEB" Version)

# ---- 1. contents and size ------------------------------------------------------------------------
contents=$(dpkg-deb -c "$DEB")
# dpkg-deb -c lists paths with or without a leading "./" (Tauri's bundler writes them without).
for f in usr/bin/hesctl usr/share/applications/ usr/share/icons/; do
  case "$contents" in *" $f"* | *" ./$f"*) ;; *) fail "$DEB has no $f" ;; esac
done
deb_size=$(wc -c <"$DEB")
goal=${DEB_GOAL_BYTES:-8000000}
max=${DEB_MAX_BYTES:-20000000}
say "$DEB: package $PKG $VERSION, $deb_size bytes ($((deb_size / 1024)) KiB)"
while read -r _ _ size _ _ path; do # dpkg-deb -c: mode owner size date time path
  case "$path" in */) ;; ./usr/bin/* | usr/bin/*) say "  $path: $size bytes unpacked" ;; esac
done <<<"$contents"
if [ "$PROFILE" != release ]; then
  # Unoptimised binaries: the size says nothing about what ships; the release build is measured.
  say "size not checked: a $PROFILE-profile package (the goal applies to the release build)"
elif [ "$deb_size" -le "$goal" ]; then
  say "size goal met: <= $goal bytes"
else
  say "WARNING: over the size goal ($goal bytes) by $((deb_size - goal)) bytes"
fi
if [ "$PROFILE" = release ] && [ "$deb_size" -gt "$max" ]; then
  fail "the .deb is larger than DEB_MAX_BYTES ($max bytes)"
fi
if [ "${#rpms[@]}" -eq 1 ]; then
  say "${rpms[0]}: $(wc -c <"${rpms[0]}") bytes"
  if command -v rpm >/dev/null; then
    rpm_files=$(rpm -qlp "${rpms[0]}" 2>/dev/null)
    case "$rpm_files" in *"/usr/bin/hesctl"*) ;; *) fail "${rpms[0]} has no /usr/bin/hesctl" ;; esac
  fi
fi

# ---- 2. install ----------------------------------------------------------------------------------
status() { dpkg-query -W -f='${db:Status-Status}' "$PKG" 2>/dev/null || true; }
if [ "$(status)" = installed ]; then
  say "$PKG is installed (an earlier run?): purging it first"
  "${SUDO[@]}" apt-get purge -y -q "$PKG" >/dev/null
fi
INSTALLED=0
TMP=$(mktemp -d)
cleanup() {
  if [ "$INSTALLED" = 1 ]; then "${SUDO[@]}" apt-get purge -y -q "$PKG" >/dev/null 2>&1 || true; fi
  rm -rf "$TMP"
}
trap cleanup EXIT
# ./path makes apt take the file (and fetch only missing dependencies, normally none here).
case "$DEB" in /*) deb_arg=$DEB ;; *) deb_arg=./$DEB ;; esac
INSTALLED=1
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$deb_arg" >"$TMP/apt.log" 2>&1 ||
  fail "apt-get install $DEB failed: $(tail -n 20 "$TMP/apt.log")"
[ "$(status)" = installed ] || fail "dpkg does not list $PKG as installed"
FILES=()
while IFS= read -r f; do [ -d "$f" ] || FILES+=("$f"); done < <(dpkg -L "$PKG")
say "installed $PKG: ${#FILES[@]} files: ${FILES[*]}"

# The console's binary: the desktop entry's Exec (what the menu starts).
desktop=""
for f in "${FILES[@]}"; do case "$f" in *.desktop) desktop=$f ;; esac; done
[ -n "$desktop" ] || fail "no .desktop file installed"
exec_line=$(grep -m1 '^Exec=' "$desktop" || true)
APP=${exec_line#Exec=}
APP=${APP%% *}
case "$APP" in /*) ;; *) APP=$(PATH=/usr/bin:/bin command -v "$APP" || true) ;; esac
[ -x "$APP" ] || fail "the desktop entry's Exec ($exec_line) is not an installed program"

# ---- 3. the installed console starts -------------------------------------------------------------
mkdir -p "$TMP/home"
NO_AT_BRIDGE=1 dbus-run-session -- xvfb-run -a -s "-screen 0 1280x800x24" \
  bash "$0" --start-installed "$APP" "$TMP"
[ -f "$TMP/workspace.sqlite" ] || fail "the installed console created no workspace at HES_CONSOLE_WORKSPACE"

# ---- 4. the installed hesctl ---------------------------------------------------------------------
HESCTL=$(PATH=/usr/bin:/bin command -v hesctl || true)
[ "$HESCTL" = /usr/bin/hesctl ] || fail "hesctl is not on PATH at /usr/bin/hesctl (found: ${HESCTL:-nothing})"
# The commit the package was built from: HEAD (the package stage builds it just before), or
# DEB_EXPECT_COMMIT for a .deb built at another commit.
commit=${DEB_EXPECT_COMMIT:-$(git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)}
version_line=$("$HESCTL" --version)
say "$HESCTL --version: $version_line"
case "$version_line" in
  "hesctl $VERSION (commit $commit; HES "[0-9]*) ;;
  *) fail "hesctl --version should say 'hesctl $VERSION (commit $commit; HES …)'" ;;
esac
shown=$(HOME="$TMP/home" HES_CONSOLE_WORKSPACE="$TMP/workspace.sqlite" "$HESCTL" settings show --json) ||
  fail "the installed hesctl could not read the installed console's workspace"
case "$shown" in *'"Workspace"'*) say "the installed hesctl reads the console's workspace" ;; *) fail "hesctl settings show --json printed no Workspace" ;; esac

# ---- 5. uninstall --------------------------------------------------------------------------------
"${SUDO[@]}" apt-get purge -y -q "$PKG" >"$TMP/apt.log" 2>&1 || fail "apt-get purge $PKG failed: $(tail -n 20 "$TMP/apt.log")"
INSTALLED=0
[ -z "$(status)" ] || [ "$(status)" = not-installed ] || fail "dpkg still lists $PKG: $(status)"
left=()
for f in "${FILES[@]}"; do [ ! -e "$f" ] || left+=("$f"); done
[ "${#left[@]}" -eq 0 ] || fail "purge left files behind: ${left[*]}"
say "purged $PKG: its ${#FILES[@]} files are gone"
say ok
