#!/usr/bin/env bash
# Every Konter test, in the order a failure is cheapest to find: formatting and
# lints, Rust unit + integration tests (real SQLite files, real PDFs read back
# with pdftotext/pdftoppm/zbarimg, ESC/POS receipts decoded by an emulated
# printer, A4 through a real CUPS, labels rendered by labelize, Tauri commands through the mock runtime,
# bindings drift, the sync hub against a real PostgreSQL), UI type checks and component tests, then the real app
# window driven over WebDriver under Xvfb.
source "$(dirname "$0")/lib.sh"
check_toolchains
apt_install $APP_PKGS $TEST_PKGS
ui_deps
cd "$ROOT"
export KONTER_ARTIFACTS="${KONTER_ARTIFACTS:-$ROOT/artifacts}"

say "cargo fmt --check"
cargo fmt --all -- --check

# The desktop crate embeds ui/dist at compile time, so the UI is built first.
ui_build

say "cargo clippy -D warnings"
cargo clippy --workspace --all-targets --locked -- -D warnings

say "PostgreSQL for the hub's tests (a throwaway cluster, stopped at the end)"
eval "$(bash "$ROOT/scripts/pg.sh" start)"
trap 'bash "$ROOT/scripts/pg.sh" stop' EXIT

say "an emulated ESC/POS receipt printer (emupos from PyPI, stopped at the end)"
eval "$(bash "$ROOT/scripts/emupos.sh" start)"
trap 'bash "$ROOT/scripts/emupos.sh" stop; bash "$ROOT/scripts/pg.sh" stop' EXIT

say "a throwaway CUPS print server for the A4 printer (cupsd, stopped at the end)"
eval "$(bash "$ROOT/scripts/cups.sh" start)"
trap 'bash "$ROOT/scripts/cups.sh" stop; bash "$ROOT/scripts/emupos.sh" stop; bash "$ROOT/scripts/pg.sh" stop' EXIT

say "cargo test (core, documents, commands, bindings drift, the hub on PostgreSQL)"
cargo test --workspace --locked

say "UI: svelte-check, tsc --noEmit, vitest"
(cd ui && npx svelte-check --tsconfig ./tsconfig.json --fail-on-warnings --output machine | tail -n 2)
(cd ui && npx tsc --noEmit -p tsconfig.json)
(cd ui && npx vitest run)

say "end-to-end in the real window (PDFs and screenshots go to $KONTER_ARTIFACTS)"
cargo build -p konter-desktop -p konter-hub --locked
bash "$ROOT/scripts/e2e.sh"
