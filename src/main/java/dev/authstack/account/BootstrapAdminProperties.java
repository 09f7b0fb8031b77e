package dev.authstack.account;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The first admin, from AUTH_BOOTSTRAP_ADMIN_USERNAME / _PASSWORD (or their _FILE forms).
 */
@ConfigurationProperties("auth.bootstrap-admin")
record BootstrapAdminProperties(String username, String password, @DefaultValue("") String email) {

	boolean configured() {
		return username != null && !username.isBlank() && password != null && !password.isEmpty();
	}

	@Override
	public String toString() {
		return "BootstrapAdminProperties[username=" + username + "]";
	}

}
