#!/bin/bash
set -euo pipefail
# No command, or options only: the server this stand-in plays (redis-server or valkey-server).
case "${1:-}" in -* | "") set -- "$STAND_IN_SERVER" "$@" ;; esac
case "${1:-}" in redis-server | valkey-server)
  # Host networking only: loopback, in the foreground, as the redis user like the official images.
  set -- "$@" --bind 127.0.0.1 --protected-mode no --daemonize no --dir /var/lib/redis
  [ "$(id -u)" = 0 ] && exec setpriv --reuid=redis --regid=redis --init-groups "$@"
  ;;
esac
exec "$@"
