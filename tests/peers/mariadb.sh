# shellcheck shell=bash
# shellcheck disable=SC2016 # backticks in single quotes are SQL identifier quotes
# Peer "mariadb": a real MariaDB server on 127.0.0.1:$MYSQL_PORT with TLS from the test CA, the
# HES 3.8.4 fixture databases (and one of HES 3.8.3) and the test users. Sourced by peers-up.sh (see lib.sh).
# MySQL 8 is not installable here (Debian ships MariaDB only), so the peer is MariaDB.

MYSQL_PORT="${MYSQL_PORT:-13306}"
MD="$PEERS_DIR/mariadb"
MD_SOCK="$MD/run/mysqld.sock"
MD_PIDFILE="$MD/run/mysqld.pid"
FIXTURES="${FIXTURES:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../fixtures" && pwd)}"

# Test-only credentials (loopback server, throw-away data). Distinctive on purpose: the tests
# grep captured logs for them.
MYSQL_HES_PASSWORD='hes-test-db-pw-7Qk2'
MYSQL_RO_PASSWORD='hes-ro-test-db-pw-4Rv9'
MYSQL_TLS_PASSWORD='hes-tls-test-db-pw-8Wm3'

# Databases created from tests/fixtures on every peers-up (dropped and recreated: tests start clean).
# name:files (the HES schema file first where it applies)
MYSQL_SEEDS=(
  "hes_plain:hes-3.8.4-mysql.sql seed-plain.sql"
  "hes_protected:hes-3.8.4-mysql.sql seed-protected.sql"
  "hes_broken:hes-3.8.4-mysql.sql seed-broken.sql"
  "hes_empty:hes-3.8.4-mysql.sql"
  "hes_383:hes-3.8.3-mysql.sql seed-3.8.3.sql"
  "not_hes:not-hes.sql"
)

mariadb_packages() { echo mariadb-server mariadb-client; }

md_root() { mariadb --no-defaults --socket="$MD_SOCK" -uroot --batch --skip-column-names "$@"; }

mariadb_running_pid() {
  local pid
  for pid in "$(awk '$1 == "mariadb" {print $2}' "$PIDS_FILE" 2>/dev/null)" "$(cat "$MD_PIDFILE" 2>/dev/null)"; do
    if proc_is "$pid" mariadbd; then
      echo "$pid"
      return 0
    fi
  done
  return 1
}

mariadb_up() {
  mkdir -p "$MD/run"
  local pid
  if pid=$(mariadb_running_pid); then
    say "mariadb: already running (pid $pid)"
    record_pid mariadb "$pid" mariadbd
  else
    port_busy "$MYSQL_PORT" && die "mariadb: port $MYSQL_PORT is in use by another process (set MYSQL_PORT)"
    local as_user=()
    [ "$(id -u)" -eq 0 ] && as_user=(--user=root)
    # MARIADB_SERVER_ARGS: extra server options, split on blanks (scripts/bench-licenses.sh).
    local extra_args=()
    read -r -a extra_args <<<"${MARIADB_SERVER_ARGS:-}"
    if [ ! -f "$MD/.initialized" ]; then
      local t0
      t0=$(now_ms)
      rm -rf "$MD/data"
      mkdir -p "$MD/data"
      mariadb-install-db --no-defaults "${as_user[@]}" --datadir="$MD/data" \
        --auth-root-authentication-method=normal --skip-test-db >"$MD/install-db.log" 2>&1 ||
        die "mariadb: mariadb-install-db failed, see $MD/install-db.log"
      touch "$MD/.initialized"
      say "mariadb: initialised $MD/data in $(($(now_ms) - t0)) ms"
    fi
    rm -f "$MD_SOCK" "$MD_PIDFILE"
    setsid mariadbd --no-defaults "${as_user[@]}" --datadir="$MD/data" --socket="$MD_SOCK" \
      --pid-file="$MD_PIDFILE" --port="$MYSQL_PORT" --bind-address=127.0.0.1 --skip-name-resolve \
      --log-error="$MD/error.log" \
      --ssl-ca="$TLS_DIR/ca.crt" --ssl-cert="$TLS_DIR/server.crt" --ssl-key="$TLS_DIR/server.key" \
      --innodb-buffer-pool-size=64M --performance-schema=OFF \
      --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci \
      "${extra_args[@]}" </dev/null >>"$MD/mariadbd.out" 2>&1 &
    pid=$!
    record_pid mariadb "$pid" mariadbd
    local i
    for ((i = 0; i < 300; i++)); do
      if ! alive "$pid"; then
        forget_pid mariadb
        tail -n 20 "$MD/error.log" >&2 || true
        die "mariadb: mariadbd exited during start-up (log: $MD/error.log)"
      fi
      mariadb-admin --no-defaults --socket="$MD_SOCK" -uroot --connect-timeout=1 ping >/dev/null 2>&1 && break
      sleep 0.1
    done
    [ "$i" -lt 300 ] || die "mariadb: not ready after 30 s (log: $MD/error.log)"
    # The server's own pid file is authoritative (equal to $! when setsid did not fork).
    pid=$(cat "$MD_PIDFILE" 2>/dev/null || echo "$pid")
    record_pid mariadb "$pid" mariadbd
    say "mariadb: started on 127.0.0.1:$MYSQL_PORT (pid $pid)"
  fi
  mariadb_users
  mariadb_seed
}

