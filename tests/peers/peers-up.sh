#!/usr/bin/env bash
# Starts the real test peers on loopback and writes $PEERS_DIR/peers.env for the tests.
# Idempotent: a peer that is already running is left running (its fixtures are reloaded).
#
#   bash tests/peers/peers-up.sh          # PEERS="mariadb samba smtp ssh" (the default)
#   set -a; . "${TMPDIR:-/tmp}/hes-console-peers/peers.env"; set +a
#   cargo test ...
#   bash tests/peers/peers-down.sh        # --purge also deletes $PEERS_DIR (data, CA)
#
# Environment: PEERS_DIR (default ${TMPDIR:-/tmp}/hes-console-peers), PEERS (space-separated
# list), MYSQL_PORT (13306), PEERS_SMOKE=0 skips the self-test. Needs root or sudo only to
# install missing packages (apt).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=tests/peers/lib.sh
. "$HERE/lib.sh"

PEERS="${PEERS:-mariadb samba smtp ssh}"
T0=$(now_ms)

for p in $PEERS; do
  [ -f "$HERE/$p.sh" ] || die "unknown peer '$p' (no $HERE/$p.sh)"
  # shellcheck source=/dev/null # one of mariadb.sh, samba.sh, smtp.sh (checked on their own)
  . "$HERE/$p.sh"
done

mkdir -p "$PEERS_DIR"
chmod 700 "$PEERS_DIR"

PKGS=(openssl)
for p in $PEERS; do read -r -a more <<<"$("${p}_packages")" && PKGS+=("${more[@]}"); done
ensure_packages "${PKGS[@]}"
ensure_tls

for p in $PEERS; do "${p}_up"; done

if [ "${PEERS_SMOKE:-1}" != 0 ]; then
  for p in $PEERS; do
    if declare -F "${p}_smoke" >/dev/null; then "${p}_smoke"; fi
  done
fi

{
  echo "# Written by tests/peers/peers-up.sh: test-only values for loopback peers."
  echo "# Load with: set -a; . $ENV_FILE; set +a"
  echo "HES_TEST_CA='$TLS_DIR/ca.crt'"
  echo "HES_PEERS_DIR='$PEERS_DIR'"
  for p in $PEERS; do "${p}_env"; done
} >"$ENV_FILE.tmp"
# Peers not started this time (PEERS=ssh, say) keep their lines: their servers run on.
if [ -f "$ENV_FILE" ]; then
  while IFS= read -r line; do
    case "$line" in HES_*=*) ;; *) continue ;; esac
    name="${line%%=*}"
    grep -q "^$name=" "$ENV_FILE.tmp" || printf '%s\n' "$line" >>"$ENV_FILE.tmp"
  done <"$ENV_FILE"
fi
chmod 600 "$ENV_FILE.tmp"
mv "$ENV_FILE.tmp" "$ENV_FILE"

say "up ($PEERS) in $(($(now_ms) - T0)) ms; env: $ENV_FILE"
