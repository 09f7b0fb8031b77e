package dev.authstack.account;

import dev.authstack.account.AccountService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/** Creates the configured first admin once; later starts leave the account alone. */
@Component
class BootstrapAdmin implements ApplicationRunner {

	private static final Logger log = LoggerFactory.getLogger(BootstrapAdmin.class);

	private final AccountService accounts;

	private final BootstrapAdminProperties properties;

	BootstrapAdmin(AccountService accounts, BootstrapAdminProperties properties) {
		this.accounts = accounts;
		this.properties = properties;
	}

	@Override
	public void run(ApplicationArguments args) {
		if (!properties.configured()) {
			return;
		}
		String email = properties.email().isBlank() ? properties.username() + "@admin.invalid" : properties.email();
		try {
			if (accounts.ensureAdmin(properties.username(), email, properties.password())) {
				log.info("Bootstrap admin account {} created", properties.username());
			}
		}
		catch (RuntimeException ex) {
			// another replica created it at the same moment
			log.info("Bootstrap admin account {} not created: {}", properties.username(), ex.getClass().getSimpleName());
		}
	}

}
