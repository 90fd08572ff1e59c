#!/usr/bin/env bash
# Stops the peers that peers-up.sh started (by recorded PID only, never by name).
# Idempotent. --purge also deletes $PEERS_DIR (databases, logs, the test CA).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=tests/peers/lib.sh
. "$HERE/lib.sh"

PURGE=0
for arg in "$@"; do
  case "$arg" in
    --purge) PURGE=1 ;;
    *) die "unknown argument: $arg (peers-down.sh [--purge])" ;;
  esac
done

T0=$(now_ms)
if [ -f "$PIDS_FILE" ]; then
  # Stop in reverse start order.
  tac "$PIDS_FILE" | while read -r name pid exe; do
    [ -n "${name:-}" ] || continue
    stop_pid "$name" "$pid" "$exe"
  done
  rm -f "$PIDS_FILE"
fi
# A server whose line was lost from peers.pids: its own pid file, if it still names this PEERS_DIR.
for f in "$PEERS_DIR"/*/run/*.pid; do
  [ -f "$f" ] || continue
  pid=$(cat "$f" 2>/dev/null || true)
  if proc_is "$pid" ""; then stop_pid "$(basename "$(dirname "$(dirname "$f")")")" "$pid" ""; fi
done
rm -f "$ENV_FILE"
if [ "$PURGE" = 1 ] && [ -d "$PEERS_DIR" ]; then
  rm -rf "$PEERS_DIR"
  say "removed $PEERS_DIR"
fi
say "down in $(($(now_ms) - T0)) ms"
