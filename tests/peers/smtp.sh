# shellcheck shell=bash
# Peer "smtp": Debian's aiosmtpd (tests/peers/smtp_server.py) on 127.0.0.1 with the test CA's
# server certificate. Sourced by peers-up.sh (see lib.sh).
#   $SMTP_STARTTLS_PORT (2587)  STARTTLS required, then AUTH PLAIN/LOGIN required
#   $SMTP_TLS_PORT      (2465)  implicit TLS (SMTPS), AUTH PLAIN/LOGIN required
#   $SMTP_PLAIN_PORT    (2525)  no TLS: neither STARTTLS nor AUTH offered, mail accepted
# Every accepted message: $SMTP_DIR/spool/<id>.json (listener, tls, auth_user, mail_from,
# rcpt_tos, subject) and <id>.eml (raw). peers-up empties the spool after the smoke test.

SMTP_STARTTLS_PORT="${SMTP_STARTTLS_PORT:-2587}"
SMTP_TLS_PORT="${SMTP_TLS_PORT:-2465}"
SMTP_PLAIN_PORT="${SMTP_PLAIN_PORT:-2525}"
SMTP_DIR="$PEERS_DIR/smtp"
SMTP_PIDFILE="$SMTP_DIR/run/smtp.pid"
SMTP_SCRIPT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/smtp_server.py"
# The script's file name is what proc_is matches in /proc/PID/cmdline (with $PEERS_DIR).
SMTP_EXE=smtp_server.py

# Test-only credentials (loopback server). Distinctive on purpose: tests grep reports for them.
SMTP_USER='hes@hes.test'
SMTP_PASSWORD='hes-smtp-test-pw-5Tz8'

smtp_packages() { echo python3-aiosmtpd; }

smtp_running_pid() {
  local pid
  for pid in "$(awk '$1 == "smtp" {print $2}' "$PIDS_FILE" 2>/dev/null)" "$(cat "$SMTP_PIDFILE" 2>/dev/null)"; do
    if proc_is "$pid" "$SMTP_EXE"; then
      echo "$pid"
      return 0
    fi
  done
  return 1
}

# smtp_banner PORT: the first line the server sends on a plain connection ("220 ..."), or fail.
smtp_banner() {
  (
    exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
    IFS= read -r -t 2 line <&3 || exit 1
    case "$line" in 220*) printf '%s\n' "${line%$'\r'}" ;; *) exit 1 ;; esac
  ) 2>/dev/null
}

smtp_up() {
  mkdir -p "$SMTP_DIR/run" "$SMTP_DIR/spool"
  local pid
  if pid=$(smtp_running_pid); then
    say "smtp: already running (pid $pid)"
    record_pid smtp "$pid" "$SMTP_EXE"
    return 0
  fi
  local port
  for port in "$SMTP_STARTTLS_PORT" "$SMTP_TLS_PORT" "$SMTP_PLAIN_PORT"; do
    port_busy "$port" && die "smtp: port $port is in use by another process (set SMTP_*_PORT)"
  done
  local t0
  t0=$(now_ms)
  rm -f "$SMTP_PIDFILE"
  SMTP_PEER_PASSWORD="$SMTP_PASSWORD" setsid /usr/bin/python3 "$SMTP_SCRIPT" \
    --starttls-port "$SMTP_STARTTLS_PORT" --tls-port "$SMTP_TLS_PORT" --plain-port "$SMTP_PLAIN_PORT" \
    --cert "$TLS_DIR/server.crt" --key "$TLS_DIR/server.key" --user "$SMTP_USER" \
    --spool "$SMTP_DIR/spool" --pidfile "$SMTP_PIDFILE" \
    </dev/null >>"$SMTP_DIR/smtp.log" 2>&1 &
  pid=$!
  record_pid smtp "$pid" "$SMTP_EXE"
  # Ready when the script has written its pid file (after all listeners are bound) and the
  # plain listener greets with 220.
  local i
  for ((i = 0; i < 300; i++)); do
    if ! alive "$pid"; then
      forget_pid smtp
      tail -n 20 "$SMTP_DIR/smtp.log" >&2 || true
      die "smtp: smtp_server.py exited during start-up (log: $SMTP_DIR/smtp.log)"
    fi
    [ -s "$SMTP_PIDFILE" ] && smtp_banner "$SMTP_PLAIN_PORT" >/dev/null && break
    sleep 0.05
  done
  [ "$i" -lt 300 ] || die "smtp: not ready after 15 s (log: $SMTP_DIR/smtp.log)"
  say "smtp: started on 127.0.0.1:$SMTP_STARTTLS_PORT/$SMTP_TLS_PORT/$SMTP_PLAIN_PORT (pid $pid) in $(($(now_ms) - t0)) ms"
}

smtp_smoke() {
  # Real sessions with Python's smtplib, certificate and host name verified against the test CA.
  SMTP_PEER_PASSWORD="$SMTP_PASSWORD" /usr/bin/python3 - "$TLS_DIR/ca.crt" "$SMTP_USER" \
    "$SMTP_STARTTLS_PORT" "$SMTP_TLS_PORT" "$SMTP_PLAIN_PORT" <<'PY' || die "smtp: smoke test failed"
import os, smtplib, ssl, sys
ca, user, p_starttls, p_tls, p_plain = sys.argv[1], sys.argv[2], *map(int, sys.argv[3:])
pw = os.environ["SMTP_PEER_PASSWORD"]
ctx = ssl.create_default_context(cafile=ca)
msg = "From: %s\r\nTo: smoke@hes.test\r\nSubject: smoke\r\n\r\nsmoke\r\n" % user
with smtplib.SMTP("127.0.0.1", p_starttls, timeout=5) as s:
    s.ehlo()
    assert not s.has_extn("auth"), "AUTH offered before STARTTLS"
    s.starttls(context=ctx)
    try:
        s.login(user, pw + "-wrong")
        raise AssertionError("wrong password accepted")
    except smtplib.SMTPAuthenticationError as e:
        assert e.smtp_code == 535, e
    s.login(user, pw)
    s.sendmail(user, ["smoke@hes.test"], msg)
with smtplib.SMTP_SSL("127.0.0.1", p_tls, timeout=5, context=ctx) as s:
    s.login(user, pw)
    s.sendmail(user, ["smoke@hes.test"], msg)
with smtplib.SMTP("127.0.0.1", p_plain, timeout=5) as s:
    s.ehlo()
    assert not s.has_extn("starttls") and not s.has_extn("auth"), s.esmtp_features
    s.sendmail(user, ["smoke@hes.test"], msg)
PY
  local n
  n=$(find "$SMTP_DIR/spool" -name '*.json' | wc -l)
  [ "$n" -ge 3 ] || die "smtp: smoke test: $n of 3 messages in the spool"
  find "$SMTP_DIR/spool" -type f -delete
}

smtp_env() {
  cat <<EOF
HES_SMTP_HOST='127.0.0.1'
HES_SMTP_STARTTLS_PORT='$SMTP_STARTTLS_PORT'
HES_SMTP_TLS_PORT='$SMTP_TLS_PORT'
HES_SMTP_PLAIN_PORT='$SMTP_PLAIN_PORT'
HES_SMTP_USER='$SMTP_USER'
HES_SMTP_PASSWORD='$SMTP_PASSWORD'
HES_SMTP_SPOOL='$SMTP_DIR/spool'
EOF
}
