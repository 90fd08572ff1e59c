#!/usr/bin/env bash
# Builds HES Console's installers for this OS with the Tauri CLI pinned in ui/package.json
# (@tauri-apps/cli), hesctl inside (tauri.release.conf.json: the UI build, then
# scripts/bundle-hesctl.mjs; Tauri ships hesctl beside the console, /usr/bin/hesctl on Linux).
#
#   scripts/package.sh [BUNDLES]   Linux default: deb,rpm -> target/release/bundle/{deb,rpm}/
#                                  elsewhere: tauri.conf.json's targets for that OS
#   PACKAGE_PROFILE=debug          the same installers from the dev profile (target/debug/bundle/):
#                                  what the test command checks, reusing the suite's debug build
#                                  (a release build would add ~10 min on 2 cores); the shipped
#                                  installers and their sizes come from the release profile
# AppImage is left out on Linux by default: its bundler downloads linuxdeploy at build time, which
# only the release workflow (.github/workflows/release.yml) can. The test command's package stage
# runs this, then tests/scripts/deb-test.sh.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if [ -d "$HOME/.cargo/bin" ]; then
  case ":$PATH:" in *":$HOME/.cargo/bin:"*) ;; *) PATH="$HOME/.cargo/bin:$PATH" ;; esac
fi

TAURI=ui/node_modules/@tauri-apps/cli/tauri.js
if [ ! -f "$TAURI" ]; then
  echo "package: the Tauri CLI is not installed; installing the UI's npm packages (npm ci)"
  npm --prefix ui ci --no-audit --no-fund
fi

BUNDLES=${1:-}
if [ -z "$BUNDLES" ]; then
  case "$(uname -s)" in
    Linux) BUNDLES=deb,rpm ;;
  esac
fi

PROFILE=${PACKAGE_PROFILE:-release}
args=(build --ci --config tauri.release.conf.json)
case "$PROFILE" in
  release) ;;
  debug) args+=(--debug) ;;
  *) echo "package: PACKAGE_PROFILE must be release or debug, not '$PROFILE'" >&2 && exit 2 ;;
esac
if [ -n "$BUNDLES" ]; then args+=(--bundles "$BUNDLES"); fi
echo "package: tauri ${args[*]}"
node "$TAURI" "${args[@]}"

# Sizes, for the record (the .deb's goal is <= 8 MB).
shopt -s nullglob
for f in "${CARGO_TARGET_DIR:-target}"/"$PROFILE"/bundle/*/*.{deb,rpm,msi,exe,dmg}; do
  echo "package: $f: $(($(wc -c <"$f") / 1024)) KiB"
done
