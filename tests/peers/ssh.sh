# shellcheck shell=bash
# Peer "ssh": a real OpenSSH sshd (Debian's openssh-server) on 127.0.0.1:$SSH_PORT (12222), its
# own host key and configuration in $SSH_DIR, forwarding only to the MariaDB peer. Sourced by
# peers-up.sh (see lib.sh). It runs as root (sshd needs it to switch to the users below); the
# users are dedicated system accounts without a shell, allowed only local forwards:
#   hes-ssh      public keys only: $SSH_DIR/client/id_plain (ed25519, OpenSSH format),
#                id_pass (ed25519, OpenSSH format, passphrase), id_pem (RSA, PEM, passphrase);
#                id_other is a key that is NOT authorized (the "wrong key" tests)
#   hes-ssh-pw   password only ($SSH_PASSWORD)
# PermitOpen 127.0.0.1:$MYSQL_PORT: every other forward is refused. Each SSH connection is served
# by a child sshd process of the listener ($SSH_DIR/run/sshd.pid): the "server gone" tests kill
# such a child; the listener stays.

SSH_PORT="${SSH_PORT:-12222}"
SSH_DIR="$PEERS_DIR/ssh"
SSH_PIDFILE="$SSH_DIR/run/sshd.pid"
SSH_CONFIG="$SSH_DIR/sshd_config"
# proc_is matches the binary and $PEERS_DIR (in -f) in /proc/PID/cmdline.
SSH_EXE=/usr/sbin/sshd
SSH_KEY_USER=hes-ssh
SSH_PW_USER=hes-ssh-pw
# Test-only secrets (loopback server). Distinctive on purpose: tests grep logs for them.
SSH_PASSWORD='hes-ssh-test-pw-4Qx7'
SSH_PASSPHRASE='hes-ssh-test-pass-8Kw2'

ssh_packages() { echo openssh-server openssh-client; }

ssh_running_pid() {
  local pid
  for pid in "$(awk '$1 == "ssh" {print $2}' "$PIDS_FILE" 2>/dev/null)" "$(cat "$SSH_PIDFILE" 2>/dev/null)"; do
    if proc_is "$pid" "$SSH_EXE"; then
      echo "$pid"
      return 0
    fi
  done
  return 1
}

# ssh_user NAME: a system account without a shell or home (created once).
ssh_user() {
  id -u "$1" >/dev/null 2>&1 && return 0
  local sudo=()
  [ "$(id -u)" = 0 ] || sudo=(sudo -n)
  # Password `*` (no password), not useradd's `!` (locked): sshd without PAM refuses locked accounts.
  "${sudo[@]}" useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin -p '*' "$1" ||
    die "ssh: cannot create the system user $1"
}

ssh_files() {
  mkdir -p "$SSH_DIR/run" "$SSH_DIR/client" "$SSH_DIR/authorized"
  chmod 700 "$SSH_DIR"
  [ -s "$SSH_DIR/host_ed25519" ] ||
    ssh-keygen -q -t ed25519 -N '' -C 'hes-console test peer' -f "$SSH_DIR/host_ed25519" >/dev/null
  local c="$SSH_DIR/client"
  [ -s "$c/id_plain" ] || ssh-keygen -q -t ed25519 -N '' -C plain -f "$c/id_plain" >/dev/null
  [ -s "$c/id_pass" ] || ssh-keygen -q -t ed25519 -N "$SSH_PASSPHRASE" -C pass -f "$c/id_pass" >/dev/null
  [ -s "$c/id_pem" ] || ssh-keygen -q -t rsa -b 2048 -m PEM -N "$SSH_PASSPHRASE" -C pem -f "$c/id_pem" >/dev/null
  [ -s "$c/id_other" ] || ssh-keygen -q -t ed25519 -N '' -C other -f "$c/id_other" >/dev/null
  cat "$c/id_plain.pub" "$c/id_pass.pub" "$c/id_pem.pub" >"$SSH_DIR/authorized/$SSH_KEY_USER"
  : >"$SSH_DIR/authorized/$SSH_PW_USER"
  # sshd reads AuthorizedKeysFile as the user, who cannot enter $PEERS_DIR (0700): the keys are
  # given by a command run as root instead.
  cat >"$SSH_CONFIG" <<EOF
# HES Console test peer: forwarding-only sshd on loopback.
ListenAddress 127.0.0.1:$SSH_PORT
HostKey $SSH_DIR/host_ed25519
PidFile $SSH_PIDFILE
LogLevel VERBOSE
UsePAM no
PermitRootLogin no
AllowUsers $SSH_KEY_USER $SSH_PW_USER
AuthenticationMethods any
PubkeyAuthentication yes
AuthorizedKeysFile none
AuthorizedKeysCommand /bin/cat $SSH_DIR/authorized/%u
AuthorizedKeysCommandUser root
PasswordAuthentication no
KbdInteractiveAuthentication no
StrictModes no
MaxAuthTries 10
AllowTcpForwarding local
AllowAgentForwarding no
AllowStreamLocalForwarding no
X11Forwarding no
PermitTTY no
PermitOpen 127.0.0.1:$MYSQL_PORT
ForceCommand /bin/false
Match User $SSH_PW_USER
  PasswordAuthentication yes
  PubkeyAuthentication no
EOF
}

