#!/usr/bin/env bash
# Start-up and idle-memory benchmark: the release app against an empty Tauri window
# built from the same Tauri, in the same run. Reports medians and ratios:
#   ready_ms  process start -> first screen with data (the app logs `ready_ms=<n>`), with a cold
#             workspace (none yet: created at start) and a warm one (the previous run's)
#   empty_ms  process start -> blank page loaded (src-tauri/examples/empty_window.rs)
#   static_ms process start -> the app's first screen as a static page laid out in the same
#             empty window (ui/tests/helpers/first-screen-snapshot.mjs: same DOM and stylesheet,
#             no script): what WebKitGTK needs to show this screen at all, the floor under ready_ms
#   idle RSS  whole process tree (app + WebKit processes) 3 s after ready
# and the app's start-up timeline (src-tauri/src/startup.rs, debug level: medians per step, cold
# and warm), the webview's own steps (page_*: bundle evaluated, mounted, data, rendered, shown)
# included: the page sends them with ui_ready.
# Budgets: both ratios <= 1.25. The last line starts with RESULT. Needs a display: run it under xvfb-run (scripts/test.sh does not
# run it; it is a benchmark, not a test). Usage: scripts/bench-startup.sh [runs=5]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
RUNS="${1:-5}"
: "${DISPLAY:?no DISPLAY: run as xvfb-run -a -s '-screen 0 1280x800x24' dbus-run-session -- $0}"

npm --prefix ui run build >/dev/null
# Before the build: the release binaries embed ui/dist, the snapshot included.
node ui/tests/helpers/first-screen-snapshot.mjs
cargo build --release --bin hes-console --example empty_window
APP=target/release/hes-console
EMPTY=target/release/examples/empty_window
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

# Sum of RSS (kB) of a process and all its descendants, then their pids.
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
todo, total, pids = [root], 0, []
while todo:
    pid = todo.pop(); todo += kids.get(pid, []); pids.append(pid)
    try:
        for line in open(f'/proc/{pid}/status'):
            if line.startswith('VmRSS:'):
                total += int(line.split()[1])
    except OSError:
        pass
print(total, *pids)
PY
}

# Wait (at most 10 s) until none of the given pids runs: the next run starts on a machine that is
# not still tearing down the previous process tree (the webview's processes outlive the app by
# some ms, and their teardown slowed whichever run came next).
settle() {
  local p
  for p in "$@"; do
    for _ in $(seq 1 100); do
      if [ ! -e "/proc/$p" ] || grep -qs '^State:.*Z' "/proc/$p/status"; then break; fi
      sleep 0.1
    done
  done
  sleep 0.3
}

# run <binary> <marker> <timeline file> [VAR=value...] -> prints "<ms> <rss_kb>"
run() {
  local bin=$1 marker=$2 timeline=$3 log="$OUT/log" ms=""
  shift 3
  env "$@" RUST_LOG=startup=debug,info HES_CONSOLE_WORKSPACE="$OUT/ws.sqlite" "$bin" 2>"$log" &
  local pid=$!
  for _ in $(seq 1 300); do
    # grep -m1, not `| head -1`: under pipefail head's early exit kills grep with SIGPIPE (141).
    ms=$(grep -m1 -ao "${marker}=[0-9]*" "$log" || true)
    ms=${ms#*=}
    [ -n "$ms" ] && break
    sleep 0.1
  done
  sleep 3
  local rss tree
  read -r rss tree <<<"$(tree_rss "$pid")"
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  # shellcheck disable=SC2086 # one pid per word
  settle $tree
  # The timeline's steps, "step=ms" (none for the empty window).
  grep -ao 'startup step=[a-z_]* ms=[0-9]*' "$log" | sed 's/startup step=\([a-z_]*\) ms=/\1=/' >>"$timeline" || true
  echo "${ms:-NaN} $rss"
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

: >"$OUT/app"; : >"$OUT/warm"; : >"$OUT/empty"; : >"$OUT/static"; : >"$OUT/tl_cold"; : >"$OUT/tl_warm"
for _ in $(seq 1 "$RUNS"); do
  run "$EMPTY" empty_ms /dev/null >>"$OUT/empty"
  run "$EMPTY" first_screen_static_ms /dev/null BENCH_PAGE=bench-first-screen.html >>"$OUT/static"
  rm -f "$OUT"/ws.sqlite*
  run "$APP" ready_ms "$OUT/tl_cold" >>"$OUT/app"
  run "$APP" ready_ms "$OUT/tl_warm" >>"$OUT/warm"
done
e_ms=$(cut -d' ' -f1 "$OUT/empty" | median); a_ms=$(cut -d' ' -f1 "$OUT/app" | median)
w_ms=$(cut -d' ' -f1 "$OUT/warm" | median); s_ms=$(cut -d' ' -f1 "$OUT/static" | median)
e_rss=$(cut -d' ' -f2 "$OUT/empty" | median); a_rss=$(cut -d' ' -f2 "$OUT/app" | median)
size=$(stat -c %s "$APP")
echo "runs=$RUNS"
echo "empty window: start ${e_ms} ms, idle tree RSS $((${e_rss%.*} / 1024)) MiB"
echo "first screen as a static page in the empty window (no script): ${s_ms} ms"
echo "timeline (median ms since process start; page_* steps are the webview's own, sent with ui_ready):"
printf '  %-26s %6s %6s\n' step cold warm
# Steps in the order of their warm medians.
cut -d= -f1 "$OUT/tl_warm" | sort -u | while read -r step; do
  echo "$(sed -n "s/^$step=//p" "$OUT/tl_warm" | median) $step"
done | sort -n | while read -r _ step; do
  printf '  %-26s %6s %6s\n' "$step" "$(sed -n "s/^$step=//p" "$OUT/tl_cold" | median)" "$(sed -n "s/^$step=//p" "$OUT/tl_warm" | median)"
done
echo "  ready_ms cold ${a_ms}, warm ${w_ms}"
echo "HES Console:  ready ${a_ms} ms (warm workspace ${w_ms} ms), idle tree RSS $((${a_rss%.*} / 1024)) MiB, binary $((size / 1024 / 1024)) MiB ($size bytes)"
awk -v a="$a_ms" -v w="$w_ms" -v e="$e_ms" -v s="$s_ms" -v ar="$a_rss" -v er="$e_rss" \
  'BEGIN { printf "ratio start %.2f cold, %.2f warm (budget 1.25), ratio idle memory %.2f (budget 1.25)\n", a/e, w/e, ar/er
           printf "floor: the static first screen is %.2f of the empty window; the app is %.2f (cold) / %.2f (warm) of it\n", s/e, a/s, w/s
           printf "RESULT cold_ms=%s warm_ms=%s empty_ms=%s static_ms=%s app_rss_mb=%.0f empty_rss_mb=%.0f\n", a, w, e, s, ar/1024, er/1024 }'
