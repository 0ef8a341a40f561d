#!/usr/bin/env bash
# Start-up time and idle memory of the optimised desktop app with a demo
# shop (src-tauri/benches/startup.rs): builds the UI, then the app with the
# UI embedded as a release bundle has it (feature custom-protocol), and runs
# it under a throwaway Xvfb display and D-Bus session. Root drops the page
# cache before each cold start. KONTER_BENCH_RUNS (default 5) and
# KONTER_BENCH_IDLE_SECS (default 8) tune it.
source "$(dirname "$0")/lib.sh"
check_toolchains
apt_install $APP_PKGS xvfb dbus-x11
ui_deps
ui_build
cd "$ROOT"
DISPLAY_NUM=":$((80 + RANDOM % 9))"
Xvfb "$DISPLAY_NUM" -screen 0 1366x768x24 >/dev/null 2>&1 &
XVFB_PID=$!
trap 'kill "$XVFB_PID" 2>/dev/null || true' EXIT
sleep 1
say "cargo bench --bench startup (release build of konter-desktop)"
DISPLAY="$DISPLAY_NUM" NO_AT_BRIDGE=1 dbus-run-session -- \
  cargo bench -p konter-desktop --bench startup --features custom-protocol --locked