ssh_up() {
  MYSQL_PORT="${MYSQL_PORT:-13306}"
  ssh_files
  ssh_user "$SSH_KEY_USER"
  usermod -p '*' "$SSH_KEY_USER"
  ssh_user "$SSH_PW_USER"
  # The password user's password (shadow; sshd without PAM checks it there).
  echo "$SSH_PW_USER:$SSH_PASSWORD" | chpasswd || die "ssh: cannot set the password of $SSH_PW_USER"
  mkdir -p /run/sshd && chmod 755 /run/sshd
  local pid
  if pid=$(ssh_running_pid); then
    # Reload the configuration (SIGHUP re-executes the listener with the same pid).
    kill -HUP "$pid"
    say "ssh: already running (pid $pid), configuration reloaded"
    record_pid ssh "$pid" "$SSH_EXE"
    sleep 0.3
    return 0
  fi
  port_busy "$SSH_PORT" && die "ssh: port $SSH_PORT is in use by another process (set SSH_PORT)"
  "$SSH_EXE" -t -f "$SSH_CONFIG" || die "ssh: the configuration is refused (sshd -t)"
  local t0 i
  t0=$(now_ms)
  rm -f "$SSH_PIDFILE"
  setsid "$SSH_EXE" -D -f "$SSH_CONFIG" -E "$SSH_DIR/sshd.log" </dev/null >>"$SSH_DIR/sshd.out" 2>&1 &
  pid=$!
  record_pid ssh "$pid" "$SSH_EXE"
  for ((i = 0; i < 300; i++)); do
    if ! alive "$pid"; then
      forget_pid ssh
      tail -n 20 "$SSH_DIR/sshd.log" >&2 || true
      die "ssh: sshd exited during start-up (log: $SSH_DIR/sshd.log)"
    fi
    port_busy "$SSH_PORT" && break
    sleep 0.05
  done
  [ "$i" -lt 300 ] || die "ssh: not listening after 15 s (log: $SSH_DIR/sshd.log)"
  say "ssh: started on 127.0.0.1:$SSH_PORT (pid $pid) in $(($(now_ms) - t0)) ms"
}

ssh_smoke() {
  # OpenSSH's own client: the allowed forward reaches MariaDB's greeting; another is refused.
  local kh="$SSH_DIR/smoke_known_hosts" out
  printf '[127.0.0.1]:%s %s\n' "$SSH_PORT" "$(cut -d' ' -f1,2 "$SSH_DIR/host_ed25519.pub")" >"$kh"
  local opts=(-F none -o BatchMode=yes -o UserKnownHostsFile="$kh" -o StrictHostKeyChecking=yes
    -o IdentitiesOnly=yes -o ConnectTimeout=5 -p "$SSH_PORT" -i "$SSH_DIR/client/id_plain")
  # Into a file, then read: a pipe into head under pipefail could kill the writer (SIGPIPE).
  timeout 10 ssh "${opts[@]}" -W "127.0.0.1:${MYSQL_PORT:-13306}" "$SSH_KEY_USER@127.0.0.1" </dev/null \
    >"$SSH_DIR/smoke.out" 2>/dev/null || true
  out=$(tr -d '\0' <"$SSH_DIR/smoke.out")
  rm -f "$SSH_DIR/smoke.out"
  case "$out" in *MariaDB* | *mysql*) ;; *) die "ssh: smoke test: no MySQL greeting through the forward" ;; esac
  if timeout 10 ssh "${opts[@]}" -W "127.0.0.1:$SSH_PORT" "$SSH_KEY_USER@127.0.0.1" </dev/null >/dev/null 2>&1; then
    die "ssh: smoke test: a forward outside PermitOpen was allowed"
  fi
  rm -f "$kh"
}

ssh_env() {
  cat <<EOF
HES_SSH_HOST='127.0.0.1'
HES_SSH_PORT='$SSH_PORT'
HES_SSH_USER='$SSH_KEY_USER'
HES_SSH_KEY='$SSH_DIR/client/id_plain'
HES_SSH_KEY_PASS='$SSH_DIR/client/id_pass'
HES_SSH_KEY_PEM='$SSH_DIR/client/id_pem'
HES_SSH_KEY_OTHER='$SSH_DIR/client/id_other'
HES_SSH_PASSPHRASE='$SSH_PASSPHRASE'
HES_SSH_PW_USER='$SSH_PW_USER'
HES_SSH_PASSWORD='$SSH_PASSWORD'
HES_SSH_HOST_KEY_PUB='$SSH_DIR/host_ed25519.pub'
HES_SSH_PIDFILE='$SSH_PIDFILE'
HES_SSH_LOG='$SSH_DIR/sshd.log'
EOF
}
