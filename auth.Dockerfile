# The auth service image.
#   docker build -f auth.Dockerfile -t authstack/auth:local .     (or: docker compose build auth)
# Build stage: the repository's Maven wrapper on a JDK; runtime: the jar extracted in layers on a
# JRE, with a Java 25 AOT cache made by a training run, as a numeric non-root user. See
# docker-entrypoint.sh for what happens at start, docs/bench.md for the figures behind the defaults.

FROM eclipse-temurin:25-jdk AS build
WORKDIR /workspace
# Dependencies get their own layer, rebuilt only when the POM or the wrapper changes.
COPY mvnw pom.xml ./
COPY .mvn/ .mvn/
RUN ./mvnw -B -ntp dependency:go-offline
COPY src/ src/
# `extract` without the launcher: auth.jar plus one jar per library (lib/), run with `java -jar`,
# the layout an AOT cache needs; the layers keep the dependencies apart from the application.
# Two layers reach the runtime stage: the released dependencies, and everything else (the
# application, SNAPSHOT dependencies, the loader: the last two are empty in this layout). Empty
# directories are not copied one by one: two empty COPYs in a row fail on the legacy builder
# ("layer does not exist"), which docker-compose 1.29 uses without BuildKit.
RUN ./mvnw -B -ntp -DskipTests package \
 && java -Djarmode=tools -jar target/auth.jar extract --layers --destination extracted \
 && cp -a extracted/spring-boot-loader/. extracted/snapshot-dependencies/. extracted/application/

FROM eclipse-temurin:25-jre
LABEL org.opencontainers.image.title="authstack auth" \
      org.opencontainers.image.description="Self-hosted authentication service"

# Numeric user so Kubernetes' runAsNonRoot can verify it; it owns only the log and data dirs.
RUN groupadd --system --gid 10001 auth \
 && useradd --system --uid 10001 --gid 10001 --home-dir /var/lib/auth --no-create-home \
      --shell /usr/sbin/nologin auth \
 && mkdir -p /var/log/auth /var/lib/auth \
 && chown 10001:10001 /var/log/auth /var/lib/auth

WORKDIR /app
# Least to most often changed, so a code change rebuilds only the last layers (and the AOT cache).
COPY --from=build /workspace/extracted/dependencies/ ./
COPY --from=build /workspace/extracted/application/ ./
COPY config/jvm.options /app/jvm.options
# chmod rather than COPY --chmod, which needs BuildKit
COPY docker-entrypoint.sh docker/db docker/healthcheck /usr/local/bin/
RUN chmod 0755 /usr/local/bin/docker-entrypoint.sh /usr/local/bin/db /usr/local/bin/healthcheck

# AUTH_MIGRATE_ON_START=false: the entrypoint has already run `db upgrade head` before the JVM
# starts. AUTH_LOG_DIR is a volume in docker-compose.yml. AUTH_AOT_CACHE and AUTH_DB_AOT_CACHE
# (the `db` command line's): made below, added to the java command line by the entrypoint.
# JAVA_OPTS: the java argument file config/jvm.options (heap, collector; the reasons are in it);
# `JAVA_OPTS="@/app/jvm.options -X..."` adds to it, any other value replaces it (README, "Startup,
# memory and JVM options"). The entrypoint sets MALLOC_ARENA_MAX=2 unless it is set.
ENV AUTH_APP_DIR=/app \
    AUTH_AOT_CACHE=/app/auth.aot \
    AUTH_DB_AOT_CACHE=/app/db.aot \
    AUTH_DATA_DIR=/var/lib/auth \
    AUTH_LOG_DIR=/var/log/auth \
    AUTH_MIGRATE_ON_START=false \
    SERVER_PORT=8080 \
    JAVA_OPTS=@/app/jvm.options

# The AOT cache (Java 25, JEP 483/514): a training run of this jar with these JAVA_OPTS records the
# classes a start loads and links, and later starts map them instead: startup about halved. A
# cache only fits the jar and JAVA_OPTS it was made with (the JVM skips a misfit with a warning).
# The run needs a database: the service's embedded PostgreSQL, which refuses root, so it runs as
# user 10001 in a throwaway directory. -Dspring.context.exit=onRefresh ends the JVM once the context
# is up, without stopping that PostgreSQL, hence pg_ctl. AOTMode=on then proves the cache loads:
# if the training or the cache fails, the build fails. The `db` command line, which loads other
# classes, has a cache of its own, trained first by `db upgrade head` on the same (then new)
# embedded database, which it starts and stops itself: the no-op migration before every start
# took 2.1 s with the service's cache and 1.1-1.2 s with its own.
# hadolint ignore=SC2086
RUN install -d -o 10001 -g 10001 /tmp/aot-training \
 && setpriv --reuid=10001 --regid=10001 --init-groups \
      env -u AUTH_LOG_DIR AUTH_DATA_DIR=/tmp/aot-training \
      java $JAVA_OPTS -Djava.io.tmpdir=/tmp/aot-training -XX:AOTCacheOutput=/tmp/aot-training/db.aot \
      -jar /app/auth.jar db upgrade head \
 && setpriv --reuid=10001 --regid=10001 --init-groups \
      env -u AUTH_LOG_DIR AUTH_DATA_DIR=/tmp/aot-training AUTH_MIGRATE_ON_START=true \
      AUTH_REDIS_URL=redis://127.0.0.1:6379 \
      java $JAVA_OPTS -Djava.io.tmpdir=/tmp/aot-training -XX:AOTCacheOutput=/tmp/aot-training/auth.aot \
      -Dspring.context.exit=onRefresh -jar /app/auth.jar \
 && setpriv --reuid=10001 --regid=10001 --init-groups \
      sh -c 'exec /tmp/aot-training/embedded-pg/PG-*/bin/pg_ctl -D /tmp/aot-training/postgres -m fast -w stop' \
 && install -m 0444 /tmp/aot-training/auth.aot "$AUTH_AOT_CACHE" \
 && install -m 0444 /tmp/aot-training/db.aot "$AUTH_DB_AOT_CACHE" \
 && rm -rf /tmp/aot-training \
 && java $JAVA_OPTS -XX:AOTCache="$AUTH_AOT_CACHE" -XX:AOTMode=on -jar /app/auth.jar db --help >/dev/null \
 && java $JAVA_OPTS -XX:AOTCache="$AUTH_DB_AOT_CACHE" -XX:AOTMode=on -jar /app/auth.jar db --help >/dev/null

USER 10001:10001
# 8080: the API and pages (behind nginx); 8081: actuator (health, prometheus), not routed by nginx.
EXPOSE 8080 8081
# healthcheck = docker/healthcheck: GET /readyz with bash's /dev/tcp (the JRE image has no curl).
HEALTHCHECK --interval=10s --timeout=5s --start-period=90s --retries=3 CMD ["healthcheck"]
ENTRYPOINT ["docker-entrypoint.sh"]
# No arguments: migrate (`db upgrade head`, which waits for the database), run the service. `db <command>` runs the
# migration CLI instead; any other command (bash, ...) runs as is.
CMD []
