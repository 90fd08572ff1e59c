#!/usr/bin/env bash
# Longer fuzzing on demand (issue 11): the targets of crates/hes-core/tests/fuzz.rs (licenses,
# saml_metadata, saml_cert, logo, protect) in a release build, FUZZ_SECONDS each (default 60).
# Each run prints executions, corpus size and findings; a crash or a slow input is saved under
# target/fuzz-findings/<target>/ and fails the run. Copy a finding into
# crates/hes-core/tests/fuzz-regressions/<target>/ with its fix: it then runs on every test.
#
#   scripts/fuzz.sh                    # every target, 60 s each
#   FUZZ_SECONDS=600 scripts/fuzz.sh licenses
#   FUZZ_SEED=42 scripts/fuzz.sh protect   # replay a run's mutations
# Without a target it also runs the proptest properties (tests/fuzz.rs `properties`) with
# PROPTEST_CASES cases each (default 20 000).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export CARGO_PROFILE_DEV_DEBUG=0
export FUZZ_SECONDS="${FUZZ_SECONDS:-60}"
export PROPTEST_CASES="${PROPTEST_CASES:-20000}"
filter=()
if [ "$#" -gt 0 ]; then
  filter=("fuzz_$1" --exact)
fi
cargo test --release -p hes-core --test fuzz -- "${filter[@]}" --nocapture --test-threads=1
