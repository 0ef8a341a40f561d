#!/usr/bin/env bash
# A throwaway CUPS print server for the A4 printing tests: `scripts/cups.sh
# start` runs Debian's cupsd with its own configuration in a temporary
# directory, on a free loopback port, with one queue `Konter_A4` whose
# backend keeps each job it is given as a file, and prints
#   export CUPS_SERVER=127.0.0.1:<port>
#   export KONTER_TEST_A4_QUEUE=Konter_A4
#   export KONTER_TEST_A4_OUT=<folder the jobs land in>
#   export KONTER_CUPS_DIR=<dir>
# (use it as `eval "$(scripts/cups.sh start)"`): `lp` and `lpstat` then talk
# to it, as they talk to a shop PC's CUPS. `scripts/cups.sh stop` stops it.
# Needs `cups-daemon` and `cups-client` (installed by scripts/lib.sh's
# apt_install when root or sudo is available).
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"

case "${1:-}" in
  start)
    for tool in cupsd lpadmin lp lpstat; do
      command -v "$tool" >/dev/null || PATH="$PATH:/usr/sbin"
      command -v "$tool" >/dev/null || { echo "scripts/cups.sh: $tool is missing: apt-get install cups-daemon cups-client" >&2; exit 1; }
    done
    dir=$(mktemp -d /tmp/konter-cups.XXXXXX)
    chmod 755 "$dir"
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    mkdir -p "$dir"/{spool,cache,state,log,tmp,out,bin/backend,bin/filter,bin/daemon}
    chmod 1777 "$dir/out" "$dir/tmp"
    ln -sf /usr/lib/cups/daemon/* "$dir/bin/daemon/" 2>/dev/null || true
    # The "printer": a backend that keeps the job as it was sent.
    cat >"$dir/bin/backend/capture" <<'SH'
#!/bin/sh
[ $# -eq 0 ] && { echo 'direct capture "Unknown" "Konter test capture"'; exit 0; }
out="${DEVICE_URI#capture:}"
if [ -n "$6" ]; then cat "$6" >"$out/job-$1.tmp"; else cat >"$out/job-$1.tmp"; fi
mv "$out/job-$1.tmp" "$out/job-$1.prn"
SH
    chmod 755 "$dir/bin/backend/capture"
    cat >"$dir/cups-files.conf" <<CONF
ServerRoot $dir
RequestRoot $dir/spool
CacheDir $dir/cache
StateDir $dir/state
TempDir $dir/tmp
ErrorLog $dir/log/error_log
AccessLog $dir/log/access_log
PageLog $dir/log/page_log
DataDir /usr/share/cups
ServerBin $dir/bin
CONF
    cat >"$dir/cupsd.conf" <<CONF
Listen 127.0.0.1:$port
LogLevel warn
WebInterface No
DefaultAuthType None
Browsing No
<Location />
  Order allow,deny
  Allow all
</Location>
<Location /admin>
  Order allow,deny
  Allow all
</Location>
<Policy default>
  <Limit All>
    Order allow,deny
    Allow all
  </Limit>
</Policy>
CONF
    touch "$dir/printers.conf"
    setsid cupsd -f -c "$dir/cupsd.conf" -s "$dir/cups-files.conf" </dev/null >"$dir/log/stdout" 2>&1 &
    echo $! >"$dir/pid"
    export CUPS_SERVER="127.0.0.1:$port"
    for _ in $(seq 1 50); do
      lpstat -r >/dev/null 2>&1 && break
      sleep 0.1
    done
    lpadmin -p Konter_A4 -E -v "capture:$dir/out" -m raw >/dev/null 2>&1 || {
      cat "$dir/log/error_log" "$dir/log/stdout" >&2 2>/dev/null; exit 1; }
    echo "export CUPS_SERVER=127.0.0.1:$port"
    echo "export KONTER_TEST_A4_QUEUE=Konter_A4"
    echo "export KONTER_TEST_A4_OUT=$dir/out"
    echo "export KONTER_CUPS_DIR=$dir"
    ;;
  stop)
    stop_server_dir "${KONTER_CUPS_DIR:-}"
    ;;
  *) echo "usage: scripts/cups.sh start|stop" >&2; exit 2 ;;
esac
