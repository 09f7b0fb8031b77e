package dev.authstack.database;

import java.nio.file.Path;
import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where the accounts live. An empty {@code url} selects the embedded PostgreSQL kept under
 * {@code dataDir}; {@code allowEmbedded} is switched off by the {@code prod} profile.
 */
@Validated
@ConfigurationProperties("auth.db")
public record DatabaseProperties(
		String url,
		String username,
		String password,
		@DefaultValue("./data") @NotNull Path dataDir,
		@DefaultValue("true") boolean allowEmbedded,
		@DefaultValue("0") @Min(0) @Max(65535) int embeddedPort,
		@DefaultValue("10") @Min(1) int poolSize,
		@DefaultValue("1s") @NotNull Duration connectionTimeout) {

	public boolean embedded() {
		return url == null || url.isBlank();
	}

}
