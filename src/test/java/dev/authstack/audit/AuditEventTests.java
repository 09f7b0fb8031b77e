package dev.authstack.audit;

import java.util.Arrays;
import java.util.Locale;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

class AuditEventTests {

	@Test
	void storesTheSpellingsOperatorsQuery() {
		// audit_events.action and .outcome as written before the enum: queries and
		// dashboards rely on them
		assertThat(Arrays.stream(AuditAction.values()).map(AuditAction::value)).containsExactly("signup", "login",
				"lockout", "logout", "refresh_reuse", "session_revoke", "profile_update", "password_change",
				"account_delete", "admin_update", "email_verification_request", "email_verify", "email_change_request",
				"email_change_confirm", "email_change", "email_change_undo", "password_reset_request",
				"password_reset");
		assertThat(AuditEvent.Outcome.SUCCESS.value()).isEqualTo("success");
		assertThat(AuditEvent.Outcome.FAILURE.value()).isEqualTo("failure");
	}

	@Test
	void outcomeSpellingIgnoresTheDefaultLocale() {
		Locale before = Locale.getDefault();
		try {
			Locale.setDefault(Locale.forLanguageTag("tr"));
			assertThat(AuditEvent.Outcome.FAILURE.value()).isEqualTo("failure");
		}
		finally {
			Locale.setDefault(before);
		}
	}

	@Test
	void selfNamesTheAccountAsActorAndTarget() {
		AuditEvent event = AuditEvent.failure(AuditAction.LOGIN).self(7L, "alice").withDetails("locked");

		assertThat(event)
			.isEqualTo(new AuditEvent(AuditAction.LOGIN, AuditEvent.Outcome.FAILURE, 7L, "alice", "alice", "locked"));
	}

	@Test
	void actorAndTargetMayDiffer() {
		AuditEvent event = AuditEvent.success(AuditAction.ADMIN_UPDATE).by(1L, "root").on("bob");

		assertThat(event)
			.isEqualTo(new AuditEvent(AuditAction.ADMIN_UPDATE, AuditEvent.Outcome.SUCCESS, 1L, "root", "bob", null));
	}

	@Test
	void needsAnActionAndAnOutcome() {
		assertThatNullPointerException().isThrownBy(() -> AuditEvent.success(null));
	}

}
