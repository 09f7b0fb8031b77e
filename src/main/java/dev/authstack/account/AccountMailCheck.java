package dev.authstack.account;

import dev.authstack.mail.MailLinks;
import dev.authstack.mail.Outbox;
import dev.authstack.system.InvalidConfigurationException;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.stereotype.Component;

/**
 * Refuses to start when a flow that mails is on but this instance cannot mail (under
 * {@code prod}: no AUTH_SMTP_URL), and, where the profile asks for it, when the links in
 * mail would point at a guessed address (no AUTH_PUBLIC_URL).
 */
@Component
class AccountMailCheck implements InitializingBean {

	private final EmailProperties properties;

	private final Outbox outbox;

	private final MailLinks links;

	private final Requirements requirements;

	AccountMailCheck(EmailProperties properties, Outbox outbox, MailLinks links, Requirements requirements) {
		this.properties = properties;
		this.outbox = outbox;
		this.links = links;
		this.requirements = requirements;
	}

	@Override
	public void afterPropertiesSet() {
		if (!properties.needsMail()) {
			return;
		}
		String flows = "AUTH_EMAIL_VERIFICATION=" + properties.verification().name().toLowerCase(java.util.Locale.ROOT)
				+ (properties.passwordReset() ? " and AUTH_PASSWORD_RESET=true" : "");
		if (!outbox.available()) {
			throw new InvalidConfigurationException(
					"No SMTP server is configured and this profile writes no mail files, but " + flows + " need mail.",
					"Set AUTH_SMTP_URL (smtp://user@host:587), or switch the flows off with "
							+ "AUTH_EMAIL_VERIFICATION=off and AUTH_PASSWORD_RESET=false.");
		}
		if (requirements.publicUrl() && !links.configured()) {
			throw new InvalidConfigurationException(
					"AUTH_PUBLIC_URL is not set, but " + flows + " mail links to this service.",
					"Set AUTH_PUBLIC_URL to the address users reach it at, e.g. https://auth.example.com.");
		}
	}

	/**
	 * What the profile insists on: under {@code prod}, an explicit AUTH_PUBLIC_URL for
	 * mailed links.
	 */
	@ConfigurationProperties("auth.email.require")
	record Requirements(@DefaultValue("false") boolean publicUrl) {
	}

}
