# shellcheck shell=bash disable=SC2034
# Shared by engine.sh and base-images.sh (sourced, not run).
CACHE=${ECS_STACK_CACHE:-/var/cache/create-ecs-stack}
# Runtime state lives under /run: short paths (unix sockets have a 108-byte limit) that vanish on reboot.
STATE=${ECS_STACK_RUN:-/run/create-ecs-stack}
export DEBIAN_FRONTEND=noninteractive

# The Debian mirror this machine is configured with (deb822 or one-line format); Debian's own as a fallback.
mirror_uri() {
  local uri
  uri=$(grep -hsE '^URIs:' /etc/apt/sources.list.d/*.sources | grep -v security | awk '{print $2}' | head -1)
  [ -n "$uri" ] || uri=$(grep -hsE '^deb +[^[]' /etc/apt/sources.list | grep -v security | awk '{print $2}' | head -1)
  echo "${uri:-http://deb.debian.org/debian}"
}
