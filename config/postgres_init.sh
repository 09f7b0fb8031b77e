#!/usr/bin/env bash
# First-start hook for the postgres image (mounted into /docker-entrypoint-initdb.d/ by
# docker-compose.yml; the image runs it once, on an empty data volume, as the postgres user).
# Runs config/postgres_init.sql, the SQL source of truth, with the auth role's password read
# from the secret file. The password reaches psql through its environment (\getenv), not its
# command line, so it doesn't show in the process list.
#   AUTH_DB_PASSWORD_FILE  the secret (default /run/secrets/auth_db_password)
#   AUTH_INIT_SQL          the script (default /etc/authstack/postgres_init.sql)
# Written to work whether the image executes or sources it (it sources files without +x).

authstack_init_db() {
  local password_file=${AUTH_DB_PASSWORD_FILE:-/run/secrets/auth_db_password}
  local sql=${AUTH_INIT_SQL:-/etc/authstack/postgres_init.sql}
  if [[ ! -r $password_file || ! -s $password_file ]]; then
    echo "postgres_init.sh: cannot read the auth role's password from $password_file" >&2
    return 1
  fi
  if [[ ! -r $sql ]]; then
    echo "postgres_init.sh: cannot read $sql" >&2
    return 1
  fi
  local password
  password=$(<"$password_file")
  echo "postgres_init.sh: creating role and database auth"
  AUTH_INIT_APP_PASSWORD=${password%$'\r'} psql -v ON_ERROR_STOP=1 --no-psqlrc \
    --username "${POSTGRES_USER:-postgres}" --dbname postgres \
    -c '\getenv app_password AUTH_INIT_APP_PASSWORD' -f "$sql"
}

authstack_init_db
