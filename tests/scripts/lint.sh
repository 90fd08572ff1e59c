#!/usr/bin/env bash
# Checks the project's shell scripts and the minimum versions they promise:
#   1. shellcheck on every script (*.sh and .ci/run; sourced files are followed with -x);
#   2. no early-exiting reader at the end of a pipe (`cmd | grep -q`, `| grep -m`, `| head`):
#      under `set -o pipefail` the writer gets SIGPIPE and the pipeline fails at random (141).
#      Capture first, then test: out=$(cmd || true); case "$out" in …;
#   3. Cargo.toml's rust-version is at least the highest rust-version of the locked crates
#      (cargo metadata), so install-deps.sh's Rust check, which reads it, is true;
#   4. install-deps.sh's Node.js range is ui/package.json's "engines" range, and no locked npm
#      package that is installed on every platform asks for more;
#   5. actionlint (the pinned one install-deps.sh --test puts in ~/.cache/hes-console/) on every
#      workflow in .github/workflows: syntax, expressions, action inputs, shellcheck on run: steps.
# Run: bash tests/scripts/lint.sh   (scripts/test.sh runs it in its scripts stage);
#      bash tests/scripts/lint.sh --pipes /abs/path/FILE...   check 2 only, on those files
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
FAILED=0
fail() {
  FAILED=$((FAILED + 1))
  printf 'lint: FAIL: %s\n' "$*" >&2
}

# Check 2 (defined first, for --pipes): early-exiting readers at the end of a pipe. A command
# continued over lines (a trailing | or \) is joined first; comments are skipped; `||` is no pipe.
pipe_re='(^|[^|])\|[[:space:]]*(head([[:space:]]|$)|grep([[:space:]]+[^|;&)]*)?[[:space:]]+(-[[:alpha:]]*[qmlL][[:alnum:]]*|--quiet|--silent|--max-count|--files-with)([[:space:]=]|$))'
check_pipes() {
  local f n start cmd line
  for f in "$@"; do
    n=0 start=0 cmd=""
    while IFS= read -r line || [ -n "$line" ]; do
      n=$((n + 1))
      [ -n "$cmd" ] || start=$n
      case "$line" in [[:space:]]*'#'* | '#'*) [ -z "$cmd" ] && continue ;; esac
      cmd+="$line "
      case "$line" in *'|' | *\\) continue ;; esac
      if [[ "$cmd" =~ $pipe_re ]]; then
        fail "$f:$start: '| ${BASH_REMATCH[2]}' under pipefail can kill the writer (SIGPIPE, 141): capture the output first, then test it"
      fi
      cmd=""
    done <"$f"
  done
}
if [ "${1:-}" = --pipes ]; then # lint.sh --pipes FILE...: only this check, on those files
  shift
  check_pipes "$@"
  [ "$FAILED" -eq 0 ] && echo "lint: pipes ok"
  exit "$((FAILED > 0))"
fi

# ---- the scripts -------------------------------------------------------------------------------
SCRIPTS=()
while IFS= read -r -d '' f; do SCRIPTS+=("${f#./}"); done < <(
  find . \( -name .git -o -name target -o -name node_modules \) -prune -o \
    \( -name '*.sh' -o -path ./.ci/run \) -type f -print0 | sort -z
)
[ "${#SCRIPTS[@]}" -gt 0 ] || fail "no scripts found"
echo "lint: ${#SCRIPTS[@]} scripts: ${SCRIPTS[*]}"

# 1. shellcheck (a Debian package: scripts/install-deps.sh --test installs it)
if ! command -v shellcheck >/dev/null; then
  fail "shellcheck not found (apt-get install shellcheck, or run scripts/install-deps.sh --test)"
elif shellcheck -x "${SCRIPTS[@]}"; then
  echo "lint: shellcheck $(shellcheck --version | sed -n 's/^version: //p'): clean"
else
  fail "shellcheck found problems (above)"
fi

check_pipes "${SCRIPTS[@]}"
echo "lint: pipes checked"

# 3. Rust: Cargo.toml's rust-version >= every locked crate's rust-version (all platforms' crates).
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
RUST_MIN=$(sed -n 's/^rust-version = "\([0-9.]*\)"$/\1/p' Cargo.toml)
if [ -z "$RUST_MIN" ]; then
  fail "Cargo.toml has no workspace rust-version"
