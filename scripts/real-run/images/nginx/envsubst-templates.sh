#!/bin/sh
# Renders /etc/nginx/templates/<name>.template into /etc/nginx/conf.d/<name>, replacing only the environment variables
# that are set (and whose names match the NGINX_ENVSUBST_FILTER regular expression when it is set), so nginx's own
# $variables stay in the output.
set -eu
templates=/etc/nginx/templates
output=/etc/nginx/conf.d
[ -d "$templates" ] || exit 0
names=$(env | sed -n 's/^\([A-Za-z_][A-Za-z0-9_]*\)=.*/\1/p' | grep -E "${NGINX_ENVSUBST_FILTER:-.}" || true)
# envsubst's SHELL-FORMAT argument: the literal "${NAME}" of each variable to replace.
# shellcheck disable=SC2016
shell_format=$(for name in $names; do printf '${%s} ' "$name"; done)
for template in "$templates"/*.template; do
  [ -f "$template" ] || continue
  target="$output/$(basename "$template" .template)"
  envsubst "$shell_format" <"$template" >"$target"
  echo "envsubst-templates: rendered $template into $target"
done
