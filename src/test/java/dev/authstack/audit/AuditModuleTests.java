package dev.authstack.audit;

import java.util.UUID;

import dev.authstack.support.ModuleBeans;
import dev.authstack.support.ModuleTestSettings;
import dev.authstack.support.PostgresExtension;
import dev.authstack.support.RealDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.modulith.test.ApplicationModuleTest.BootstrapMode;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code audit} module and the one module whose bean it needs: {@code database}'s
 * data source, under Spring's {@code JdbcTemplate} and transaction manager. No type of
 * {@code database} is used, so Modulith sees no dependency and {@code database} is
 * included by name.
 */
@ApplicationModuleTest(mode = BootstrapMode.STANDALONE, extraIncludes = "database")
@ModuleTestSettings
@ExtendWith(PostgresExtension.class)
@DirtiesContext // closed before the test PostgreSQL stops
class AuditModuleTests extends RealDatabase {

	@Autowired
	ApplicationContext context;

	@Autowired
	AuditLog audit;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	TransactionTemplate transactions;

	@Test
	void startsWithTheDatabaseOnly() {
		assertThat(ModuleBeans.in(context)).containsExactly("audit", "database");
	}

	@Test
	void recordsAnEvent() {
		String target = "audit-module-" + UUID.randomUUID();
		audit.record(AuditEvent.failure(AuditAction.LOGIN).by(null, target).on(target).withDetails("unknown account"));
		assertThat(
				jdbc.queryForMap("select action, outcome, actor, details from audit_events where target = ?", target))
			.containsEntry("action", "login")
			.containsEntry("outcome", "failure")
			.containsEntry("actor", target)
			.containsEntry("details", "unknown account");
	}

	@Test
	void keepsTheEventWhenTheWorkRollsBack() {
		String target = "audit-module-" + UUID.randomUUID();
		transactions.executeWithoutResult(status -> {
			audit.record(AuditEvent.success(AuditAction.SIGNUP).on(target));
			status.setRollbackOnly();
		});
		assertThat(jdbc.queryForObject("select count(*) from audit_events where target = ?", Integer.class, target))
			.isEqualTo(1);
	}

}
