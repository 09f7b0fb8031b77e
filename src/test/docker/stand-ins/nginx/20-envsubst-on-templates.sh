#!/bin/sh
# Template step of the nginx STAND-IN: NGINX_ENVSUBST_TEMPLATE_DIR (/etc/nginx/templates)
# /**/*NGINX_ENVSUBST_TEMPLATE_SUFFIX (.template) -> NGINX_ENVSUBST_OUTPUT_DIR (/etc/nginx/conf.d),
# substituting only variables that are defined (and match NGINX_ENVSUBST_FILTER when it is set).
set -e
template_dir=${NGINX_ENVSUBST_TEMPLATE_DIR:-/etc/nginx/templates}
suffix=${NGINX_ENVSUBST_TEMPLATE_SUFFIX:-.template}
output_dir=${NGINX_ENVSUBST_OUTPUT_DIR:-/etc/nginx/conf.d}
filter=${NGINX_ENVSUBST_FILTER:-}

[ -d "$template_dir" ] || exit 0
if [ ! -w "$output_dir" ]; then
  echo "$0: ERROR: $output_dir is not writable" >&2
  exit 0
fi

# shellcheck disable=SC2016,SC2046 # a literal ${NAME} list; one word per name
defined=$(printf '${%s} ' $(env | cut -d= -f1 | grep -E "${filter:-.}" || true))
find "$template_dir" -follow -type f -name "*$suffix" -print | while read -r template; do
  relative=${template#"$template_dir/"}
  output=$output_dir/${relative%"$suffix"}
  mkdir -p "$(dirname "$output")"
  echo "$0: running envsubst on $template to $output"
  envsubst "$defined" <"$template" >"$output"
done
