# syntax=docker/dockerfile:1
# The auth service image.
#   docker build -f auth.Dockerfile -t authstack/auth:local .     (or: docker compose build auth)
# Build stage: the repository's Maven wrapper on a JDK; runtime: the jar's extracted layers on a
# JRE, as a numeric non-root user. See docker-entrypoint.sh for what happens at start.

FROM eclipse-temurin:25-jdk AS build
WORKDIR /workspace
# Dependencies get their own layer, rebuilt only when the POM or the wrapper changes.
COPY mvnw pom.xml ./
COPY .mvn/ .mvn/
RUN ./mvnw -B -ntp dependency:go-offline
COPY src/ src/
RUN ./mvnw -B -ntp -DskipTests package \
 && java -Djarmode=tools -jar target/auth.jar extract --layers --launcher --destination extracted

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
# Least to most often changed, so a code change rebuilds only the last layer.
COPY --from=build /workspace/extracted/dependencies/ ./
COPY --from=build /workspace/extracted/spring-boot-loader/ ./
COPY --from=build /workspace/extracted/snapshot-dependencies/ ./
COPY --from=build /workspace/extracted/application/ ./
COPY --chmod=0755 docker-entrypoint.sh docker/db docker/healthcheck /usr/local/bin/

# AUTH_MIGRATE_ON_START=false: the entrypoint has already run `db upgrade head` before the JVM
# starts. AUTH_LOG_DIR is a volume in docker-compose.yml.
ENV AUTH_APP_DIR=/app \
    AUTH_DATA_DIR=/var/lib/auth \
    AUTH_LOG_DIR=/var/log/auth \
    AUTH_MIGRATE_ON_START=false \
    SERVER_PORT=8080 \
    JAVA_OPTS="-XX:MaxRAMPercentage=75.0 -XX:+ExitOnOutOfMemoryError"

USER 10001:10001
# 8080: the API and pages (behind nginx); 8081: actuator (health, prometheus), not routed by nginx.
EXPOSE 8080 8081
# healthcheck = docker/healthcheck: GET /readyz with bash's /dev/tcp (the JRE image has no curl).
HEALTHCHECK --interval=10s --timeout=5s --start-period=90s --retries=3 CMD ["healthcheck"]
ENTRYPOINT ["docker-entrypoint.sh"]
# No arguments: wait for the database, migrate, run the service. `db <command>` runs the
# migration CLI instead; any other command (bash, ...) runs as is.
CMD []
