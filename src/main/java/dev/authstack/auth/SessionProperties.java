package dev.authstack.auth;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Session lifetimes. A refresh token lives {@code refreshTokenTtl} and each rotation
 * renews it; a page session's cookie token lives {@code pageSessionTtl} (revocable like
 * any token). A rotated token presented again counts as theft and ends the whole session;
 * {@code reuseGrace} (default 0, strict) lets a deployment forgive a replay that close
 * after the rotation, e.g. two tabs refreshing at once: such a replay is refused without
 * ending the session. {@code stateCacheTtl} bounds how long a copy of a live session's
 * state is kept in the shared store before it is read again from PostgreSQL (changes
 * replace it at once anyway); {@code resyncInterval} is how often a replica that lost
 * track of the copies re-writes them; {@code changePollInterval} is how often every
 * replica (with Redis) reads the sessions changed in PostgreSQL, so a change whose own
 * replica could not write its copy holds on the others within that interval.
 */
@Validated
@ConfigurationProperties("auth.session")
record SessionProperties(@DefaultValue("30d") @NotNull Duration refreshTokenTtl,
		@DefaultValue("12h") @NotNull Duration pageSessionTtl, @DefaultValue("0s") @NotNull Duration reuseGrace,
		@DefaultValue("1h") @NotNull Duration stateCacheTtl,
		@DefaultValue("2s") @NotNull @DurationMin(millis = 1) Duration resyncInterval,
		@DefaultValue("1s") @NotNull @DurationMin(millis = 1) Duration changePollInterval) {
}
