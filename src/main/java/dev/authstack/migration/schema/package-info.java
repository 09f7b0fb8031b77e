/**
 * Schema diffing for {@code db check} and {@code db revision --autogenerate}: the entity
 * model (Hibernate's mapping) and the live database as
 * {@link dev.authstack.migration.schema.Schema}s, and the statements between them
 * ({@link dev.authstack.migration.schema.SchemaDiff}, the one door in). Internal to the
 * {@code migration} module.
 */
package dev.authstack.migration.schema;