elif ! cargo metadata --format-version 1 --locked >"$TMP/metadata.json" 2>"$TMP/metadata.err"; then
  fail "cargo metadata failed: $(<"$TMP/metadata.err")"
else
  # node (the UI needs it anyway) reads the JSON; prints "ok|low <max> <crate> <version>".
  verdict=$(node - "$TMP/metadata.json" "$RUST_MIN" <<'JS'
const [file, min] = process.argv.slice(2);
const key = (v) => v.split(".").map(Number).concat([0, 0, 0]).slice(0, 3);
const cmp = (a, b) => {
  const x = key(a), y = key(b);
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i] - y[i];
  return 0;
};
let best = null;
for (const p of JSON.parse(require("fs").readFileSync(file, "utf8")).packages)
  if (p.source && p.rust_version && (!best || cmp(p.rust_version, best.rust_version) > 0)) best = p;
if (!best) console.log("ok none");
else console.log(`${cmp(min, best.rust_version) >= 0 ? "ok" : "low"} ${best.rust_version} ${best.name} ${best.version}`);
JS
  )
  case "$verdict" in
    "ok "*) echo "lint: Cargo.toml rust-version $RUST_MIN >= the locked crates' highest (${verdict#ok })" ;;
    *) fail "Cargo.toml rust-version is $RUST_MIN, but the locked ${verdict#low } needs more: raise rust-version (install-deps.sh reads it)" ;;
  esac
fi

# 4. Node: install-deps.sh's range = ui/package.json's engines.node, and every locked npm package
# installed on all platforms (optional native bindings are skipped) accepts the lowest and a late
# version of each band of that range (semver: npm's own copy).
deps_range=$(sed -n "s/^NODE_RANGE='\(.*\)'$/\1/p" scripts/install-deps.sh)
verdict=$(node - "$deps_range" "$(npm root -g)" <<'JS'
const [range, npmRoot] = process.argv.slice(2);
const path = require("path");
let semver;
try {
  semver = require(path.join(npmRoot, "npm", "node_modules", "semver"));
} catch (e) {
  console.log(`no semver module in ${npmRoot}/npm: ${e.message}`);
  process.exit(0);
}
const ui = require(path.resolve("ui/package.json")).engines.node;
if (ui !== range) {
  console.log(`install-deps.sh NODE_RANGE '${range}' != ui/package.json engines.node '${ui}'`);
  process.exit(0);
}
const probes = ["20.19.0", "20.99.0", "22.12.0", "22.99.0", "24.0.0", "26.0.0"];
const bad = probes.filter((v) => !semver.satisfies(v, range));
if (bad.length) console.log(`the range '${range}' rejects ${bad.join(", ")}: update the probes`);
const problems = [];
for (const [k, p] of Object.entries(require(path.resolve("ui/package-lock.json")).packages)) {
  const r = k && !p.optional && p.engines && p.engines.node;
  if (!r) continue;
  const no = probes.filter((v) => !semver.satisfies(v, r));
  if (no.length) problems.push(`${k} (node ${r}) rejects ${no.join(", ")}`);
}
console.log(problems.length ? problems.join("\n") : "ok");
JS
)
if [ "$verdict" = ok ]; then
  echo "lint: Node.js '$deps_range' (install-deps.sh) = ui/package.json engines, and every locked npm package accepts it"
else
  fail "Node.js range: $verdict"
fi

# 5. The GitHub workflows (the release workflow cannot run here: this is what checks it).
al_name=$(sed -n 's|^ACTIONLINT_DIR=".*/hes-console/\(.*\)"$|\1|p' scripts/install-deps.sh)
al_dir="${XDG_CACHE_HOME:-$HOME/.cache}/hes-console/$al_name"
WORKFLOWS=(.github/workflows/*.yml)
if [ ! -x "$al_dir/bin/actionlint" ]; then
  fail "actionlint not found at $al_dir/bin/actionlint (run scripts/install-deps.sh --test)"
elif [ ! -e "${WORKFLOWS[0]}" ]; then
  fail "no workflows in .github/workflows"
elif "$al_dir/bin/actionlint" -no-color "${WORKFLOWS[@]}"; then
  echo "lint: actionlint $("$al_dir/bin/actionlint" --version | sed -n 1p): ${WORKFLOWS[*]} clean"
else
  fail "actionlint found problems in the workflows (above)"
fi

if [ "$FAILED" -ne 0 ]; then
  echo "lint: $FAILED failed" >&2
  exit 1
fi
echo "lint: ok"
