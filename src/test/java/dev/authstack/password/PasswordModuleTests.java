package dev.authstack.password;

import dev.authstack.password.Passwords.Candidate;
import dev.authstack.password.Passwords.Result;
import dev.authstack.support.Accounts;
import dev.authstack.support.ModuleBeans;
import dev.authstack.support.ModuleTestSettings;
import dev.authstack.support.NoDatabase;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.modulith.test.ApplicationModuleTest.BootstrapMode;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code password} module with its direct dependencies: the lockout counts on
 * {@code store}'s {@code AttemptCounter} bean (in-process here, Redis when configured);
 * no other module's bean is needed ({@code system} is used for its types only). The one
 * {@link PasswordEncoder} of the application is this module's, behind {@link Passwords}:
 * {@code account} and {@code auth} hash through it, and define none.
 */
@ApplicationModuleTest(mode = BootstrapMode.DIRECT_DEPENDENCIES)
@ModuleTestSettings
@ContextConfiguration(initializers = NoDatabase.class)
@TestPropertySource(properties = "auth.lockout.max-failures=2")
class PasswordModuleTests {

	@Autowired
	ApplicationContext context;

	@Autowired
	Passwords passwords;

	@Autowired
	PasswordPolicy policy;

	@Test
	void startsWithStoreOnly() {
		assertThat(ModuleBeans.in(context)).containsExactly("password", "store");
	}

	@Test
	void ownsTheOnlyPasswordEncoder() {
		assertThat(context.getBeansOfType(PasswordEncoder.class).values()).singleElement()
			.isInstanceOf(BoundedPasswordEncoder.class);
	}

	@Test
	void hashesAndVerifies() {
		String hash = passwords.hash(Accounts.PASSWORD);
		assertThat(hash).startsWith("$argon2id$");
		assertThat(passwords.verify(Accounts.PASSWORD, () -> Candidate.account(1, hash, true, "one")).result())
			.isEqualTo(Result.MATCHED);
		assertThat(passwords.verify("not the password", () -> Candidate.account(1, hash, true, "one")).result())
			.isEqualTo(Result.FAILED);
	}

	@Test
	void locksOnTheSharedCounter() {
		String hash = passwords.hash(Accounts.PASSWORD);
		for (int i = 0; i < 2; i++) {
			assertThat(passwords.verify("wrong", () -> Candidate.account(2, hash, true, "two")).result())
				.isEqualTo(Result.FAILED);
		}
		Passwords.Verification<String> refused = passwords.verify(Accounts.PASSWORD,
				() -> Candidate.account(2, hash, true, "two"));
		assertThat(refused.result()).isEqualTo(Result.LOCKED);
		assertThat(refused.delay()).isPositive();
	}

	@Test
	void policyRefusesCommonPasswords() {
		assertThat(policy.problem("password123", "alice", "alice@example.com")).isPresent();
		assertThat(policy.problem(Accounts.PASSWORD, "alice", "alice@example.com")).isEmpty();
	}

}
