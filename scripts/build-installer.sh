#!/usr/bin/env bash
# Build an installer with the Tauri CLI (fetched from npm on first use).
#   scripts/build-installer.sh            → .deb on Linux (target/release/bundle/deb/)
#   scripts/build-installer.sh msi,nsis   → on Windows (Git Bash), .msi and .exe
#   scripts/build-installer.sh dmg        → on macOS
source "$(dirname "$0")/lib.sh"
check_toolchains
case "$(uname -s)" in Linux) apt_install $APP_PKGS ;; esac
ui_deps
ui_build
cd "$ROOT"
npx --yes @tauri-apps/cli@^2 build --bundles "${1:-deb}"
