#!/bin/bash
# First start: initdb with POSTGRES_USER as superuser, password auth, then POSTGRES_DB; as the official image does.
set -euo pipefail
if [ "${1:-}" = postgres ] && [ "$(id -u)" = 0 ]; then
  mkdir -p "$PGDATA" /var/run/postgresql
  chown -R postgres:postgres "$PGDATA" /var/run/postgresql
  chmod 700 "$PGDATA"
  exec setpriv --reuid=postgres --regid=postgres --init-groups "$0" "$@"
fi
if [ "${1:-}" = postgres ] && [ ! -s "$PGDATA/PG_VERSION" ]; then
  : "${POSTGRES_PASSWORD:?the official image refuses to start without POSTGRES_PASSWORD}"
  user=${POSTGRES_USER:-postgres}
  db=${POSTGRES_DB:-$user}
  initdb --username="$user" --pwfile=<(printf '%s\n' "$POSTGRES_PASSWORD") --auth-local=trust --auth-host=scram-sha-256 >/dev/null
  if [ "$db" != postgres ]; then
    postgres --single -D "$PGDATA" -j postgres <<<"CREATE DATABASE \"$db\";" >/dev/null
  fi
fi
# Host networking only (the real-run suite never makes a bridge): listen on loopback, not on every interface.
[ "${1:-}" = postgres ] && set -- "$@" -c listen_addresses=127.0.0.1
exec "$@"
