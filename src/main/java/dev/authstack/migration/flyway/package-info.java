/**
 * Flyway plumbing of the {@code db} command line: the migrations of one database
 * ({@link dev.authstack.migration.flyway.Migrations}), the V and U scripts, and Flyway's
 * history table as undo and stamp edit it. Internal to the {@code migration} module; it
 * prints nothing and takes its settings from the Flyway configuration it is given.
 */
package dev.authstack.migration.flyway;
