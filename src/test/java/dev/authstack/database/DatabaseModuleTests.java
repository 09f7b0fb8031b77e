package dev.authstack.database;

import java.util.List;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import dev.authstack.support.ModuleBeans;
import dev.authstack.support.ModuleTestSettings;
import dev.authstack.support.PostgresExtension;
import dev.authstack.support.PostgresServer;
import dev.authstack.support.RealDatabase;
import dev.authstack.system.DependencyCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.modulith.test.ApplicationModuleTest.BootstrapMode;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code database} module alone, on the test PostgreSQL: the one data source every
 * module that keeps state in SQL uses (through Spring's JDBC and JPA support over it),
 * the read retry, and the health route's {@code db} check. It needs no bean of another
 * module.
 */
@ApplicationModuleTest(mode = BootstrapMode.STANDALONE)
@ModuleTestSettings
@ExtendWith(PostgresExtension.class)
@DirtiesContext // closed before the test PostgreSQL stops
class DatabaseModuleTests extends RealDatabase {

	@Autowired
	ApplicationContext context;

	@Autowired
	DataSource dataSource;

	@Autowired
	ReadRetry retry;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	List<DependencyCheck> checks;

	@Test
	void startsOnItsOwn() {
		assertThat(ModuleBeans.in(context)).containsExactly("database");
	}

	@Test
	void poolsTheConfiguredServer() {
		assertThat(dataSource).isInstanceOfSatisfying(HikariDataSource.class, pool -> {
			assertThat(pool.getPoolName()).isEqualTo("auth-db");
			assertThat(pool.getJdbcUrl()).isEqualTo(PostgresServer.jdbcUrl());
		});
		assertThat(retry.read(() -> jdbc.queryForObject("select 1", Integer.class))).isEqualTo(1);
	}

	@Test
	void reportsTheDatabaseToTheHealthRoute() {
		assertThat(checks).singleElement().satisfies(check -> {
			assertThat(check.name()).isEqualTo("db");
			assertThat(check.critical()).isTrue();
			assertThat(check.up()).isTrue();
		});
	}

}
