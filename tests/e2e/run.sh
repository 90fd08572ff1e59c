#!/usr/bin/env bash
# Real-window end-to-end tests: the built app (target/debug/hes-console, or $E2E_APP) driven
# through tauri-driver + WebKitWebDriver by the fantoccini tests of the hes-e2e crate.
#
# Needs a display and, ideally, a private session bus. scripts/test.sh runs it as:
#   NO_AT_BRIDGE=1 dbus-run-session -- xvfb-run -a -s "-screen 0 1280x800x24" bash tests/e2e/run.sh
# Extra arguments go to the test binary, e.g. a test name filter.
#
# The app runs against a throw-away workspace (HES_CONSOLE_WORKSPACE=<tmp>/workspace.sqlite) and
# throw-away XDG data/config/cache dirs, so the user's own workspace and logs are never touched.
# tauri-driver 2.1.0 cannot pass environment variables per session, so they are set on
# tauri-driver's process: WebKitWebDriver and the app inherit them.
#
# Artifacts (target/test-artifacts/): screenshots/, failures/ (screenshot + page source of a
# failed test), tauri-driver.log (includes the app's stderr), app-logs/ (the app's log files).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/../.."
ROOT=$PWD
ART=$ROOT/target/test-artifacts

if [ -d "$HOME/.cargo/bin" ]; then
  case ":$PATH:" in *":$HOME/.cargo/bin:"*) ;; *) PATH="$HOME/.cargo/bin:$PATH" ;; esac
fi

die() {
  echo "e2e: ERROR: $*" >&2
  exit 1
}

[ -n "${DISPLAY:-}" ] || die 'no DISPLAY. Run: NO_AT_BRIDGE=1 dbus-run-session -- xvfb-run -a -s "-screen 0 1280x800x24" bash tests/e2e/run.sh'
[ -n "${DBUS_SESSION_BUS_ADDRESS:-}" ] ||
  echo "e2e: warning: no session bus; GTK will autolaunch dbus daemons that outlive the test (use dbus-run-session)" >&2

APP=${E2E_APP:-$ROOT/target/debug/hes-console}
case "$APP" in /*) ;; *) APP=$ROOT/$APP ;; esac
[ -x "$APP" ] || die "$APP not found: build the app first (cargo build -p hes-console)"
command -v tauri-driver >/dev/null || die "tauri-driver not found: scripts/install-deps.sh --test"
command -v WebKitWebDriver >/dev/null || die "WebKitWebDriver not found: apt-get install webkit2gtk-driver"

PORT=${E2E_DRIVER_PORT:-4444}
NATIVE_PORT=$((PORT + 1))
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for p in "$PORT" "$NATIVE_PORT"; do
  port_open "$p" && die "port $p is already in use (another tauri-driver/WebKitWebDriver?); set E2E_DRIVER_PORT"
done

mkdir -p "$ART"
rm -rf "$ART/screenshots" "$ART/failures" "$ART/app-logs"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/hes-e2e.XXXXXX")
APP_HOME=$WORK/home
mkdir -p "$APP_HOME/data" "$APP_HOME/config" "$APP_HOME/cache"
WORKSPACE=$WORK/workspace.sqlite

TD_PID=""
KEYRING_PID=""
cleanup() {
  local rc=$?
  if [ -n "$TD_PID" ]; then
    # tauri-driver kills WebKitWebDriver on SIGTERM.
    kill -TERM "$TD_PID" 2>/dev/null || true
    wait "$TD_PID" 2>/dev/null || true
  fi
  if [ -n "$KEYRING_PID" ]; then
    kill -TERM "$KEYRING_PID" 2>/dev/null || true
    wait "$KEYRING_PID" 2>/dev/null || true
  fi
  # Keep the app's own log files (tracing) as artifacts.
  local logs
  logs=$(find "$APP_HOME" -type f -name '*.log*' 2>/dev/null || true)
  if [ -n "$logs" ]; then
    mkdir -p "$ART/app-logs"
    while IFS= read -r f; do cp "$f" "$ART/app-logs/" 2>/dev/null || true; done <<<"$logs"
  fi
  local ready
  ready=$(grep -ho 'ready_ms=[0-9]*' "$ART/tauri-driver.log" "$ART"/app-logs/* 2>/dev/null | sort -u | tr '\n' ' ' || true)
  [ -z "$ready" ] || echo "e2e: app startup (debug build): $ready"
  rm -rf "$WORK"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# A secret service for the app's keyring, on this private bus only: started when no one owns
# org.freedesktop.secrets yet (never touches a desktop session's keyring). Its keyring file goes
# to the throw-away data dir. It needs a non-empty password, or it prompts through a GUI.
if [ -n "${DBUS_SESSION_BUS_ADDRESS:-}" ] && command -v gnome-keyring-daemon >/dev/null &&
  command -v dbus-send >/dev/null; then
  # Capture, then test: `dbus-send … | grep -q` fails at random under pipefail (SIGPIPE, 141).
  owner=$(dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
    org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null || true)
  if [[ "$owner" == *"boolean false"* ]]; then
    printf 'hes-e2e' | XDG_DATA_HOME=$APP_HOME/data XDG_CACHE_HOME=$APP_HOME/cache \
      gnome-keyring-daemon --foreground --unlock --components=secrets \
      >"$ART/gnome-keyring.log" 2>&1 &
    KEYRING_PID=$!
  fi
fi

env HES_CONSOLE_WORKSPACE="$WORKSPACE" \
  XDG_DATA_HOME="$APP_HOME/data" XDG_CONFIG_HOME="$APP_HOME/config" XDG_CACHE_HOME="$APP_HOME/cache" \
  tauri-driver --port "$PORT" --native-port "$NATIVE_PORT" >"$ART/tauri-driver.log" 2>&1 &
TD_PID=$!

for _ in $(seq 1 100); do
  port_open "$PORT" && break
  kill -0 "$TD_PID" 2>/dev/null || {
    cat "$ART/tauri-driver.log" >&2
    die "tauri-driver exited"
  }
  sleep 0.1
done
port_open "$PORT" || die "tauri-driver is not listening on port $PORT after 10 s"
echo "e2e: tauri-driver on :$PORT (pid $TD_PID), app $APP, workspace $WORKSPACE"

E2E_APP="$APP" E2E_APP_HOME="$APP_HOME" HES_CONSOLE_WORKSPACE="$WORKSPACE" \
  E2E_DRIVER_URL="http://127.0.0.1:$PORT" \
  timeout --kill-after=15 900 cargo test -p hes-e2e -- --test-threads=1 --nocapture "$@"
