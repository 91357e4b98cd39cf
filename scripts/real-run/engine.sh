#!/usr/bin/env bash
# Starts the Docker engine the real-run suite builds and runs with (test/real-run/), as root, idempotently.
#
# Bookworm's docker.io (20.10, BuildKit 0.8) cannot do named build contexts, so the engine is Debian trixie's
# dockerd 26 with buildx 0.13 and compose 2.26, extracted from their packages into a cache folder and never
# installed system-wide. Bookworm's docker.io is still installed for what it depends on (containerd, runc, tini).
#
# The engine has no bridge and touches no iptables: every build and container uses host networking, and only
# 127.0.0.1 is ever spoken to. No registry is reachable: base images come from scripts/real-run/base-images.sh.
#
# Prints the environment to use (DOCKER_HOST, DOCKER_CONFIG, PATH), also written to $STATE/env.sh.
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"
TRIXIE="$CACHE/trixie"
ROOT="$TRIXIE/root"
SOCKET="$STATE/docker.sock"
PIDFILE="$STATE/dockerd.pid"
DOCKER_CONFIG_DIR="$CACHE/docker-config"

log() { printf 'engine: %s\n' "$*" >&2; }

[ "$(id -u)" = 0 ] || { echo "engine.sh must run as root (it starts dockerd)" >&2; exit 2; }
mkdir -p "$CACHE" "$STATE" "$TRIXIE/debs" "$TRIXIE/lists/partial" "$DOCKER_CONFIG_DIR/cli-plugins"

# 1. Bookworm's packages: containerd, runc and tini come with docker.io; debootstrap makes the base images.
need=()
command -v containerd >/dev/null 2>&1 || need+=(docker.io)
command -v debootstrap >/dev/null 2>&1 || need+=(debootstrap)
if [ ${#need[@]} -gt 0 ]; then
  log "installing ${need[*]}"
  apt-get update -qq
  # policy-rc.d 101: the package must not try to start bookworm's own dockerd (we start trixie's below).
  printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  rm -f /usr/sbin/policy-rc.d
fi

# 2. Trixie's engine, buildx and compose, extracted (dpkg -x) into $ROOT.
if [ ! -x "$ROOT/usr/sbin/dockerd" ] || [ ! -x "$ROOT/usr/libexec/docker/cli-plugins/docker-buildx" ] ||
  [ ! -x "$ROOT/usr/libexec/docker/cli-plugins/docker-compose" ]; then
  mirror=$(mirror_uri)
  log "fetching trixie's docker.io, docker-buildx, docker-compose from $mirror"
  cat >"$TRIXIE/sources.list" <<EOF
deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $mirror trixie main
EOF
  apt_trixie=(-o "Dir::Etc::sourcelist=$TRIXIE/sources.list" -o Dir::Etc::sourceparts=- -o "Dir::State::Lists=$TRIXIE/lists"
    -o "Dir::Cache::archives=$TRIXIE/debs" -o APT::Get::List-Cleanup=0 -o APT::Sandbox::User=root)
  apt-get "${apt_trixie[@]}" update -qq
  (cd "$TRIXIE/debs" && apt-get "${apt_trixie[@]}" download docker.io docker-buildx docker-compose)
  rm -rf "$ROOT" && mkdir -p "$ROOT"
  for deb in "$TRIXIE"/debs/*.deb; do dpkg -x "$deb" "$ROOT"; done
fi

# 3. The CLI plugins, found by the docker CLI through DOCKER_CONFIG.
ln -sf "$ROOT/usr/libexec/docker/cli-plugins/docker-buildx" "$DOCKER_CONFIG_DIR/cli-plugins/docker-buildx"
ln -sf "$ROOT/usr/libexec/docker/cli-plugins/docker-compose" "$DOCKER_CONFIG_DIR/cli-plugins/docker-compose"
[ -f "$DOCKER_CONFIG_DIR/config.json" ] || echo '{}' >"$DOCKER_CONFIG_DIR/config.json"

export DOCKER_HOST="unix://$SOCKET"
export DOCKER_CONFIG="$DOCKER_CONFIG_DIR"
# Trixie's docker CLI first: it matches the daemon's API version.
export PATH="$ROOT/usr/bin:$ROOT/usr/sbin:$PATH"

answers() { docker version --format '{{.Server.Version}}' >/dev/null 2>&1; }

# 4. The daemon: started only when nothing answers on its socket.
if ! answers; then
  if [ -f "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; then
    log "dockerd $(cat "$PIDFILE") is running but not answering; waiting for it"
  else
    rm -f "$PIDFILE" "$SOCKET"
    log "starting dockerd $("$ROOT/usr/sbin/dockerd" --version | awk '{print $3}' | tr -d ,)"
    # The data root (images, build cache) is kept between runs; exec root and socket are per boot.
    setsid "$ROOT/usr/sbin/dockerd" \
      --host "unix://$SOCKET" \
      --data-root "$CACHE/docker-data" \
      --exec-root "$STATE/exec" \
      --pidfile "$PIDFILE" \
      --bridge=none --iptables=false --ip6tables=false \
      --userland-proxy=false \
      >"$STATE/dockerd.log" 2>&1 </dev/null &
  fi
  for _ in $(seq 1 60); do
    answers && break
    sleep 1
  done
  answers || { tail -30 "$STATE/dockerd.log" >&2; echo "dockerd did not answer on $SOCKET within 60 s" >&2; exit 1; }
fi

docker buildx version >/dev/null
docker compose version >/dev/null
# The data root is kept between runs: drop what earlier runs left (stopped containers, untagged images) and
# keep the build cache below a bound, so the cache speeds runs up without growing without end.
docker container prune -f >/dev/null
docker image prune -f >/dev/null
docker builder prune -f --keep-storage 8gb >/dev/null
cat >"$STATE/env.sh" <<EOF
export DOCKER_HOST=$DOCKER_HOST
export DOCKER_CONFIG=$DOCKER_CONFIG
export PATH=$ROOT/usr/bin:$ROOT/usr/sbin:\$PATH
EOF
log "dockerd $(docker version --format '{{.Server.Version}}') answers; buildx $(docker buildx version | awk '{print $2}'), compose $(docker compose version --short)"
cat "$STATE/env.sh"
