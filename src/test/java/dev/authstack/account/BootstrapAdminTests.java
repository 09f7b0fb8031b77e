package dev.authstack.account;

import java.util.Optional;

import jakarta.validation.Validation;
import jakarta.validation.ValidatorFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.DefaultApplicationArguments;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.dao.DataAccessResourceFailureException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/**
 * What the first admin's creation says when it does not happen: the truth, at the right
 * level.
 */
@ExtendWith(OutputCaptureExtension.class)
class BootstrapAdminTests {

	private final ValidatorFactory validation = Validation.buildDefaultValidatorFactory();

	private final AccountService accounts = mock(AccountService.class);

	private final BootstrapAdmin bootstrap = new BootstrapAdmin(accounts,
			new BootstrapAdminProperties("boss", "a long enough password", ""), validation.getValidator());

	@AfterEach
	void close() {
		validation.close();
	}

	@Test
	void aFaultIsAnErrorNotAnotherReplica(CapturedOutput output) {
		when(accounts.findByUsername("boss")).thenReturn(Optional.empty());
		when(accounts.ensureAdmin(anyString(), anyString(), anyString()))
			.thenThrow(new DataAccessResourceFailureException("connection reset"));
		bootstrap.run(new DefaultApplicationArguments());
		assertThat(output).contains("ERROR")
			.contains("Bootstrap admin account boss could not be created")
			.doesNotContain("another replica");
	}

	@Test
	void aRaceWithAnotherReplicaIsSaidAsSuch(CapturedOutput output) {
		when(accounts.findByUsername("boss")).thenReturn(Optional.empty());
		when(accounts.ensureAdmin(anyString(), anyString(), anyString()))
			.thenThrow(new AccountTakenException("username"));
		bootstrap.run(new DefaultApplicationArguments());
		assertThat(output).contains("INFO").contains("another replica created it first").doesNotContain("ERROR");
	}

}
