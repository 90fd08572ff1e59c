#!/usr/bin/env bash
# Builds HES Console's installers for this OS with the Tauri CLI pinned in ui/package.json
# (@tauri-apps/cli), hesctl inside (tauri.release.conf.json: the UI build, then
# scripts/bundle-hesctl.mjs; Tauri ships hesctl beside the console, /usr/bin/hesctl on Linux).
#
#   scripts/package.sh [BUNDLES]   Linux default: deb,rpm -> target/release/bundle/{deb,rpm}/
#                                  elsewhere: tauri.conf.json's targets for that OS
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

args=(build --ci --config tauri.release.conf.json)
if [ -n "$BUNDLES" ]; then args+=(--bundles "$BUNDLES"); fi
echo "package: tauri ${args[*]}"
node "$TAURI" "${args[@]}"

# Sizes, for the record (the .deb's goal is <= 8 MB).
shopt -s nullglob
for f in "${CARGO_TARGET_DIR:-target}"/release/bundle/*/*.{deb,rpm,msi,exe,dmg}; do
  echo "package: $f: $(($(wc -c <"$f") / 1024)) KiB"
done
