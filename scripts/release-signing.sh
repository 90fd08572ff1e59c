#!/usr/bin/env bash
# The release workflow's signing step (.github/workflows/release.yml): decides per runner OS
# whether the installers get signed, from the secrets it is given in the environment.
#   macOS:   APPLE_CERTIFICATE + APPLE_CERTIFICATE_PASSWORD + APPLE_SIGNING_IDENTITY sign;
#            APPLE_ID + APPLE_PASSWORD + APPLE_TEAM_ID also notarize.
#   Windows: WINDOWS_CERTIFICATE + WINDOWS_CERTIFICATE_PASSWORD (the next step imports it).
# Only complete sets are passed on to the Tauri build (as $GITHUB_ENV entries: an empty APPLE_*
# variable would make the bundler try to sign with nothing); a missing set is a ::notice:: and
# an unsigned build. Prints "windows=true|false" and "macos=true|false" to $GITHUB_OUTPUT.
# Usage: scripts/release-signing.sh Linux|Windows|macOS
set -euo pipefail

OS=${1:?usage: release-signing.sh Linux|Windows|macOS}
OUT=${GITHUB_OUTPUT:-/dev/stdout}
ENV_FILE=${GITHUB_ENV:-/dev/null}

all_set() {
  local v
  for v in "$@"; do [ -n "${!v:-}" ] || return 1; done
}
pass_on() { # the variables, for the steps after this one (multi-line safe)
  local v
  for v in "$@"; do
    printf '%s<<HES_EOF\n%s\nHES_EOF\n' "$v" "${!v}" >>"$ENV_FILE"
  done
}

macos=false windows=false
case "$OS" in
  macOS)
    if all_set APPLE_CERTIFICATE APPLE_CERTIFICATE_PASSWORD APPLE_SIGNING_IDENTITY; then
      pass_on APPLE_CERTIFICATE APPLE_CERTIFICATE_PASSWORD APPLE_SIGNING_IDENTITY
      macos=true
      if all_set APPLE_ID APPLE_PASSWORD APPLE_TEAM_ID; then
        pass_on APPLE_ID APPLE_PASSWORD APPLE_TEAM_ID
      else
        echo "::notice::macOS: signed but not notarized (APPLE_ID, APPLE_PASSWORD, APPLE_TEAM_ID secrets not set); Gatekeeper will warn on first start"
      fi
    else
      echo "::notice::macOS: building unsigned (APPLE_CERTIFICATE, APPLE_CERTIFICATE_PASSWORD, APPLE_SIGNING_IDENTITY secrets not set); users must right-click > Open the first time"
    fi
    ;;
  Windows)
    if all_set WINDOWS_CERTIFICATE WINDOWS_CERTIFICATE_PASSWORD; then
      windows=true
    else
      echo "::notice::Windows: building unsigned (WINDOWS_CERTIFICATE, WINDOWS_CERTIFICATE_PASSWORD secrets not set); SmartScreen will warn"
    fi
    ;;
  Linux) echo "Linux: the .deb, .rpm and AppImage are not signed (none of them is by default)" ;;
  *)
    echo "release-signing: unknown OS '$OS'" >&2
    exit 2
    ;;
esac
printf 'macos=%s\nwindows=%s\n' "$macos" "$windows" >>"$OUT"
