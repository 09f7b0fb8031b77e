#!/bin/sh
# Entrypoint of the redis:7-alpine STAND-IN (see the Dockerfile): written from the official
# image's documented behaviour, not copied from it.
set -e

case ${1:-} in
  -* | *.conf) set -- redis-server "$@" ;;
esac

if [ "${1:-}" = redis-server ] && [ "$(id -u)" = 0 ]; then
  find . \! -user redis -exec chown redis '{}' +
  exec gosu redis "$0" "$@"
fi

# files Redis writes (dump, append-only file) are for its own user only
umask 0077
exec "$@"
