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

# has_own_down NAME: the peer's script defines NAME_down (now loaded). Such a peer (samba, which
# rewrites its command line) recognises and stops its own process; the others use stop_pid.
has_own_down() {
  case "$1" in *[!a-z0-9_-]* | '') return 1 ;; esac
  [ -f "$HERE/$1.sh" ] || return 1
  # shellcheck source=/dev/null # one of mariadb.sh, samba.sh, smtp.sh (checked on their own)
  . "$HERE/$1.sh"
  declare -F "$1_down" >/dev/null
}

T0=$(now_ms)
if [ -f "$PIDS_FILE" ]; then
  # Stop in reverse start order.
  tac "$PIDS_FILE" | while read -r name pid exe; do
    [ -n "${name:-}" ] || continue
    if has_own_down "$name"; then "${name}_down"; else stop_pid "$name" "$pid" "$exe"; fi
  done
  rm -f "$PIDS_FILE"
fi
# A server whose line was lost from peers.pids: its own pid file, if it still names this PEERS_DIR.
for f in "$PEERS_DIR"/*/run/*.pid; do
  [ -f "$f" ] || continue
  pid=$(cat "$f" 2>/dev/null || true)
  name=$(basename "$(dirname "$(dirname "$f")")")
  if proc_is "$pid" ""; then
    stop_pid "$name" "$pid" ""
  elif [ -n "$pid" ] && [ -e "/proc/$pid" ] && has_own_down "$name"; then
    "${name}_down"
  fi
done
rm -f "$ENV_FILE"
if [ "$PURGE" = 1 ] && [ -d "$PEERS_DIR" ]; then
  rm -rf "$PEERS_DIR"
  say "removed $PEERS_DIR"
fi
say "down in $(($(now_ms) - T0)) ms"
