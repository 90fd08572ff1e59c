#!/usr/bin/env bash
# Start-up and idle-memory benchmark: the release app against an empty Tauri window
# built from the same Tauri, in the same run. Reports medians and ratios:
#   ready_ms  process start -> first screen with data (the app logs `ready_ms=<n>`), with a cold
#             workspace (none yet: created at start) and a warm one (the previous run's)
#   empty_ms  process start -> blank page loaded (src-tauri/examples/empty_window.rs)
#   idle RSS  whole process tree (app + WebKit processes) 3 s after ready
# and the app's start-up timeline (src-tauri/src/startup.rs, debug level: medians per step).
# Budgets: both ratios <= 1.25. The last line starts with RESULT. Needs a display: run it under xvfb-run (scripts/test.sh does not
# run it; it is a benchmark, not a test). Usage: scripts/bench-startup.sh [runs=5]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
RUNS="${1:-5}"
: "${DISPLAY:?no DISPLAY: run as xvfb-run -a -s '-screen 0 1280x800x24' dbus-run-session -- $0}"

npm --prefix ui run build >/dev/null
cargo build --release --bin hes-console --example empty_window
APP=target/release/hes-console
EMPTY=target/release/examples/empty_window
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

# Sum of RSS (kB) of a process and all its descendants.
tree_rss() {
  python3 - "$1" <<'PY'
import os, sys
root = int(sys.argv[1]); kids = {}
for p in os.listdir('/proc'):
    if p.isdigit():
        try:
            ppid = int(open(f'/proc/{p}/stat').read().rsplit(')', 1)[1].split()[1])
            kids.setdefault(ppid, []).append(int(p))
        except OSError:
            pass
todo, total = [root], 0
while todo:
    pid = todo.pop(); todo += kids.get(pid, [])
    try:
        for line in open(f'/proc/{pid}/status'):
            if line.startswith('VmRSS:'):
                total += int(line.split()[1])
    except OSError:
        pass
print(total)
PY
}

# run <binary> <marker> -> prints "<ms> <rss_kb>"
run() {
  local bin=$1 marker=$2 log="$OUT/log" ms=""
  RUST_LOG=startup=debug,info HES_CONSOLE_WORKSPACE="$OUT/ws.sqlite" "$bin" 2>"$log" &
  local pid=$!
  for _ in $(seq 1 300); do
    # grep -m1, not `| head -1`: under pipefail head's early exit kills grep with SIGPIPE (141).
    ms=$(grep -m1 -ao "${marker}=[0-9]*" "$log" || true)
    ms=${ms#*=}
    [ -n "$ms" ] && break
    sleep 0.1
  done
  sleep 3
  local rss
  rss=$(tree_rss "$pid")
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  # The timeline's steps, "step=ms" (none for the empty window).
  grep -ao 'startup step=[a-z_]* ms=[0-9]*' "$log" | sed 's/startup step=\([a-z_]*\) ms=/\1=/' >>"$OUT/timeline" || true
  echo "${ms:-NaN} $rss"
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

: >"$OUT/app"; : >"$OUT/warm"; : >"$OUT/empty"; : >"$OUT/timeline"
for _ in $(seq 1 "$RUNS"); do
  run "$EMPTY" empty_ms >>"$OUT/empty"
  rm -f "$OUT"/ws.sqlite*
  run "$APP" ready_ms >>"$OUT/app"
  run "$APP" ready_ms >>"$OUT/warm"
done
e_ms=$(cut -d' ' -f1 "$OUT/empty" | median); a_ms=$(cut -d' ' -f1 "$OUT/app" | median)
w_ms=$(cut -d' ' -f1 "$OUT/warm" | median)
e_rss=$(cut -d' ' -f2 "$OUT/empty" | median); a_rss=$(cut -d' ' -f2 "$OUT/app" | median)
size=$(stat -c %s "$APP")
echo "runs=$RUNS"
echo "empty window: start ${e_ms} ms, idle tree RSS $((${e_rss%.*} / 1024)) MiB"
echo "timeline (median ms since process start, cold and warm runs):"
for step in tauri_setup webview_created workspace_open page_load_started page_loaded first_ipc; do
  v=$(sed -n "s/^$step=//p" "$OUT/timeline" | median 2>/dev/null || true)
  echo "  $step ${v:-n/a}"
done
echo "  ready_ms cold ${a_ms}, warm ${w_ms}"
echo "HES Console:  ready ${a_ms} ms (warm workspace ${w_ms} ms), idle tree RSS $((${a_rss%.*} / 1024)) MiB, binary $((size / 1024 / 1024)) MiB ($size bytes)"
awk -v a="$a_ms" -v w="$w_ms" -v e="$e_ms" -v ar="$a_rss" -v er="$e_rss" \
  'BEGIN { printf "ratio start %.2f cold, %.2f warm (budget 1.25), ratio idle memory %.2f (budget 1.25)\n", a/e, w/e, ar/er
           printf "RESULT cold_ms=%s warm_ms=%s empty_ms=%s app_rss_mb=%.0f empty_rss_mb=%.0f\n", a, w, e, ar/1024, er/1024 }'