mariadb_users() {
  # mariadb-install-db may create anonymous users; they would shadow the test users.
  local anon
  anon=$(md_root -e "SELECT CONCAT(QUOTE(User), '@', QUOTE(Host)) FROM mysql.user WHERE User = ''" | paste -sd, -)
  [ -z "$anon" ] || md_root -e "DROP USER $anon"
  # `_` is a wildcard in grants: `hes\_%` = every database whose name starts with "hes_"
  # (hes_plain, ..., and the tests' own hes_t_<random>); `not\_hes` = exactly not_hes.
  md_root <<SQL || die "mariadb: creating the test users failed"
CREATE USER IF NOT EXISTS 'root'@'127.0.0.1';
GRANT ALL PRIVILEGES ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION;
CREATE USER IF NOT EXISTS 'hes'@'%' IDENTIFIED BY '$MYSQL_HES_PASSWORD';
ALTER USER 'hes'@'%' IDENTIFIED BY '$MYSQL_HES_PASSWORD' REQUIRE NONE;
GRANT ALL PRIVILEGES ON \`hes\\_%\`.* TO 'hes'@'%';
GRANT ALL PRIVILEGES ON \`not\\_hes\`.* TO 'hes'@'%';
CREATE USER IF NOT EXISTS 'hes_ro'@'%' IDENTIFIED BY '$MYSQL_RO_PASSWORD';
ALTER USER 'hes_ro'@'%' IDENTIFIED BY '$MYSQL_RO_PASSWORD' REQUIRE NONE;
GRANT SELECT ON \`hes\\_%\`.* TO 'hes_ro'@'%';
CREATE USER IF NOT EXISTS 'hes_tls'@'%' IDENTIFIED BY '$MYSQL_TLS_PASSWORD';
ALTER USER 'hes_tls'@'%' IDENTIFIED BY '$MYSQL_TLS_PASSWORD' REQUIRE SSL;
GRANT ALL PRIVILEGES ON \`hes\\_%\`.* TO 'hes_tls'@'%';
GRANT ALL PRIVILEGES ON \`not\\_hes\`.* TO 'hes_tls'@'%';
FLUSH PRIVILEGES;
SQL
}

mariadb_seed() {
  local t0 entry db files f stale
  t0=$(now_ms)
  # Per-test databases left behind by an interrupted test run.
  stale=$(md_root -e "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE 'hes\\_t\\_%'")
  {
    for db in $stale; do printf 'DROP DATABASE IF EXISTS `%s`;\n' "$db"; done
    for entry in "${MYSQL_SEEDS[@]}"; do
      db=${entry%%:*}
      files=${entry#*:}
      printf 'DROP DATABASE IF EXISTS `%s`;\n' "$db"
      printf 'CREATE DATABASE `%s` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;\nUSE `%s`;\n' "$db" "$db"
      for f in $files; do
        [ -f "$FIXTURES/$f" ] || die "mariadb: fixture $FIXTURES/$f is missing"
        cat "$FIXTURES/$f"
        printf '\n'
      done
    done
  } | md_root || die "mariadb: loading the fixtures failed"
  say "mariadb: fixture databases loaded in $(($(now_ms) - t0)) ms"
}

mariadb_smoke() {
  # Over TCP, TLS with CA and host name verification, as the least privileged user.
  local n
  n=$(mariadb --no-defaults -h 127.0.0.1 -P "$MYSQL_PORT" -u hes_ro -p"$MYSQL_RO_PASSWORD" \
    --ssl --ssl-verify-server-cert --ssl-ca="$TLS_DIR/ca.crt" --batch --skip-column-names \
    -e "SELECT COUNT(*) FROM hes_plain.__EFMigrationsHistory") || die "mariadb: smoke test failed"
  [ "$n" -gt 0 ] || die "mariadb: smoke test: no migrations in hes_plain"
}

mariadb_env() {
  cat <<EOF
HES_MYSQL_HOST='127.0.0.1'
HES_MYSQL_PORT='$MYSQL_PORT'
HES_MYSQL_USER='hes'
HES_MYSQL_PASSWORD='$MYSQL_HES_PASSWORD'
HES_MYSQL_RO_USER='hes_ro'
HES_MYSQL_RO_PASSWORD='$MYSQL_RO_PASSWORD'
HES_MYSQL_TLS_USER='hes_tls'
HES_MYSQL_TLS_PASSWORD='$MYSQL_TLS_PASSWORD'
HES_MYSQL_ROOT_USER='root'
HES_MYSQL_ROOT_PASSWORD=''
HES_MYSQL_SOCKET='$MD_SOCK'
EOF
}
