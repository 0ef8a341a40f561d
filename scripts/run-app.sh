#!/usr/bin/env bash
# Launch Konter on an embedded SQLite database.
#   scripts/run-app.sh            → database in the OS app-data directory
#   scripts/run-app.sh --demo     → a demo shop (login: owner / konter-demo)
#   KONTER_DB=./shop.db scripts/run-app.sh   or   scripts/run-app.sh --db ./shop.db
source "$(dirname "$0")/lib.sh"
check_toolchains
apt_install $APP_PKGS
ui_deps
ui_build
say "building and starting Konter"
cd "$ROOT"
if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  die "no display: run this on a desktop session (or under Xvfb: DISPLAY=:99)"
fi
exec cargo run -p konter-desktop -- "$@"
