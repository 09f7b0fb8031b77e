package dev.authstack.database;

import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.validation.annotation.Validated;

/**
 * Where the accounts live. An empty {@code url} selects the embedded PostgreSQL kept
 * under {@code dataDir}; {@code allowEmbedded} is switched off by the {@code prod}
 * profile.
 * <p>
 * {@code connectionTimeout} is how long a request waits for a pooled connection. The next
 * three bound the driver's own waits, which matter once the URL names several hosts
 * (Patroni, README "Scaling out"): {@code hostConnectTimeout} for opening a connection to
 * one host (TCP and login), {@code socketTimeout} for any one read from the server (a
 * primary that vanished from the network must not hold a request for the kernel's 15
 * minutes; migrations run at start share it, the {@code db} command line does not),
 * {@code hostRecheck} for how long the driver trusts what it learnt of a host (down,
 * primary, standby) before asking it again. A URL parameter of the same pgjdbc name
 * ({@code connectTimeout}, {@code socketTimeout}, {@code hostRecheckSeconds}) wins.
 * <p>
 * {@code connectWait} ({@code AUTH_DB_WAIT_SECONDS}, whole seconds or a duration) is how
 * long the {@code db} command line waits for the server to accept connections before it
 * gives up (Flyway's connect retries): the container's {@code db upgrade head} starts
 * beside a database that may still be starting. 0 = try once; empty = the default, as the
 * entrypoint always took it.
 */
@Validated
@ConfigurationProperties("auth.db")
public record DatabaseProperties(String url, String username, String password,
		@DefaultValue("./data") @NotNull Path dataDir, @DefaultValue("true") boolean allowEmbedded,
		@DefaultValue("0") @Min(0) @Max(65535) int embeddedPort, @DefaultValue("10") @Min(1) int poolSize,
		@DefaultValue("1s") @NotNull Duration connectionTimeout,
		@DefaultValue("3s") @NotNull Duration hostConnectTimeout, @DefaultValue("15s") @NotNull Duration socketTimeout,
		@DefaultValue("2s") @NotNull Duration hostRecheck,
		@DefaultValue("60s") @DurationUnit(ChronoUnit.SECONDS) Duration connectWait) {

	public DatabaseProperties {
		connectWait = connectWait != null ? connectWait : Duration.ofSeconds(60);
	}

	public boolean embedded() {
		return url == null || url.isBlank();
	}

}
