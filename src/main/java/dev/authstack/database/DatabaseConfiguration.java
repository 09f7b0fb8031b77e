package dev.authstack.database;

import java.time.Duration;
import java.util.Optional;

import com.zaxxer.hikari.HikariConfig;
import dev.authstack.system.InvalidConfigurationException;
import com.zaxxer.hikari.HikariDataSource;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * One data source: the server named by {@code AUTH_DB_URL}, or the embedded default when
 * it is unset (refused where {@code auth.db.allow-embedded} is false, as under the prod
 * profile).
 */
@Configuration(proxyBeanMethods = false)
class DatabaseConfiguration {

	@Bean(destroyMethod = "close")
	EmbeddedDatabaseHolder embeddedDatabase(DatabaseProperties properties) {
		if (!properties.embedded()) {
			return new EmbeddedDatabaseHolder(Optional.empty());
		}
		if (!properties.allowEmbedded()) {
			throw new InvalidConfigurationException(
					"AUTH_DB_URL is not set, and this profile does not allow the embedded database.",
					"Point AUTH_DB_URL at a PostgreSQL server, e.g. jdbc:postgresql://db:5432/auth, with "
							+ "AUTH_DB_USERNAME and AUTH_DB_PASSWORD (or AUTH_DB_PASSWORD_FILE), or run without "
							+ "SPRING_PROFILES_ACTIVE=prod for a local instance on the embedded database.");
		}
		return new EmbeddedDatabaseHolder(
				Optional.of(EmbeddedDatabase.start(properties.dataDir(), properties.embeddedPort())));
	}

	@Bean(destroyMethod = "close")
	HikariDataSource dataSource(DatabaseProperties properties, EmbeddedDatabaseHolder embedded) {
		return pool(properties, embedded.database());
	}

	private static HikariDataSource pool(DatabaseProperties properties, Optional<EmbeddedDatabase> embedded) {
		return new HikariDataSource(poolConfig(properties, embedded));
	}

	static HikariConfig poolConfig(DatabaseProperties properties, Optional<EmbeddedDatabase> embedded) {
		HikariConfig config = new HikariConfig();
		config.setPoolName("auth-db");
		if (embedded.isPresent()) {
			config.setJdbcUrl(embedded.get().jdbcUrl());
			config.setUsername(embedded.get().username());
		}
		else {
			config.setJdbcUrl(properties.url());
			config.setUsername(properties.username());
			config.setPassword(properties.password());
		}
		config.setMaximumPoolSize(properties.poolSize());
		config.setConnectionTimeout(properties.connectionTimeout().toMillis());
		// pgjdbc's settings, in seconds; the URL's own parameters win over these
		config.addDataSourceProperty("connectTimeout", seconds(properties.hostConnectTimeout()));
		config.addDataSourceProperty("loginTimeout", seconds(properties.hostConnectTimeout()));
		config.addDataSourceProperty("socketTimeout", seconds(properties.socketTimeout()));
		config.addDataSourceProperty("hostRecheckSeconds", seconds(properties.hostRecheck()));
		config.addDataSourceProperty("tcpKeepAlive", "true");
		// Idle connections are checked every 30 s (Hikari's floor), so those to a primary
		// that died while the pool was quiet are dropped before a request takes them; a
		// borrowed connection idle for more than half a second is checked first, within a
		// second.
		config.setKeepaliveTime(30_000);
		config.setValidationTimeout(1_000);
		// start even when the database is briefly away; health reports it and requests
		// retry
		config.setInitializationFailTimeout(-1);
		return config;
	}

	/** Whole seconds, at least one: pgjdbc's unit, where 0 would mean "no limit". */
	static String seconds(Duration duration) {
		long seconds = (duration.toMillis() + 999) / 1000;
		return Long.toString(Math.max(1, seconds));
	}

	record EmbeddedDatabaseHolder(Optional<EmbeddedDatabase> database) {

		void close() {
			database.ifPresent(EmbeddedDatabase::close);
		}

	}

}
