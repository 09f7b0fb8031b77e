package dev.authstack.database;

import java.util.Optional;

import com.zaxxer.hikari.HikariConfig;
import dev.authstack.system.InvalidConfigurationException;
import com.zaxxer.hikari.HikariDataSource;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * One data source: the server named by {@code AUTH_DB_URL}, or the embedded default when it is
 * unset (refused where {@code auth.db.allow-embedded} is false, as under the prod profile).
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
		// start even when the database is briefly away; health reports it and requests retry
		config.setInitializationFailTimeout(-1);
		return new HikariDataSource(config);
	}

	record EmbeddedDatabaseHolder(Optional<EmbeddedDatabase> database) {

		void close() {
			database.ifPresent(EmbeddedDatabase::close);
		}

	}

}
