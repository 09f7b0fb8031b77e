# The webserver image: nginx in front of the auth replicas.
#   docker build -f nginx.Dockerfile -t authstack/webserver:local .   (or: docker compose build)
# The official image renders /etc/nginx/templates/*.template into /etc/nginx/conf.d at start,
# substituting environment variables (only those matching NGINX_ENVSUBST_FILTER, and only when
# defined: every template variable therefore has a default below).
FROM nginx:1.30-alpine

# Runs as the image's nginx user (uid 101), listening on 8080: our main config keeps pid and
# temp files in /tmp, and conf.d is made writable for the template step.
COPY config/nginx/nginx.conf /etc/nginx/nginx.conf
COPY config/nginx/templates/ /etc/nginx/templates/
# The image's entrypoint sources only executable *.envsh files; chmod here rather than
# COPY --chmod, which the legacy builder lacks (docker-compose 1.29 without BuildKit).
COPY config/nginx/entrypoint.d/ /docker-entrypoint.d/
RUN chmod 0755 /docker-entrypoint.d/05-authstack-listen.envsh /docker-entrypoint.d/06-authstack-retry-after.envsh \
 && rm -f /etc/nginx/conf.d/default.conf \
 && chown 101:101 /etc/nginx/conf.d

# Template variables (see the template and .env.example). NGINX_LISTEN, when unset, becomes
# NGINX_PORT (05-authstack-listen.envsh). NGINX_UPSTREAM_SERVER_OPTS=resolve makes nginx follow
# the replicas of `auth` as they come and go (docker compose up --scale auth=N).
ENV NGINX_ENVSUBST_FILTER="(NGINX_|AUTH_UPSTREAM)" \
    NGINX_PORT=8080 \
    AUTH_UPSTREAM=auth:8080 \
    NGINX_UPSTREAM_SERVER_OPTS=resolve \
    NGINX_RESOLVER=127.0.0.11 \
    NGINX_API_RATE=10r/s \
    NGINX_API_BURST=20 \
    NGINX_LOGIN_RATE=10r/m \
    NGINX_LOGIN_BURST=5 \
    NGINX_API_NODELAY=nodelay \
    NGINX_LOGIN_NODELAY=nodelay \
    NGINX_CLIENT_MAX_BODY_SIZE=64k \
    NGINX_ACCESS_LOG=/dev/stdout \
    NGINX_ERROR_LOG=/dev/stderr \
    NGINX_ERROR_LOG_LEVEL=warn

USER 101:101
EXPOSE 8080
# The port of NGINX_LISTEN ("9000", "0.0.0.0:9000"), else NGINX_PORT; busybox wget is in the image.
HEALTHCHECK --interval=10s --timeout=3s --start-period=5s --retries=3 \
  CMD port="$(echo "${NGINX_LISTEN:-}" | sed -n -e 's/^\([0-9][0-9]*\)$/\1/p' -e 's/.*:\([0-9][0-9]*\)$/\1/p')"; \
      wget -q -T 2 -O /dev/null "http://127.0.0.1:${port:-$NGINX_PORT}/nginx-health" || exit 1
