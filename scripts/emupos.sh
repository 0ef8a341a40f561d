#!/usr/bin/env bash
# A real ESC/POS receipt printer, emulated: PyPI's `emupos` (Python >= 3.13)
# decodes what Konter sends on TCP (text, Code128, QR, cuts, the drawer) and
# answers on its control API. `scripts/emupos.sh start` installs it into a
# venv (once, under ~/.cache/konter), starts it on free loopback ports and
# prints
#   export KONTER_TEST_PRINTER=127.0.0.1:<port>
#   export KONTER_TEST_PRINTER_API=http://127.0.0.1:<port>/api/v1
#   export KONTER_EMUPOS_DIR=<dir>
# (use it as `eval "$(scripts/emupos.sh start)"`); `scripts/emupos.sh stop`
# stops it. A Python 3.13 comes from pyenv, `python3.13` on PATH, or says
# what is missing.
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"
VENV="${XDG_CACHE_HOME:-$HOME/.cache}/konter/emupos-venv"

python313() {
  local p
  for p in "$HOME"/.pyenv/versions/3.1[3-9]*/bin/python3 "$(command -v python3.13 || true)" "$(command -v python3 || true)"; do
    [ -n "$p" ] && [ -x "$p" ] && "$p" -c 'import sys; sys.exit(sys.version_info < (3, 13))' 2>/dev/null && { echo "$p"; return; }
  done
  echo "scripts/emupos.sh: emupos needs Python >= 3.13: install it (pyenv install 3.13, or apt-get install python3.13)" >&2
  exit 1
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

case "${1:-}" in
  start)
    if [ ! -x "$VENV/bin/emupos" ]; then
      "$(python313)" -m venv "$VENV" >&2
      "$VENV/bin/pip" install -q "emupos==0.4.0" >&2
    fi
    dir=$(mktemp -d /tmp/konter-emupos.XXXXXX)
    tcp=$(free_port); api=$(free_port)
    # Epson's TM-T20III as emupos ships it, with the Turkish tables of
    # Epson's ESC t list added (13 = PC857, 48 = WPC1254), so a receipt's
    # code-page setting is decoded as such a printer would print it.
    sed -e 's/^  50: WPC1256$/  50: WPC1256\n  13: PC857\n  48: WPC1254/' \
      "$(ls -d "$VENV"/lib/python3*/site-packages/emupos/profiles/printers)/epson-tm-t20iii.yaml" >"$dir/epson-tr.yaml"
    grep -q '13: PC857' "$dir/epson-tr.yaml" || { echo "scripts/emupos.sh: the Epson profile changed" >&2; exit 1; }
    cat >"$dir/emupos.yaml" <<YAML
schema: 1
api: { host: 127.0.0.1, port: $api }
devices:
  - id: front
    type: printer
    profile: $dir/epson-tr.yaml
    connections:
      - tcp: { port: $tcp }
    job_idle_timeout_ms: 300
YAML
    cd "$dir"
    setsid "$VENV/bin/emupos" run </dev/null >"$dir/emupos.log" 2>&1 &
    echo $! >"$dir/pid"
    cd - >/dev/null
    for _ in $(seq 1 100); do
      curl -sf "http://127.0.0.1:$api/api/v1/health" >/dev/null 2>&1 && break
      sleep 0.1
    done
    curl -sf "http://127.0.0.1:$api/api/v1/health" >/dev/null || { cat "$dir/emupos.log" >&2; exit 1; }
    echo "export KONTER_TEST_PRINTER=127.0.0.1:$tcp"
    echo "export KONTER_TEST_PRINTER_API=http://127.0.0.1:$api/api/v1"
    echo "export KONTER_EMUPOS_DIR=$dir"
    ;;
  stop)
    stop_server_dir "${KONTER_EMUPOS_DIR:-}"
    ;;
  *) echo "usage: scripts/emupos.sh start|stop" >&2; exit 2 ;;
esac
