package dev.authstack.system;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Limits on what a request may carry: {@code maxBodySize} (JSON and forms alike), the
 * time a body may take from its first byte to its last ({@code bodyTimeout}: 408 after),
 * and how many bodies that had not arrived with their headers may be waited for at once
 * ({@code maxSlowBodies}: 503 beyond, so slow clients cannot hold every request thread).
 */
@Validated
@ConfigurationProperties("auth.http")
public record HttpProperties(@DefaultValue("16KB") DataSize maxBodySize,
		@DefaultValue("10s") @NotNull Duration bodyTimeout, @DefaultValue("16") @Min(1) int maxSlowBodies) {
}
