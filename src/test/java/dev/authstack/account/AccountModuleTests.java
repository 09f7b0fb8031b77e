package dev.authstack.account;

import dev.authstack.support.Accounts;
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
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The {@code account} module with the modules whose beans it takes: {@code password}
 * ({@code Passwords}, {@code PasswordPolicy}: the hash comes from there, account defines
 * no encoder), {@code audit}, {@code mail} (the outbox, the links), {@code store} (shared
 * store, near caches, and the {@code CacheManager} behind the account cache) and
 * {@code database} (read retry, and the data source under its JPA repository). All are
 * direct dependencies, so nothing is mocked; {@code auth} (which listens to account
 * events) and {@code security} (types only) stay out.
 */
@ApplicationModuleTest(mode = BootstrapMode.DIRECT_DEPENDENCIES)
@ModuleTestSettings
@ExtendWith(PostgresExtension.class)
// closed before the test PostgreSQL stops: the outbox worker polls until then
@DirtiesContext
class AccountModuleTests extends RealDatabase {

	@Autowired
	ApplicationContext context;

	@Autowired
	AccountService accounts;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void startsWithItsDirectDependencies() {
		assertThat(ModuleBeans.in(context)).containsExactly("account", "audit", "database", "mail", "password",
				"store");
		assertThat(context.getBeanNamesForType(PasswordEncoder.class)).containsExactly("passwordEncoder");
	}

	@Test
	void signsUpWithAHashAnAuditEventAndAVerificationMail() {
		String username = Accounts.uniqueName("acct");
		Account account = accounts.signup(request(username));
		assertThat(account.getPasswordHash()).startsWith("$argon2id$");
		assertThat(jdbc.queryForObject("select count(*) from audit_events where action = 'signup' and target = ?",
				Integer.class, username))
			.isEqualTo(1);
		assertThat(jdbc.queryForObject("select kind from mail_outbox where recipient = ?", String.class,
				username + "@example.com"))
			.isEqualTo(AccountMails.VERIFY);
	}

	@Test
	void refusesATakenUsername() {
		String username = Accounts.uniqueName("acct");
		accounts.signup(request(username));
		assertThatThrownBy(() -> accounts.signup(request(username))).isInstanceOf(AccountTakenException.class);
	}

	private static SignupRequest request(String username) {
		return new SignupRequest(username, username + "@example.com", Accounts.PASSWORD, null, null, null, null, null,
				null);
	}

}
