#!/usr/bin/env bash
# End-to-end: the real Konter window driven over WebDriver under Xvfb.
# Expects the debug binaries (konter-desktop, konter-hub, konter-peer) to be
# built (scripts/test-all.sh does it).
source "$(dirname "$0")/lib.sh"
tauri_driver
ART="${KONTER_ARTIFACTS:-$ROOT/artifacts}"
mkdir -p "$ART"
WORK="$(mktemp -d)"
DISPLAY_NUM=":$((90 + RANDOM % 9))"
# tauri-driver runs in its own process group so that it, WebKitWebDriver and
# the app all go when we do.
cleanup() {
  [ -n "${DRIVER_PID:-}" ] && kill -- "-$DRIVER_PID" 2>/dev/null || true
  [ -n "${PG_OWN:-}" ] && bash "$ROOT/scripts/pg.sh" stop
  [ -n "${XVFB_PID:-}" ] && kill "$XVFB_PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
Xvfb "$DISPLAY_NUM" -screen 0 1366x768x24 >"$WORK/xvfb.log" 2>&1 &
XVFB_PID=$!
sleep 1
PORT=$((5000 + RANDOM % 500))
NATIVE_PORT=$((PORT + 500))
DISPLAY="$DISPLAY_NUM" NO_AT_BRIDGE=1 KONTER_NO_VIEWER=1 \
  setsid dbus-run-session -- tauri-driver --port "$PORT" --native-port "$NATIVE_PORT" >"$WORK/driver.log" 2>&1 &
DRIVER_PID=$!
for _ in $(seq 1 50); do curl -s "http://127.0.0.1:$PORT/status" >/dev/null && break; sleep 0.2; done
# The sync steps run a real hub on PostgreSQL: the test command's throwaway
# server (scripts/pg.sh), or one started here.
if [ -z "${KONTER_TEST_DATABASE_URL:-}" ]; then
  eval "$(bash "$ROOT/scripts/pg.sh" start)"
  PG_OWN=1
fi
E2E_DB="e2e_$(date +%s)_$RANDOM"
psql "$KONTER_TEST_DATABASE_URL/postgres" -qc "CREATE DATABASE $E2E_DB" >/dev/null
WEBDRIVER_URL="http://127.0.0.1:$PORT" KONTER_BIN="$CARGO_TARGET_DIR/debug/konter-desktop" \
  KONTER_HUB_BIN="$CARGO_TARGET_DIR/debug/konter-hub" KONTER_PEER_BIN="$CARGO_TARGET_DIR/debug/konter-peer" \
  DATABASE_URL="$KONTER_TEST_DATABASE_URL/$E2E_DB" KONTER_E2E_WORK="$WORK" \
  KONTER_E2E_DB="$WORK/konter.db" KONTER_ARTIFACTS="$ART" \
  node "$ROOT/tests/e2e/walkthrough.mjs" || {
    tail -20 "$WORK/driver.log"
    echo "--- the app's sync errors:"; grep -a "^sync: " "$WORK/driver.log" | tail -5 || true
    echo "--- konter-hub:"; tail -20 "$WORK/hub.log" 2>/dev/null || true
    exit 1
  }
