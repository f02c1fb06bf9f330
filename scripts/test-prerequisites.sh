#!/usr/bin/env bash
# Makes sure what the test suite needs is on this machine, before `npm test`:
#   openssl, pdftotext (poppler-utils), zbarimg (zbar-tools), Debian's chromium,
#   faketime (the suite also runs with the clock a year ahead), Redis on
#   127.0.0.1:6379 and PostgreSQL on 127.0.0.1:5432 (scripts/start-postgres.sh).
# As root with apt-get it installs what is missing and starts Redis and PostgreSQL; otherwise
# it stops with the one command to run. It changes nothing that is already there.
set -euo pipefail

# command → Debian package
tools=(
  "openssl openssl"
  "pdftotext poppler-utils"
  "zbarimg zbar-tools"
  "chromium chromium"
  "faketime faketime"
)

redis_answers() {
  (exec 3<>/dev/tcp/127.0.0.1/6379 && printf 'PING\r\n' >&3 && timeout 2 head -c 5 <&3 | grep -q PONG) 2>/dev/null
}

missing=()
for entry in "${tools[@]}"; do
  read -r command package <<<"$entry"
  command -v "$command" >/dev/null 2>&1 || missing+=("$package")
done
redis_answers || command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)

if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing what the tests need: ${missing[*]}" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "The tests need these Debian packages: ${missing[*]}" >&2
    echo "Install them, then run npm test again:  sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
fi

if ! redis_answers; then
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save '' --appendonly no >/dev/null
  for _ in $(seq 1 50); do redis_answers && break; sleep 0.1; done
  redis_answers || { echo "Redis did not start on 127.0.0.1:6379: start it with  redis-server --daemonize yes --port 6379 --save '' --appendonly no" >&2; exit 1; }
fi

bash "$(dirname "$0")/start-postgres.sh"
