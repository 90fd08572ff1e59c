#!/usr/bin/env bash
# License import benchmark: 100 000 licenses (+ their vaults, 300 orders,
# Data 1 KB) into MariaDB by the console vs `LOAD DATA LOCAL INFILE` by the mariadb client
# (budget: within 2x) and vs row-by-row inserts as HES's EF code does (budget: >= 20x faster);
# the same into the SQLite workspace; peak memory (VmHWM). A benchmark, not a test.
# The three MariaDB measurements run on loopback, then again through a delaying TCP proxy on
# 127.0.0.1 that adds a network's round-trip time (LICENSE_BENCH_RTT_MS, default 1; 0 skips that
# pass). At RTT, row by row runs on a sample (LICENSE_BENCH_RTT_ROWBYROW_SAMPLE vaults, default
# max(N/10, 2000)) and is extrapolated; the output says so. The last line starts with RESULT.
#
#   scripts/bench-licenses.sh            # LICENSE_BENCH_N=100000, LICENSE_BENCH_RTT_MS=1 by default
#   LICENSE_BENCH_N=20000 LICENSE_BENCH_RTT_MS=0.3 scripts/bench-licenses.sh
#   LICENSE_BENCH_N=5000 cargo bench -p hes-store --bench license_import --profile dev  # quick (~20 s;
#                                                     peers.env loaded)
#
# Runs on a MariaDB of its own (PEERS_DIR /tmp/hes-console-bench-peers, port 13307, left running)
# sized like a production server: a 1 GB buffer pool and redo log. The test peer's 64 MB pool is
# sized for CI; with it, 160 MB of writes thrash the pool and every method measures the disk
# rather than itself (LOAD DATA 9.3 s there, 3.6 s here). LICENSE_BENCH_SERVER=test uses the
# test peer instead.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
if [ "${LICENSE_BENCH_SERVER:-bench}" = bench ]; then
  export PEERS_DIR="${TMPDIR:-/tmp}/hes-console-bench-peers" PEERS=mariadb MYSQL_PORT="${BENCH_MYSQL_PORT:-13307}" \
    MARIADB_SERVER_ARGS="--innodb-buffer-pool-size=1G --innodb-log-file-size=1G"
fi
PEERS_ENV="${PEERS_DIR:-${TMPDIR:-/tmp}/hes-console-peers}/peers.env"
# shellcheck source=/dev/null # peers.env is written by peers-up.sh at run time
if ! { [ -f "$PEERS_ENV" ] && (set -a; . "$PEERS_ENV"; set +a; mariadb --no-defaults --skip-ssl -h "$HES_MYSQL_HOST" \
    -P "$HES_MYSQL_PORT" -u "$HES_MYSQL_ROOT_USER" -e 'SELECT 1' >/dev/null 2>&1); }; then
  bash tests/peers/peers-up.sh
fi
set -a
# shellcheck source=/dev/null # peers.env is written by peers-up.sh at run time
. "$PEERS_ENV"
set +a
command -v mariadb >/dev/null || { echo "the mariadb client is needed for the LOAD DATA baseline" >&2; exit 1; }
mariadb --no-defaults --skip-ssl -h "$HES_MYSQL_HOST" -P "$HES_MYSQL_PORT" -u "$HES_MYSQL_ROOT_USER" --batch \
  -e "SELECT CONCAT('server: MariaDB ', VERSION(), ', buffer pool ', @@innodb_buffer_pool_size DIV 1048576, ' MB, redo log ', @@innodb_log_file_size DIV 1048576, ' MB')" --skip-column-names
# BENCH_PROFILE: e.g. "--profile dev" (scripts/bench.sh reduced).
# shellcheck disable=SC2086 # empty or one option and its value
exec cargo bench ${BENCH_PROFILE:-} -p hes-store --bench license_import
