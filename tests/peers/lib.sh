# shellcheck shell=bash
# shellcheck disable=SC2034 # variables used by the scripts that source this file
# Shared helpers for peers-up.sh / peers-down.sh (sourced, not run).
#
# Layout under $PEERS_DIR (default ${TMPDIR:-/tmp}/hes-console-peers):
#   tls/        private test CA + server certificate (kept across runs)
#   <peer>/     each peer's data, run and log files
#   peers.pids  "name pid exe" lines of the peers this directory started
#   peers.env   KEY=value lines for the tests (HES_TEST_CA, HES_MYSQL_*, ...)
#
# A peer is a set of functions named <peer>_packages, <peer>_up and <peer>_env (see mariadb.sh);
# peers-up.sh calls them for every peer in $PEERS. Processes are started with setsid, recorded by
# PID and stopped by PID only, after checking /proc/PID/cmdline still names the peer's executable
# and this PEERS_DIR. Nothing is ever killed by name.

PEERS_DIR="${PEERS_DIR:-${TMPDIR:-/tmp}/hes-console-peers}"
PIDS_FILE="$PEERS_DIR/peers.pids"
ENV_FILE="$PEERS_DIR/peers.env"
TLS_DIR="$PEERS_DIR/tls"

say() { printf 'peers: %s\n' "$*" >&2; }
die() {
  printf 'peers: ERROR: %s\n' "$*" >&2
  exit 1
}

SUDO=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null; then SUDO=(sudo); fi
fi

now_ms() { date +%s%3N; }

# ---- packages ---------------------------------------------------------------------------------
pkg_installed() {
  [ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null || true)" = installed ]
}

# ensure_packages PKG...: install (apt) only those that are missing, without starting services.
ensure_packages() {
  local missing=() p
  for p in "$@"; do pkg_installed "$p" || missing+=("$p"); done
  [ "${#missing[@]}" -eq 0 ] && return 0
  command -v apt-get >/dev/null || die "apt-get not found; install: ${missing[*]}"
  if [ "$(id -u)" -ne 0 ] && [ "${#SUDO[@]}" -eq 0 ]; then
    die "not root and no sudo; install: ${missing[*]}"
  fi
  say "installing ${missing[*]}"
  # The distro's service must not start (it would take port 3306 and /var/lib/mysql): a
  # policy-rc.d that denies every start, only if none exists, removed again afterwards.
  local policy=/usr/sbin/policy-rc.d made_policy=0
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\n# temporary, by hes-console tests/peers: no service starts during install\nexit 101\n' |
      "${SUDO[@]}" tee "$policy" >/dev/null
    "${SUDO[@]}" chmod 755 "$policy"
    made_policy=1
  fi
  local rc=0 attempt
  export DEBIAN_FRONTEND=noninteractive
  for attempt in 1 2 3 4 5; do
    if "${SUDO[@]}" apt-get update -qq -o DPkg::Lock::Timeout=600; then break; fi
    say "apt-get update failed (attempt $attempt/5), retrying in 10 s"
    sleep 10
  done
  "${SUDO[@]}" apt-get install -y -q --no-install-recommends -o DPkg::Lock::Timeout=600 "${missing[@]}" || rc=$?
  if [ "$made_policy" = 1 ]; then "${SUDO[@]}" rm -f "$policy"; fi
  [ "$rc" -eq 0 ] || die "apt-get install ${missing[*]} failed ($rc)"
}

# ---- TLS: a private test CA and one server certificate for 127.0.0.1 / localhost ---------------
ensure_tls() {
  mkdir -p "$TLS_DIR"
  chmod 700 "$TLS_DIR"
  local ca="$TLS_DIR/ca.crt" crt="$TLS_DIR/server.crt"
  if [ -s "$ca" ] && [ -s "$crt" ] && [ -s "$TLS_DIR/server.key" ] &&
    openssl x509 -checkend 86400 -noout -in "$ca" >/dev/null 2>&1 &&
    openssl x509 -checkend 86400 -noout -in "$crt" >/dev/null 2>&1; then
    return 0
  fi
  say "creating the test CA and server certificate in $TLS_DIR"
  (
    cd "$TLS_DIR"
    rm -f ca.* server.*
    openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days 3650 \
      -keyout ca.key -out ca.crt -subj "/CN=HES Console test CA (not for production)" \
      -addext "basicConstraints=critical,CA:TRUE" \
      -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
    openssl req -newkey rsa:2048 -nodes -sha256 -keyout server.key -out server.csr \
      -subj "/CN=localhost" 2>/dev/null
    printf '%s\n' "subjectAltName=IP:127.0.0.1,IP:::1,DNS:localhost" "basicConstraints=critical,CA:FALSE" \
      "keyUsage=critical,digitalSignature,keyEncipherment" "extendedKeyUsage=serverAuth" >server.ext
    openssl x509 -req -sha256 -days 3650 -in server.csr -CA ca.crt -CAkey ca.key \
      -CAcreateserial -extfile server.ext -out server.crt 2>/dev/null
    rm -f server.csr server.ext ca.srl
    chmod 600 ca.key server.key
  ) || die "openssl failed to create the test certificates"
}

# ---- processes ----------------------------------------------------------------------------------
# alive PID: the process exists and has not exited (a zombie has). Start-up loops use it, not
# proc_is: between the fork and the exec a child's command line is still the shell's.
alive() {
  local state
  state=$(sed -n 's/^State:[[:space:]]*\([A-Z]\).*/\1/p' "/proc/$1/status" 2>/dev/null) || return 1
  [ -n "$state" ] && [ "$state" != Z ] && [ "$state" != X ]
}

# proc_is PID EXE: PID is alive, and its command line names EXE and this PEERS_DIR.
proc_is() {
  local pid=$1 exe=$2 cmd
  [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] || return 1
  cmd=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null) || return 1
  case "$cmd" in *"$exe"*"$PEERS_DIR"*) return 0 ;; *) return 1 ;; esac
}

# port_busy PORT: something accepts TCP connections on 127.0.0.1:PORT.
port_busy() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# record_pid NAME PID EXE: replace NAME's line in peers.pids.
record_pid() {
  local name=$1 pid=$2 exe=$3
  touch "$PIDS_FILE"
  { grep -v "^$name " "$PIDS_FILE" || true; } >"$PIDS_FILE.tmp"
  printf '%s %s %s\n' "$name" "$pid" "$exe" >>"$PIDS_FILE.tmp"
  mv "$PIDS_FILE.tmp" "$PIDS_FILE"
}

forget_pid() {
  [ -f "$PIDS_FILE" ] || return 0
  { grep -v "^$1 " "$PIDS_FILE" || true; } >"$PIDS_FILE.tmp"
  mv "$PIDS_FILE.tmp" "$PIDS_FILE"
}

# stop_pid NAME PID EXE: SIGTERM if it is still our peer, wait up to 20 s, then SIGKILL.
stop_pid() {
  local name=$1 pid=$2 exe=$3 i
  if ! proc_is "$pid" "$exe"; then
    say "$name: pid $pid is not running (or no longer ours)"
    return 0
  fi
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 200; i++)); do
    proc_is "$pid" "$exe" || {
      say "$name: stopped (pid $pid)"
      return 0
    }
    sleep 0.1
  done
  say "$name: pid $pid did not stop in 20 s: SIGKILL"
  kill -KILL "$pid" 2>/dev/null || true
}
