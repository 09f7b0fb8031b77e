package dev.authstack.database;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import com.zaxxer.hikari.HikariConfig;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The pool and driver settings a multi-host (Patroni) URL relies on. */
class DatabaseConfigurationTests {

	@Test
	void boundsTheDriversWaitsInWholeSeconds() {
		HikariConfig config = DatabaseConfiguration.poolConfig(
				properties(Duration.ofMillis(2500), Duration.ofSeconds(15), Duration.ofSeconds(2)), Optional.empty());

		assertThat(config.getJdbcUrl()).isEqualTo("jdbc:postgresql://pg1:5432,pg2:5432/auth?targetServerType=primary");
		assertThat(config.getDataSourceProperties()).containsEntry("connectTimeout", "3")
			.containsEntry("loginTimeout", "3")
			.containsEntry("socketTimeout", "15")
			.containsEntry("hostRecheckSeconds", "2")
			.containsEntry("tcpKeepAlive", "true");
		assertThat(config.getKeepaliveTime()).isEqualTo(30_000);
		assertThat(config.getValidationTimeout()).isEqualTo(1_000);
	}

	@Test
	void neverPassesZeroWhichWouldMeanNoLimit() {
		assertThat(DatabaseConfiguration.seconds(Duration.ofMillis(1))).isEqualTo("1");
		assertThat(DatabaseConfiguration.seconds(Duration.ZERO)).isEqualTo("1");
		assertThat(DatabaseConfiguration.seconds(Duration.ofSeconds(10))).isEqualTo("10");
	}

	private static DatabaseProperties properties(Duration hostConnect, Duration socket, Duration recheck) {
		return new DatabaseProperties("jdbc:postgresql://pg1:5432,pg2:5432/auth?targetServerType=primary", "auth", "pw",
				Path.of("./data"), true, 0, 10, Duration.ofSeconds(5), hostConnect, socket, recheck,
				Duration.ofSeconds(60));
	}

}
