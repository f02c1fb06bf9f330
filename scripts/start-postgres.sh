#!/usr/bin/env bash
# Makes sure a PostgreSQL server answers on 127.0.0.1:5432 for the tests (and
# for trying the PostgreSQL store). When nothing answers there, it installs
# Debian's postgresql package if missing (as root with apt-get) and starts a
# cluster of the project's own, with trust authentication for local
# connections, under ${KAKEHASHI_POSTGRES_DIR:-/var/tmp/kakehashi-postgres}.
# It leaves a server that already answers as it is.
set -euo pipefail

port="${KAKEHASHI_POSTGRES_PORT:-5432}"
cluster="${KAKEHASHI_POSTGRES_DIR:-/var/tmp/kakehashi-postgres}"

answers() {
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null
}

answers && exit 0

bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
if [ -z "$bin" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing PostgreSQL for the tests: postgresql" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
  else
    echo "The tests need PostgreSQL on 127.0.0.1:$port: sudo apt-get install -y postgresql, then run this again" >&2
    exit 1
  fi
fi

# initdb and postgres refuse to run as root: run them as the postgres user the package made.
as_server_user() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

if [ ! -f "$cluster/PG_VERSION" ]; then
  mkdir -p "$cluster"
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$cluster"
  as_server_user "$bin/initdb" -D "$cluster" -U postgres --auth=trust -E UTF8 --no-locale >/dev/null
fi
as_server_user "$bin/pg_ctl" -D "$cluster" -l "$cluster/server.log" -w -t 30 \
  -o "-p $port -c listen_addresses=127.0.0.1 -k /tmp" start >/dev/null
answers || { echo "PostgreSQL did not start on 127.0.0.1:$port; see $cluster/server.log" >&2; exit 1; }
echo "PostgreSQL started on 127.0.0.1:$port (cluster $cluster)" >&2
