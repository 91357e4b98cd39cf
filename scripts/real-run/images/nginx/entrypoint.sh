#!/bin/sh
# Runs the start-up scripts of /docker-entrypoint.d when the command is nginx, then the command.
set -eu
if [ "${1:-}" = nginx ]; then
  for script in /docker-entrypoint.d/*.sh; do
    [ -x "$script" ] && "$script"
  done
fi
exec "$@"
