#!/usr/bin/env bash
# A private PostgreSQL server for the tests: initdb into DIR/data, the server on a Unix socket in DIR only
# (no TCP), as the user postgres when run as root (initdb refuses root). Prints the port on its first line once
# the server accepts connections, then runs until its standard input closes, then stops the server (immediate
# shutdown: nothing here is worth a checkpoint) and removes DIR.
set -euo pipefail
dir=$1
port=${2:-5432}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -x "$bin/initdb" ] || { echo "postgres-server: no PostgreSQL server under /usr/lib/postgresql (apt install postgresql)" >&2; exit 1; }
mkdir -p "$dir"
as_owner=()
if [ "$(id -u)" -eq 0 ]; then
  chown postgres:postgres "$dir"
  as_owner=(setpriv --reuid=postgres --regid=postgres --init-groups)
fi
stop() {
  "${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap stop EXIT
"${as_owner[@]}" "$bin/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 --locale=C --no-sync >/dev/null
# fsync off: these servers die with the test run, and the tests kill daemons, not the machine.
"${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
  -o "-k $dir -p $port -c listen_addresses='' -c fsync=off -c max_connections=200" start >/dev/null
echo "$port"
cat >/dev/null || true
