#!/usr/bin/env bash
# Starts konter-hub on this machine: against DATABASE_URL when given,
# otherwise against a throwaway PostgreSQL cluster (scripts/pg.sh, installed
# with apt when missing and root or sudo is available; stopped on exit).
# Creates the shop on first use and prints an enrolment code for counter
# JKT1-K1 (the first device: join it from the app with that code).
#   scripts/run-hub.sh [--listen 127.0.0.1:8750] [--shop "Toko Anda"]
source "$(dirname "$0")/lib.sh"
LISTEN=127.0.0.1:8750
SHOP="Toko Demo"
while [ $# -gt 0 ]; do
  case "$1" in
    --listen) LISTEN="$2"; shift 2 ;;
    --shop) SHOP="$2"; shift 2 ;;
    *) die "usage: scripts/run-hub.sh [--listen host:port] [--shop name]" ;;
  esac
done
need_cmd cargo "install Rust from https://rustup.rs"
cd "$ROOT"
if [ -z "${DATABASE_URL:-}" ]; then
  apt_install postgresql
  eval "$(bash "$ROOT/scripts/pg.sh" start)"
  trap 'bash "$ROOT/scripts/pg.sh" stop' EXIT
  psql "$KONTER_TEST_DATABASE_URL/postgres" -qc "CREATE DATABASE konter_hub" >/dev/null
  export DATABASE_URL="$KONTER_TEST_DATABASE_URL/konter_hub"
  say "PostgreSQL (throwaway): $DATABASE_URL"
fi
say "building konter-hub"
cargo build -q -p konter-hub --release
HUB="$CARGO_TARGET_DIR/release/konter-hub"
shop=$(psql "$DATABASE_URL" -Atc "SELECT id FROM shops ORDER BY created_at LIMIT 1" 2>/dev/null || true)
[ -n "$shop" ] || shop=$("$HUB" create-shop "$SHOP")
say "shop $shop; enrolment code for counter JKT1-K1: $("$HUB" enrol-code "$shop" JKT1 K1)"
say "more devices: $HUB enrol-code $shop <branch> <counter>"
say "customer pages: http://$LISTEN/s/$shop/t (tracking), /s/$shop/pay (payment confirmation)"
"$HUB" serve --listen "$LISTEN"
