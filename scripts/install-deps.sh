#!/usr/bin/env bash
# Installs what HES Console needs to build (and, with --test, to run its tests) on Debian 12 /
# Ubuntu 22.04+. Idempotent: a re-run with everything present takes about a second.
#
#   scripts/install-deps.sh          build packages (WebKitGTK 4.1 & co.), UI node_modules
#   scripts/install-deps.sh --test   + Xvfb, WebKitWebDriver, Chromium, D-Bus, keyring tools,
#                                      MariaDB + openssl (test peers, tests/peers/),
#                                      tauri-driver 2.1.0 (cargo install)
#
# Needs root or sudo for apt. Rust comes from rustup (Debian's rustc is too old); Node.js >= 20.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

WITH_TEST=0
for arg in "$@"; do
  case "$arg" in
    --test) WITH_TEST=1 ;;
    -h | --help)
      sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'
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
  mariadb-server mariadb-client openssl
)

# ---- apt -------------------------------------------------------------------------------------
is_installed() {
  [ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null || true)" = "installed" ]
}

PKGS=("${BUILD_PKGS[@]}")
if [ "$WITH_TEST" = 1 ]; then PKGS+=("${TEST_PKGS[@]}"); fi

MISSING=()
for p in "${PKGS[@]}"; do
  # Ubuntu ships Chromium as chromium-browser; either one will do.
  if [ "$p" = chromium ] && is_installed chromium-browser; then continue; fi
  is_installed "$p" || MISSING+=("$p")
done

if [ "${#MISSING[@]}" -eq 0 ]; then
  say "apt: all ${#PKGS[@]} packages already installed"
else
  command -v apt-get >/dev/null || die "apt-get not found: this script supports Debian/Ubuntu only. Install: ${MISSING[*]}"
  SUDO=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || die "not root and sudo is missing; run as root: $0 $*"
    SUDO=(sudo)
  fi
  export DEBIAN_FRONTEND=noninteractive
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

  # Ubuntu has no 'chromium' deb (only chromium-browser); use whichever has a candidate.
  for i in "${!MISSING[@]}"; do
    if [ "${MISSING[$i]}" = chromium ] &&
      ! apt-cache policy chromium 2>/dev/null | grep -q 'Candidate: [0-9]'; then
      MISSING[i]=chromium-browser
    fi
  done

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

# ---- Rust ------------------------------------------------------------------------------------
if ! command -v cargo >/dev/null; then
  die "cargo not found. Rust is required, installed with rustup (https://rustup.rs):
    curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y
  then open a new shell (or: . \"\$HOME/.cargo/env\"). Debian's own rustc/cargo packages are too old."
fi
RUSTC_VERSION=$(rustc --version 2>/dev/null | awk '{print $2}')
RUST_MIN=1.80
if [ -n "$RUSTC_VERSION" ] &&
  [ "$(printf '%s\n%s\n' "$RUST_MIN" "$RUSTC_VERSION" | sort -V | head -n1)" != "$RUST_MIN" ]; then
  die "rustc $RUSTC_VERSION is too old (need >= $RUST_MIN). Update with: rustup update stable
  (Debian's rustc package is too old; use rustup.)"
fi
say "rust: $(cargo --version)"

# ---- Node / UI dependencies ------------------------------------------------------------------
if ! command -v npm >/dev/null || ! command -v node >/dev/null; then
  die "node/npm not found. Node.js >= 20 is required (Debian 12's nodejs is 18: too old);
  install it e.g. with nvm or from your distribution's Node.js 20+ packages."
fi
NODE_MAJOR=$(node -p 'process.versions.node.split(".")[0]')
[ "$NODE_MAJOR" -ge 20 ] || die "Node.js $(node --version) is too old: need >= 20"
say "node: $(node --version), npm $(npm --version)"

if [ -f ui/package.json ]; then
  [ -f ui/package-lock.json ] || die "ui/package-lock.json is missing (npm ci needs it)"
  # npm writes node_modules/.package-lock.json on every install: compare against it.
  if [ ! -f ui/node_modules/.package-lock.json ] ||
    [ ui/package-lock.json -nt ui/node_modules/.package-lock.json ]; then
    say "npm: installing UI dependencies (npm ci)"
    npm --prefix ui ci --no-audit --no-fund
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
  else
    # Pinned: the registry also has 3.0 pre-releases.
    say "tauri-driver: cargo install tauri-driver --locked --version 2.1.0"
    cargo install tauri-driver --locked --version 2.1.0
  fi
  command -v WebKitWebDriver >/dev/null || die "WebKitWebDriver not found (package webkit2gtk-driver)"
fi

say "done"
