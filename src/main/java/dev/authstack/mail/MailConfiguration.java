package dev.authstack.mail;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The transport and the renderer, from AUTH_SMTP_* and AUTH_MAIL_*; bad values stop the
 * start.
 */
@Configuration(proxyBeanMethods = false)
class MailConfiguration {

	@Bean
	MailTransports mailTransports(SmtpProperties smtp, MailProperties mail) {
		return MailTransports.of(smtp, mail);
	}

	@Bean
	MailRenderer mailRenderer(MailProperties mail) {
		return new MailRenderer(mail);
	}

}
