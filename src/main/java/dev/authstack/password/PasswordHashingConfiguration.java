package dev.authstack.password;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

@Configuration(proxyBeanMethods = false)
class PasswordHashingConfiguration {

	private static final Logger log = LoggerFactory.getLogger(PasswordHashingConfiguration.class);

	/**
	 * Argon2id, PHC string format ({@code $argon2id$v=19$m=...,t=...,p=...$salt$hash}):
	 * libargon2 when it loads (and {@code auth.password.argon2.native} is on), the Java
	 * implementation otherwise. Both read and write the same strings. At most
	 * {@link PasswordProperties#concurrencyLimit()} hashes run at once.
	 */
	@Bean
	BoundedPasswordEncoder passwordEncoder(PasswordProperties properties) {
		PasswordEncoder portable = portable(properties);
		PasswordEncoder encoder = properties.nativeImplementation()
				? NativeArgon2PasswordEncoder.create(properties, portable).orElse(portable) : portable;
		log.info("Argon2id m={} KiB, t={}, p={} by {}, at most {} at once, {} waiting at most {} ms",
				properties.memoryKib(), properties.iterations(), properties.parallelism(),
				encoder == portable ? "the Java implementation" : "libargon2", properties.concurrencyLimit(),
				properties.queueLimit(), properties.maxWait().toMillis());
		return new BoundedPasswordEncoder(encoder,
				new HashingGate(properties.concurrencyLimit(), properties.queueLimit(), properties.maxWait()));
	}

	/**
	 * After the request id and the per-IP limiter, before bodies are read and the
	 * security chain.
	 */
	@Bean
	FilterRegistrationBean<HashingAdmissionFilter> hashingAdmissionFilter(BoundedPasswordEncoder encoder) {
		FilterRegistrationBean<HashingAdmissionFilter> registration = new FilterRegistrationBean<>(
				new HashingAdmissionFilter(encoder.gate()));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 7);
		return registration;
	}

	static PasswordEncoder portable(PasswordProperties properties) {
		return new Argon2PasswordEncoder(properties.saltLength(), properties.hashLength(), properties.parallelism(),
				properties.memoryKib(), properties.iterations());
	}

}
