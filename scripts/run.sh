#!/usr/bin/env bash
# Builds and starts HES Console (the README's first command):
#   1. scripts/install-deps.sh (apt build packages on Debian/Ubuntu, needs root or sudo; Homebrew /
#      winget commands for what is missing on macOS / Windows; UI node_modules)
#   2. npm --prefix ui run build          -> ui/dist
#   3. cargo build --release              -> target/release/hes-console (embeds ui/dist)
#   4. starts target/release/hes-console  (extra arguments are passed on to it)
# On Linux the console needs a graphical session (DISPLAY or WAYLAND_DISPLAY); without one, e.g.
# over ssh, run it in a virtual display:  xvfb-run -a scripts/run.sh
# macOS (Terminal) and Windows (Git Bash / MSYS2) always have one: no check there.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

EXE=""
case "$(uname -s 2>/dev/null || echo unknown)" in
  Darwin) NEEDS_DISPLAY=0 ;;
  MINGW* | MSYS* | CYGWIN*) NEEDS_DISPLAY=0 EXE=.exe ;;
  *) NEEDS_DISPLAY=1 ;;
esac

if [ "$NEEDS_DISPLAY" = 1 ] && [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  cat >&2 <<'EOF'
run.sh: no display: neither DISPLAY nor WAYLAND_DISPLAY is set.
HES Console is a desktop app and needs a graphical session. Run this from a desktop terminal,
use ssh -X, or start it in a virtual display:  xvfb-run -a scripts/run.sh
EOF
  exit 1
fi

if [ -d "$HOME/.cargo/bin" ]; then
  case ":$PATH:" in *":$HOME/.cargo/bin:"*) ;; *) PATH="$HOME/.cargo/bin:$PATH" ;; esac
fi

bash scripts/install-deps.sh

echo "run.sh: building the UI (ui/dist)"
npm --prefix ui run build

# No devUrl in tauri.conf.json, so a plain cargo build serves the embedded ui/dist.
echo "run.sh: building the app (release; the first build takes about 5 minutes)"
cargo build --release --bin hes-console

APP="${CARGO_TARGET_DIR:-target}/release/hes-console$EXE"
echo "run.sh: starting $APP"
exec "$APP" "$@"
