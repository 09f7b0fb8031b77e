package dev.authstack.auth;

import java.time.Duration;

import dev.authstack.store.InMemorySharedStore;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LoginThrottleTests {

	private final LockoutProperties defaults = new LockoutProperties(true, 5, Duration.ofMinutes(15),
			Duration.ofMinutes(1), Duration.ofMinutes(15));

	@Test
	void lockGrowsFromOneMinuteAndIsCappedAtFifteen() {
		LoginThrottle throttle = new LoginThrottle(new InMemorySharedStore(), defaults);

		assertThat(throttle.lockFor(1)).isEqualTo(Duration.ofMinutes(1));
		assertThat(throttle.lockFor(2)).isEqualTo(Duration.ofMinutes(2));
		assertThat(throttle.lockFor(4)).isEqualTo(Duration.ofMinutes(8));
		assertThat(throttle.lockFor(5)).isEqualTo(Duration.ofMinutes(15));
		assertThat(throttle.lockFor(60)).isEqualTo(Duration.ofMinutes(15));
	}

	@Test
	void fifthFailureLocksAndCheckRefuses() {
		LoginThrottle throttle = new LoginThrottle(new InMemorySharedStore(), defaults);
		for (int i = 0; i < 4; i++) {
			assertThat(throttle.failed("bob")).isEmpty();
		}
		assertThat(throttle.failed("BOB")).contains(Duration.ofMinutes(1));
		assertThatThrownBy(() -> throttle.check("bob")).isInstanceOf(AccountLockedException.class);
		throttle.check("alice");
	}

	@Test
	void disabledLockoutNeverLocks() {
		LoginThrottle throttle = new LoginThrottle(new InMemorySharedStore(),
				new LockoutProperties(false, 1, Duration.ofMinutes(15), Duration.ofMinutes(1), Duration.ofMinutes(15)));
		for (int i = 0; i < 10; i++) {
			assertThat(throttle.failed("bob")).isEmpty();
		}
		throttle.check("bob");
	}

	@Test
	void identifierKeysAreHashedAndNormalised() {
		assertThat(LoginThrottle.key(" Bob ")).isEqualTo(LoginThrottle.key("bob")).hasSize(64).doesNotContain("bob");
	}

}
