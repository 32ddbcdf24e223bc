#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL cluster: made in a temp folder, listening on a free
# loopback port, removed afterwards. The command sees DATABASE_URL pointing at it.
#   tools/with-postgres.sh pytest -q
set -euo pipefail
pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
dir=$(mktemp -d "${TMPDIR:-/tmp}/xuanren-pg.XXXXXX")
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
as_owner=()
if [ "$(id -u)" = 0 ]; then
  # initdb refuses to run as root; the cluster belongs to Debian's postgres user.
  chown postgres "$dir"
  as_owner=(runuser -u postgres --)
fi
cleanup() {
  "${as_owner[@]}" "$pgbin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT
"${as_owner[@]}" "$pgbin/initdb" -D "$dir/data" -U xuanren --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
"${as_owner[@]}" "$pgbin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
  -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=200 ${XUANREN_PG_OPTIONS:--c fsync=off -c synchronous_commit=off -c full_page_writes=off}" \
  start >/dev/null
"$pgbin/psql" -q -h 127.0.0.1 -p "$port" -U xuanren -d postgres -c "CREATE DATABASE xuanren" >/dev/null
echo "PostgreSQL $("$pgbin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port (throwaway)"
DATABASE_URL="postgres://xuanren@127.0.0.1:$port/xuanren" "$@"
