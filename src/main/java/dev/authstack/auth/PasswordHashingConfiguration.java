package dev.authstack.auth;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

@Configuration(proxyBeanMethods = false)
class PasswordHashingConfiguration {

	/** Argon2id, PHC string format ({@code $argon2id$v=19$m=...,t=...,p=...$salt$hash}). */
	@Bean
	PasswordEncoder passwordEncoder(PasswordProperties properties) {
		return new Argon2PasswordEncoder(properties.saltLength(), properties.hashLength(), properties.parallelism(),
				properties.memoryKib(), properties.iterations());
	}

}
