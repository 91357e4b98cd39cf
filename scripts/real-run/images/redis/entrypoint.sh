#!/bin/bash
set -euo pipefail
case "${1:-}" in -*) set -- redis-server "$@" ;; esac
if [ "${1:-}" = redis-server ]; then
  # Host networking only: loopback, in the foreground, as the redis user like the official image.
  set -- "$@" --bind 127.0.0.1 --protected-mode no --daemonize no --dir /var/lib/redis
  [ "$(id -u)" = 0 ] && exec setpriv --reuid=redis --regid=redis --init-groups "$@"
fi
exec "$@"
