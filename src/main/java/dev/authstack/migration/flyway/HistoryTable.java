package dev.authstack.migration.flyway;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.flywaydb.core.api.MigrationVersion;

import dev.authstack.migration.MigrationException;
import dev.authstack.migration.schema.Sql;

/**
 * Flyway's history table as {@code db downgrade} and {@code db stamp} edit it: rows
 * deleted after an undo script ran, rows inserted for a stamp; always under Flyway's own
 * advisory lock.
 */
public final class HistoryTable {

	/**
	 * Flyway's PostgreSQL lock key: a magic number plus the hash of the quoted table name
	 * (PostgreSQLAdvisoryLockTemplate, PostgreSQLConnection.lock). Taking the same key
	 * makes a downgrade or stamp wait for a running upgrade, and the other way round.
	 */
	private static final long FLYWAY_LOCK_BASE = 77431708279161L;

	private final Connection connection;

	private final String schema;

	private final String table;

	private HistoryTable(Connection connection, String schema, String table) {
		this.connection = connection;
		this.schema = schema;
		this.table = table;
	}

	/** Flyway's {@code table} in the current schema of {@code connection}. */
	public static HistoryTable on(Connection connection, String table) throws SQLException {
		try (Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery("SELECT current_schema()")) {
			rs.next();
			String schema = rs.getString(1);
			if (schema == null) {
				throw new MigrationException("The database user has no current schema (check its search_path)");
			}
			return new HistoryTable(connection, schema, table);
		}
	}

	public static long lockKey(String schema, String table) {
		return FLYWAY_LOCK_BASE + ("\"" + schema + "\".\"" + table + "\"").hashCode();
	}

	public String qualifiedName() {
		return Sql.identifier(schema) + "." + Sql.identifier(table);
	}

	public boolean exists() throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
			statement.setString(1, qualifiedName());
			try (ResultSet rs = statement.executeQuery()) {
				rs.next();
				return rs.getBoolean(1);
			}
		}
	}

	/**
	 * Blocks until no other migration process holds Flyway's lock; held until
	 * {@link #unlock()}.
	 */
	public void lock() throws SQLException {
		try (Statement statement = connection.createStatement()) {
			statement.execute("SELECT pg_advisory_lock(" + lockKey(schema, table) + ")");
		}
	}

	public void unlock() throws SQLException {
		try (Statement statement = connection.createStatement()) {
			statement.execute("SELECT pg_advisory_unlock(" + lockKey(schema, table) + ")");
		}
	}

	/** Successful versioned rows, oldest first. */
	public List<Row> applied() throws SQLException {
		List<Row> rows = new ArrayList<>();
		if (!exists()) {
			return rows;
		}
		String sql = "SELECT installed_rank, version, description, type, script FROM " + qualifiedName()
				+ " WHERE success AND version IS NOT NULL AND type <> 'SCHEMA' ORDER BY installed_rank";
		try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
			while (rs.next()) {
				rows.add(new Row(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)));
			}
		}
		rows.sort((a, b) -> a.migrationVersion().compareTo(b.migrationVersion()));
		return rows;
	}

	public String deleteSql(Row row) {
		return "DELETE FROM " + qualifiedName() + " WHERE version = " + Sql.literal(row.version()) + ";";
	}

	/**
	 * The row a stamp (or an offline upgrade) writes: as Flyway writes it, installed_by
	 * marked.
	 */
	public String insertSql(String version, String description, String script, Integer checksum, String installedBy) {
		return "INSERT INTO " + qualifiedName()
				+ " (installed_rank, version, description, type, script, checksum, installed_by, execution_time,"
				+ " success)" + " VALUES ((SELECT COALESCE(MAX(installed_rank), 0) + 1 FROM " + qualifiedName() + "), "
				+ Sql.literal(version) + ", " + Sql.literal(description) + ", 'SQL', " + Sql.literal(script) + ", "
				+ (checksum == null ? "NULL" : checksum.toString()) + ", " + installedBy + ", 0, true);";
	}

	public void execute(String sql) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

	public record Row(int installedRank, String version, String description, String type, String script) {

		public MigrationVersion migrationVersion() {
			return MigrationVersion.fromVersion(version);
		}

		public boolean baseline() {
			return type.contains("BASELINE");
		}

	}

}
