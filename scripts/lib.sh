# Shared by the Konter scripts: find or install what a fresh Debian/Ubuntu
# machine with Rust and Node lacks. Sourced, not run.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"

say() { printf '\033[1;36m==>\033[0m %s\n' "$*"; }
die() { printf '\033[1;31mxx\033[0m %s\n' "$*" >&2; exit 1; }

need_cmd() { command -v "$1" >/dev/null 2>&1 || die "$1 is missing: $2"; }

# apt packages, installed when root or passwordless sudo is available.
APP_PKGS="libwebkit2gtk-4.1-dev libxdo-dev libayatana-appindicator3-dev librsvg2-dev libssl-dev build-essential pkg-config"
TEST_PKGS="webkit2gtk-driver xvfb poppler-utils zbar-tools dbus-x11 imagemagick postgresql chromium chromium-driver cups-daemon cups-client"

apt_install() {
  local missing=()
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  local SUDO=""
  if [ "$(id -u)" -ne 0 ]; then
    if sudo -n true 2>/dev/null; then SUDO="sudo -n"; else
      die "missing apt packages: ${missing[*]} — run: sudo apt-get install -y ${missing[*]}"
    fi
  fi
  say "installing apt packages: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
}

check_toolchains() {
  need_cmd cargo "install Rust from https://rustup.rs"
  need_cmd node "install Node.js 20 or newer"
  need_cmd npm "install npm (comes with Node.js)"
}

ui_deps() {
  if [ ! -d "$ROOT/ui/node_modules" ] || [ "$ROOT/ui/package-lock.json" -nt "$ROOT/ui/node_modules/.package-lock.json" ]; then
    say "installing UI packages (npm ci)"
    (cd "$ROOT/ui" && npm ci --no-audit --no-fund --loglevel=error)
  fi
}

ui_build() {
  say "building the UI"
  (cd "$ROOT/ui" && npx vite build --logLevel warn)
}

tauri_driver() {
  if ! command -v tauri-driver >/dev/null 2>&1; then
    say "installing tauri-driver (cargo install)"
    cargo install tauri-driver --locked --version "^2" >/dev/null
  fi
  export PATH="$HOME/.cargo/bin:$PATH"
}

# Stops a test server started in its own process group (its pid in $1/pid),
# waits for it to go, then removes its directory; never fails the caller
# (a server still writing its cache as it dies once made `rm` fail here).
stop_server_dir() {
  local dir="$1" pid
  [ -n "$dir" ] || return 0
  if [ -f "$dir/pid" ]; then
    pid="$(cat "$dir/pid")"
    kill -- "-$pid" 2>/dev/null || kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
  rm -rf "$dir" 2>/dev/null || { sleep 0.5; rm -rf "$dir" 2>/dev/null; } || true
}
