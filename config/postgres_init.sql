-- First-time setup of the auth database: a login role without special privileges, a database
-- it owns, and nobody else allowed in. Run as a superuser, with the role's password as a psql
-- variable (docker-compose.yml does this through config/postgres_init.sh on the first start of
-- an empty data volume):
--   psql -v ON_ERROR_STOP=1 -U postgres -d postgres -v app_password='...' -f config/postgres_init.sql
-- Safe to run again: it creates what is missing and resets the role's attributes and password.

\set ON_ERROR_STOP on
\if :{?app_password}
\else
  DO $$ BEGIN RAISE EXCEPTION 'postgres_init.sql: set the auth role''s password: psql -v app_password=...'; END $$;
\endif

SELECT 'CREATE ROLE auth' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'auth') \gexec
ALTER ROLE auth WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS
  PASSWORD :'app_password';

SELECT 'CREATE DATABASE auth OWNER auth ENCODING ''UTF8'' TEMPLATE template0'
  WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'auth') \gexec
ALTER DATABASE auth OWNER TO auth;
REVOKE ALL ON DATABASE auth FROM PUBLIC;

\connect auth
-- PostgreSQL 15+ already keeps PUBLIC from creating in schema public; say it for older servers
-- too, and hand the schema to the role so its migrations own everything they create.
ALTER SCHEMA public OWNER TO auth;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
