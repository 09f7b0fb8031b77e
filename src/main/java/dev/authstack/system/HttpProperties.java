package dev.authstack.system;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/** Limits on what a request may carry. */
@Validated
@ConfigurationProperties("auth.http")
public record HttpProperties(@DefaultValue("16KB") DataSize maxBodySize) {
}
