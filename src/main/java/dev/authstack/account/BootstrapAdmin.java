package dev.authstack.account;

import java.util.Comparator;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.authstack.password.PasswordPolicy;
import dev.authstack.system.InvalidConfigurationException;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Creates the configured first admin once; later starts leave the account alone. Its
 * username, email and password pass the rules of a signup (the same {@link SignupRequest}
 * validation), or the service does not start.
 */
@Component
class BootstrapAdmin implements ApplicationRunner {

	private static final Logger log = LoggerFactory.getLogger(BootstrapAdmin.class);

	private final AccountService accounts;

	private final BootstrapAdminProperties properties;

	private final Validator validator;

	BootstrapAdmin(AccountService accounts, BootstrapAdminProperties properties, Validator validator) {
		this.accounts = accounts;
		this.properties = properties;
		this.validator = validator;
	}

	@Override
	public void run(ApplicationArguments args) {
		if (!properties.configured()) {
			return;
		}
		String email = properties.email().isBlank() ? properties.username() + "@admin.invalid" : properties.email();
		SignupRequest request = new SignupRequest(properties.username(), email, properties.password(), null, null, null,
				null, null, null);
		try {
			if (accounts.findByUsername(properties.username()).isPresent()) {
				// created before: its password is its own now, whatever the configuration
				// says
				accounts.ensureAdmin(properties.username(), email, properties.password());
				return;
			}
			refuseInvalid(request);
			if (accounts.ensureAdmin(properties.username(), email, properties.password())) {
				log.info("Bootstrap admin account {} created", properties.username());
			}
		}
		catch (AccountTakenException ex) {
			// another replica created it at the same moment
			log.info("Bootstrap admin account {} not created here: another replica created it first",
					properties.username());
		}
		catch (InvalidConfigurationException ex) {
			throw ex;
		}
		catch (RuntimeException ex) {
			// the service still serves; the next start tries again
			log.error("Bootstrap admin account {} could not be created", properties.username(), ex);
		}
	}

	private void refuseInvalid(SignupRequest request) {
		Set<ConstraintViolation<SignupRequest>> violations = validator.validate(request);
		if (violations.isEmpty()) {
			return;
		}
		String problems = violations.stream()
			.sorted(Comparator.comparing(violation -> violation.getPropertyPath().toString()))
			.map(violation -> variable(violation.getPropertyPath().toString()) + " " + violation.getMessage())
			.distinct()
			.collect(Collectors.joining("; "));
		throw new InvalidConfigurationException("The bootstrap admin account cannot be created: " + problems + ".",
				"Give the first admin a username and password that a signup would accept (README, \"The HTTP API\": "
						+ "password " + PasswordPolicy.MIN_LENGTH + " to " + PasswordPolicy.MAX_LENGTH
						+ " characters), or unset AUTH_BOOTSTRAP_ADMIN_USERNAME.");
	}

	private static String variable(String field) {
		return switch (field) {
			case "username" -> "AUTH_BOOTSTRAP_ADMIN_USERNAME";
			case "password" -> "AUTH_BOOTSTRAP_ADMIN_PASSWORD";
			case "email" -> "AUTH_BOOTSTRAP_ADMIN_EMAIL";
			default -> field;
		};
	}

}
